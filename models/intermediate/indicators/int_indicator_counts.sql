{#- One row per scored figure holder (unit, ministry/province, nation), period and indicator:
    the numerator and denominator the score is computed from, after ChiSoNgoai overrides and
    pooling.

    Order of operations (indicators.md "Units, periods, roll-up" and "Outside figures"):
    1. root figures of `distinct` and `publisher` components, replaced by the root's own
       ChiSoNgoai row where there is one;
    2. unit figures: the components' unit rows, plus publisher-level figures copied from the
       unit's root; a sub-unit's ChiSoNgoai row replaces its figure;
    3. `sum` components pooled to the root from its own and all its units' figures (after step 2,
       so a unit's outside figure enters the pool); for DOSSIER_SYNC the denominator is at least
       the root's own BaoCaoQuocGia count; then the root's own ChiSoNgoai row replaces the pool;
    4. the nation (VN): `sum` and `publisher` components summed over current provinces, `distinct`
       ones as the component counted them (each procedure once); for DOSSIER_SYNC the
       denominator is at least VN's own BaoCaoQuocGia count; then VN's own ChiSoNgoai row
       replaces the figure (raw_schema.md, revision 2026-12: VN is valid there);
    5. every scored holder × period × indicator present: no figure means 0 / 0 (the score's
       when_empty rule then applies).
    source = 'external' where a ChiSoNgoai row gave the figure itself. -#}

with

indicators as (

    select * from {{ ref('indicators') }}

),

scored as (

    select * from {{ ref('int_scored_units') }}

),

units as (

    select * from {{ ref('int_units') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

external_counts as (

    select * from {{ ref('stg_dvcqg__external_indicator_counts') }}

),

national_reports as (

    select * from {{ ref('int_national_report_counts') }}

),

components as (

    {% for model in indicator_component_models() %}
        select
            unit_code,
            period_type,
            period_label,
            indicator_code,
            figure_level,
            numerator,
            denominator
        from {{ ref(model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

external_figures as (

    select
        external_counts.unit_code,
        periods.period_type,
        periods.period_label,
        external_counts.indicator_code,
        external_counts.numerator,
        external_counts.denominator,
        coalesce(units.is_block_root, false) as is_block_root,
        external_counts.unit_code = {{ national_unit_code() }} as is_national,
        indicators.pooling
    from external_counts
    inner join periods
        on external_counts.period_label = periods.period_label
    inner join indicators
        on external_counts.indicator_code = indicators.indicator_code
    left join units
        on external_counts.unit_code = units.unit_code

),

-- 1. roots of distinct and publisher components
root_components as (

    select components.*
    from components
    inner join indicators
        on components.indicator_code = indicators.indicator_code
    where components.figure_level = 'root' and indicators.pooling in ('distinct', 'publisher')

),

root_components_overridden as (

    {{ apply_external_figures(
        'root_components', 'external_figures', "is_block_root and pooling in ('distinct', 'publisher')"
    ) }}

),

-- 2. unit figures
publisher_copies as (

    select
        units.unit_code,
        root_components_overridden.period_type,
        root_components_overridden.period_label,
        root_components_overridden.indicator_code,
        root_components_overridden.numerator,
        root_components_overridden.denominator
    from root_components_overridden
    inner join indicators
        on root_components_overridden.indicator_code = indicators.indicator_code
    inner join units
        on root_components_overridden.unit_code = units.root_unit_code
    where indicators.pooling = 'publisher' and not units.is_block_root

),

unit_raw as (

    select
        unit_code,
        period_type,
        period_label,
        indicator_code,
        numerator,
        denominator
    from components
    where figure_level = 'unit'
    union all
    select
        unit_code,
        period_type,
        period_label,
        indicator_code,
        numerator,
        denominator
    from publisher_copies

),

unit_overridden as (

    {{ apply_external_figures('unit_raw', 'external_figures', 'not is_block_root and not is_national') }}

),

-- 3. sum components pooled to roots
pooled as (

    select
        units.root_unit_code as unit_code,
        unit_overridden.period_type,
        unit_overridden.period_label,
        unit_overridden.indicator_code,
        {{ order_independent_sum('unit_overridden.numerator') }} as numerator,
        sum(unit_overridden.denominator) as denominator
    from unit_overridden
    inner join units
        on unit_overridden.unit_code = units.unit_code
    inner join indicators
        on unit_overridden.indicator_code = indicators.indicator_code
    where indicators.pooling = 'sum' and units.root_unit_code is not null
    group by
        units.root_unit_code,
        unit_overridden.period_type,
        unit_overridden.period_label,
        unit_overridden.indicator_code

),

report_floors as (

    select
        unit_code,
        period_type,
        period_label,
        cast('DOSSIER_SYNC' as {{ dbt.type_string() }}) as indicator_code,
        received_dossier_count,
        is_national
    from national_reports
    where is_block_root or is_national

),

root_report_floors as (

    select * from report_floors
    where not is_national

),

pooled_floored as (

    {{ floor_by_national_report('pooled', 'root_report_floors') }}

),

pooled_overridden as (

    {{ apply_external_figures('pooled_floored', 'external_figures', "is_block_root and pooling = 'sum'") }}

),

root_figures as (

    select * from root_components_overridden
    union all
    select * from pooled_overridden

),

-- 4. the nation
national_summed as (

    select
        {{ national_unit_code() }} as unit_code,
        root_figures.period_type,
        root_figures.period_label,
        root_figures.indicator_code,
        {{ order_independent_sum('root_figures.numerator') }} as numerator,
        sum(root_figures.denominator) as denominator
    from root_figures
    inner join units
        on root_figures.unit_code = units.unit_code
    inner join indicators
        on root_figures.indicator_code = indicators.indicator_code
    where units.unit_type_code = 'TINH' and indicators.pooling in ('sum', 'publisher')
    group by root_figures.period_type, root_figures.period_label, root_figures.indicator_code

),

national_distinct as (

    select
        components.unit_code,
        components.period_type,
        components.period_label,
        components.indicator_code,
        components.numerator,
        components.denominator
    from components
    inner join indicators
        on components.indicator_code = indicators.indicator_code
    where components.figure_level = 'national' and indicators.pooling = 'distinct'

),

national_report_floors as (

    select * from report_floors
    where is_national

),

national_floored as (

    select * from national_distinct
    union all
    select * from (
        {{ floor_by_national_report('national_summed', 'national_report_floors') }}
    ) as summed_floored

),

national_overridden as (

    {{ apply_external_figures('national_floored', 'external_figures', 'is_national') }}

),

figures as (

    select
        'unit' as figure_level,
        unit_overridden.*
    from unit_overridden
    union all
    select
        'root' as figure_level,
        root_figures.*
    from root_figures
    union all
    select
        'national' as figure_level,
        national_overridden.*
    from national_overridden

),

-- 5. every scored holder, period and indicator
final as (

    select
        scored.unit_code,
        scored.figure_level,
        scored.period_type,
        scored.period_label,
        indicators.indicator_code,
        coalesce(figures.numerator, 0) as numerator,
        coalesce(figures.denominator, 0) as denominator,
        coalesce(figures.is_external, false) as is_external
    from scored
    cross join indicators
    left join figures
        on
            scored.unit_code = figures.unit_code
            and scored.figure_level = figures.figure_level
            and scored.period_type = figures.period_type
            and scored.period_label = figures.period_label
            and indicators.indicator_code = figures.indicator_code

)

select * from final
