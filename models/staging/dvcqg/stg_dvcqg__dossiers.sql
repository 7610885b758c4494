{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_touched_rows(['dossier_code'], dossier_codes_refreshed_since(incremental_state(), ['checked_dvcqg__dossiers'])) }}",
    )
}}

{#- Incremental: a run deletes and rewrites the dossiers whose base rows changed since the last
    run (macros/incremental.sql). The applicant's ID number arrives here only as its HMAC,
    computed by base_dvcqg__dossiers and stored by checked_dvcqg__dossiers. -#}

{%- set state = incremental_state() %}

with

base as (

    select * from {{ ref('checked_dvcqg__dossiers') }}
    where is_latest_version and {{ is_refreshed_since(state) }}

),

final as (

    select
        dossier_code,
        parent_dossier_code,
        parent_dossier_code is not null as is_sub_dossier,
        procedure_code,
        procedure_local_code,
        sector_code,
        unit_code,
        channel_code,
        applicant_type_code,
        applicant_id_hmac,
        applicant_id_key_id,
        submitted_at,
        received_at,
        due_at,
        processing_ended_at,
        returned_at,
        status_code,
        coalesce(digitized_component_flag = '1', false) as has_digitized_component,
        coalesce(vneid_verified_flag = '1', false) as is_vneid_verified,
        online_payment_code,
        national_database_codes,
        synced_at,
        loaded_at,
        source_file,
        source_row,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from base

)

select * from final
