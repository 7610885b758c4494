{#- 2.2 AVG_PROCESSING_TIME per procedure (display): for each unit, period and procedure, the
    counted dossiers received in P that ended with status 9 or 10 (is_completed) by the end of P
    (judged_at), their total processing time in days (processing_days: calendar days from
    reception to the end of processing, fractional) and the mean. A dossier received in P that
    completes after P is not in P's figure (it is in the longer periods that contain both). -#}

with

dossiers as (

    select
        unit_code,
        procedure_code,
        received_at,
        processing_ended_at,
        processing_days
    from {{ ref('int_dossiers_enriched') }}
    where is_counted and is_completed

),

periods as (

    select
        period_type,
        period_label,
        period_start_at,
        period_end_exclusive_at,
        judged_at
    from {{ ref('int_periods') }}

),

completed_in_period as (

    select
        dossiers.unit_code,
        dossiers.procedure_code,
        periods.period_type,
        periods.period_label,
        dossiers.processing_days
    from dossiers
    inner join periods
        on
            dossiers.received_at >= periods.period_start_at
            and dossiers.received_at < periods.period_end_exclusive_at
    where
        dossiers.received_at <= periods.judged_at
        and dossiers.processing_ended_at < periods.period_end_exclusive_at
        and dossiers.processing_ended_at <= periods.judged_at

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        procedure_code,
        count(*) as completed_dossier_count,
        sum(processing_days) as total_processing_days,
        sum(processing_days) / count(*) as mean_processing_days
    from completed_in_period
    group by unit_code, period_type, period_label, procedure_code

)

select * from final
