-- A group's points are the sum of its components' points, in both views.
with

components as (

    select
        scores.unit_code,
        scores.period_type,
        scores.period_label,
        indicators.legal_group,
        indicators.portal_group_code,
        scores.points
    from {{ ref('fct_indicator_scores') }} as scores
    inner join {{ ref('dim_indicators') }} as indicators
        on scores.indicator_code = indicators.indicator_code

),

sums as (

    select
        unit_code,
        period_type,
        period_label,
        'legal' as view,
        legal_group as group_code,
        sum(points) as component_points
    from components
    group by unit_code, period_type, period_label, legal_group
    union all
    select
        unit_code,
        period_type,
        period_label,
        'portal' as view,
        portal_group_code as group_code,
        sum(points) as component_points
    from components
    group by unit_code, period_type, period_label, portal_group_code

)

select
    sums.*,
    group_scores.points as group_points
from sums
full outer join {{ ref('fct_group_scores') }} as group_scores
    on
        sums.unit_code = group_scores.unit_code
        and sums.period_type = group_scores.period_type
        and sums.period_label = group_scores.period_label
        and sums.view = group_scores.view
        and sums.group_code = group_scores.group_code
where
    group_scores.points is null
    or sums.component_points is null
    or abs(group_scores.points - sums.component_points) > 1e-9
