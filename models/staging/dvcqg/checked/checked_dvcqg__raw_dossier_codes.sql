{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
    )
}}

{#- Every dossier code that appears in any raw HoSo row, valid or not (checked_dvcqg__dossiers
    keeps every raw row): a child row whose MaHoSo is not here is an orphan. A child of a quarantined
    dossier is not an orphan: its parent is in quarantine, not missing. Incremental: a run adds the
    codes first seen in the rows checked_dvcqg__dossiers (re)wrote since the last run; `refreshed_at`
    lets the child tables' checked models recheck rows that were orphans until now. -#}

{%- set state = incremental_state() %}

with

raw_dossiers as (

    select dossier_code from {{ ref('checked_dvcqg__dossiers') }}
    where dossier_code is not null and {{ is_refreshed_since(state) }}

),

known_codes as (

    select dossier_code from {{ this if is_incremental() else ref('checked_dvcqg__dossiers') }}
    where {{ 'true' if is_incremental() else '1 = 0' }}

),

new_codes as (

    select distinct raw_dossiers.dossier_code
    from raw_dossiers
    left join known_codes
        on raw_dossiers.dossier_code = known_codes.dossier_code
    where known_codes.dossier_code is null

),

final as (

    select
        dossier_code,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from new_codes

)

select * from final
