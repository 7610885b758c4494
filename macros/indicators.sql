{#- The body of a component model whose figures are two columns of int_dossier_period_counts:
    unit-level rows in the contract of models/intermediate/indicators/README.md. -#}
{% macro indicator_from_dossier_counts(indicator_code, numerator_column, denominator_column) %}
with

counts as (

    select * from {{ ref('int_dossier_period_counts') }}

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        cast('{{ indicator_code }}' as {{ dbt.type_string() }}) as indicator_code,
        cast('unit' as {{ dbt.type_string() }}) as figure_level,
        cast({{ numerator_column }} as {{ type_double() }}) as numerator,
        cast({{ denominator_column }} as {{ type_double() }}) as denominator
    from counts
    where {{ numerator_column }} > 0 or {{ denominator_column }} > 0

)

select * from final
{% endmacro %}


{#- The body of a component that counts procedures applied by a unit (stg_dvcqg__unit_procedures,
    filtered by `procedure_condition` on stg_dvcqg__procedures) and, as numerator, those of them
    with at least one dossier received in P carrying `dossier_fact` (a boolean column of
    int_dossier_procedure_period_counts). Emits `unit` rows, `root` rows (each distinct procedure
    once over a ministry/province and all its units that exist at as_of) and `national` rows (VN:
    once over all current provinces), every period. A closed unit (a district abolished on
    1/7/2025) keeps its own figure but adds nothing to its root's: the same rule as 3.1. -#}
{% macro indicator_from_applied_procedures(indicator_code, procedure_condition, dossier_fact) %}
with

unit_procedures as (

    select * from {{ ref('stg_dvcqg__unit_procedures') }}

),

procedures as (

    select * from {{ ref('stg_dvcqg__procedures') }}

),

units as (

    select * from {{ ref('int_units') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

procedure_counts as (

    select * from {{ ref('int_dossier_procedure_period_counts') }}
    where {{ dossier_fact }}

),

applied as (

    select distinct
        unit_procedures.unit_code,
        units.root_unit_code,
        root_units.unit_type_code as root_unit_type_code,
        unit_procedures.procedure_code,
        units.valid_to_date is null or units.valid_to_date >= {{ as_of_date() }} as is_active_unit
    from unit_procedures
    inner join procedures
        on unit_procedures.procedure_code = procedures.procedure_code
    inner join units
        on unit_procedures.unit_code = units.unit_code
    left join units as root_units
        on units.root_unit_code = root_units.unit_code
    where {{ procedure_condition }}

),

-- one row per figure holder and procedure, at each level
applied_by_level as (

    select distinct
        'unit' as figure_level,
        unit_code as holder_code,
        procedure_code
    from applied
    union all
    select distinct
        'root' as figure_level,
        root_unit_code as holder_code,
        procedure_code
    from applied
    where root_unit_code is not null and is_active_unit
    union all
    select distinct
        'national' as figure_level,
        {{ national_unit_code() }} as holder_code,
        procedure_code
    from applied
    where root_unit_type_code = 'TINH' and is_active_unit

),

fact_by_level as (

    select distinct
        'unit' as figure_level,
        unit_code as holder_code,
        procedure_code,
        period_type,
        period_label
    from procedure_counts
    union all
    select distinct
        'root' as figure_level,
        root_unit_code as holder_code,
        procedure_code,
        period_type,
        period_label
    from procedure_counts
    where root_unit_code is not null
    union all
    select distinct
        'national' as figure_level,
        {{ national_unit_code() }} as holder_code,
        procedure_counts.procedure_code,
        procedure_counts.period_type,
        procedure_counts.period_label
    from procedure_counts
    inner join units as root_units
        on procedure_counts.root_unit_code = root_units.unit_code
    where root_units.unit_type_code = 'TINH'

),

denominators as (

    select
        figure_level,
        holder_code,
        count(*) as procedure_count
    from applied_by_level
    group by figure_level, holder_code

),

numerators as (

    select
        applied_by_level.figure_level,
        applied_by_level.holder_code,
        fact_by_level.period_type,
        fact_by_level.period_label,
        count(*) as procedure_count
    from applied_by_level
    inner join fact_by_level
        on
            applied_by_level.figure_level = fact_by_level.figure_level
            and applied_by_level.holder_code = fact_by_level.holder_code
            and applied_by_level.procedure_code = fact_by_level.procedure_code
    group by
        applied_by_level.figure_level,
        applied_by_level.holder_code,
        fact_by_level.period_type,
        fact_by_level.period_label

),

final as (

    select
        denominators.holder_code as unit_code,
        periods.period_type,
        periods.period_label,
        cast('{{ indicator_code }}' as {{ dbt.type_string() }}) as indicator_code,
        cast(denominators.figure_level as {{ dbt.type_string() }}) as figure_level,
        cast(coalesce(numerators.procedure_count, 0) as {{ type_double() }}) as numerator,
        cast(denominators.procedure_count as {{ type_double() }}) as denominator
    from denominators
    cross join periods
    left join numerators
        on
            denominators.figure_level = numerators.figure_level
            and denominators.holder_code = numerators.holder_code
            and periods.period_type = numerators.period_type
            and periods.period_label = numerators.period_label

)

select * from final
{% endmacro %}


{#- The component registry. seeds/indicators.csv is the one list of components: each row with
    has_component_model = true has one model, int_indicator_<code in lower case>, in
    models/intermediate/indicators/components/ (dbt_project.yml tags that folder
    `indicator_component`). Returns the models int_indicator_counts unions:
    - when dbt executes: one model per seed row with has_component_model = true, read from the
      built seed; a row whose model is missing, or not declared below, stops the build with a
      message naming the row;
    - when dbt parses, in a unit test (its fixtures stand for the components) and when the seed
      is not built yet (`dbt compile` on a new warehouse): the declared models below. dbt orders
      the build from the ref() calls it sees at parse time and cannot read a seed then, so the
      build order needs this declaration; the test assert_indicator_registry_matches_seed fails
      when it, the seed and the components folder disagree. -#}
{% macro indicator_component_models() %}
    {%- set declared = indicator_component_declared_models() -%}
    {%- if not execute -%}
        {{ return(declared) }}
    {%- endif -%}
    {%- set seed_relation = built_seed_relation('indicators') -%}
    {%- if seed_relation is none -%}
        {{ return(declared) }}
    {%- endif -%}
    {%- set components = indicator_component_tagged_models() -%}
    {%- set codes = run_query(
        'select indicator_code from ' ~ seed_relation ~ ' where has_component_model order by sort_order'
    ).columns[0].values() -%}
    {%- set models = [] -%}
    {%- for code in codes -%}
        {%- set model_name = 'int_indicator_' ~ code | lower -%}
        {%- set problems = [] -%}
        {%- if model_name not in components -%}
            {%- do problems.append('no model ' ~ model_name ~ ' in models/intermediate/indicators/components/') -%}
        {%- endif -%}
        {%- if model_name not in declared -%}
            {%- do problems.append(model_name ~ ' is not in indicator_component_declared_models()') -%}
        {%- endif -%}
        {%- if problems -%}
            {{ exceptions.raise_compiler_error(
                'seeds/indicators.csv, indicator_code ' ~ code ~ ' (has_component_model = true): '
                ~ problems | join('; ') ~ '. Add the model, or set has_component_model to false.'
            ) }}
        {%- endif -%}
        {%- do models.append(model_name) -%}
    {%- endfor -%}
    {{ return(models) }}
{% endmacro %}


{#- The names of the models tagged indicator_component (the components folder), when dbt
    executes; an empty list while it parses. -#}
{% macro indicator_component_tagged_models() %}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for node in (graph.get('nodes') or {}).values() if node.resource_type == 'model' and 'indicator_component' in node.tags -%}
            {%- do names.append(node.name) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(names | sort) }}
{% endmacro %}


{#- The build-order declaration of the component models (see indicator_component_models): one
    name per seed row with has_component_model = true. ELECTRONIC_CERTIFIED_COPY (4.6) has none:
    no dossier field carries it, its figures come only from ChiSoNgoai. -#}
{% macro indicator_component_declared_models() %}
    {{ return([
        'int_indicator_publish_on_time',
        'int_indicator_public_update_on_time',
        'int_indicator_public_content_full',
        'int_indicator_dossier_sync',
        'int_indicator_on_time_processing',
        'int_indicator_avg_processing_time',
        'int_indicator_online_service_provision',
        'int_indicator_online_service_usage',
        'int_indicator_online_dossier',
        'int_indicator_payment_procedure_transacted',
        'int_indicator_payment_procedure_integrated',
        'int_indicator_online_payment_dossier',
        'int_indicator_original_result_available',
        'int_indicator_so_hoa_giay_to_giai_quyet',
        'int_indicator_reused_digitized_data',
        'int_indicator_synced_with_dvcqg_personal_storage',
        'int_indicator_citizen_data_connected_formality',
        'int_indicator_citizen_data_connected_dossier',
        'int_indicator_petition_classification_tthc',
        'int_indicator_petition_classification_staff',
        'int_indicator_petition_processing_on_time',
        'int_indicator_petition_handling_satisfaction',
        'int_indicator_dossier_receiving_satisfaction',
    ]) }}
{% endmacro %}


{#- Replace figures of `relation` (unit_code, period_type, period_label, indicator_code,
    numerator, denominator) by the ChiSoNgoai rows of `external_relation` that satisfy
    `external_condition`; a ChiSoNgoai row with no computed figure adds one. Adds is_external. -#}
{% macro apply_external_figures(relation, external_relation, external_condition) %}
    select
        coalesce({{ relation }}.unit_code, applicable.unit_code) as unit_code,
        coalesce({{ relation }}.period_type, applicable.period_type) as period_type,
        coalesce({{ relation }}.period_label, applicable.period_label) as period_label,
        coalesce({{ relation }}.indicator_code, applicable.indicator_code) as indicator_code,
        case when applicable.unit_code is not null then applicable.numerator else {{ relation }}.numerator end as numerator,
        case when applicable.unit_code is not null then applicable.denominator else {{ relation }}.denominator end as denominator,
        applicable.unit_code is not null as is_external
    from {{ relation }}
    full outer join (
        select * from {{ external_relation }}
        where {{ external_condition }}
    ) as applicable
        on
            {{ relation }}.unit_code = applicable.unit_code
            and {{ relation }}.period_type = applicable.period_type
            and {{ relation }}.period_label = applicable.period_label
            and {{ relation }}.indicator_code = applicable.indicator_code
{% endmacro %}


{#- The code of the national figure holder, a string literal: `VN`. It is not a DonVi unit; the
    portal's national row carries it, and so may BaoCaoQuocGia, ChiSoNgoai and DiemCongBo
    (raw_schema.md, revision 2026-12). -#}
{% macro national_unit_code() -%}
    'VN'
{%- endmacro %}


{#- A select of the unit codes a row of the national tables (BaoCaoQuocGia, ChiSoNgoai,
    DiemCongBo) may name: every DonVi unit, and the national row VN, which is not in DonVi
    (raw_schema.md, revision 2026-12). -#}
{% macro known_unit_codes_with_nation() %}
    select distinct unit_code from {{ ref('stg_dvcqg__units') }}
    union
    select {{ national_unit_code() }} as unit_code
{% endmacro %}


{#- The 1.4 DOSSIER_SYNC denominator of pooled figures (`relation`: unit_code, period_type,
    period_label, indicator_code, numerator, denominator) raised to the holder's own
    BaoCaoQuocGia count where that is larger (`floors`: unit_code, period_type, period_label,
    indicator_code, received_dossier_count). A select for a CTE. -#}
{% macro floor_by_national_report(relation, floors) %}
    select
        coalesce({{ relation }}.unit_code, {{ floors }}.unit_code) as unit_code,
        coalesce({{ relation }}.period_type, {{ floors }}.period_type) as period_type,
        coalesce({{ relation }}.period_label, {{ floors }}.period_label) as period_label,
        coalesce({{ relation }}.indicator_code, {{ floors }}.indicator_code) as indicator_code,
        coalesce({{ relation }}.numerator, 0) as numerator,
        case
            when coalesce({{ floors }}.received_dossier_count, 0) > coalesce({{ relation }}.denominator, 0)
                then {{ floors }}.received_dossier_count
            else coalesce({{ relation }}.denominator, 0)
        end as denominator
    from {{ relation }}
    full outer join {{ floors }}
        on
            {{ relation }}.unit_code = {{ floors }}.unit_code
            and {{ relation }}.period_type = {{ floors }}.period_type
            and {{ relation }}.period_label = {{ floors }}.period_label
            and {{ relation }}.indicator_code = {{ floors }}.indicator_code
{% endmacro %}


{#- The body of a 5.1 display ratio: per handling unit and period, the petitions received in P
    of `category_code` over all petitions the unit received in P (rejected ones included). -#}
{% macro indicator_petition_classification(indicator_code, category_code) %}
with

petitions as (

    select * from {{ ref('int_petitions_enriched') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

final as (

    select
        petitions.handling_unit_code as unit_code,
        periods.period_type,
        periods.period_label,
        cast('{{ indicator_code }}' as {{ dbt.type_string() }}) as indicator_code,
        cast('unit' as {{ dbt.type_string() }}) as figure_level,
        cast(sum(case when petitions.category_code = '{{ category_code }}' then 1 else 0 end) as {{ type_double() }})
            as numerator,
        cast(count(*) as {{ type_double() }}) as denominator
    from petitions
    inner join periods
        on
            petitions.received_at >= periods.period_start_at
            and petitions.received_at < periods.period_end_exclusive_at
    group by
        petitions.handling_unit_code,
        periods.period_type,
        periods.period_label

)

select * from final
{% endmacro %}


{#- The figures fct_points_lost_dossiers lists failing dossiers for (and fct_points_lost counts
    them for): a unit's or root's own computed figure that lost points on its counts. One rule
    for the view and the mart. -#}
{% macro is_listed_figure(relation='') -%}
    {%- set p = relation ~ '.' if relation else '' -%}
    {{ p }}figure_level in ('unit', 'root')
    and {{ p }}source = 'computed'
    and {{ p }}points < {{ p }}max_points
    and {{ p }}numerator < {{ p }}denominator
{%- endmacro %}


{#- 5.4's dissatisfaction as a period judges it (over int_dossier_period_timeliness): a
    dissatisfied rating or petition before the period's end and by its judged_at. One rule for
    the component's counts and the drill-down failures. -#}
{% macro is_dissatisfied_by_judgment() -%}
    coalesce(
        first_dissatisfied_at < period_end_exclusive_at
        and first_dissatisfied_at <= judged_at,
        false
    )
{%- endmacro %}
