{#- One row per scored unit, period and component: the points missing to the maximum and what
    caused them. points_lost = max_points - points (unrounded, so that points + points_lost =
    max_points exactly as the marts hold them).

    The cause (seed points_lost_causes):
    - a display-only component (2.2, 5.1; max 0): its own row, cause_kind none;
    - no points lost: NO_LOSS;
    - an empty denominator scored below the maximum by its when_empty rule: EMPTY_DENOMINATOR;
    - 3.3 with every dossier online, below the maximum only through the 1.4 sync ratio it is
      multiplied by: SYNC_FACTOR;
    - otherwise the component's own cause: cause_count = denominator - numerator items (dossiers,
      procedures, petitions or services) failed its condition.
    listed_dossier_count is how many of those dossiers fct_points_lost_dossiers names: all of them
    for a computed dossier figure, except that a BaoCaoQuocGia count above the dossiers received
    (1.4) or a unit's ChiSoNgoai figure inside a pooled one adds items that have no dossier code
    here; none for a figure given by ChiSoNgoai itself, nor for the nation. -#}

with

scores as (

    select * from {{ ref('int_indicator_scores') }}

),

causes as (

    select * from {{ ref('points_lost_causes') }}

),

failure_counts as (

    select * from {{ ref('int_component_failure_counts') }}

),

units as (

    select * from {{ ref('int_units') }}

),

-- what fct_points_lost_dossiers lists, counted without building the listing: a unit's figure
-- lists its own failing dossiers, a root's (ministry, province) those of every unit under it
unit_failure_counts as (

    select
        unit_code,
        period_type,
        period_label,
        indicator_code,
        failure_count
    from failure_counts

),

listed_counts as (

    select
        unit_code,
        'unit' as figure_level,
        period_type,
        period_label,
        indicator_code,
        failure_count as listed_dossier_count
    from unit_failure_counts
    union all
    select
        units.root_unit_code as unit_code,
        'root' as figure_level,
        unit_failure_counts.period_type,
        unit_failure_counts.period_label,
        unit_failure_counts.indicator_code,
        sum(unit_failure_counts.failure_count) as listed_dossier_count
    from unit_failure_counts
    inner join units
        on unit_failure_counts.unit_code = units.unit_code
    where units.root_unit_code is not null
    group by
        units.root_unit_code,
        unit_failure_counts.period_type,
        unit_failure_counts.period_label,
        unit_failure_counts.indicator_code

),

classified as (

    select
        unit_code,
        figure_level,
        period_type,
        period_label,
        indicator_code,
        numerator,
        denominator,
        points,
        max_points,
        source,
        -- the figures fct_points_lost_dossiers lists dossiers for
        {{ is_listed_figure() }} as is_listed,
        max_points - points as points_lost,
        case
            when max_points = 0 then indicator_code
            when points >= max_points then 'NO_LOSS'
            when denominator = 0 then 'EMPTY_DENOMINATOR'
            when numerator >= denominator then 'SYNC_FACTOR'
            else indicator_code
        end as cause_code
    from scores

),

final as (

    select
        classified.unit_code,
        classified.period_type,
        classified.period_label,
        classified.indicator_code,
        classified.points,
        classified.max_points,
        classified.points_lost,
        cast(
            case
                when classified.max_points > 0 and classified.cause_code = classified.indicator_code
                    then classified.denominator - classified.numerator
                else 0
            end as {{ type_double() }}
        ) as cause_count,
        causes.cause_kind,
        causes.description_vi as cause_description_vi,
        causes.description_en as cause_description_en,
        cast(classified.cause_code as {{ dbt.type_string() }}) as cause_code,
        cast(
            case when classified.is_listed then coalesce(listed_counts.listed_dossier_count, 0) else 0 end
            as {{ dbt.type_bigint() }}
        ) as listed_dossier_count,
        classified.numerator,
        classified.denominator,
        classified.source
    from classified
    left join causes
        on classified.cause_code = causes.cause_code
    left join listed_counts
        on
            classified.unit_code = listed_counts.unit_code
            and classified.figure_level = listed_counts.figure_level
            and classified.period_type = listed_counts.period_type
            and classified.period_label = listed_counts.period_label
            and classified.indicator_code = listed_counts.indicator_code

)

select * from final
