{#- Stand-ins for the project's macros: each renders plain SQL of the same shape, so that
    sqlfluff lints what the models themselves write. Keep the signatures in step with macros/. -#}
{% macro clean_text(column) %}nullif(trim({{ column }}), ''){% endmacro %}
{% macro raw_text(field) %}nullif(trim("{{ field }}"), ''){% endmacro %}
{% macro incremental_materialization() %}{{ return('incremental') }}{% endmacro %}
{% macro raw_row_hash(table_name) %}md5('{{ table_name }}'){% endmacro %}
{% macro national_procedure_code(column) %}split_part({{ column }}, '.', 1){% endmacro %}
{% macro parse_wire_timestamp(column) %}try_strptime({{ column }}, '%Y%m%d%H%M%S'){% endmacro %}
{% macro parse_loaded_at(column) %}try_cast({{ column }} as timestamp){% endmacro %}
{% macro parse_iso_date(column) %}try_cast({{ column }} as date){% endmacro %}
{% macro as_of_timestamp() %}cast('2026-01-01 00:00:00' as timestamp){% endmacro %}
{% macro hmac_sha256(column) %}sha256({{ column }}){% endmacro %}
{% macro hmac_key_id() %}getvariable('dvc_hmac_key_id'){% endmacro %}
{% macro mask_personal(expression) %}substring({{ expression }}, 1, 80){% endmacro %}
{% macro looks_personal(expressions) %}{{ return('regexp_matches(' ~ expressions[0] ~ ", '[<>]')") }}{% endmacro %}
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
{% macro select_masked_if_rejected(relation, texts, others) %}select * from {{ relation }}{% endmacro %}
{% macro select_with_version_checks(relation, key_columns, version_column, eligible_column=none) %}select * from {{ relation }}{% endmacro %}
{% macro quarantine_rows(checked_model, raw_table, key_columns, only_known_at_as_of=false) %}select * from {{ ref(checked_model) }}
{% endmacro %}
{% macro index_start_date() %}cast('2025-01-01' as date){% endmacro %}
{% macro as_of_date() %}cast('2026-01-01' as date){% endmacro %}
{% macro day_of_week_iso(date_expression) %}isodow({{ date_expression }}){% endmacro %}
{% macro two_digits(number_expression) %}lpad(cast({{ number_expression }} as varchar), 2, '0'){% endmacro %}
{% macro indicator_component_models() %}{{ return(['int_indicator_a', 'int_indicator_b']) }}{% endmacro %}
{% macro indicator_component_tagged_models() %}{{ return(['int_indicator_a', 'int_indicator_c']) }}{% endmacro %}
{% macro indicator_component_declared_models() %}{{ return(['int_indicator_a', 'int_indicator_b']) }}{% endmacro %}
{% macro indicator_from_dossier_counts(indicator_code, numerator_column, denominator_column) %}select * from {{ ref('int_dossier_period_counts') }}
{% endmacro %}
{% macro indicator_from_applied_procedures(indicator_code, procedure_condition, dossier_fact) %}select * from {{ ref('int_dossier_procedure_period_counts') }}
{% endmacro %}
{% macro apply_external_figures(relation, external_relation, external_condition) %}select * from {{ relation }} where exists (select 1 from {{ external_relation }}){% endmacro %}
{% macro type_double() %}double{% endmacro %}
{% macro indicator_petition_classification(indicator_code, category_code) %}select * from {{ ref('int_petitions_enriched') }}
{% endmacro %}
{% macro refresh_timestamp() %}cast('2026-01-01 00:00:00' as timestamp){% endmacro %}
{% macro as_of_text() %}{{ return('2026-01-01 00:00:00') }}{% endmacro %}
{% macro incremental_state() %}{{ return({'refreshed_at': "cast('1900-01-01' as timestamp)", 'as_of': '1900-01-01 00:00:00'}) }}{% endmacro %}
{% macro as_of_window(state) %}{{ return(["cast('1900-01-01' as timestamp)", "cast('2026-01-01' as timestamp)"]) }}{% endmacro %}
{% macro new_raw_files_filter(column='_source_file') %}{% endmacro %}
{% macro checked_rows_to_check(parsed_relation, with_new_dossier_codes=true, touch_column='dossier_code') %}
    select * from {{ parsed_relation }}{% endmacro %}
{% macro dossier_codes_refreshed_since(state, models) %}select dossier_code from {{ ref(models[0]) }}{% endmacro %}
{% macro unit_periods_touched_since(state) %}
    select unit_code, period_type, period_label from {{ ref('int_dossier_period_counts') }}{% endmacro %}
{% macro delete_touched_rows(key_columns, touched_sql, rejudged_periods=false) %}{% endmacro %}
{% macro delete_timeliness_touched_rows() %}{% endmacro %}
{% macro enriched_dossiers_to_refresh(state, staging_models) %}select dossier_code from {{ ref('stg_dvcqg__dossiers') }}{% endmacro %}
{% macro is_touched_unit_period(state, unit_column, period_type_column, period_label_column) %}true{% endmacro %}
{% macro is_touched_unit(state, unit_column) %}true{% endmacro %}
{% macro join_periods_to_recount(state, periods, unit_column, at_column, with_rejudged_periods=false) %}inner join {{ periods }} on {{ at_column }} >= {{ periods }}.period_start_at and {{ at_column }} < {{ periods }}.period_end_exclusive_at{% endmacro %}
{% macro is_refreshed_dossier(state, dossier_column='dossier_code') %}true{% endmacro %}
{% macro is_rejudged_period(state, period_end_column='period_end_exclusive_at') %}false{% endmacro %}
{% macro is_received_in_rejudged_period(state, received_column='received_at') %}false{% endmacro %}
{% macro is_dossier_to_judge(state, dossier_column='dossier_code', received_column='received_at') %}true{% endmacro %}
{% macro is_refreshed_since(state, column='refreshed_at') %}true{% endmacro %}
{% macro cte_not_materialized() %}{% endmacro %}
{% macro is_listed_figure(relation='') %}figure_level in ('unit', 'root') and points < max_points{% endmacro %}
{% macro is_dissatisfied_by_judgment() %}coalesce(first_dissatisfied_at < period_end_exclusive_at and first_dissatisfied_at <= judged_at, false){% endmacro %}
{% macro rounded_for_display(expression, digits) %}cast(round(cast({{ expression }} as decimal(38, 9)), {{ digits }}) as double){% endmacro %}
{% macro order_independent_sum(expression, over=none) %}cast(sum(cast({{ expression }} as decimal(38, 18))){% if over %} over ({{ over }}){% endif %} as double){% endmacro %}
{% macro cte_inlined_in_full_build() %}{% endmacro %}
{% macro national_unit_code() %}'VN'{% endmacro %}
{% macro floor_by_national_report(relation, floors) %}select * from {{ relation }} where exists (select 1 from {{ floors }}){% endmacro %}
{% macro known_unit_codes_with_nation() %}select distinct unit_code from {{ ref('stg_dvcqg__units') }}{% endmacro %}
{% macro models_without_primary_key_test() %}{{ return(['models/a.sql', 'models/b.sql']) }}{% endmacro %}
{% macro not_in_code_list(column, code_list) %}{{ return(column ~ " not in ('0', '1')") }}{% endmacro %}
{% macro petitions_fingerprint() %}sum(cast(hash(petition_code, coalesce(received_at, sent_at)) as decimal(38, 0))){% endmacro %}
{% macro set_fingerprint(expressions) %}sum(cast(hash({{ expressions | join(", ") }}) as decimal(38, 0))){% endmacro %}
