{#-
    The shared mechanism of the staging layer's quarantine.

    `reject_rule_columns(checks)` renders `row_reject_rule` and `row_reject_detail` from an ordered list of
    checks `[rule, condition, detail]`: the first check a row fails names its rule (list them in
    the priority order of seed `reject_rules`). `detail` is a SQL text expression that names the
    raw column and the value at fault, so a data team can fix the source; it is stored masked
    (`mask_personal`: a value in the wrong column may be personal data), the file and row
    locate the full record for whoever may see it.
-#}
{% macro reject_rule_columns(checks) %}
    case
        {%- for rule, condition, detail in checks %}
        when {{ condition }} then '{{ rule }}'
        {%- endfor %}
    end as row_reject_rule,
    case
        {%- for rule, condition, detail in checks %}
        when {{ condition }} then {{ mask_personal(detail) }}
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


{#- Text of a raw field (its name as sent, e.g. `MaHoSo`), quoted the engine's way: trimmed,
    empty as NULL. -#}
{% macro raw_text(field) -%}
    {{ clean_text(adapter.quote(field)) }}
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
        {%- do parts.append('coalesce(' ~ adapter.quote(column) ~ ', \'<null>\')') -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}


{#-
    Second stage of the quarantine (input: `row_reject_rule`, `row_reject_detail`, `content_hash`,
    `source_file`, `source_row`), over rows that passed every row-level check: among rows with
    the same key and the same version (`loaded_at`), the one with the greatest content hash is
    kept (then the first by file and row); an identical copy of it is `duplicate_row`, a
    different row `conflicting_version`. Renders a select over `relation` adding
    `version_value`, `copy_count`, `copy_rank`, `kept_content_hash` (the kept row's hash, on a
    copy that is not kept; NULL on every other row), `reject_rule`, `reject_detail` and
    `is_latest_version` (the newest kept version of its key: what staging keeps).

    `eligible_column` (optional): a boolean column; rows where it is false (loaded after the
    build's as_of: not known yet) keep their row-level rule but take no part in the version
    checks and are never the latest version.

    Without a version column every valid row of a key is its latest. Built for tens of millions
    of rows: one aggregation over the narrowest projection (the key and version) finds the keys
    sent more than once (about one in ten); only their rows are grouped by version, and only the
    rare rows that share a key and a version go through a window, with their file, row and hash
    read again from `relation`. The wide rows are read by the final join. Carrying every column,
    or even the file, row and hash of every row, through these steps made DuckDB hold and spill
    gigabytes more.
-#}
{% macro select_with_version_checks(relation, key_columns, version_column, eligible_column=none) %}
    {%- set eligible = eligible_column if eligible_column else 'true' -%}
    {%- set key = key_columns | join(', ') -%}
    {%- set version_expression = (
        'coalesce(' ~ version_column ~ ', cast(\'1900-01-01\' as ' ~ dbt.type_timestamp() ~ '))'
        if version_column else 'cast(null as ' ~ dbt.type_timestamp() ~ ')'
    ) -%}
    {%- set group_columns = key_columns + (['version_value'] if version_column else []) -%}
    with

    version_keys as (

        select
            {{ key }},
            {{ version_expression }} as version_value
        from {{ relation }}
        where row_reject_rule is null and {{ eligible }}

    ),

    -- a copy that is not kept shares its key and version with the kept row: the newest version
    -- of a key is the same with or without the copies
    latest as (

        select
            {{ key }},
            max(version_value) as latest_version_value
        from version_keys
        group by {{ key }}
        -- a key with one valid row: that row is its latest, and has no copy
        having count(*) > 1

    ),

    version_groups as (

        select
            {%- for column in group_columns %}
            version_keys.{{ column }},
            {%- endfor %}
            count(*) as copy_count
        from version_keys
        inner join latest
            on
                {%- for column in key_columns %}
                {% if not loop.first %}and {% endif %}version_keys.{{ column }} = latest.{{ column }}
                {%- endfor %}
        group by
            {%- for column in group_columns %}
            version_keys.{{ column }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        -- only keys sent more than once at the same version need ranking: a small table to join
        having count(*) > 1

    ),

    copy_rows as (

        select
            {{ key }},
            {{ version_expression }} as version_value,
            source_file,
            source_row,
            content_hash
        from {{ relation }}
        where row_reject_rule is null and {{ eligible }}

    ),

    copies as (

        select
            copy_rows.source_file,
            copy_rows.source_row,
            row_number() over (
                partition by
                    {%- for column in group_columns %}
                    copy_rows.{{ column }}{% if not loop.last %},{% endif %}
                    {%- endfor %}
                order by copy_rows.content_hash desc, copy_rows.source_file asc, copy_rows.source_row asc
            ) as copy_rank,
            first_value(copy_rows.content_hash) over (
                partition by
                    {%- for column in group_columns %}
                    copy_rows.{{ column }}{% if not loop.last %},{% endif %}
                    {%- endfor %}
                order by copy_rows.content_hash desc, copy_rows.source_file asc, copy_rows.source_row asc
            ) as kept_content_hash
        from copy_rows
        inner join version_groups
            on
                {%- for column in group_columns %}
                {% if not loop.first %}and {% endif %}copy_rows.{{ column }} = version_groups.{{ column }}
                {%- endfor %}

    ),

    checked_rows as (

        select
            checked_relation.*,
            {{ version_expression }} as version_value
        from {{ relation }} as checked_relation

    ),

    ranked as (

        select
            checked_rows.*,
            case
                when checked_rows.row_reject_rule is null and {{ 'checked_rows.' ~ eligible_column if eligible_column else 'true' }}
                    then coalesce(version_groups.copy_count, 1)
                else 1
            end as copy_count,
            coalesce(copies.copy_rank, 1) as copy_rank,
            case when copies.copy_rank > 1 then copies.kept_content_hash end as kept_content_hash,
            latest.latest_version_value
        from checked_rows
        left join version_groups
            on
                {%- for column in group_columns %}
                {% if not loop.first %}and {% endif %}checked_rows.{{ column }} = version_groups.{{ column }}
                {%- endfor %}
        left join copies
            on checked_rows.source_file = copies.source_file and checked_rows.source_row = copies.source_row
        left join latest
            on
                {%- for column in key_columns %}
                {% if not loop.first %}and {% endif %}checked_rows.{{ column }} = latest.{{ column }}
                {%- endfor %}

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
        flagged.*,
        coalesce(
            flagged.reject_rule is null
            and {{ 'flagged.' ~ eligible_column if eligible_column else 'true' }}
            {%- if version_column %}
            and (flagged.latest_version_value is null or flagged.version_value = flagged.latest_version_value)
            {%- endif %},
            false
        ) as is_latest_version
    from flagged
{% endmacro %}


{#-
    The stored row of a checked model, from the output of `select_with_version_checks`: the texts
    as sent (`texts`), masked when the row is rejected (it may carry a personal value in any
    column: macros/privacy/mask_personal.sql), the other columns (`others`), the checks' columns
    and the run's stamps. A text given as [text, parsed] is masked only when it did not parse
    (a timestamp that parsed is kept as sent: a row that was an orphan is valid once its dossier
    arrives, and must then equal what a full build stores).
-#}
{% macro select_masked_if_rejected(relation, texts, others) %}
    select
        {%- for column in texts %}
        {%- if column is string %}
        {{ masked_if(relation ~ '.reject_rule is not null', relation ~ '.' ~ column) }},
        {%- else %}
        {{ masked_if(relation ~ '.reject_rule is not null and ' ~ relation ~ '.' ~ column[1] ~ ' is null', relation ~ '.' ~ column[0]) }},
        {%- endif %}
        {%- endfor %}
        {%- for column in others + [
            'is_known_at_as_of', 'row_reject_rule', 'row_reject_detail', 'version_value', 'copy_count',
            'copy_rank', 'kept_content_hash', 'latest_version_value', 'reject_rule', 'reject_detail',
            'is_latest_version',
        ] %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from {{ relation }}
{% endmacro %}


{#- Written between a CTE's name and its body: DuckDB materialises a CTE that is read twice,
    which for the wide `checked` rows of a checked model means writing (and spilling) every parsed
    row once more; reading it twice costs less. Other engines inline CTEs anyway. -#}
{% macro cte_not_materialized() %}
    {{- return(adapter.dispatch('cte_not_materialized', 'dvc_index')()) -}}
{% endmacro %}

{#- For `parsed` and `rows_to_check` of the dossier-level checked models, which `checked` reads
    twice: in a full build it is every parsed row of the table, and materialising it wrote (and at tens of millions
    of rows spilled) the whole wide table once more, so it is recomputed instead; in an
    incremental run it is the few touched dossiers' rows, cheaper kept than read again. -#}
{% macro cte_inlined_in_full_build() %}
    {%- if is_incremental() -%}{{ return('') }}{%- endif -%}
    {{- return(cte_not_materialized()) -}}
{% endmacro %}

{% macro default__cte_not_materialized() %}{% endmacro %}

{% macro duckdb__cte_not_materialized() %}not materialized{% endmacro %}
