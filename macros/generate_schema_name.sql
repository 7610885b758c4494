{#- Use the configured schema as is (staging, intermediate, marts, reference), not prefixed with
    the target schema: BI users and the tests address `marts.fct_...` on every target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
