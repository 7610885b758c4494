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
    groups.points as group_points
from sums
full outer join {{ ref('fct_group_scores') }} as groups
    on
        sums.unit_code = groups.unit_code
        and sums.period_type = groups.period_type
        and sums.period_label = groups.period_label
        and sums.view = groups.view
        and sums.group_code = groups.group_code
where
    groups.points is null
    or sums.component_points is null
    or abs(groups.points - sums.component_points) > 1e-9
