-- Every component's points lie in [0, max_points].
select
    unit_code,
    period_type,
    period_label,
    indicator_code,
    points,
    max_points
from {{ ref('fct_indicator_scores') }}
where points < 0 or points > max_points + 1e-9
