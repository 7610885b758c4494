-- The grade is the band that holds the total as shown (2 decimals).
select
    scorecard.unit_code,
    scorecard.period_type,
    scorecard.period_label,
    scorecard.total_points_shown,
    scorecard.grade_code,
    bands.grade_code as expected_grade_code
from {{ ref('fct_unit_scorecard') }} as scorecard
left join {{ ref('grade_bands') }} as bands
    on
        scorecard.total_points_shown >= bands.min_total
        and scorecard.total_points_shown < bands.max_total_exclusive
where
    bands.grade_code is null
    or scorecard.grade_code is null
    or scorecard.grade_code != bands.grade_code
    or abs(scorecard.total_points_shown - {{ rounded_for_display('scorecard.total_points', 2) }}) > 1e-9
