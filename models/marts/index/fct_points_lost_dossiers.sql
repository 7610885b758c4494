{{ config(materialized='view') }}

{#- The drill-down of fct_points_lost: for every scored unit, period and dossier-based component
    that lost points on a computed figure, the codes of the dossiers that failed the component's
    condition (codes only, no personal data). A department, commune or district lists its own
    dossiers; a ministry or province lists every dossier whose unit rolls up to it (its own and
    all its units', today's map), as its pooled figure counts them. The nation (VN) is not listed
    here: its dossiers are those of the provinces.

    A view: the listing is dossiers x periods x components x (unit and its root), about 22 rows
    per dossier, and a BI reader asks for one unit, period and component at a time. Its rows live
    in int_dossier_component_failures (a view over two incremental tables); the view joins them to the
    figures that lost points when read. The publication (dvc_index.publish) writes it as a table. -#}

with

failures as (

    select * from {{ ref('int_dossier_component_failures') }}

),

units as (

    select * from {{ ref('int_units') }}

),

scores as (

    select * from {{ ref('int_indicator_scores') }}

),

-- the figures that lost points and have failing items to list
losing_figures as (

    select
        unit_code,
        figure_level,
        period_type,
        period_label,
        indicator_code
    from scores
    where {{ is_listed_figure() }}

),

-- each failure counts for its own unit's figure and for its root's pooled figure
by_figure as (

    select
        failures.unit_code as figure_unit_code,
        'unit' as figure_level,
        failures.*
    from failures
    union all
    select
        units.root_unit_code as figure_unit_code,
        'root' as figure_level,
        failures.*
    from failures
    inner join units
        on failures.unit_code = units.unit_code
    where units.root_unit_code is not null

),

final as (

    select
        cast(by_figure.figure_unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(by_figure.period_type as {{ dbt.type_string() }}) as period_type,
        cast(by_figure.period_label as {{ dbt.type_string() }}) as period_label,
        cast(by_figure.indicator_code as {{ dbt.type_string() }}) as indicator_code,
        cast(by_figure.dossier_code as {{ dbt.type_string() }}) as dossier_code,
        cast(by_figure.reason as {{ dbt.type_string() }}) as reason,
        cast(by_figure.unit_code as {{ dbt.type_string() }}) as handling_unit_code,
        cast(by_figure.procedure_code as {{ dbt.type_string() }}) as procedure_code
    from by_figure
    inner join losing_figures
        on
            by_figure.figure_unit_code = losing_figures.unit_code
            and by_figure.figure_level = losing_figures.figure_level
            and by_figure.period_type = losing_figures.period_type
            and by_figure.period_label = losing_figures.period_label
            and by_figure.indicator_code = losing_figures.indicator_code

)

select * from final
