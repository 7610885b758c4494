{#- The build's as_of point in time, naive Vietnam local time, as a timestamp literal: var as_of
    (env DVC_AS_OF, 'yyyy-mm-dd[ hh:mm:ss]') or, when empty, the moment this dbt invocation
    started (the same value in every model of a run). -#}
{% macro as_of_timestamp() -%}
    {%- set configured = var('as_of', '') | string | trim -%}
    {%- if configured and configured != 'None' -%}
        {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?', configured) -%}
            {{ exceptions.raise_compiler_error("var as_of / DVC_AS_OF must look like 2026-09-26 or 2026-09-26 23:59:59, got '" ~ configured ~ "'") }}
        {%- endif -%}
        {%- set value = configured -%}
    {%- else -%}
        {%- set value = run_started_at.astimezone(modules.pytz.timezone('Asia/Ho_Chi_Minh')).strftime('%Y-%m-%d %H:%M:%S') -%}
    {%- endif -%}
    cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
