with

scores as (

    select * from {{ ref('int_indicator_scores') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

groups as (

    select * from {{ ref('index_groups') }}

),

by_group as (

    select
        scores.unit_code,
        scores.period_type,
        scores.period_label,
        'legal' as view,
        indicators.legal_group as group_code,
        {{ order_independent_sum('scores.points') }} as points
    from scores
    inner join indicators
        on scores.indicator_code = indicators.indicator_code
    group by scores.unit_code, scores.period_type, scores.period_label, indicators.legal_group
    union all
    select
        scores.unit_code,
        scores.period_type,
        scores.period_label,
        'portal' as view,
        indicators.portal_group_code as group_code,
        {{ order_independent_sum('scores.points') }} as points
    from scores
    inner join indicators
        on scores.indicator_code = indicators.indicator_code
    group by scores.unit_code, scores.period_type, scores.period_label, indicators.portal_group_code

),

final as (

    select
        by_group.unit_code,
        by_group.period_type,
        by_group.period_label,
        by_group.view,
        by_group.group_code,
        by_group.points,
        groups.max_points
    from by_group
    inner join groups
        on by_group.view = groups.view and by_group.group_code = groups.group_code

)

select * from final
