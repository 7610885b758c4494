{#- Dossier components judged on dossiers received in P: [component, reason, the dossier fails
    the component's condition]. -#}
{%- set received_failure_rules = [
    ['DOSSIER_SYNC', 'not_synced', 'not is_synced'],
    ['ONLINE_DOSSIER', 'not_online', 'not is_online'],
    ['ONLINE_PAYMENT_DOSSIER', 'not_paid_online', 'is_fee_bearing and not is_paid_online'],
    ['ORIGINAL_RESULT_AVAILABLE', 'no_electronic_result', 'requires_paper_result and not has_electronic_result'],
    ['SO_HOA_GIAY_TO_GIAI_QUYET', 'not_digitized', 'not is_digitized'],
    ['REUSED_DIGITIZED_DATA', 'no_reused_data', 'not has_reused_data'],
    ['SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'not_synced_with_citizen_store', 'not is_synced_with_citizen_store'],
    ['CITIZEN_DATA_CONNECTED_DOSSIER', 'no_population_data', 'not uses_population_data'],
] -%}
{#- The drill-down of fct_points_lost: for every scored unit, period and dossier-based component
    that lost points on a computed figure, the codes of the dossiers that failed the component's
    condition (codes only, no personal data). A department, commune or district lists its own
    dossiers; a ministry or province lists every dossier whose unit rolls up to it (its own and
    all its units', today's map), as its pooled figure counts them. The nation (VN) is not listed
    here: its dossiers are those of the provinces.

    Failing = in the component's denominator and not in its numerator, by the same facts the
    component models count (int_dossier_period_counts, int_dossier_period_timeliness):
    1.4 not synced, 2.1 late (its timeliness_reason), 3.3 not online, 3.6 fee-bearing and not
    paid online, 4.1 paper result without an electronic one, 4.2 not digitized, 4.3 no reused
    data, 4.4 not synced with the applicant's store, 4.5b no population data, 5.4 late or
    dissatisfied. -#}

with

dossiers as (

    select * from {{ ref('int_dossiers_enriched') }}
    where is_counted

),

timeliness as (

    select * from {{ ref('int_dossier_period_timeliness') }}

),

periods as (

    select * from {{ ref('int_periods') }}

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
    where
        figure_level in ('unit', 'root')
        and source = 'computed'
        and points < max_points
        and numerator < denominator

),

received_in_period as (

    select
        dossiers.dossier_code,
        dossiers.unit_code,
        dossiers.procedure_code,
        periods.period_type,
        periods.period_label,
        dossiers.synced_at is not null as is_synced,
        coalesce(dossiers.is_online, false) as is_online,
        coalesce(dossiers.is_fee_bearing, false) as is_fee_bearing,
        coalesce(dossiers.is_paid_online, false) as is_paid_online,
        coalesce(dossiers.requires_paper_result, false) as requires_paper_result,
        coalesce(dossiers.has_electronic_result, false) as has_electronic_result,
        coalesce(dossiers.is_digitized, false) as is_digitized,
        coalesce(dossiers.has_reused_data, false) as has_reused_data,
        coalesce(dossiers.is_synced_with_citizen_store, false) as is_synced_with_citizen_store,
        coalesce(dossiers.uses_population_data, false) as uses_population_data
    from dossiers
    inner join periods
        on
            dossiers.received_at >= periods.period_start_at
            and dossiers.received_at < periods.period_end_exclusive_at

),

received_failures as (

    {% for indicator_code, reason, failure_condition in received_failure_rules %}
        select
            dossier_code,
            unit_code,
            procedure_code,
            period_type,
            period_label,
            '{{ indicator_code }}' as indicator_code,
            '{{ reason }}' as reason
        from received_in_period
        where {{ failure_condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

timeliness_flagged as (

    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        is_on_time,
        timeliness_reason,
        coalesce(
            first_dissatisfied_at < period_end_exclusive_at
            and first_dissatisfied_at <= judged_at,
            false
        ) as is_dissatisfied
    from timeliness

),

timeliness_failures as (

    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        'ON_TIME_PROCESSING' as indicator_code,
        timeliness_reason as reason
    from timeliness_flagged
    where not is_on_time
    union all
    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        'DOSSIER_RECEIVING_SATISFACTION' as indicator_code,
        case when is_on_time then 'dissatisfied' else timeliness_reason end as reason
    from timeliness_flagged
    where not is_on_time or is_dissatisfied

),

failures as (

    select * from received_failures
    union all
    select * from timeliness_failures

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
