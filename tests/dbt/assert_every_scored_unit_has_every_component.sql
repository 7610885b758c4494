-- Every scored unit has a row for every component in every period it is scored for, and every
-- ministry, current province and the nation is scored in every period.
with

expected as (

    select
        scored.unit_code,
        scored.period_type,
        scored.period_label,
        indicators.indicator_code
    from {{ ref('int_scored_units') }} as scored
    cross join {{ ref('dim_indicators') }} as indicators

),

roots_missing as (

    select
        units.unit_code,
        periods.period_type,
        periods.period_label,
        'root not scored' as indicator_code
    from {{ ref('dim_units') }} as units
    cross join {{ ref('dim_periods') }} as periods
    left join {{ ref('fct_unit_scorecard') }} as scorecard
        on
            units.unit_code = scorecard.unit_code
            and periods.period_type = scorecard.period_type
            and periods.period_label = scorecard.period_label
    where (units.is_block_root or units.unit_code = 'VN') and scorecard.unit_code is null

)

select
    expected.unit_code,
    expected.period_type,
    expected.period_label,
    expected.indicator_code
from expected
left join {{ ref('fct_indicator_scores') }} as scores
    on
        expected.unit_code = scores.unit_code
        and expected.period_type = scores.period_type
        and expected.period_label = scores.period_label
        and expected.indicator_code = scores.indicator_code
where scores.unit_code is null
union all
select * from roots_missing
