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
    kept (then the first by file and row); an identical copy of it is `duplicate_row`, a
    different row `conflicting_version`. Renders a select over `relation` adding `reject_rule`,
    `reject_detail` and `is_latest_version` (the newest kept version of its key: what staging
    keeps).

    `eligible_column` (optional): a boolean column; rows where it is false (loaded after the
    build's as_of: not known yet) keep their row-level rule but take no part in the version
    checks and are never the latest version.

    Built from aggregations and hash joins; only the rare rows that share a key and version
    with another row go through a window, so the cost stays linear in the rows.
-#}
{% macro select_with_version_checks(relation, key_columns, version_column, eligible_column=none) %}
    {%- set eligible = eligible_column if eligible_column else 'true' -%}
    {%- set versioned_eligible = 'versioned.' ~ eligible_column if eligible_column else 'true' -%}
    {%- set flagged_eligible = 'flagged.' ~ eligible_column if eligible_column else 'true' -%}
    {%- set key = key_columns | join(', ') -%}
    {%- set version_expression = (
        'coalesce(' ~ version_column ~ ', cast(\'1900-01-01\' as ' ~ dbt.type_timestamp() ~ '))'
        if version_column else 'cast(null as ' ~ dbt.type_timestamp() ~ ')'
    ) -%}
    {%- set group_columns = key_columns + (['version_value'] if version_column else []) -%}
    with

    versioned as (

        select
            *,
            {{ version_expression }} as version_value
        from {{ relation }}

    ),

    version_groups as (

        select
            {{ group_columns | join(', ') }},
            count(*) as copy_count
        from versioned
        where row_reject_rule is null and {{ eligible }}
        group by {{ group_columns | join(', ') }}

    ),

    with_groups as (

        select
            versioned.*,
            case
                when versioned.row_reject_rule is null and {{ versioned_eligible }}
                    then coalesce(version_groups.copy_count, 1)
                else 1
            end as copy_count
        from versioned
        left join version_groups
            on
                {%- for column in group_columns %}
                {% if not loop.first %}and {% endif %}versioned.{{ column }} = version_groups.{{ column }}
                {%- endfor %}

    ),

    copies as (

        select
            *,
            row_number() over (
                partition by {{ group_columns | join(', ') }}
                order by content_hash desc, source_file asc, source_row asc
            ) as copy_rank,
            first_value(content_hash) over (
                partition by {{ group_columns | join(', ') }}
                order by content_hash desc, source_file asc, source_row asc
            ) as kept_content_hash
        from with_groups
        where copy_count > 1

    ),

    ranked as (

        select
            *,
            1 as copy_rank,
            content_hash as kept_content_hash
        from with_groups
        where copy_count = 1
        union all
        select * from copies

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

    ),

    latest as (

        select
            {{ key }},
            max(version_value) as latest_version_value
        from flagged
        where reject_rule is null and {{ eligible }}
        group by {{ key }}

    )

    select
        flagged.*,
        coalesce(
            flagged.reject_rule is null
            and {{ flagged_eligible }}
            {%- if version_column %}
            and flagged.version_value = latest.latest_version_value
            {%- else %}
            and latest.{{ key_columns[0] }} is not null
            {%- endif %},
            false
        ) as is_latest_version
    from flagged
    left join latest
        on
            {%- for column in key_columns %}
            {% if not loop.first %}and {% endif %}flagged.{{ column }} = latest.{{ column }}
            {%- endfor %}
{% endmacro %}
