{#- 1.1 PUBLISH_ON_TIME, publisher-level: per ministry/province (root rows only) and period, the
    distinct procedures in its publication decisions dated in P (denominator) and those published
    on time in every such decision (numerator). Working-day rule and limits: int_publications_enriched. -#}

with

publications as (

    select * from {{ ref('int_publications_enriched') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

-- one row per publisher, period and procedure: late in any decision of P is late for P
procedure_periods as (

    select
        publications.publisher_root_unit_code as unit_code,
        periods.period_type,
        periods.period_label,
        publications.procedure_code,
        min(case when publications.is_published_on_time then 1 else 0 end) as on_time_flag
    from publications
    inner join periods
        on
            publications.decided_date >= periods.period_start_date
            and publications.decided_date <= periods.period_end_date
    group by
        publications.publisher_root_unit_code,
        periods.period_type,
        periods.period_label,
        publications.procedure_code

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        'PUBLISH_ON_TIME' as indicator_code,
        'root' as figure_level,
        cast(sum(on_time_flag) as {{ type_double() }}) as numerator,
        cast(count(*) as {{ type_double() }}) as denominator
    from procedure_periods
    group by
        unit_code,
        period_type,
        period_label

)

select * from final
