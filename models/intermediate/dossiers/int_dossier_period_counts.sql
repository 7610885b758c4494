{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_touched_rows(['unit_code', 'period_type', 'period_label'], unit_periods_touched_since(incremental_state())) }}",
    )
}}

{#- One row per unit and period: how many of the unit's counted dossiers received in the period
    carry each fact. The additive (`sum` pooling) dossier components read their numerator and
    denominator from here.
    Incremental (macros/incremental.sql): a run deletes and recomputes only the (unit, period)
    pairs that a dossier refreshed since the last run is in or has left. -#}

{%- set state = incremental_state() %}

with

dossiers as (

    select * from {{ ref('int_dossiers_enriched') }}
    where is_counted

),

periods as (

    select * from {{ ref('int_periods') }}

),

received_in_period as (

    select
        dossiers.*,
        periods.period_type,
        periods.period_label
    from dossiers
    {{ join_periods_to_recount(state, 'periods', 'dossiers.unit_code', 'dossiers.received_at') }}

),

counted as (

    -- counted before the pair condition: it then runs once per group, not once per dossier
    -- and period
    select
        unit_code,
        period_type,
        period_label,
        count(*) as received_count,
        sum(case when synced_at is not null then 1 else 0 end) as synced_count,
        sum(case when is_online then 1 else 0 end) as online_count,
        sum(case when is_fee_bearing then 1 else 0 end) as fee_bearing_count,
        sum(case when is_fee_bearing and is_paid_online then 1 else 0 end) as fee_bearing_paid_online_count,
        sum(case when requires_paper_result then 1 else 0 end) as paper_result_count,
        sum(case when requires_paper_result and has_electronic_result then 1 else 0 end)
            as paper_result_with_electronic_result_count,
        sum(case when is_digitized then 1 else 0 end) as digitized_count,
        sum(case when has_reused_data then 1 else 0 end) as reused_data_count,
        sum(case when is_synced_with_citizen_store then 1 else 0 end) as citizen_store_count,
        sum(case when uses_population_data then 1 else 0 end) as population_data_count,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from received_in_period
    group by unit_code, period_type, period_label

),

final as (

    select * from counted
    -- qualified: the pair condition is a subquery with columns of the same names
    where {{ is_touched_unit_period(state, 'counted.unit_code', 'counted.period_type', 'counted.period_label') }}

)

select * from final
