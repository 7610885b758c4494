{#-
    The shared mechanism of the staging layer's quarantine.

    `reject_rule_columns(checks)` renders `row_reject_rule` and `row_reject_detail` from an ordered list of
    checks `[rule, condition, detail]`: the first check a row fails names its rule (list them in
    the priority order of seed `reject_rules`). `detail` is a SQL text expression that names the
    raw column and the value at fault, so a data team can fix the source.
-#}
{% macro reject_rule_columns(checks) %}
    case
        {%- for rule, condition, detail in checks %}
        when {{ condition }} then '{{ rule }}'
        {%- endfor %}
    end as row_reject_rule,
    case
        {%- for rule, condition, detail in checks %}
        when {{ condition }} then {{ detail }}
        {%- endfor %}
    end as row_reject_detail
{% endmacro %}


{#- A value was sent (text not empty) but did not parse. `pairs`: [text column, parsed column,
    raw field name]. Returns [condition, detail] for `reject_rule_columns`. -#}
{% macro unparseable_check(pairs) %}
    {% set conditions = [] %}
    {% set details = [] %}
    {% for text_column, parsed_column, field in pairs %}
        {% set condition = '(' ~ text_column ~ ' is not null and ' ~ parsed_column ~ ' is null)' %}
        {% do conditions.append(condition) %}
        {% do details.append('when ' ~ condition ~ " then " ~ dbt.concat(["'" ~ field ~ "='", text_column])) %}
    {% endfor %}
    {{ return([conditions | join(' or '), 'case ' ~ details | join(' ') ~ ' end']) }}
{% endmacro %}


{#- Text of a raw column: trimmed, empty as NULL. -#}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}


{#- The national procedure code: the first two dot-separated parts of MaTTHC
    (`1.003560.000.00.00.H56` → `1.003560`). -#}
{% macro national_procedure_code(column) -%}
    case
        when {{ column }} is not null
            then {{ dbt.concat([dbt.split_part(column, "'.'", 1), "'.'", dbt.split_part(column, "'.'", 2)]) }}
    end
{%- endmacro %}


{#- A deterministic hash of a raw row's content (every contract column of the table). -#}
{% macro raw_row_hash(table_name) -%}
    {%- set parts = [] -%}
    {%- for column in source_columns(table_name) -%}
        {%- do parts.append('coalesce("' ~ column ~ '", \'<null>\')') -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}


{#-
    Second stage of the quarantine (input: `row_reject_rule`, `row_reject_detail`, `content_hash`,
    `source_file`, `source_row`), over rows that passed every row-level check: among rows with
    the same key and the same version (`loaded_at`), the one with the greatest content hash is
    kept; an identical copy of it is `duplicate_row`, a different row `conflicting_version`.
    Renders a select over `relation` adding `reject_rule`, `reject_detail` and `is_latest_version` (the newest surviving version
    of its key, what staging keeps).
-#}
{% macro select_with_version_checks(relation, key_columns, version_column) %}
    {%- set key = key_columns | join(', ') -%}
    {%- set version_partition = key ~ (', ' ~ version_column if version_column else '') -%}
    with

    ranked as (
        select
            *,
            case when row_reject_rule is null then row_number() over (
                partition by {{ version_partition }}, case when row_reject_rule is null then 0 else 1 end
                order by content_hash desc, source_file asc, source_row asc
            ) end as copy_rank,
            case when row_reject_rule is null then first_value(content_hash) over (
                partition by {{ version_partition }}, case when row_reject_rule is null then 0 else 1 end
                order by content_hash desc, source_file asc, source_row asc
            ) end as kept_content_hash
        from {{ relation }}
    ),

    flagged as (
        select
            *,
            case
                when row_reject_rule is not null then row_reject_rule
                when copy_rank > 1 and content_hash = kept_content_hash then 'duplicate_row'
                when copy_rank > 1 then 'conflicting_version'
            end as reject_rule,
            case
                when row_reject_rule is not null then row_reject_detail
                when copy_rank > 1 then {{ dbt.concat(["'same key and version as the kept row '", "kept_content_hash"]) }}
            end as reject_detail
        from ranked
    )

    select
        *,
        case when reject_rule is null then row_number() over (
            partition by {{ key }}, case when reject_rule is null then 0 else 1 end
            order by {{ version_column ~ ' desc, ' if version_column else '' }}content_hash desc
        ) = 1 else false end as is_latest_version
    from flagged
{% endmacro %}
