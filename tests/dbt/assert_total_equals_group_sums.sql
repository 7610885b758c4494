-- A unit's total is the sum of its groups, in both views (legal and portal give the same total).
with

group_sums as (

    select
        unit_code,
        period_type,
        period_label,
        sum(case when view = 'legal' then points else 0 end) as legal_total,
        sum(case when view = 'portal' then points else 0 end) as portal_total,
        sum(case when view = 'portal' then max_points else 0 end) as portal_max
    from {{ ref('fct_group_scores') }}
    group by unit_code, period_type, period_label

)

select
    scorecard.unit_code,
    scorecard.period_type,
    scorecard.period_label,
    scorecard.total_points,
    group_sums.legal_total,
    group_sums.portal_total,
    group_sums.portal_max
from {{ ref('fct_unit_scorecard') }} as scorecard
left join group_sums
    on
        scorecard.unit_code = group_sums.unit_code
        and scorecard.period_type = group_sums.period_type
        and scorecard.period_label = group_sums.period_label
where
    group_sums.unit_code is null
    or abs(scorecard.total_points - group_sums.portal_total) > 1e-9
    or abs(scorecard.total_points - group_sums.legal_total) > 1e-9
    or group_sums.portal_max != 100
