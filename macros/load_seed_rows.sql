{#-
    Seeds on Spark: dbt-spark's session connection pastes seed values into its INSERT without
    escaping quotes, so a seed text with an apostrophe ("the unit's 1.4 ratio") breaks the
    statement. This variant of dbt's `load_csv_rows` writes the values as escaped literals
    instead. DuckDB (and every other engine) keeps dbt's own default, with bindings.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {% set batch_size = get_batch_size() %}
    {% set column_override = model['config'].get('column_types', {}) %}
    {% set statements = [] %}
    {% for chunk in agate_table.rows | batch(batch_size) %}
        {% set rows_sql = [] %}
        {% for row in chunk %}
            {% set values = [] %}
            {% for col_name in agate_table.column_names %}
                {% set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) %}
                {% set value = row[loop.index0] %}
                {% if value is none %}
                    {% do values.append('cast(null as ' ~ type ~ ')') %}
                {% else %}
                    {% set text = (value | string).replace('\\', '\\\\').replace("'", "\\'") %}
                    {% do values.append("cast('" ~ text ~ "' as " ~ type ~ ")") %}
                {% endif %}
            {% endfor %}
            {% do rows_sql.append('(' ~ values | join(', ') ~ ')') %}
        {% endfor %}
        {% set sql = 'insert into ' ~ this.render() ~ ' values\n' ~ rows_sql | join(',\n') %}
        {% do adapter.add_query(sql, abridge_sql_log=True) %}
        {% if loop.index0 == 0 %}{% do statements.append(sql) %}{% endif %}
    {% endfor %}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
