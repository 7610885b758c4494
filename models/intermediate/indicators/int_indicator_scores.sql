{#- One row per scored figure holder, period and indicator with its ratio and points.

    ratio = numerator / denominator, exact; for ONLINE_DOSSIER (3.3) multiplied by the same
    holder's DOSSIER_SYNC (1.4) ratio when seed index_settings.apply_sync_factor is true (an empty
    1.4 denominator counts as 0). points = min(max, max × ratio / target). An empty denominator
    scores by when_empty: zero → 0, full → max (flagged is_assumed unless the figure came from
    ChiSoNgoai), n/a → 0 with ratio N/A. Display-only components (max 0) score 0. Nothing is
    rounded here. -#}

with

counts as (

    select * from {{ ref('int_indicator_counts') }}

),

indicators as (

    select * from {{ ref('indicators') }}

),

settings as (

    select * from {{ ref('index_settings') }}

),

sync_factor_setting as (

    select lower(trim(value)) = 'true' as is_sync_factor_applied
    from settings
    where setting = 'apply_sync_factor'

),

sync_ratios as (

    select
        unit_code,
        figure_level,
        period_type,
        period_label,
        case when denominator > 0 then numerator / denominator else 0 end as sync_ratio
    from counts
    where indicator_code = 'DOSSIER_SYNC'

),

with_ratio as (

    select
        counts.unit_code,
        counts.figure_level,
        counts.period_type,
        counts.period_label,
        counts.indicator_code,
        counts.numerator,
        counts.denominator,
        counts.is_external,
        indicators.max_points,
        indicators.target,
        indicators.when_empty,
        indicators.is_display_only,
        case
            when counts.indicator_code = 'ONLINE_DOSSIER' and coalesce(sync_factor_setting.is_sync_factor_applied, false)
                then coalesce(sync_ratios.sync_ratio, 0)
            else 1.0
        end as ratio_multiplier
    from counts
    inner join indicators
        on counts.indicator_code = indicators.indicator_code
    cross join sync_factor_setting
    left join sync_ratios
        on
            counts.unit_code = sync_ratios.unit_code
            and counts.figure_level = sync_ratios.figure_level
            and counts.period_type = sync_ratios.period_type
            and counts.period_label = sync_ratios.period_label

),

with_ratio_value as (

    select
        with_ratio.*,
        case
            when with_ratio.denominator = 0 then null
            else with_ratio.numerator / with_ratio.denominator * with_ratio.ratio_multiplier
        end as ratio
    from with_ratio

),

final as (

    select
        unit_code,
        figure_level,
        period_type,
        period_label,
        indicator_code,
        numerator,
        denominator,
        ratio,
        -- what one more numerator item adds to the ratio, times the denominator (fct_improvement_paths)
        ratio_multiplier,
        case
            when is_display_only then 0.0
            when denominator = 0 and when_empty = 'full' then cast(max_points as {{ type_double() }})
            when denominator = 0 then 0.0
            when max_points * ratio / target > max_points then cast(max_points as {{ type_double() }})
            else max_points * ratio / target
        end as points,
        cast(max_points as {{ type_double() }}) as max_points,
        denominator = 0 and when_empty = 'full' and not is_display_only and not is_external as is_assumed,
        case when is_external then 'external' else 'computed' end as source
    from with_ratio_value

)

select * from final
