{#- One row per period: a signature of the dossier listing's rows of that period
    (fct_points_lost_dossiers, a view). The publication writes the listing as one Parquet file
    per period and links the previous version's file of a period whose signature is unchanged
    instead of writing it again (a micro-batch touches a few periods; the listing is about 22
    rows per dossier).
    The listing's rows of a period are the failure rows of the period (int_dossier_component_failures)
    joined to the figures of the period that are listed (is_listed_figure) and, for a root's
    figure, to today's units map. So the signature is:
    - the period's int_component_failure_counts rows: how many, their sum and the latest
      refreshed_at. A run that changes any failure row of a (unit, period) pair recomputes that
      pair's count (the same touched pairs and periods judged anew), which stamps it with the
      run's start; a pair that lost every failure row is deleted, which lowers the count;
    - the listed figures of the period: how many, and the fingerprint of their keys;
    - the fingerprint of the units map (unit, root), the same on every row. -#}

with

periods as (

    select * from {{ ref('int_periods') }}

),

failure_counts as (

    select * from {{ ref('int_component_failure_counts') }}

),

scores as (

    select * from {{ ref('int_indicator_scores') }}

),

units as (

    select * from {{ ref('int_units') }}

),

failures_by_period as (

    select
        period_type,
        period_label,
        count(*) as failure_pairs,
        sum(failure_count) as failure_rows,
        max(refreshed_at) as refreshed_at
    from failure_counts
    group by period_type, period_label

),

listed_by_period as (

    select
        period_type,
        period_label,
        count(*) as listed_figures,
        {{ set_fingerprint(['unit_code', 'figure_level', 'indicator_code']) }} as listed_figures_fingerprint
    from scores
    where {{ is_listed_figure() }}
    group by period_type, period_label

),

units_map as (

    select {{ set_fingerprint(['unit_code', "coalesce(root_unit_code, '')"]) }} as units_fingerprint
    from units

),

final as (

    select
        periods.period_type,
        periods.period_label,
        coalesce(failures_by_period.failure_pairs, 0) as failure_pairs,
        coalesce(failures_by_period.failure_rows, 0) as failure_rows,
        failures_by_period.refreshed_at,
        coalesce(listed_by_period.listed_figures, 0) as listed_figures,
        coalesce(listed_by_period.listed_figures_fingerprint, 0) as listed_figures_fingerprint,
        units_map.units_fingerprint
    from periods
    cross join units_map
    left join failures_by_period
        on
            periods.period_type = failures_by_period.period_type
            and periods.period_label = failures_by_period.period_label
    left join listed_by_period
        on
            periods.period_type = listed_by_period.period_type
            and periods.period_label = listed_by_period.period_label

)

select * from final
