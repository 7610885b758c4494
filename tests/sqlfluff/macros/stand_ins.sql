{#- Stand-ins for the project's macros: each renders plain SQL of the same shape, so that
    sqlfluff lints what the models themselves write. Keep the signatures in step with macros/. -#}
{% macro clean_text(column) %}nullif(trim({{ column }}), ''){% endmacro %}
{% macro raw_row_hash(table_name) %}md5('{{ table_name }}'){% endmacro %}
{% macro national_procedure_code(column) %}split_part({{ column }}, '.', 1){% endmacro %}
{% macro parse_wire_timestamp(column) %}try_strptime({{ column }}, '%Y%m%d%H%M%S'){% endmacro %}
{% macro parse_loaded_at(column) %}try_cast({{ column }} as timestamp){% endmacro %}
{% macro parse_iso_date(column) %}try_cast({{ column }} as date){% endmacro %}
{% macro as_of_timestamp() %}cast('2026-01-01 00:00:00' as timestamp){% endmacro %}
{% macro hmac_sha256(column) %}sha256({{ column }}){% endmacro %}
{% macro matches_pattern(column, pattern) %}regexp_full_match({{ column }}, '{{ pattern }}'){% endmacro %}
{% macro unparseable_check(pairs) %}
    {%- set conditions = [] -%}
    {%- for text_column, parsed_column, field in pairs -%}
        {%- do conditions.append('(' ~ text_column ~ ' is not null and ' ~ parsed_column ~ ' is null)') -%}
    {%- endfor -%}
    {{ return([conditions | join(' or '), "'unparseable'"]) }}
{% endmacro %}
{% macro reject_rule_columns(checks) %}case
            {%- for rule, condition, detail in checks %}
            when {{ condition }} then '{{ rule }}'
            {%- endfor %}
        end as row_reject_rule{% endmacro %}
{% macro select_with_version_checks(relation, key_columns, version_column) %}select * from {{ relation }}{% endmacro %}
{% macro quarantine_rows(base_model, raw_table, key_columns) %}select * from {{ ref(base_model) }}
{% endmacro %}
{% macro index_start_date() %}cast('2025-01-01' as date){% endmacro %}
{% macro as_of_date() %}cast('2026-01-01' as date){% endmacro %}
{% macro day_of_week_iso(date_expression) %}isodow({{ date_expression }}){% endmacro %}
{% macro two_digits(number_expression) %}lpad(cast({{ number_expression }} as varchar), 2, '0'){% endmacro %}
{% macro indicator_component_models() %}{{ return(['int_indicator_a', 'int_indicator_b']) }}{% endmacro %}
{% macro indicator_from_dossier_counts(indicator_code, numerator_column, denominator_column) %}select * from {{ ref('int_dossier_period_counts') }}
{% endmacro %}
{% macro indicator_from_applied_procedures(indicator_code, procedure_condition, dossier_fact) %}select * from {{ ref('int_dossier_procedure_period_counts') }}
{% endmacro %}
{% macro apply_external_figures(relation, external_relation, external_condition) %}select * from {{ relation }} where exists (select 1 from {{ external_relation }}){% endmacro %}
{% macro type_double() %}double{% endmacro %}
{% macro indicator_petition_classification(indicator_code, category_code) %}select * from {{ ref('int_petitions_enriched') }}
{% endmacro %}
