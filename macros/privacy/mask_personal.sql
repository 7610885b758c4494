{#-
    How an offending value is shown: `mask_personal(expression)` replaces what looks personal
    (emails, phone shapes, digit runs of 9 or more, words with non-ASCII letters, capitalised
    words side by side) by a placeholder and cuts the text to a maximum length. The rules are
    var `personal_data_masks` (dbt_project.yml), which src/dvc_index/privacy.py applies the same
    way to the raw gate's samples and Data Docs (a test checks that both agree).

    `looks_personal(expressions)`: true when any of the texts matches one of the rules marked
    `in_codes`, or holds a placeholder of a value masked before (`<`, `>`): the format rule of
    the codes that are published (rule `personal_identifier`).

    `masked_if(condition, column)`: the column where `condition` holds (a rejected row: base
    models store every raw row, and a rejected one may carry a personal value in any column)
    with the rules marked `in_codes` applied, as it is elsewhere; ends with `as column`. Only
    those rules: a value they change is one `looks_personal` flags too, so a stored rejected row
    checked again by an incremental run breaks the same rule as before, and a valid code with a
    non-ASCII letter (sector BGDĐT03) is never changed.
-#}
{% macro mask_personal(expression, in_codes_only=false) %}
    {%- set config = var('personal_data_masks') -%}
    {%- set masked = namespace(sql=expression) -%}
    {%- for rule in config['rules'] if rule['in_codes'] or not in_codes_only -%}
        {%- set masked.sql = adapter.dispatch('regexp_replace_all', 'dvc_index')(masked.sql, rule['pattern'], rule['replacement']) -%}
    {%- endfor -%}
    substring({{ masked.sql }}, 1, {{ config['max_length'] }})
{%- endmacro %}

{% macro looks_personal(expressions) %}
    {%- set patterns = ['[<>]'] -%}
    {%- for rule in var('personal_data_masks')['rules'] if rule['in_codes'] -%}
        {%- do patterns.append('(' ~ rule['pattern'] ~ ')') -%}
    {%- endfor -%}
    {{ return(adapter.dispatch('regexp_contains', 'dvc_index')("concat_ws('|', " ~ expressions | join(', ') ~ ")", patterns | join('|'))) }}
{% endmacro %}

{% macro masked_if(condition, column) -%}
    case when {{ condition }} then {{ mask_personal(column, in_codes_only=true) }} else {{ column }} end as {{ column.split('.')[-1] }}
{%- endmacro %}

{#- A regular expression as an SQL string literal: Spark reads backslashes in literals as
    escapes (so they are doubled), DuckDB keeps them as they are. -#}
{% macro regex_literal(pattern) %}
    {{ return(adapter.dispatch('regex_literal', 'dvc_index')(pattern)) }}
{% endmacro %}

{% macro default__regex_literal(pattern) %}
    {{ return("'" ~ pattern.replace('\\', '\\\\').replace("'", "\\'") ~ "'") }}
{% endmacro %}

{% macro duckdb__regex_literal(pattern) %}
    {{ return("'" ~ pattern.replace("'", "''") ~ "'") }}
{% endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) %}
    {{ return('regexp_replace(' ~ expression ~ ', ' ~ dvc_index.regex_literal(pattern) ~ ", '" ~ replacement ~ "')") }}
{% endmacro %}

{% macro duckdb__regexp_replace_all(expression, pattern, replacement) %}
    {{ return('regexp_replace(' ~ expression ~ ', ' ~ dvc_index.regex_literal(pattern) ~ ", '" ~ replacement ~ "', 'g')") }}
{% endmacro %}

{% macro default__regexp_contains(expression, pattern) %}
    {{ return('(' ~ expression ~ ' rlike ' ~ dvc_index.regex_literal(pattern) ~ ')') }}
{% endmacro %}

{% macro duckdb__regexp_contains(expression, pattern) %}
    {{ return('regexp_matches(' ~ expression ~ ', ' ~ dvc_index.regex_literal(pattern) ~ ')') }}
{% endmacro %}
