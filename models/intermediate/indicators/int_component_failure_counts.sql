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

    Counted from the two tables behind that view, not through it:
    - int_dossier_receipt_failures (1.4, 3.3, 3.6, 4.1-4.5b) counted per unit, component and day
      received first, then placed in periods. Periods start and end at midnight (int_periods), so
      a day's failures fall in the same periods as each of them: the same counts as placing every
      failure, from about a quarter of the rows at 10 M dossiers.
    - int_dossier_timeliness_failures (2.1, 5.4), already per period.

    Incremental like int_dossier_period_counts, plus the periods judged anew: a run deletes and
    recomputes the (unit, period) pairs that a dossier refreshed since its last run is in or has
    left (a dossier's failure rows are at its unit and the periods it was received in) and, when
    as_of moved, every pair of the periods judged anew (int_dossier_timeliness_failures judges
    them anew too). -#}

{%- set state = incremental_state() %}

with

receipt_failures as (

    select * from {{ ref('int_dossier_receipt_failures') }}
    where
        {{ is_touched_unit(state, 'unit_code') }}
        or {{ is_received_in_rejudged_period(state, 'received_at') }}

),

timeliness_failures as (

    select * from {{ ref('int_dossier_timeliness_failures') }}
    where
        {{ is_touched_unit(state, 'unit_code') }}
        or {{ is_rejudged_period(state) }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

receipt_failure_days as (

    select
        unit_code,
        indicator_code,
        cast({{ dbt.date_trunc('day', 'received_at') }} as {{ dbt.type_timestamp() }}) as received_day_at,
        count(*) as failure_count
    from receipt_failures
    group by
        unit_code,
        indicator_code,
        cast({{ dbt.date_trunc('day', 'received_at') }} as {{ dbt.type_timestamp() }})

),

receipt_failure_counts as (

    select
        receipt_failure_days.unit_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_exclusive_at,
        receipt_failure_days.indicator_code,
        sum(receipt_failure_days.failure_count) as failure_count
    from receipt_failure_days
    {{ join_periods_to_recount(state, 'periods', 'receipt_failure_days.unit_code', 'receipt_failure_days.received_day_at', with_rejudged_periods=true) }}
    group by
        receipt_failure_days.unit_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_exclusive_at,
        receipt_failure_days.indicator_code

),

counted as (

    -- a timeliness failure row is one failing dossier of its own period; the two tables hold
    -- different components, summed anyway so that a pair is one row whatever the rules say
    select
        indicator_code,
        unit_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        sum(failure_count) as failure_count
    from (
        select * from receipt_failure_counts
        union all
        select
            unit_code,
            period_type,
            period_label,
            period_end_exclusive_at,
            indicator_code,
            1 as failure_count
        from timeliness_failures
    ) as both_tables
    group by unit_code, period_type, period_label, period_end_exclusive_at, indicator_code

),

final as (

    select
        counted.unit_code,
        counted.period_type,
        counted.period_label,
        counted.indicator_code,
        cast(counted.failure_count as {{ dbt.type_bigint() }}) as failure_count,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from counted
    where
        {{ is_rejudged_period(state, 'counted.period_end_exclusive_at') }}
        -- qualified: the pair condition is a subquery with columns of the same names
        or {{ is_touched_unit_period(state, 'counted.unit_code', 'counted.period_type', 'counted.period_label') }}

)

select * from final
