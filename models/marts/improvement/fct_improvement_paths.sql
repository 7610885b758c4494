{#- The way up: per scored unit, period and component, how many more items (in the component's
    own unit: dossiers, procedures, services, petitions) would win how many points, and the
    fewest items to the next grade band. Read-only arithmetic over the scored counts; points,
    targets and bands from the seeds.

    One more item raises the ratio by step = ratio_multiplier / denominator (int_indicator_scores:
    1, or for 3.3 with apply_sync_factor the 1.4 ratio), so it is worth points_per_item = max × step / target until
    the component reaches its cap (ratio = target, points = max) or the numerator reaches the
    denominator, whichever comes first. A component at or above its target, display-only, with
    an empty denominator or whose items win nothing (3.3 with nothing synced) yields nothing.
    The next band is the lowest grade_bands.min_total above the total as shown; the gap is
    taken on the unrounded total (a little conservative: a total 0.005 below shows as the band).
    items_to_next_grade_alone: the items of this component alone that close the gap (empty
    when it cannot); path_items: the cheapest mix, taking the components by points per item,
    most first (optimal, as each component's points grow linearly up to its cap). -#}

{%- set epsilon = '0.000000001' %}

with

scores as (

    select * from {{ ref('int_indicator_scores') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

items as (

    select * from {{ ref('improvement_items') }}

),

bands as (

    select * from {{ ref('grade_bands') }}

),

totals as (

    select
        unit_code,
        period_type,
        period_label,
        -- added as fct_unit_scorecard adds its total: the same bits in any order of addition
        {{ order_independent_sum('points') }} as total_points
    from scores
    group by unit_code, period_type, period_label

),

next_bands as (

    select
        totals.unit_code,
        totals.period_type,
        totals.period_label,
        totals.total_points,
        min(bands.min_total) as next_band_min_total
    from totals
    left join bands
        on bands.min_total > {{ rounded_for_display('totals.total_points', 2) }}
    group by totals.unit_code, totals.period_type, totals.period_label, totals.total_points

),

next_grades as (

    select
        next_bands.*,
        bands.grade_code as next_grade_code,
        bands.name_vi as next_grade_name_vi,
        bands.name_en as next_grade_name_en,
        case
            when next_bands.next_band_min_total is not null
                then next_bands.next_band_min_total - next_bands.total_points
        end as points_to_next_grade
    from next_bands
    left join bands
        on next_bands.next_band_min_total = bands.min_total

),

stepped as (

    select
        scores.unit_code,
        scores.period_type,
        scores.period_label,
        scores.indicator_code,
        scores.numerator,
        scores.denominator,
        scores.points,
        indicators.max_points,
        indicators.target,
        scores.ratio_multiplier / scores.denominator as ratio_step
    from scores
    inner join indicators
        on scores.indicator_code = indicators.indicator_code
    where
        not indicators.is_display_only
        and indicators.max_points > 0
        and scores.denominator > 0
        and not scores.is_assumed

),

capped as (

    select
        stepped.*,
        stepped.max_points * stepped.ratio_step / stepped.target as points_per_item,
        -- items until the cap (ratio = target), but never beyond the denominator
        case
            when stepped.ratio_step <= 0 or stepped.points >= stepped.max_points - {{ epsilon }} then 0
            else
                least(
                    stepped.denominator - stepped.numerator,
                    ceiling((stepped.max_points - stepped.points) / (stepped.max_points * stepped.ratio_step / stepped.target) - {{ epsilon }})
                )
        end as items_to_cap
    from stepped

),

gains as (

    select
        capped.*,
        least(capped.max_points, capped.points + capped.items_to_cap * capped.points_per_item) - capped.points
            as points_to_cap
    from capped
    where capped.items_to_cap > 0

),

ranked as (

    select
        gains.*,
        next_grades.total_points,
        next_grades.next_grade_code,
        next_grades.next_grade_name_vi,
        next_grades.next_grade_name_en,
        next_grades.points_to_next_grade,
        row_number() over (
            partition by gains.unit_code, gains.period_type, gains.period_label
            order by gains.points_per_item desc, gains.indicator_code asc
        ) as path_rank,
        coalesce({{ order_independent_sum('gains.points_to_cap', over='''
            partition by gains.unit_code, gains.period_type, gains.period_label
            order by gains.points_per_item desc, gains.indicator_code asc
            rows between unbounded preceding and 1 preceding
        ''') }}, 0) as points_before
    from gains
    inner join next_grades
        on
            gains.unit_code = next_grades.unit_code
            and gains.period_type = next_grades.period_type
            and gains.period_label = next_grades.period_label

),

final as (

    select
        cast(ranked.unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(ranked.period_type as {{ dbt.type_string() }}) as period_type,
        cast(ranked.period_label as {{ dbt.type_string() }}) as period_label,
        cast(ranked.indicator_code as {{ dbt.type_string() }}) as indicator_code,
        cast(items.item_vi as {{ dbt.type_string() }}) as item_vi,
        cast(items.item_en as {{ dbt.type_string() }}) as item_en,
        cast(ranked.numerator as {{ type_double() }}) as numerator,
        cast(ranked.denominator as {{ type_double() }}) as denominator,
        cast(ranked.points as {{ type_double() }}) as points,
        cast(ranked.max_points as {{ type_double() }}) as max_points,
        cast(ranked.target as {{ type_double() }}) as target,
        cast(ranked.points_per_item as {{ type_double() }}) as points_per_item,
        cast(ranked.items_to_cap as {{ type_double() }}) as items_to_cap,
        cast(ranked.points_to_cap as {{ type_double() }}) as points_to_cap,
        cast(ranked.total_points as {{ type_double() }}) as total_points,
        cast(ranked.next_grade_code as {{ dbt.type_string() }}) as next_grade_code,
        cast(ranked.next_grade_name_vi as {{ dbt.type_string() }}) as next_grade_name_vi,
        cast(ranked.next_grade_name_en as {{ dbt.type_string() }}) as next_grade_name_en,
        cast(ranked.points_to_next_grade as {{ type_double() }}) as points_to_next_grade,
        cast(
            case
                when ranked.points_to_next_grade is null then null
                when ranked.points_to_cap >= ranked.points_to_next_grade - {{ epsilon }}
                    then ceiling(ranked.points_to_next_grade / ranked.points_per_item - {{ epsilon }})
            end as {{ type_double() }}
        ) as items_to_next_grade_alone,
        cast(ranked.path_rank as {{ dbt.type_bigint() }}) as path_rank,
        cast(
            case
                when ranked.points_to_next_grade is null or ranked.points_before >= ranked.points_to_next_grade - {{ epsilon }} then 0
                else least(
                        ranked.items_to_cap,
                        ceiling((ranked.points_to_next_grade - ranked.points_before) / ranked.points_per_item - {{ epsilon }})
                    )
            end as {{ type_double() }}
        ) as path_items
    from ranked
    left join items
        on ranked.indicator_code = items.indicator_code

)

select * from final
