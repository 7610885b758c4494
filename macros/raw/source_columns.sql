{#- The contract columns of a dvcqg source table, as declared in _dvcqg__sources.yml. -#}
{% macro source_columns(table_name) %}
    {% if not execute %}{{ return([table_name]) }}{% endif %}
    {% for node in graph.sources.values() %}
        {% if node.source_name == 'dvcqg' and node.name == table_name %}
            {{ return(node.columns.keys() | list) }}
        {% endif %}
    {% endfor %}
    {{ exceptions.raise_compiler_error('source_columns: no dvcqg source table ' ~ table_name) }}
{% endmacro %}


{#- True when a text matches a regular expression in full. -#}
{% macro matches_pattern(column, pattern) %}
    {{ return(adapter.dispatch('matches_pattern', 'dvc_index')(column, pattern)) }}
{% endmacro %}

{% macro default__matches_pattern(column, pattern) -%}
    ({{ column }} rlike '^{{ pattern }}$')
{%- endmacro %}

{% macro duckdb__matches_pattern(column, pattern) -%}
    regexp_full_match({{ column }}, '{{ pattern }}')
{%- endmacro %}
