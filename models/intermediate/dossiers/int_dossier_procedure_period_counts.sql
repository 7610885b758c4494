{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_touched_rows(['unit_code', 'period_type', 'period_label'], unit_periods_touched_since(incremental_state())) }}",
    )
}}

{#- One row per unit, procedure and period with dossiers received in it: whether any of them was
    online, paid online, carried a non-zero fee line or used population data. The components that
    count procedures or services (3.2, 3.4, 3.5, 4.5a) read from here.
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
        dossiers.unit_code,
        dossiers.root_unit_code,
        dossiers.procedure_code,
        dossiers.is_online,
        dossiers.is_paid_online,
        dossiers.has_nonzero_fee,
        dossiers.uses_population_data,
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
        root_unit_code,
        procedure_code,
        period_type,
        period_label,
        count(*) as received_count,
        max(case when is_online then 1 else 0 end) = 1 as has_online_dossier,
        max(case when is_paid_online then 1 else 0 end) = 1 as has_paid_online_dossier,
        max(case when has_nonzero_fee then 1 else 0 end) = 1 as has_nonzero_fee_dossier,
        max(case when uses_population_data then 1 else 0 end) = 1 as has_population_data_dossier,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from received_in_period
    group by unit_code, root_unit_code, procedure_code, period_type, period_label

),

final as (

    select * from counted
    -- qualified: the pair condition is a subquery with columns of the same names
    where {{ is_touched_unit_period(state, 'counted.unit_code', 'counted.period_type', 'counted.period_label') }}

)

select * from final
