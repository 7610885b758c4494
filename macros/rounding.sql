{#- A value rounded half away from zero to `digits` decimals, as DuckDB rounds a double: the
    binary value times 10^digits, rounded. Spark's round() rounds the value's shortest decimal
    text instead (79.995 becomes 80.00 there, 79.99 on DuckDB), which could move a total across
    a grade band; its variant computes DuckDB's way, so both engines show the same total. -#}
{% macro round_half_away(expression, digits) %}
    {{- return(adapter.dispatch('round_half_away', 'dvc_index')(expression, digits)) -}}
{% endmacro %}

{% macro default__round_half_away(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}

{% macro spark__round_half_away(expression, digits) -%}
    (signum({{ expression }}) * floor(abs({{ expression }}) * {{ 10 ** digits }} + 0.5) / {{ 10 ** digits }})
{%- endmacro %}
