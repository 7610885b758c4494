{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_touched_rows(['unit_code', 'period_type', 'period_label'], unit_periods_touched_since(incremental_state()), rejudged_periods=true) }}",
    )
}}

{#- 2.2 AVG_PROCESSING_TIME per procedure (display): for each unit, period and procedure, the
    counted dossiers received in P that ended with status 9 or 10 (is_completed) by the end of P
    (judged_at), their total processing time and the mean. Processing time is calendar time from
    reception to the end of processing, summed in whole seconds (integers: the sum does not depend
    on the order the engine adds the dossiers in, so an incremental run, a full build and another
    engine give the same bits) and divided into days at the end. A dossier received in P that
    completes after P is not in P's figure (it is in the longer periods that contain both).
    Incremental (macros/incremental.sql): a run deletes and recomputes the (unit, period) pairs
    that a dossier refreshed since its last run is in or has left and, when as_of moved, every
    pair of the periods judged anew (their judged_at moved with it). -#}

{%- set state = incremental_state() %}

with

dossiers as (

    select
        unit_code,
        procedure_code,
        received_at,
        processing_ended_at,
        {{ dbt.datediff('received_at', 'processing_ended_at', 'second') }} as processing_seconds
    from {{ ref('int_dossiers_enriched') }}
    where is_counted and is_completed

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

completed_in_period as (

    select
        dossiers.unit_code,
        dossiers.procedure_code,
        periods.period_type,
        periods.period_label,
        periods.is_rejudged,
        dossiers.processing_seconds
    from dossiers
    {{ join_periods_to_recount(state, 'periods', 'dossiers.unit_code', 'dossiers.received_at', with_rejudged_periods=true) }}
    where
        dossiers.received_at <= periods.judged_at
        and dossiers.processing_ended_at < periods.period_end_exclusive_at
        and dossiers.processing_ended_at <= periods.judged_at

),

summed as (

    -- summed before the pair condition: it then runs once per group, not once per dossier and
    -- period
    select
        unit_code,
        period_type,
        period_label,
        procedure_code,
        is_rejudged,
        count(*) as completed_dossier_count,
        cast(sum(processing_seconds) as {{ dbt.type_bigint() }}) as total_processing_seconds
    from completed_in_period
    group by unit_code, period_type, period_label, procedure_code, is_rejudged

),

recomputed as (

    select * from summed
    where
        is_rejudged
        -- qualified: the pair condition is a subquery with columns of the same names
        or {{ is_touched_unit_period(state, 'summed.unit_code', 'summed.period_type', 'summed.period_label') }}

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        procedure_code,
        completed_dossier_count,
        total_processing_seconds,
        total_processing_seconds / cast(86400 as {{ type_double() }}) as total_processing_days,
        total_processing_seconds / cast(86400 as {{ type_double() }}) / completed_dossier_count
            as mean_processing_days,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from recomputed

)

select * from final
