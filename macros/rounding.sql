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
    incremental runs and engines order rows differently): each term to 18 decimals, added in
    decimal arithmetic, which is exact. Counts (whole numbers) are unchanged; a fraction moves by
    less than 1e-18 a term, far below what rounded_for_display keeps (9 decimals, then 2), so a
    total on a tie still shows as before. `over`: the window of a windowed sum. -#}
{% macro order_independent_sum(expression, over=none) -%}
    cast(sum(cast({{ expression }} as decimal(38, 18))){% if over %} over ({{ over }}){% endif %} as {{ type_double() }})
{%- endmacro %}
