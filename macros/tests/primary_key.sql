{#- Generic test: `columns` are the model's primary key - none of them is null and their
    combination is unique. One grouped scan (no dbt Hub packages); each failing row is a key
    with its row count.

    Over the rows written since (env DVC_TESTS_ROWS_WRITTEN_SINCE, set by the main job only after
    a build of the same project whose data tests all passed on this warehouse, see
    rows_written_since): for an incremental model with a refreshed_at column, only the keys of
    the rows written since that build started are checked - each against every row of the
    table, so a new row that repeats a stored key fails - and only those rows for NULLs. The
    rows stored before passed this test then. A full build, and any build without the var,
    checks every row.

    A model whose meta `rows_rewritten_whole_by` names a column of the key (the staging views
    over the dossier-level checked tables: a run rewrites every row of a dossier it touches, by
    delete+insert on dossier_code) is checked in one scan of the rows written since: a stored
    row that shares the key of a written row shares its dossier code, so it was written by the
    same run. -#}
{% test primary_key(model, columns) %}

{%- set since = rows_written_since(model) %}
{%- set rewritten_whole = since is not none and rows_rewritten_whole_by(model) in columns %}
{%- if since is none or rewritten_whole %}

select
    {{ columns | join(', ') }},
    count(*) as row_count
from {{ model }}
{%- if rewritten_whole %}
where refreshed_at >= {{ since }}
{%- endif %}
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
    env DVC_TESTS_ROWS_WRITTEN_SINCE is set, dbt executes, and the model is incremental (or a
    view with meta `rows_rewritten_whole_by` over one) with a refreshed_at column (a full refresh
    writes every row anew, so the same test covers it). -#}
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
    {%- set node = model_node(model) -%}
    {%- if node is none or not (node.config.materialized == 'incremental' or rows_rewritten_whole_by(model)) -%}
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


{#- The column a model's meta `rows_rewritten_whole_by` names (every row sharing its value with a
    row a run writes is written by that run too), or none. -#}
{% macro rows_rewritten_whole_by(model) %}
    {%- set node = model_node(model) -%}
    {{ return(node.config.meta.get('rows_rewritten_whole_by') if node is not none else none) }}
{% endmacro %}


{#- The parsed model node of a relation (by schema and alias), or none (also while parsing). -#}
{% macro model_node(model) %}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.alias == model.identifier and node.schema == model.schema -%}
            {{ return(node) }}
        {%- endfor -%}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}
