{#- ISO day of week: 1 = Monday … 7 = Sunday. -#}
{% macro day_of_week_iso(date_expression) %}
    {{ return(adapter.dispatch('day_of_week_iso', 'dvc_index')(date_expression)) }}
{% endmacro %}

{% macro default__day_of_week_iso(date_expression) -%}
    ((dayofweek({{ date_expression }}) + 5) % 7 + 1)
{%- endmacro %}

{% macro duckdb__day_of_week_iso(date_expression) -%}
    isodow({{ date_expression }})
{%- endmacro %}


{#- A date as text `yyyy-MM-dd` parts: zero-padded month number. -#}
{% macro two_digits(number_expression) -%}
    lpad(cast({{ number_expression }} as {{ dbt.type_string() }}), 2, '0')
{%- endmacro %}


{#- The first date the index covers (var index_start_date, default 2025-01-01) as a SQL date. -#}
{% macro index_start_date() -%}
    cast('{{ var("index_start_date", "2025-01-01") }}' as date)
{%- endmacro %}


{#- The build's as_of date (Vietnam local). -#}
{% macro as_of_date() -%}
    cast({{ as_of_timestamp() }} as date)
{%- endmacro %}


{#- A 64-bit floating-point type on every engine (dbt's type_float is 32-bit REAL on DuckDB,
    too coarse for exact ratios of national counts). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'dvc_index')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}
