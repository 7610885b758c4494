{#-
    Incremental refresh: what changed since a model's last run, and only that, is recomputed.

    Every incremental model stamps the rows it writes with `refreshed_at` (the moment the dbt run
    started, the same in every model of a run) and `evaluated_as_of` (the run's as_of). A model's
    watermark is the greatest `refreshed_at` in its own table: an upstream row stamped later was
    written after this model last ran, so its key has to be recomputed here. The landing zone is
    append-only (raw_schema.md), so a raw file already read never needs reading again; a file
    that is rewritten or removed, or a change in the catalogues the dossier facts depend on,
    drops the incremental tables at the start of the run (`reset_incremental_on_reference_change`)
    and they are rebuilt in full.
-#}

{#- The materialization of the models that refresh incrementally. DuckDB (the default): an
    incremental table, refreshed by delete+insert of what changed. Spark: a table rebuilt in full
    by every run. dbt-spark offers delete+insert and merge only on Delta Lake (or Iceberg, Hudi)
    tables, whose libraries a plain Spark installation does not have; without them an incremental
    run could not remove a dossier's stale rows, so the Spark target rebuilds (the cluster
    scales out instead). Every `is_incremental()` branch is then false: the same SQL as a full
    DuckDB build. -#}
{% macro incremental_materialization() %}
    {{- return(adapter.dispatch('incremental_materialization', 'dvc_index')()) -}}
{% endmacro %}

{% macro default__incremental_materialization() %}{{ return('incremental') }}{% endmacro %}

{% macro spark__incremental_materialization() %}{{ return('table') }}{% endmacro %}


{#- The refreshed_at stamp of this run, as a timestamp literal. -#}
{% macro refresh_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{#- The as_of of this run as text ('yyyy-mm-dd hh:mm:ss'), to compare with a stored one. -#}
{% macro as_of_text() -%}
    {%- set configured = var('as_of', '') | string | trim -%}
    {%- if configured and configured != 'None' -%}
        {{ return((configured ~ ' 00:00:00')[:19] if configured | length == 10 else (configured ~ ':00')[:19]) }}
    {%- endif -%}
    {{ return(run_started_at.astimezone(modules.pytz.timezone('Asia/Ho_Chi_Minh')).strftime('%Y-%m-%d %H:%M:%S')) }}
{%- endmacro %}


{#- The state this incremental model left at its last run: {'refreshed_at': literal, 'as_of': text}.
    Only meaningful inside `is_incremental()`. An empty table gives the oldest possible state. -#}
{% macro incremental_state() %}
    {% set state = {'refreshed_at': "cast('1900-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")", 'as_of': '1900-01-01 00:00:00'} %}
    {% if execute and is_incremental() %}
        {% set row = run_query(
            'select cast(max(refreshed_at) as ' ~ dbt.type_string() ~ '), cast(max(evaluated_as_of) as '
            ~ dbt.type_string() ~ ') from ' ~ this
        ).rows[0] %}
        {% if row[0] is not none %}
            {% do state.update({
                'refreshed_at': "cast('" ~ row[0] ~ "' as " ~ dbt.type_timestamp() ~ ")",
                'as_of': (row[1] | string)[:19],
            }) %}
        {% endif %}
    {% endif %}
    {{ return(state) }}
{% endmacro %}


{#- Both as_of values of an incremental run, earliest first, as timestamp literals: what was
    loaded or happened between them changed meaning since the last run. -#}
{% macro as_of_window(state) %}
    {% set values = [state['as_of'], as_of_text()] | sort %}
    {{ return([
        "cast('" ~ values[0] ~ "' as " ~ dbt.type_timestamp() ~ ")",
        "cast('" ~ values[1] ~ "' as " ~ dbt.type_timestamp() ~ ")",
    ]) }}
{% endmacro %}


{#- A where clause keeping only the raw files a checked model has not read yet (by name). Written
    on the rows of its base model (`source_file`): the filter reaches the raw relation, a union of
    one select per file, so the files already read are not opened. -#}
{% macro new_raw_files_filter(column='_source_file') %}
    {%- if execute and is_incremental() -%}
        {%- set files = run_query(
            'select distinct source_file from ' ~ this ~ ' where source_file is not null order by 1'
        ).columns[0].values() -%}
        {%- if files | length > 0 %}
    where {{ column }} not in (
        {%- for file in files %}
        '{{ file | replace("'", "''") }}'{% if not loop.last %},{% endif %}
        {%- endfor %}
    )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- The rows a dossier-level checked model (re)checks: in a full build, `parsed` (every raw row); in
    an incremental run, the new rows plus every row already stored for a dossier code that
    (a) has a new row, (b) newly appeared in HoSo (`with_new_dossier_codes`: an orphan child may
    have found its dossier) or (c) has a row loaded between the last and this run's as_of. The
    version checks need all rows of a key together; a dossier code covers all of its keys.
    `touch_column`: the column that groups whole keys when it is not dossier_code (unit_code for
    ThuTucDonVi, whose key is procedure and unit).

    Returns a select (no trailing semicolon) for a CTE. -#}
{% macro checked_rows_to_check(parsed_relation, with_new_dossier_codes=true, touch_column='dossier_code') %}
    {%- if execute and is_incremental() -%}
        {%- set state = incremental_state() -%}
        {%- set window = as_of_window(state) -%}
        {%- set derived = [
            'is_known_at_as_of', 'row_reject_rule', 'row_reject_detail', 'version_value', 'copy_count',
            'copy_rank', 'kept_content_hash', 'latest_version_value', 'reject_rule', 'reject_detail',
            'is_latest_version',
            'refreshed_at', 'evaluated_as_of',
        ] -%}
        {%- set columns = [] -%}
        {%- for column in adapter.get_columns_in_relation(this) -%}
            {%- if column.name | lower not in derived -%}{% do columns.append(column.name | lower) %}{%- endif -%}
        {%- endfor %}
    select {{ columns | join(', ') }}
    from {{ parsed_relation }}
    union all
    select
        {%- for column in columns %}
        stored.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ this }} as stored
    inner join (
        select {{ touch_column }} from {{ parsed_relation }}
        {%- if with_new_dossier_codes %}
        union
        select dossier_code from {{ ref('checked_dvcqg__raw_dossier_codes') }}
        where refreshed_at > {{ state['refreshed_at'] }}
        {%- endif %}
        union
        select {{ touch_column }} from {{ this }}
        where loaded_at > {{ window[0] }} and loaded_at <= {{ window[1] }}
    ) as touched
        on stored.{{ touch_column }} = touched.{{ touch_column }}
    {%- else %}
    select * from {{ parsed_relation }}
    {%- endif -%}
{% endmacro %}


{#- Dossier codes whose staged rows changed since this model's last run (`state`): any row of
    the given dossier-level models stamped after the watermark. -#}
{% macro dossier_codes_refreshed_since(state, models) %}
    {%- for model in models %}
    select dossier_code from {{ ref(model) }}
    where refreshed_at > {{ state['refreshed_at'] }} and dossier_code is not null
    {%- if not loop.last %}
    union
    {%- endif -%}
    {%- endfor %}
{% endmacro %}


{#- pre_hook of the models that delete what they recompute: removes the rows of `key_columns`
    values selected by `touched_sql`, so a key that no longer has any row (a dossier that moved
    to another unit or period) disappears too. rejudged_periods: also the rows of the periods
    judged anew because as_of moved (models whose rows depend on a period's judged_at). -#}
{% macro delete_touched_rows(key_columns, touched_sql, rejudged_periods=false) %}
    {%- if execute and is_incremental() -%}
    {%- set state = incremental_state() if rejudged_periods else none -%}
    delete from {{ this }}
    where exists (
        select 1
        from (
            {{ touched_sql }}
        ) as touched
        where
            {%- for column in key_columns %}
            {% if not loop.first %}and {% endif %}touched.{{ column }} = {{ this }}.{{ column }}
            {%- endfor %}
    )
    {%- if rejudged_periods and state['as_of'] != as_of_text() %}
    or exists (
        select 1 from {{ ref('int_periods') }} as periods
        where
            periods.period_type = {{ this }}.period_type
            and periods.period_label = {{ this }}.period_label
            and {{ is_rejudged_period(state, 'periods.period_end_exclusive_at') }}
    )
    {%- endif %}
    {%- endif -%}
{% endmacro %}


{#- The (unit, period) pairs whose dossier counts a run recomputes (`state`: the counting model's
    last run): the unit and period each dossier refreshed since then is in now and was in before
    (int_dossiers_enriched keeps `previous_unit_code` and `previous_received_at`); every pair
    when the dossiers were refreshed more than once since (a state in between would be missed);
    and the stored pairs of periods that no longer exist (a year-to-date label of a past year). -#}
{% macro unit_periods_touched_since(state) %}
    {%- set enriched = ref('int_dossiers_enriched') -%}
    {%- set periods = ref('int_periods') -%}
    select
        changed.unit_code,
        periods.period_type,
        periods.period_label
    from (
        select unit_code, received_at from {{ enriched }}
        where refreshed_at > {{ state['refreshed_at'] }}
        union
        select previous_unit_code as unit_code, previous_received_at as received_at from {{ enriched }}
        where refreshed_at > {{ state['refreshed_at'] }}
        union
        select unit_code, received_at from {{ enriched }}
        where (
            select count(distinct refreshed_at) from {{ enriched }}
            where refreshed_at > {{ state['refreshed_at'] }}
        ) > 1
    ) as changed
    inner join {{ periods }} as periods
        on
            changed.received_at >= periods.period_start_at
            and changed.received_at < periods.period_end_exclusive_at
    union
    select
        stored.unit_code,
        stored.period_type,
        stored.period_label
    from {{ this }} as stored
    where
        not exists (
            select 1 from {{ periods }} as periods
            where periods.period_type = stored.period_type and periods.period_label = stored.period_label
        )
        or (
            select count(distinct refreshed_at) from {{ enriched }}
            where refreshed_at > {{ state['refreshed_at'] }}
        ) > 1
{% endmacro %}


{#- pre_hook of int_dossier_period_timeliness (grain: dossier and period): deletes the rows of the
    dossiers refreshed since its last run, of the periods judged anew because as_of moved (those
    still open at the earlier as_of, and the year to date) and of periods that no longer exist. -#}
{% macro delete_timeliness_touched_rows() %}
    {%- if execute and is_incremental() -%}
    {%- set state = incremental_state() -%}
    delete from {{ this }}
    where
        dossier_code in (
            select dossier_code from {{ ref('int_dossiers_enriched') }}
            where refreshed_at > {{ state['refreshed_at'] }}
        )
        or not exists (
            select 1 from {{ ref('int_periods') }} as periods
            where periods.period_type = {{ this }}.period_type and periods.period_label = {{ this }}.period_label
        )
        {%- if state['as_of'] != as_of_text() %}
        or period_end_exclusive_at > cast('{{ state['as_of'] }}' as {{ dbt.type_timestamp() }})
        {%- endif %}
    {%- endif -%}
{% endmacro %}


{#- The dossier codes int_dossiers_enriched recomputes (`state`: its last run): those with a
    staged row written since, those whose petitions changed (petitions are rebuilt every run, so
    the set of a dossier's petitions is compared with the fingerprint its stored row keeps, and
    a dossier that gained, lost or changed one is recomputed) and, when as_of moved, those with
    an event after the earlier as_of. A full build: none (the model reads everything then). -#}
{% macro enriched_dossiers_to_refresh(state, staging_models) %}
    {%- if execute and is_incremental() -%}
    {{ dossier_codes_refreshed_since(state, staging_models) }}
    union
    select coalesce(current_petitions.dossier_code, stored.dossier_code) as dossier_code
    from (
        select
            dossier_code,
            {{ petitions_fingerprint() }} as petitions_fingerprint
        from {{ ref('stg_dvcqg__petitions') }}
        where dossier_code is not null
        group by dossier_code
    ) as current_petitions
    full outer join (
        select dossier_code, petitions_fingerprint from {{ this }}
        where petitions_fingerprint is not null
    ) as stored
        on current_petitions.dossier_code = stored.dossier_code
    where current_petitions.petitions_fingerprint is distinct from stored.petitions_fingerprint
    {%- if state['as_of'] != as_of_text() %}
    union
    select dossier_code from {{ this }}
    where last_event_at > {{ as_of_window(state)[0] }}
    {%- endif %}
    {%- else -%}
    select dossier_code from {{ ref('stg_dvcqg__dossiers') }}
    where 1 = 0
    {%- endif -%}
{% endmacro %}


{#- A condition on a (unit, period) pair: true in a full build; in an incremental run, true for
    the pairs of `unit_periods_touched_since`. -#}
{% macro is_touched_unit_period(state, unit_column, period_type_column, period_label_column) %}
    {%- if execute and is_incremental() -%}
    exists (
        select 1
        from ({{ unit_periods_touched_since(state) }}) as touched
        where
            touched.unit_code = {{ unit_column }}
            and touched.period_type = {{ period_type_column }}
            and touched.period_label = {{ period_label_column }}
    )
    {%- else -%}
    true
    {%- endif -%}
{% endmacro %}


{#- The join of dossier rows to the periods a (unit, period) model recounts: `periods` (the name
    of a relation or CTE with int_periods' columns) on `at_column` in [period_start_at,
    period_end_exclusive_at). A full build: every period. An incremental run: only the pairs of
    `unit_periods_touched_since`, joined on the unit (an equality the engine hashes on) and the
    period's range, so a dossier is placed only in the touched periods of its own unit. Filtering
    the dossiers by unit first placed every dossier of a touched unit in all its periods, and a
    micro-batch touches most large units. with_rejudged_periods: when as_of moved the model also
    recounts every unit of the periods judged anew, so every period is joined then (the model's
    own pair condition keeps the pairs it recounts). -#}
{% macro join_periods_to_recount(state, periods, unit_column, at_column, with_rejudged_periods=false) %}
    {%- if execute and is_incremental() and not (with_rejudged_periods and state['as_of'] != as_of_text()) %}
    inner join (
        select
            touched.unit_code as touched_unit_code,
            period_rows.*
        from ({{ unit_periods_touched_since(state) }}) as touched
        inner join {{ periods }} as period_rows
            on
                touched.period_type = period_rows.period_type
                and touched.period_label = period_rows.period_label
    ) as {{ periods }}
        on
            {{ unit_column }} = {{ periods }}.touched_unit_code
            and {{ at_column }} >= {{ periods }}.period_start_at
            and {{ at_column }} < {{ periods }}.period_end_exclusive_at
    {%- else %}
    inner join {{ periods }}
        on
            {{ at_column }} >= {{ periods }}.period_start_at
            and {{ at_column }} < {{ periods }}.period_end_exclusive_at
    {%- endif %}
{% endmacro %}


{#- A condition on a unit, put on rows that carry their period before the pair condition: true in
    a full build; in an incremental run, true for the units of `unit_periods_touched_since`. The
    pair condition (is_touched_unit_period) still applies; this one only drops rows it would
    drop, early (int_component_failure_counts: before a view places failures in periods). -#}
{% macro is_touched_unit(state, unit_column) %}
    {%- if execute and is_incremental() -%}
    {{ unit_column }} in (
        select touched.unit_code from ({{ unit_periods_touched_since(state) }}) as touched
    )
    {%- else -%}
    true
    {%- endif -%}
{% endmacro %}


{#- A condition on a dossier: true in a full build; in an incremental run, true for the
    dossiers int_dossiers_enriched refreshed since `state`. -#}
{% macro is_refreshed_dossier(state, dossier_column='dossier_code') %}
    {%- if execute and is_incremental() -%}
    {{ dossier_column }} in (
        select dossier_code from {{ ref('int_dossiers_enriched') }}
        where refreshed_at > {{ state['refreshed_at'] }}
    )
    {%- else -%}
    true
    {%- endif -%}
{% endmacro %}


{#- A condition on a period (int_periods columns): true when an incremental run judges it anew
    because as_of moved (the period was not over at the earlier as_of); false otherwise. -#}
{% macro is_rejudged_period(state, period_end_column='period_end_exclusive_at') %}
    {%- if execute and is_incremental() and state['as_of'] != as_of_text() -%}
    {{ period_end_column }} > cast('{{ state['as_of'] }}' as {{ dbt.type_timestamp() }})
    {%- else -%}
    false
    {%- endif -%}
{% endmacro %}


{#- A condition on a dossier (int_dossiers_enriched columns) for the models whose rows are
    (dossier, period received in): true in a full build; in an incremental run, the dossier was
    refreshed since `state` or, when as_of moved, it was received in a period judged anew (one
    not over at the earlier as_of). A dossier's periods are fixed by its reception time
    (indicators.md, revision 2026-12), so dossiers received before the earliest such period keep
    their rows. -#}
{% macro is_dossier_to_judge(state, dossier_column='dossier_code', received_column='received_at') %}
    {%- if execute and is_incremental() -%}
    (
        {{ is_refreshed_dossier(state, dossier_column) }}
        or {{ is_received_in_rejudged_period(state, received_column) }}
    )
    {%- else -%}
    true
    {%- endif -%}
{% endmacro %}


{#- A condition on a row's reception time: when an incremental run judges periods anew (as_of
    moved), true from the start of the earliest such period on; false otherwise (and in a full
    build, where the caller takes every row anyway). A row received before it is in no period
    judged anew. -#}
{% macro is_received_in_rejudged_period(state, received_column='received_at') %}
    {%- if execute and is_incremental() and state['as_of'] != as_of_text() -%}
    {{ received_column }} >= (
        select min(period_start_at) from {{ ref('int_periods') }}
        where {{ is_rejudged_period(state) }}
    )
    {%- else -%}
    false
    {%- endif -%}
{% endmacro %}


{#- A condition on stored rows with a refreshed_at: true in a full build, else written after
    `state`. -#}
{% macro is_refreshed_since(state, column='refreshed_at') %}
    {%- if execute and is_incremental() -%}
    {{ column }} > {{ state['refreshed_at'] }}
    {%- else -%}
    true
    {%- endif -%}
{% endmacro %}


{#- The fingerprint of a dossier's petitions (an aggregate over stg_dvcqg__petitions rows): their
    codes and the moment int_dossiers_enriched reads from each. -#}
{% macro petitions_fingerprint() -%}
    {{ set_fingerprint(['petition_code', 'coalesce(received_at, sent_at)']) }}
{%- endmacro %}


{#- An order-independent fingerprint of a set of rows: the sum of a 64-bit hash of each row's
    `expressions` (a list of SQL expressions), as decimal(38, 0). Two sets with the same
    fingerprint and count are, short of a hash collision, the same set. Dispatched: DuckDB's
    hash(), Spark's xxhash64(). -#}
{% macro set_fingerprint(expressions) -%}
    {{ return(adapter.dispatch('set_fingerprint', 'dvc_index')(expressions)) }}
{%- endmacro %}

{% macro default__set_fingerprint(expressions) -%}
    sum(cast(hash({{ expressions | join(', ') }}) as decimal(38, 0)))
{%- endmacro %}

{% macro spark__set_fingerprint(expressions) -%}
    sum(cast(xxhash64({{ expressions | join(', ') }}) as decimal(38, 0)))
{%- endmacro %}
