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


{#- A sum of doubles that does not depend on the order the engine adds them in (threads,
    incremental runs and engines order rows differently): each term to 9 decimals, added in
    decimal arithmetic, which is exact. Counts (whole numbers) are unchanged; a numerator in
    fractional days (2.2) moves by less than a nanosecond a term. -#}
{% macro order_independent_sum(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 9))) as {{ type_double() }})
{%- endmacro %}
