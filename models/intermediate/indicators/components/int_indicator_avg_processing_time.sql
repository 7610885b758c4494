{#- 2.2 AVG_PROCESSING_TIME at unit level (display only, 0 points): numerator = total processing
    days, denominator = the dossiers received in P that ended with status 9 or 10 by the end of P;
    the ratio is the mean processing time in days. Summed from int_processing_time_by_procedure,
    so that the overall and per-procedure figures always agree, in whole seconds (integers, so the
    sum does not depend on the order of addition), divided into days at the end. -#}

with

by_procedure as (

    select * from {{ ref('int_processing_time_by_procedure') }}

),

counts as (

    select
        unit_code,
        period_type,
        period_label,
        sum(total_processing_seconds) as total_processing_seconds,
        sum(completed_dossier_count) as completed_dossier_count
    from by_procedure
    group by unit_code, period_type, period_label

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        cast('AVG_PROCESSING_TIME' as {{ dbt.type_string() }}) as indicator_code,
        cast('unit' as {{ dbt.type_string() }}) as figure_level,
        total_processing_seconds / cast(86400 as {{ type_double() }}) as numerator,
        cast(completed_dossier_count as {{ type_double() }}) as denominator
    from counts
    where total_processing_seconds <> 0 or completed_dossier_count > 0

)

select * from final
