{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_timeliness_touched_rows() }}",
    )
}}

{#- Dossier components judged on dossiers received in P: [component, reason, the dossier fails
    the component's condition]. -#}
{%- set received_failure_rules = [
    ['DOSSIER_SYNC', 'not_synced', 'not is_synced'],
    ['ONLINE_DOSSIER', 'not_online', 'not is_online'],
    ['ONLINE_PAYMENT_DOSSIER', 'not_paid_online', 'is_fee_bearing and not is_paid_online'],
    ['ORIGINAL_RESULT_AVAILABLE', 'no_electronic_result', 'requires_paper_result and not has_electronic_result'],
    ['SO_HOA_GIAY_TO_GIAI_QUYET', 'not_digitized', 'not is_digitized'],
    ['REUSED_DIGITIZED_DATA', 'no_reused_data', 'not has_reused_data'],
    ['SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'not_synced_with_citizen_store', 'not is_synced_with_citizen_store'],
    ['CITIZEN_DATA_CONNECTED_DOSSIER', 'no_population_data', 'not uses_population_data'],
] -%}
{#- One row per counted dossier, period and dossier-based component whose condition the dossier
    fails (in the component's denominator, not in its numerator), by the same facts the component
    models count (int_dossier_period_counts, int_dossier_period_timeliness): 1.4 not synced, 2.1
    late (its timeliness_reason), 3.3 not online, 3.6 fee-bearing and not paid online, 4.1 paper
    result without an electronic one, 4.2 not digitized, 4.3 no reused data, 4.4 not synced with
    the applicant's store, 4.5b no population data, 5.4 late or dissatisfied. The drill-down mart
    fct_points_lost_dossiers lists these for the figures that lost points.

    Incremental like int_dossier_period_timeliness: a run deletes and recomputes the rows of the
    dossiers refreshed since its last run and, when as_of moved, of the periods judged anew. -#}

{%- set state = incremental_state() %}

with

dossiers as (

    select
        *,
        {{ is_refreshed_dossier(state) }} as is_refreshed
    from {{ ref('int_dossiers_enriched') }}
    where is_counted and {{ is_dossier_to_judge(state) }}

),

timeliness as (

    select * from {{ ref('int_dossier_period_timeliness') }}
    where {{ is_refreshed_dossier(state) }} or {{ is_rejudged_period(state) }}

),

periods as (

    select
        *,
        {{ is_rejudged_period(state) }} as is_rejudged
    from {{ ref('int_periods') }}

),

received_in_period as (

    select
        dossiers.dossier_code,
        dossiers.unit_code,
        dossiers.procedure_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_exclusive_at,
        dossiers.synced_at is not null as is_synced,
        coalesce(dossiers.is_online, false) as is_online,
        coalesce(dossiers.is_fee_bearing, false) as is_fee_bearing,
        coalesce(dossiers.is_paid_online, false) as is_paid_online,
        coalesce(dossiers.requires_paper_result, false) as requires_paper_result,
        coalesce(dossiers.has_electronic_result, false) as has_electronic_result,
        coalesce(dossiers.is_digitized, false) as is_digitized,
        coalesce(dossiers.has_reused_data, false) as has_reused_data,
        coalesce(dossiers.is_synced_with_citizen_store, false) as is_synced_with_citizen_store,
        coalesce(dossiers.uses_population_data, false) as uses_population_data
    from dossiers
    inner join periods
        on
            dossiers.received_at >= periods.period_start_at
            and dossiers.received_at < periods.period_end_exclusive_at
    where dossiers.is_refreshed or periods.is_rejudged

),

received_failures as (

    {% for indicator_code, reason, failure_condition in received_failure_rules %}
        select
            dossier_code,
            unit_code,
            procedure_code,
            period_type,
            period_label,
            period_end_exclusive_at,
            '{{ indicator_code }}' as indicator_code,
            '{{ reason }}' as reason
        from received_in_period
        where {{ failure_condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

timeliness_flagged as (

    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        is_on_time,
        timeliness_reason,
        coalesce(
            first_dissatisfied_at < period_end_exclusive_at
            and first_dissatisfied_at <= judged_at,
            false
        ) as is_dissatisfied
    from timeliness

),

timeliness_failures as (

    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        'ON_TIME_PROCESSING' as indicator_code,
        timeliness_reason as reason
    from timeliness_flagged
    where not is_on_time
    union all
    select
        dossier_code,
        unit_code,
        procedure_code,
        period_type,
        period_label,
        period_end_exclusive_at,
        'DOSSIER_RECEIVING_SATISFACTION' as indicator_code,
        case when is_on_time then 'dissatisfied' else timeliness_reason end as reason
    from timeliness_flagged
    where not is_on_time or is_dissatisfied

),

final as (

    select
        cast(dossier_code as {{ dbt.type_string() }}) as dossier_code,
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(procedure_code as {{ dbt.type_string() }}) as procedure_code,
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_label as {{ dbt.type_string() }}) as period_label,
        period_end_exclusive_at,
        cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
        cast(reason as {{ dbt.type_string() }}) as reason,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from (
        select * from received_failures
        union all
        select * from timeliness_failures
    ) as failures

)

select * from final
