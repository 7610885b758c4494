{#- One row per scored unit and period: total, grade, the six portal groups, rank in its block
    and change since the previous period of the same type. Ranking blocks: provinces; ministries;
    within each parent, its departments, its communes and (until 30/6/2025) its districts
    separately; the nation alone. Ranks use the total as shown (2 decimals); ties share a rank
    (1, 1, 3). Totals, group columns and the national average add in decimal arithmetic
    (order_independent_sum): the same bits whatever order the rows come in. -#}

with

groups as (

    select * from {{ ref('fct_group_scores') }}
    where view = 'portal'

),

units as (

    select * from {{ ref('dim_units') }}

),

periods as (

    select * from {{ ref('dim_periods') }}

),

grades as (

    select * from {{ ref('grade_bands') }}

),

totals as (

    select
        unit_code,
        period_type,
        period_label,
        {{ order_independent_sum('points') }} as total_points,
        {{ order_independent_sum("case when group_code = 'CKMB' then points else 0 end") }} as ckmb_points,
        {{ order_independent_sum("case when group_code = 'TDGQ' then points else 0 end") }} as tdgq_points,
        {{ order_independent_sum("case when group_code = 'CLGQ' then points else 0 end") }} as clgq_points,
        {{ order_independent_sum("case when group_code = 'TTTT' then points else 0 end") }} as tttt_points,
        {{ order_independent_sum("case when group_code = 'MDSH' then points else 0 end") }} as mdsh_points,
        {{ order_independent_sum("case when group_code = 'MDHL' then points else 0 end") }} as mdhl_points
    from groups
    group by unit_code, period_type, period_label

),

enriched as (

    select
        totals.*,
        {{ rounded_for_display('totals.total_points', 2) }} as total_points_shown,
        units.unit_name,
        units.unit_type_code,
        units.parent_unit_code,
        units.ranking_block,
        periods.is_provisional,
        periods.period_start_date
    from totals
    inner join units
        on totals.unit_code = units.unit_code
    inner join periods
        on totals.period_type = periods.period_type and totals.period_label = periods.period_label

),

ranked as (

    select
        enriched.*,
        -- rank() is an integer on Spark, a bigint on DuckDB: the contract says bigint
        cast(rank() over (
            partition by enriched.ranking_block, enriched.period_type, enriched.period_label order by enriched.total_points_shown desc
        ) as bigint) as rank_in_block,
        count(*) over (partition by enriched.ranking_block, enriched.period_type, enriched.period_label) as units_in_block,
        lag(enriched.total_points) over (
            partition by enriched.unit_code, enriched.period_type order by enriched.period_start_date
        ) as previous_total_points,
        {{ order_independent_sum(
            "case when enriched.ranking_block = 'provinces' then enriched.total_points end",
            'partition by enriched.period_type, enriched.period_label'
        ) }} / nullif(count(case when enriched.ranking_block = 'provinces' then 1 end) over (
            partition by enriched.period_type, enriched.period_label
        ), 0) as national_average_province_total
    from enriched

),

final as (

    select
        ranked.unit_code,
        ranked.unit_name,
        ranked.unit_type_code,
        ranked.parent_unit_code,
        ranked.ranking_block,
        ranked.period_type,
        ranked.period_label,
        ranked.is_provisional,
        ranked.total_points,
        ranked.total_points_shown,
        grades.grade_code,
        grades.name_vi as grade_name_vi,
        grades.name_en as grade_name_en,
        ranked.ckmb_points,
        ranked.tdgq_points,
        ranked.clgq_points,
        ranked.tttt_points,
        ranked.mdsh_points,
        ranked.mdhl_points,
        ranked.rank_in_block,
        ranked.units_in_block,
        ranked.previous_total_points,
        ranked.total_points - ranked.previous_total_points as change_since_previous,
        ranked.national_average_province_total
    from ranked
    left join grades
        on ranked.total_points_shown >= grades.min_total and ranked.total_points_shown < grades.max_total_exclusive

)

select * from final
