{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_touched_rows(['unit_code', 'period_type', 'period_label'], unit_periods_touched_since(incremental_state()), rejudged_periods=true) }}",
    )
}}

{#- One row per handling unit, period and dossier-based component with failing dossiers: how many
    rows int_dossier_component_failures holds for it. fct_points_lost reads its listed counts from
    here instead of counting the failures (about 12 rows per dossier) on every run.
    Incremental like int_dossier_period_counts, plus the periods judged anew: a run deletes and
    recomputes the (unit, period) pairs that a dossier refreshed since its last run is in or has
    left (a dossier's failure rows are at its unit and the periods it was received in) and, when
    as_of moved, every pair of the periods judged anew (int_dossier_timeliness_failures judges
    them anew too). -#}

{%- set state = incremental_state() %}

with

-- the rows of the touched units, and of the periods judged anew at the other units: two
-- conditions the view pushes down separately (a unit to both tables, a period to int_periods
-- before its range join), so neither places every failure in its periods first
failures as (

    select * from {{ ref('int_dossier_component_failures') }}
    where {{ is_touched_unit(state, 'unit_code') }}
    union all
    select * from {{ ref('int_dossier_component_failures') }}
    where {{ is_rejudged_period(state) }} and not {{ is_touched_unit(state, 'unit_code') }}

),

counted as (

    -- counted before the pair condition: it then runs once per group, not once per failure row
    select
        unit_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        indicator_code,
        count(*) as failure_count
    from failures
    group by unit_code, period_type, period_label, period_end_exclusive_at, indicator_code

),

final as (

    select
        counted.unit_code,
        counted.period_type,
        counted.period_label,
        counted.indicator_code,
        counted.failure_count,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from counted
    where
        {{ is_rejudged_period(state, 'counted.period_end_exclusive_at') }}
        -- qualified: the pair condition is a subquery with columns of the same names
        or {{ is_touched_unit_period(state, 'counted.unit_code', 'counted.period_type', 'counted.period_label') }}

)

select * from final
