{#- 2.1 ON_TIME_PROCESSING at unit level: the unit's dossiers in the period's 2.1 population
    (received in P; indicators.md, revision 2026-12) handled on time, over that population. The on-time rule lives in int_dossier_period_timeliness. -#}

with

timeliness as (

    select * from {{ ref('int_dossier_period_timeliness') }}

),

counts as (

    select
        unit_code,
        period_type,
        period_label,
        sum(case when is_on_time then 1 else 0 end) as on_time_count,
        count(*) as population_count
    from timeliness
    group by unit_code, period_type, period_label

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        cast('ON_TIME_PROCESSING' as {{ dbt.type_string() }}) as indicator_code,
        cast('unit' as {{ dbt.type_string() }}) as figure_level,
        cast(on_time_count as {{ type_double() }}) as numerator,
        cast(population_count as {{ type_double() }}) as denominator
    from counts
    where on_time_count > 0 or population_count > 0

)

select * from final
