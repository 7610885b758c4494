{#- A total as shown, with `digits` decimals, the same on every engine and every run: first to 9
    decimals, which removes the last-bit noise of adding doubles in a different order (engines and
    threads add a unit's points in different orders), then rounded half up in decimal arithmetic,
    so 79.995 shows as 80.00. Rounding the double itself is engine-specific
    (DuckDB and Spark round doubles by different methods; on the cross-engine test zone a total
    rounded differently), and a total that lands near such a tie could show, and grade,
    differently from one build to the next. -#}
{% macro rounded_for_display(expression, digits) -%}
    cast(round(cast({{ expression }} as decimal(38, 9)), {{ digits }}) as {{ type_double() }})
{%- endmacro %}
