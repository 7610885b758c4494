{#- The code lists of the landing-zone contract (raw_schema.md) have one definition:
    seeds/code_lists.csv (code_list, code, label). SQL reads them through these macros, the dbt
    tests through the generic test in_code_list, the raw gate through validation/contract.py. -#}

{#- A condition true when `column` holds a value outside code list `code_list` (NULL stays NULL:
    an empty value is a rule of its own). The codes are read from the built seed when dbt
    executes and written into the SQL as literals, so the engine compares with constants; the
    ref() makes dbt build the seed first. -#}
{% macro not_in_code_list(column, code_list) -%}
    {%- set seed = ref('code_lists') -%}
    {{ return(column ~ ' not in (' ~ code_list_literals(code_list) ~ ')') }}
{%- endmacro %}


{#- The codes of `code_list` as a comma-separated list of SQL string literals,
    sorted; a placeholder while dbt parses. An unknown list stops the build. -#}
{% macro code_list_literals(code_list) -%}
    {%- if not execute -%}
        {{ return("''") }}
    {%- endif -%}
    {%- set relation = built_seed_relation('code_lists') -%}
    {%- if relation is none -%}
        {{ exceptions.raise_compiler_error('seed code_lists is not built yet: run dbt seed (or dbt build)') }}
    {%- endif -%}
    {%- set codes = run_query(
        "select code from " ~ relation ~ " where code_list = '" ~ code_list ~ "' order by code"
    ).columns[0].values() -%}
    {%- if codes | length == 0 -%}
        {{ exceptions.raise_compiler_error('seeds/code_lists.csv has no code list ' ~ code_list) }}
    {%- endif -%}
    {%- set literals = [] -%}
    {%- for code in codes -%}
        {%- do literals.append("'" ~ code | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {{ return(literals | join(', ')) }}
{%- endmacro %}


{#- The relation of a seed of this project as built in the warehouse (not a unit test's
    fixture), from the parsed project; none when it is not built yet, while dbt parses and in a
    unit test. -#}
{% macro built_seed_relation(seed_name) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {#- a unit test's context has an empty graph -#}
    {%- set node = (graph.get('nodes') or {}).get('seed.' ~ project_name ~ '.' ~ seed_name) -%}
    {%- if node is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
{%- endmacro %}
