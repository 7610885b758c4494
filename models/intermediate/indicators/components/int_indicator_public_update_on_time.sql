{#- 1.2 PUBLIC_UPDATE_ON_TIME, publisher-level: per ministry/province (root rows only) and period,
    the distinct procedures whose publication deadline (the N-th working day after the decision
    day) falls in P and not after as_of (denominator), and those made public on CSDLQG TTHC, at or
    before as_of, no later than the deadline of every such decision (numerator). -#}

with

publications as (

    select * from {{ ref('int_publications_enriched') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

-- one row per publisher, period and procedure: late for any decision due in P is late for P
procedure_periods as (

    select
        publications.publisher_root_unit_code as unit_code,
        periods.period_type,
        periods.period_label,
        publications.procedure_code,
        min(case when publications.is_made_public_on_time then 1 else 0 end) as on_time_flag
    from publications
    inner join periods
        on
            publications.public_update_deadline_date >= periods.period_start_date
            and publications.public_update_deadline_date <= periods.period_end_date
    where cast(publications.public_update_deadline_date as {{ dbt.type_timestamp() }}) <= {{ as_of_timestamp() }}
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
        'PUBLIC_UPDATE_ON_TIME' as indicator_code,
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
