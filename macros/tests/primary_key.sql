{#- Generic test: `columns` are the model's primary key - none of them is null and their
    combination is unique. One grouped scan (no dbt Hub packages); each failing row is a key
    with its row count.

    Over the rows written since (env DVC_TESTS_ROWS_WRITTEN_SINCE, set by the main job only after
    a build of the same project whose data tests all passed on this warehouse, see
    rows_written_since): for an incremental model with a refreshed_at column, only the keys of
    the rows written since that build started are checked - each against every row of the
    table, so a new row that repeats a stored key fails - and only those rows for NULLs. The
    rows stored before passed this test then. A full build, and any build without the var,
    checks every row. -#}
{% test primary_key(model, columns) %}

{%- set since = rows_written_since(model) %}
{%- if since is none %}

select
    {{ columns | join(', ') }},
    count(*) as row_count
from {{ model }}
group by {{ columns | join(', ') }}
having
    count(*) > 1
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}

{%- else %}

with

written as (

    select {{ columns | join(', ') }}
    from {{ model }}
    where refreshed_at >= {{ since }}

),

repeated as (

    select
        {%- for column in columns %}
        stored.{{ column }},
        {%- endfor %}
        count(*) as row_count
    from {{ model }} as stored
    where exists (
        select 1
        from written
        where
            {%- for column in columns %}
            {{ 'and ' if not loop.first }}written.{{ column }} = stored.{{ column }}
            {%- endfor %}
    )
    group by {{ columns | join(', ') }}
    having count(*) > 1

),

empty_keys as (

    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from written
    where
        {%- for column in columns %}
        {{ 'or ' if not loop.first }}{{ column }} is null
        {%- endfor %}
    group by {{ columns | join(', ') }}

),

final as (

    select * from repeated
    union all
    select * from empty_keys

)

select * from final

{%- endif %}

{% endtest %}


{#- The refreshed_at a primary_key test starts from (a timestamp literal), or none: none unless
    env DVC_TESTS_ROWS_WRITTEN_SINCE is set, dbt executes, and the model is incremental with a
    refreshed_at column (a full refresh writes every row anew, so the same test covers it). -#}
{% macro rows_written_since(model) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {#- read when the test runs, never while parsing: a value that changes every run must not
        cost a full parse of the project (dbt re-parses when a var or a parsed env var changes) -#}
    {%- set since = env_var('DVC_TESTS_ROWS_WRITTEN_SINCE', '') -%}
    {%- if since | trim == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set incremental = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.alias == model.identifier
        and node.schema == model.schema and node.config.materialized == 'incremental' -%}
        {%- do incremental.append(node) -%}
    {%- endfor -%}
    {%- if not incremental -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(model) | map(attribute='name') | map('lower') | list -%}
    {%- if 'refreshed_at' not in columns -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return("cast('" ~ (since | string | trim) ~ "' as " ~ dbt.type_timestamp() ~ ")") }}
{% endmacro %}


{#- The paths of the models materialised as a table (or incrementally) that have no primary-key
    test: neither primary_key nor unique and not_null on one column. Read from the parsed
    project when dbt executes; an empty list while it parses. -#}
{% macro models_without_primary_key_test() %}
    {%- set missing = [] -%}
    {%- if execute -%}
        {%- set keyed = [] -%}
        {%- set unique_columns = [] -%}
        {%- set not_null_columns = [] -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'test' and node.test_metadata -%}
            {%- set test_name = node.test_metadata.name -%}
            {%- if test_name == 'primary_key' -%}
                {%- do keyed.append(node.attached_node) -%}
            {%- elif test_name == 'unique' -%}
                {%- do unique_columns.append(node.attached_node ~ '.' ~ node.column_name) -%}
            {%- elif test_name == 'not_null' -%}
                {%- do not_null_columns.append(node.attached_node ~ '.' ~ node.column_name) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for column in unique_columns if column in not_null_columns -%}
            {%- do keyed.append(column.rsplit('.', 1)[0]) -%}
        {%- endfor -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model'
            and node.config.materialized in ('table', 'incremental')
            and node.unique_id not in keyed -%}
            {%- do missing.append(node.original_file_path) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(missing | sort) }}
{% endmacro %}
