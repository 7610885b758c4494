{#- The warehouse's figures beside the portal's (DiemCongBo), per unit, period and figure: each
    component, each portal group and the total (TONG), for every unit-period the portal was read
    for. Status (tolerance from seed reconciliation_settings):
    - not_computed: the portal published a figure the warehouse has not (unknown period at as_of,
      unit not scored);
    - not_published: the warehouse scores it, the portal's read has no such row (display-only
      components are left out unless published);
    - equal: same counts (components) and the same points as shown (2 decimals);
    - rounding: same counts, points as shown within the tolerance;
    - differs: anything else.
    A component whose denominator is the dossiers received in P (seed reconciliation_components)
    is explained from fct_reconciliation_dossiers: a denominator the warehouse has larger by the
    causes the portal cannot see (never synced, synced after the read, and for 1.4 the national
    report count above the dossiers received), smaller by those the warehouse does not count
    (sub-dossiers, quarantined, loaded after as_of). explained_dossier_count is how much of the
    gap the causes in its direction cover (at most the gap), gap_coverage that as a share. -#}

with

published as (

    select * from {{ ref('stg_dvcqg__published_scores') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

scores as (

    select * from {{ ref('int_indicator_scores') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

group_scores as (

    select * from {{ ref('fct_group_scores') }}
    where view = 'portal'

),

scorecard as (

    select * from {{ ref('fct_unit_scorecard') }}

),

cause_dossiers as (

    select * from {{ ref('fct_reconciliation_dossiers') }}

),

causes as (

    select * from {{ ref('reconciliation_causes') }}

),

explained_components as (

    select * from {{ ref('reconciliation_components') }}

),

settings as (

    select cast(value as {{ type_double() }}) as rounding_tolerance
    from {{ ref('reconciliation_settings') }}
    where setting = 'rounding_tolerance'

),

dossier_counts as (

    select * from {{ ref('int_dossier_period_counts') }}

),

units as (

    select * from {{ ref('int_units') }}

),

published_figures as (

    select
        published.*,
        periods.period_type
    from published
    left join periods
        on published.period_label = periods.period_label

),

read_unit_periods as (

    select distinct
        unit_code,
        period_type,
        period_label
    from published_figures
    where period_type is not null

),

computed as (

    select
        scores.unit_code,
        scores.period_type,
        scores.period_label,
        cast('component' as {{ dbt.type_string() }}) as figure_kind,
        scores.indicator_code as figure_code,
        scores.numerator,
        scores.denominator,
        scores.points,
        indicators.is_display_only
    from scores
    inner join indicators
        on scores.indicator_code = indicators.indicator_code
    union all
    select
        unit_code,
        period_type,
        period_label,
        'group' as figure_kind,
        group_code as figure_code,
        null as numerator,
        null as denominator,
        points,
        false as is_display_only
    from group_scores
    union all
    select
        unit_code,
        period_type,
        period_label,
        'total' as figure_kind,
        'TONG' as figure_code,
        null as numerator,
        null as denominator,
        total_points as points,
        false as is_display_only
    from scorecard

),

computed_read as (

    select computed.*
    from computed
    inner join read_unit_periods
        on
            computed.unit_code = read_unit_periods.unit_code
            and computed.period_type = read_unit_periods.period_type
            and computed.period_label = read_unit_periods.period_label

),

paired as (

    select
        coalesce(computed_read.unit_code, published_figures.unit_code) as unit_code,
        coalesce(computed_read.period_type, published_figures.period_type) as period_type,
        coalesce(computed_read.period_label, published_figures.period_label) as period_label,
        coalesce(computed_read.figure_kind, published_figures.figure_kind) as figure_kind,
        coalesce(computed_read.figure_code, published_figures.figure_code) as figure_code,
        computed_read.numerator as computed_numerator,
        computed_read.denominator as computed_denominator,
        computed_read.points as computed_points,
        {{ rounded_for_display('computed_read.points', 2) }} as computed_points_shown,
        published_figures.numerator as published_numerator,
        published_figures.denominator as published_denominator,
        published_figures.points as published_points,
        published_figures.published_at,
        computed_read.unit_code is not null as is_computed,
        published_figures.unit_code is not null as is_published,
        coalesce(computed_read.is_display_only, false) as is_display_only
    from computed_read
    full outer join published_figures
        on
            computed_read.unit_code = published_figures.unit_code
            and computed_read.period_type = published_figures.period_type
            and computed_read.period_label = published_figures.period_label
            and computed_read.figure_code = published_figures.figure_code

),

-- dossiers received in P by the figure's unit (its own, or its pool for a ministry/province)
received_counts as (

    select
        read_unit_periods.unit_code,
        read_unit_periods.period_type,
        read_unit_periods.period_label,
        sum(dossier_counts.received_count) as received_count
    from read_unit_periods
    inner join units
        on read_unit_periods.unit_code in (units.unit_code, units.root_unit_code)
    inner join dossier_counts
        on
            units.unit_code = dossier_counts.unit_code
            and read_unit_periods.period_type = dossier_counts.period_type
            and read_unit_periods.period_label = dossier_counts.period_label
    group by read_unit_periods.unit_code, read_unit_periods.period_type, read_unit_periods.period_label

),

cause_counts as (

    select
        cause_dossiers.unit_code,
        cause_dossiers.period_type,
        cause_dossiers.period_label,
        sum(case when causes.direction = 'computed_more' then 1 else 0 end) as computed_more_count,
        sum(case when causes.direction = 'portal_more' then 1 else 0 end) as portal_more_count
    from cause_dossiers
    inner join causes
        on cause_dossiers.cause_code = causes.cause_code
    group by cause_dossiers.unit_code, cause_dossiers.period_type, cause_dossiers.period_label

),

with_gaps as (

    select
        paired.*,
        paired.computed_numerator - paired.published_numerator as numerator_difference,
        paired.computed_denominator - paired.published_denominator as denominator_difference,
        paired.computed_points_shown - paired.published_points as points_difference,
        explained_components.indicator_code is not null as is_explained_by_dossiers,
        coalesce(cause_counts.computed_more_count, 0)
        + case
            when paired.figure_code = 'DOSSIER_SYNC' and paired.computed_denominator > coalesce(received_counts.received_count, 0)
                then paired.computed_denominator - coalesce(received_counts.received_count, 0)
            else 0
        end as computed_more_count,
        coalesce(cause_counts.portal_more_count, 0) as portal_more_count
    from paired
    left join explained_components
        on paired.figure_kind = 'component' and paired.figure_code = explained_components.indicator_code
    left join cause_counts
        on
            paired.unit_code = cause_counts.unit_code
            and paired.period_type = cause_counts.period_type
            and paired.period_label = cause_counts.period_label
    left join received_counts
        on
            paired.unit_code = received_counts.unit_code
            and paired.period_type = received_counts.period_type
            and paired.period_label = received_counts.period_label

),

classified as (

    select
        with_gaps.*,
        case
            when not with_gaps.is_published then 'not_published'
            when not with_gaps.is_computed then 'not_computed'
            when
                with_gaps.figure_kind = 'component'
                and (
                    with_gaps.numerator_difference is null or with_gaps.numerator_difference <> 0
                    or with_gaps.denominator_difference is null or with_gaps.denominator_difference <> 0
                )
                then 'differs'
            when abs(with_gaps.points_difference) < 0.000001 then 'equal'
            when abs(with_gaps.points_difference) <= settings.rounding_tolerance + 0.000001 then 'rounding'
            else 'differs'
        end as status,
        case
            when not with_gaps.is_explained_by_dossiers or with_gaps.denominator_difference is null then null
            when with_gaps.denominator_difference > 0
                then least(with_gaps.denominator_difference, with_gaps.computed_more_count)
            when with_gaps.denominator_difference < 0
                then least(-with_gaps.denominator_difference, with_gaps.portal_more_count)
            else 0
        end as explained_dossier_count
    from with_gaps
    cross join settings

),

final as (

    select
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_label as {{ dbt.type_string() }}) as period_label,
        cast(figure_kind as {{ dbt.type_string() }}) as figure_kind,
        cast(figure_code as {{ dbt.type_string() }}) as figure_code,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(computed_numerator as {{ type_double() }}) as computed_numerator,
        cast(computed_denominator as {{ type_double() }}) as computed_denominator,
        cast(computed_points as {{ type_double() }}) as computed_points,
        cast(computed_points_shown as {{ type_double() }}) as computed_points_shown,
        cast(published_numerator as {{ type_double() }}) as published_numerator,
        cast(published_denominator as {{ type_double() }}) as published_denominator,
        cast(published_points as {{ type_double() }}) as published_points,
        cast(numerator_difference as {{ type_double() }}) as numerator_difference,
        cast(denominator_difference as {{ type_double() }}) as denominator_difference,
        cast(points_difference as {{ type_double() }}) as points_difference,
        cast(explained_dossier_count as {{ type_double() }}) as explained_dossier_count,
        cast(
            case
                when explained_dossier_count is null or denominator_difference = 0 then null
                else explained_dossier_count / abs(denominator_difference)
            end as {{ type_double() }}
        ) as gap_coverage,
        cast(published_at as {{ dbt.type_timestamp() }}) as published_at
    from classified
    where is_published or not is_display_only

)

select * from final
