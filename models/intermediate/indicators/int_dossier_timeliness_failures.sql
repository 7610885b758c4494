{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_timeliness_touched_rows() }}",
    )
}}

-- the refresh conditions read these (inside incremental branches dbt does not parse):
-- depends_on: {{ ref('int_dossiers_enriched') }}
-- depends_on: {{ ref('int_periods') }}

{#- One row per counted dossier, period and timeliness-based component whose condition the
    dossier fails in that period, by the facts the component models count
    (int_dossier_period_timeliness): 2.1 late (its timeliness_reason), 5.4 late or dissatisfied.
    Per period, since a dossier can be on time at one period's end and late at a longer one's.

    Incremental like int_dossier_period_timeliness: a run deletes and recomputes the rows of the
    dossiers refreshed since its last run and, when as_of moved, of the periods judged anew. -#}

{%- set state = incremental_state() %}

with

timeliness as (

    select * from {{ ref('int_dossier_period_timeliness') }}
    where {{ is_refreshed_dossier(state) }} or {{ is_rejudged_period(state) }}

),

flagged as (

    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        is_on_time,
        timeliness_reason,
        {{ is_dissatisfied_by_judgment() }} as is_dissatisfied
    from timeliness

),

failures as (

    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        'ON_TIME_PROCESSING' as indicator_code,
        timeliness_reason as reason
    from flagged
    where not is_on_time
    union all
    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        'DOSSIER_RECEIVING_SATISFACTION' as indicator_code,
        case when is_on_time then 'dissatisfied' else timeliness_reason end as reason
    from flagged
    where not is_on_time or is_dissatisfied

),

final as (

    select
        cast(dossier_code as {{ dbt.type_string() }}) as dossier_code,
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(procedure_code as {{ dbt.type_string() }}) as procedure_code,
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_label as {{ dbt.type_string() }}) as period_label,
        period_end_exclusive_at,
        cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
        cast(reason as {{ dbt.type_string() }}) as reason,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from failures

)

select * from final
