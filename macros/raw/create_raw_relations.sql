{#-
    Build the relations of source `dvcqg` (schema `raw`) from the landing-zone files.

    Every contract column is exposed as text, exactly as sent, plus `_source_file` and
    `_source_row` (1-based data row within the file, header excluded). A file that lacks a
    contract column yields NULL for it and a warning naming the file and the column: the rows are
    kept, and the staging rules reject those that needed the value. Extra columns are ignored.
-#}
{% macro create_raw_relations() %}
    {{ return(adapter.dispatch('create_raw_relations', 'dvc_index')()) }}
{% endmacro %}


{% macro raw_source_tables() %}
    {#- The dvcqg source tables, in declaration order, from the parsed project. -#}
    {% set tables = [] %}
    {% for node in graph.sources.values() | sort(attribute='unique_id') %}
        {% if node.source_name == 'dvcqg' %}
            {% do tables.append(node) %}
        {% endif %}
    {% endfor %}
    {{ return(tables) }}
{% endmacro %}


{% macro duckdb__create_raw_relations() %}
    {% if not execute %}{{ return('') }}{% endif %}
    {% set raw_dir = var('raw_dir') | trim %}
    {% set raw_dir = raw_dir.rstrip('/') if raw_dir else 'data/raw' %}
    {% do run_query('create schema if not exists raw') %}
    {% set missing_required = [] %}
    {% for table in raw_source_tables() %}
        {% set name = table.identifier %}
        {% set columns = table.columns.keys() | list %}
        {% set files = run_query(
            "select file from glob('" ~ raw_dir ~ "/" ~ name ~ "/*.parquet') "
            ~ "union all select file from glob('" ~ raw_dir ~ "/" ~ name ~ "/*.csv') order by file"
        ).columns[0].values() %}
        {% set selects = [] %}
        {% for file in files %}
            {% set file_sql = file | replace("'", "''") %}
            {% if file.endswith('.parquet') %}
                {% set reader = "read_parquet('" ~ file_sql ~ "', file_row_number = true)" %}
                {% set present = run_query("select name from parquet_schema('" ~ file_sql ~ "')").columns[0].values() %}
                {% set row_sql = 'file_row_number + 1' %}
            {% else %}
                {% set reader = "read_csv('" ~ file_sql ~ "', header = true, all_varchar = true, auto_detect = true)" %}
                {% set present = run_query("select column_name from (describe select * from " ~ reader ~ ")").columns[0].values() %}
                {% set row_sql = 'row_number() over ()' %}
            {% endif %}
            {% set select_list = [] %}
            {% for column in columns %}
                {% if column in present %}
                    {% do select_list.append('cast("' ~ column ~ '" as varchar) as "' ~ column ~ '"') %}
                {% else %}
                    {% do log("WARNING raw file " ~ file ~ " has no column " ~ column ~ " (table " ~ name ~ "): read as empty", info=true) %}
                    {% do select_list.append('cast(null as varchar) as "' ~ column ~ '"') %}
                {% endif %}
            {% endfor %}
            {% do selects.append(
                "select " ~ select_list | join(', ')
                ~ ", cast('" ~ file_sql ~ "' as varchar) as _source_file, cast(" ~ row_sql ~ " as bigint) as _source_row"
                ~ " from " ~ reader
            ) %}
        {% endfor %}
        {% if selects | length == 0 %}
            {% if table.meta.get('optional') %}
                {% set empty_list = [] %}
                {% for column in columns %}
                    {% do empty_list.append('cast(null as varchar) as "' ~ column ~ '"') %}
                {% endfor %}
                {% do selects.append(
                    "select " ~ empty_list | join(', ')
                    ~ ", cast(null as varchar) as _source_file, cast(null as bigint) as _source_row where 1 = 0"
                ) %}
                {% do log("raw table " ~ name ~ " (optional) has no files under " ~ raw_dir ~ "/" ~ name ~ "/: empty", info=true) %}
            {% else %}
                {% do missing_required.append(name) %}
            {% endif %}
        {% endif %}
        {% if selects | length > 0 %}
            {% do run_query('create or replace view raw."' ~ name ~ '" as ' ~ selects | join('\nunion all\n')) %}
        {% endif %}
    {% endfor %}
    {% if missing_required | length > 0 %}
        {{ exceptions.raise_compiler_error(
            "Required raw table(s) missing from the landing zone " ~ raw_dir ~ ": "
            ~ missing_required | join(', ')
            ~ ". Each needs at least one .parquet or .csv file in " ~ raw_dir ~ "/<table>/."
        ) }}
    {% endif %}
    {{ return('select 1') }}
{% endmacro %}
