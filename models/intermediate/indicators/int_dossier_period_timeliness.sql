{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_timeliness_touched_rows() }}",
    )
}}

{#- One row per counted dossier and period whose 2.1 population it belongs to: the dossiers
    received in the period (indicators.md, revision 2026-12: the portal's 2.1 denominator is its
    received count, the same population as 1.4, 4.x and 5.4), by the period's judged_at. Says
    whether it was handled on time (indicators.md, group 2) and why, for 2.1 ON_TIME_PROCESSING,
    5.4 DOSSIER_RECEIVING_SATISFACTION and the points-lost drill-down.

    The moment judged (judge_at) is the end of processing when the dossier ended by the period's
    end (and by judged_at), else the period's judged_at ("trong hạn" at the end of P). Against it:
    - two or more supplement requests made before it: late ('two_supplements');
    - no deadline at all (no NgayHenTra, no usable procedure time limit): on time ('no_due_date');
    - one request made before it and not completed by it: the clock stopped at the request, so
      judge_at becomes the request time and is compared with the unmoved deadline;
    - one request completed by it: the deadline moves by the waiting time;
    - then ended: on time iff end <= deadline; still open: on time iff judged_at <= deadline.

    Incremental (macros/incremental.sql): a dossier's periods are fixed by its reception time, so
    a run deletes and recomputes the rows of the dossiers refreshed since its last run and, when
    as_of moved, the rows of the periods judged anew (those not over at the earlier as_of: their
    judged_at moved), which only dossiers received in those periods can be in. -#}

{%- set state = incremental_state() %}

with

dossiers as (

    select
        dossier_code,
        unit_code,
        procedure_code,
        received_at,
        processing_ended_at,
        base_due_at,
        first_supplement_requested_at,
        first_supplement_completed_at,
        second_supplement_requested_at,
        first_dissatisfied_at,
        {{ is_refreshed_dossier(state) }} as is_refreshed
    from {{ ref('int_dossiers_enriched') }}
    where is_counted and {{ is_dossier_to_judge(state) }}

),

periods as (

    select
        period_type,
        period_label,
        period_start_at,
        period_end_exclusive_at,
        judged_at,
        {{ is_rejudged_period(state) }} as is_rejudged
    from {{ ref('int_periods') }}

),

population as (

    select
        dossiers.dossier_code,
        dossiers.unit_code,
        dossiers.procedure_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_exclusive_at,
        periods.judged_at,
        dossiers.received_at,
        dossiers.processing_ended_at,
        dossiers.base_due_at,
        dossiers.first_supplement_requested_at,
        dossiers.first_supplement_completed_at,
        dossiers.second_supplement_requested_at,
        dossiers.first_dissatisfied_at,
        coalesce(
            dossiers.processing_ended_at < periods.period_end_exclusive_at
            and dossiers.processing_ended_at <= periods.judged_at,
            false
        ) as is_ended_in_period
    from dossiers
    inner join periods
        on
            dossiers.received_at >= periods.period_start_at
            and dossiers.received_at < periods.period_end_exclusive_at
    where
        dossiers.received_at <= periods.judged_at
        and (dossiers.is_refreshed or periods.is_rejudged)

),

-- the moment judged before supplement rules: end of processing, or the period's judged_at
candidate as (

    select
        *,
        case when is_ended_in_period then processing_ended_at else judged_at end as end_or_judged_at
    from population

),

supplements as (

    select
        *,
        case
            when second_supplement_requested_at < end_or_judged_at then 2
            when first_supplement_requested_at < end_or_judged_at then 1
            else 0
        end as supplement_requests_before_count,
        coalesce(first_supplement_completed_at <= end_or_judged_at, false) as is_supplement_completed
    from candidate

),

extended as (

    select
        *,
        case
            when
                supplement_requests_before_count = 1
                and is_supplement_completed
                and first_supplement_completed_at > first_supplement_requested_at
                then {{ dbt.datediff('first_supplement_requested_at', 'first_supplement_completed_at', 'second') }}
            else 0
        end as deadline_extension_seconds
    from supplements

),

deadlines as (

    select
        *,
        case
            when deadline_extension_seconds > 0
                then {{ dbt.dateadd('second', 'deadline_extension_seconds', 'base_due_at') }}
            else base_due_at
        end as effective_due_at,
        supplement_requests_before_count = 1 and not is_supplement_completed as is_clock_stopped
    from extended

),

classified as (

    select
        *,
        case when is_clock_stopped then first_supplement_requested_at else end_or_judged_at end as judge_at,
        case
            when supplement_requests_before_count >= 2 then 'two_supplements'
            when base_due_at is null then 'no_due_date'
            when is_clock_stopped and first_supplement_requested_at <= base_due_at then 'supplement_waiting'
            when is_clock_stopped then 'supplement_waiting_past_deadline'
            when is_ended_in_period and processing_ended_at <= effective_due_at then 'ended_on_time'
            when is_ended_in_period then 'ended_late'
            when judged_at <= effective_due_at then 'open_within_deadline'
            else 'open_past_deadline'
        end as timeliness_reason
    from deadlines

),

final as (

    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        judged_at,
        processing_ended_at,
        is_ended_in_period,
        base_due_at,
        supplement_requests_before_count,
        deadline_extension_seconds,
        effective_due_at,
        judge_at,
        timeliness_reason in ('ended_on_time', 'open_within_deadline', 'supplement_waiting', 'no_due_date') as is_on_time,
        cast(timeliness_reason as {{ dbt.type_string() }}) as timeliness_reason,
        first_dissatisfied_at,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from classified

)

select * from final
