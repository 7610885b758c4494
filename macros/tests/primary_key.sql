{#- Generic test: `columns` are the model's primary key - none of them is null and their
    combination is unique. One grouped scan (no dbt Hub packages); each failing row is a key
    with its row count. -#}
{% test primary_key(model, columns) %}

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

{% endtest %}


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
