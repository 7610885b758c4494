{{ config(materialized='view') }}

{#- One row per counted dossier, period and dossier-based component whose condition the dossier
    fails: the rows behind the drill-down (fct_points_lost_dossiers; int_component_failure_counts
    counts the same two tables by the same placing, per day received). A view over the two tables that keep them at their own grain:
    int_dossier_receipt_failures (dossier and component: 1.4, 3.3, 3.6, 4.1-4.5b), placed here in
    the month, quarter, year and year to date the dossier was received in, and
    int_dossier_timeliness_failures (dossier, period and component: 2.1, 5.4). Storing the first
    per period wrote each failure about 3.4 times (119 M rows at 10 M dossiers instead of 40 M)
    and wrote the open periods' rows again whenever as_of moved. The periods are int_periods, so
    a year to date that moved to a new year moves with it. -#}

with

receipt_failures as (

    select * from {{ ref('int_dossier_receipt_failures') }}

),

timeliness_failures as (

    select * from {{ ref('int_dossier_timeliness_failures') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

receipt_failures_by_period as (

    select
        receipt_failures.dossier_code,
        receipt_failures.unit_code,
        receipt_failures.procedure_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_exclusive_at,
        receipt_failures.indicator_code,
        receipt_failures.reason,
        receipt_failures.refreshed_at,
        receipt_failures.evaluated_as_of
    from receipt_failures
    inner join periods
        on
            receipt_failures.received_at >= periods.period_start_at
            and receipt_failures.received_at < periods.period_end_exclusive_at

),

final as (

    select * from receipt_failures_by_period
    union all
    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        indicator_code,
        reason,
        refreshed_at,
        evaluated_as_of
    from timeliness_failures

)

select * from final
