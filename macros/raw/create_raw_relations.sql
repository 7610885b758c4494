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
    {% set landing_files = [] %}
    {% for table in raw_source_tables() %}
        {% set name = table.identifier %}
        {% set columns = table.columns.keys() | list %}
        {% set files = run_query(
            "select file from glob('" ~ raw_dir ~ "/" ~ name ~ "/*.parquet') "
            ~ "union all select file from glob('" ~ raw_dir ~ "/" ~ name ~ "/*.csv') order by file"
        ).columns[0].values() %}
        {% set selects = [] %}
        {% for file in files %}
            {% do landing_files.append([name, file]) %}
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
    {% do reset_incremental_on_reference_change(landing_files) %}
    {% if missing_required | length > 0 %}
        {{ exceptions.raise_compiler_error(
            "Required raw table(s) missing from the landing zone " ~ raw_dir ~ ": "
            ~ missing_required | join(', ')
            ~ ". Each needs at least one .parquet or .csv file in " ~ raw_dir ~ "/<table>/."
        ) }}
    {% endif %}
    {{ return('select 1') }}
{% endmacro %}


{#-
    Incremental tables stay exact only while the landing zone is appended to. At the start of
    every run, the files of the landing zone (table, name, size, modification time) are compared
    with those recorded by the previous run (table raw.landing_files): when a file already read
    has changed or gone, or any file of a catalogue the dossier facts depend on (sources marked
    `meta.resets_incremental`: units, procedures, holidays) is new, changed or gone, every
    incremental model's table is dropped and rebuilt in full by this run, with a log line that
    says why. New files of the dossier tables are what incremental runs are for.
-#}
{% macro reset_incremental_on_reference_change(landing_files) %}
    {% set resetting = [] %}
    {% for table in raw_source_tables() %}
        {% if table.meta.get('resets_incremental') %}{% do resetting.append(table.identifier) %}{% endif %}
    {% endfor %}
    {% set rows = [] %}
    {% set paths = [] %}
    {% for name, file in landing_files %}
        {% set file_sql = file | replace("'", "''") %}
        {% do rows.append("select '" ~ name ~ "' as raw_table, '" ~ file_sql ~ "' as file_path") %}
        {% do paths.append("'" ~ file_sql ~ "'") %}
    {% endfor %}
    {% if rows | length == 0 %}{{ return('') }}{% endif %}
    {#- read_blob reads only the metadata asked for (size, modification time), not the content. -#}
    {% do run_query(
        "create or replace temporary table landing_files_now as "
        ~ "select listing.raw_table, listing.file_path, blob.size as file_size, "
        ~ "cast(blob.last_modified as varchar) as modified_at "
        ~ "from (" ~ rows | join(' union all ') ~ ") as listing "
        ~ "inner join read_blob([" ~ paths | join(', ') ~ "]) as blob "
        ~ "on blob.filename = listing.file_path"
    ) %}
    {% set previous_exists = run_query(
        "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'landing_files'"
    ).rows[0][0] > 0 %}
    {% set reasons = [] %}
    {% if previous_exists %}
        {% set changed = run_query(
            "select coalesce(previous.raw_table, now.raw_table), coalesce(previous.file_path, now.file_path), "
            ~ "case when now.file_path is null then 'removed' when previous.file_path is null then 'added' else 'changed' end "
            ~ "from raw.landing_files as previous "
            ~ "full outer join landing_files_now as now on previous.file_path = now.file_path "
            ~ "where (now.file_path is null or now.file_size <> previous.file_size or now.modified_at <> previous.modified_at) "
            ~ "or (previous.file_path is null and now.raw_table in ('" ~ resetting | join("', '") ~ "')) "
            ~ "order by 1, 2 limit 5"
        ) %}
        {% for row in changed.rows %}
            {% do reasons.append(row[0] ~ ' file ' ~ row[2] ~ ': ' ~ row[1]) %}
        {% endfor %}
    {% endif %}
    {#- as_of moving back: rows and events known at the earlier as_of would have to be forgotten -#}
    {% set as_of_now = as_of_text() %}
    {% set previous_as_of = none %}
    {% if run_query(
        "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'incremental_as_of'"
    ).rows[0][0] > 0 %}
        {% set previous_as_of = run_query("select max(as_of) from raw.incremental_as_of").rows[0][0] %}
    {% endif %}
    {% if previous_as_of is not none and as_of_now < previous_as_of %}
        {% do reasons.append('as_of ' ~ as_of_now ~ ' is before the previous run\'s ' ~ previous_as_of) %}
    {% endif %}
    {% do run_query("create or replace table raw.incremental_as_of as select '" ~ as_of_now ~ "' as as_of") %}
    {% if reasons | length > 0 %}
        {% do log("An incremental run cannot follow this change (" ~ reasons | join('; ')
            ~ "): the incremental models are rebuilt in full.", info=true) %}
        {% for node in graph.nodes.values() %}
            {% if node.resource_type == 'model' and node.config.materialized == 'incremental' %}
                {% set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) %}
                {% if relation is not none %}{% do adapter.drop_relation(relation) %}{% endif %}
            {% endif %}
        {% endfor %}
    {% endif %}
    {% do run_query("create or replace table raw.landing_files as select * from landing_files_now") %}
{% endmacro %}


{#-
    Spark: the same relations over the same Parquet files, as views in database `raw`. The files
    are listed with the `binaryFile` source (paths and sizes only; contents are not read). A
    table's files are read together with `mergeSchema`, so a file that lacks a contract column
    gives NULL for it, as on DuckDB; a column no file has is read as empty with a warning naming
    the table. `_source_file` is written as on DuckDB (`<raw_dir>/<table>/<file name>`) and
    `_source_row` is the 1-based row within the file (`_metadata.row_index`, Spark 3.5 and later).
    CSV files are not read on Spark: a landing zone with CSV files stops the run, naming them
    (the loader writes Parquet; CSV is for hand-made corrections on the embedded default).
-#}
{#- A statement without a result (DDL) on Spark. Not run_query: through a Thrift server,
    PyHive's fetchall() fails on the empty result a DDL returns ('NoneType' object is not
    iterable); the session method happened to return no rows. -#}
{% macro spark_ddl(sql) %}
    {% do adapter.execute(sql, fetch=False) %}
{% endmacro %}


{% macro spark__create_raw_relations() %}
    {% if not execute %}{{ return('') }}{% endif %}
    {% set raw_dir = var('raw_dir') | trim %}
    {% set raw_dir = raw_dir.rstrip('/') if raw_dir else 'data/raw' %}
    {% do spark_ddl('create database if not exists raw') %}
    {% set listing = run_query(
        "select path from binaryFile.`" ~ raw_dir ~ "/*/*` where path like '%.parquet' or path like '%.csv'"
    ).columns[0].values() %}
    {% set files_by_table = {} %}
    {% set csv_files = [] %}
    {% for path in listing | sort %}
        {% set parts = path.rstrip('/').split('/') %}
        {% do files_by_table.setdefault(parts[-2], []).append(parts[-1]) %}
        {% if path.endswith('.csv') %}{% do csv_files.append(path) %}{% endif %}
    {% endfor %}
    {% if csv_files | length > 0 %}
        {{ exceptions.raise_compiler_error(
            "The Spark target reads Parquet landing files only; convert or remove: " ~ csv_files[:5] | join(', ')
        ) }}
    {% endif %}
    {% set missing_required = [] %}
    {% for table in raw_source_tables() %}
        {% set name = table.identifier %}
        {% set columns = table.columns.keys() | list %}
        {% set select_list = [] %}
        {% if files_by_table.get(name) %}
            {% set reader = "parquet.`" ~ raw_dir ~ "/" ~ name ~ "/*.parquet`" %}
            {% set present = [] %}
            {% for row in run_query("describe select * from " ~ reader) %}
                {% do present.append(row[0] | lower) %}
            {% endfor %}
            {% for column in columns %}
                {% if column | lower in present %}
                    {% do select_list.append('cast(`' ~ column ~ '` as string) as `' ~ column ~ '`') %}
                {% else %}
                    {% do log("WARNING raw table " ~ name ~ " has no column " ~ column ~ " in any file: read as empty", info=true) %}
                    {% do select_list.append('cast(null as string) as `' ~ column ~ '`') %}
                {% endif %}
            {% endfor %}
            {% do spark_ddl(
                "create or replace view raw.`" ~ name ~ "` as select " ~ select_list | join(', ')
                ~ ", concat('" ~ raw_dir ~ "/" ~ name ~ "/', _metadata.file_name) as _source_file"
                ~ ", cast(_metadata.row_index + 1 as bigint) as _source_row"
                ~ " from " ~ reader
            ) %}
        {% elif table.meta.get('optional') %}
            {% for column in columns %}
                {% do select_list.append('cast(null as string) as `' ~ column ~ '`') %}
            {% endfor %}
            {% do spark_ddl(
                "create or replace view raw.`" ~ name ~ "` as select " ~ select_list | join(', ')
                ~ ", cast(null as string) as _source_file, cast(null as bigint) as _source_row where 1 = 0"
            ) %}
            {% do log("raw table " ~ name ~ " (optional) has no files under " ~ raw_dir ~ "/" ~ name ~ "/: empty", info=true) %}
        {% else %}
            {% do missing_required.append(name) %}
        {% endif %}
    {% endfor %}
    {% if missing_required | length > 0 %}
        {{ exceptions.raise_compiler_error(
            "Required raw table(s) missing from the landing zone " ~ raw_dir ~ ": "
            ~ missing_required | join(', ')
            ~ ". Each needs at least one .parquet file in " ~ raw_dir ~ "/<table>/."
        ) }}
    {% endif %}
    {{ return('select 1') }}
{% endmacro %}
