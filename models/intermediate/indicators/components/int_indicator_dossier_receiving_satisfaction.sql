{#- 5.4 DOSSIER_RECEIVING_SATISFACTION at unit level: the 2.1 population minus the dossiers that
    are late (2.1 rule) or that drew a dissatisfied rating or a petition (first_dissatisfied_at)
    before the period's judged_at, over the 2.1 population. A rating or petition that arrives
    after judged_at does not change a period already judged. -#}

with

timeliness as (

    select * from {{ ref('int_dossier_period_timeliness') }}

),

flagged as (

    select
        unit_code,
        period_type,
        period_label,
        is_on_time,
        {{ is_dissatisfied_by_judgment() }} as is_dissatisfied
    from timeliness

),

counts as (

    select
        unit_code,
        period_type,
        period_label,
        sum(case when is_on_time and not is_dissatisfied then 1 else 0 end) as satisfied_count,
        count(*) as population_count
    from flagged
    group by unit_code, period_type, period_label

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        cast('DOSSIER_RECEIVING_SATISFACTION' as {{ dbt.type_string() }}) as indicator_code,
        cast('unit' as {{ dbt.type_string() }}) as figure_level,
        cast(satisfied_count as {{ type_double() }}) as numerator,
        cast(population_count as {{ type_double() }}) as denominator
    from counts
    where satisfied_count > 0 or population_count > 0

)

select * from final
