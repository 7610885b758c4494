{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_touched_rows(['dossier_code'], dossier_codes_refreshed_since(incremental_state(), ['int_dossiers_enriched'])) }}",
    )
}}

{#- Dossier components judged on dossiers received in P: [component, reason, the dossier fails
    the component's condition]. -#}
{%- set receipt_failure_rules = [
    ['DOSSIER_SYNC', 'not_synced', 'not is_synced'],
    ['ONLINE_DOSSIER', 'not_online', 'not is_online'],
    ['ONLINE_PAYMENT_DOSSIER', 'not_paid_online', 'is_fee_bearing and not is_paid_online'],
    ['ORIGINAL_RESULT_AVAILABLE', 'no_electronic_result', 'requires_paper_result and not has_electronic_result'],
    ['SO_HOA_GIAY_TO_GIAI_QUYET', 'not_digitized', 'not is_digitized'],
    ['REUSED_DIGITIZED_DATA', 'no_reused_data', 'not has_reused_data'],
    ['SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'not_synced_with_citizen_store', 'not is_synced_with_citizen_store'],
    ['CITIZEN_DATA_CONNECTED_DOSSIER', 'no_population_data', 'not uses_population_data'],
] -%}
{#- One row per counted dossier and component counted on the dossiers received in a period whose
    condition the dossier fails (in the component's denominator, not in its numerator), by the
    same facts the component models count (int_dossier_period_counts): 1.4 not synced, 3.3 not
    online, 3.6 fee-bearing and not paid online, 4.1 paper result without an electronic one, 4.2
    not digitized, 4.3 no reused data, 4.4 not synced with the applicant's store, 4.5b no
    population data.

    Kept at the dossier's own grain, not per period: whether a dossier fails these depends on the
    dossier only, and its periods follow from its reception time (int_dossier_component_failures
    places it in them when read). Per period it was about 3.4 rows for each failure, every one
    written again when as_of moved and its open periods were judged anew.

    Incremental: a run deletes and recomputes the rows of the dossiers int_dossiers_enriched
    refreshed since its last run (a dossier's facts change only then, also when as_of moves). -#}

{%- set state = incremental_state() %}

with

dossiers as (

    select * from {{ ref('int_dossiers_enriched') }}
    where is_counted and {{ is_refreshed_dossier(state) }}

),

flagged as (

    select
        dossier_code,
        unit_code,
        procedure_code,
        received_at,
        synced_at is not null as is_synced,
        coalesce(is_online, false) as is_online,
        coalesce(is_fee_bearing, false) as is_fee_bearing,
        coalesce(is_paid_online, false) as is_paid_online,
        coalesce(requires_paper_result, false) as requires_paper_result,
        coalesce(has_electronic_result, false) as has_electronic_result,
        coalesce(is_digitized, false) as is_digitized,
        coalesce(has_reused_data, false) as has_reused_data,
        coalesce(is_synced_with_citizen_store, false) as is_synced_with_citizen_store,
        coalesce(uses_population_data, false) as uses_population_data
    from dossiers

),

failures as (

    {% for indicator_code, reason, failure_condition in receipt_failure_rules %}
        select
            dossier_code,
            unit_code,
            procedure_code,
            received_at,
            '{{ indicator_code }}' as indicator_code,
            '{{ reason }}' as reason
        from flagged
        where {{ failure_condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        cast(dossier_code as {{ dbt.type_string() }}) as dossier_code,
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(procedure_code as {{ dbt.type_string() }}) as procedure_code,
        received_at,
        cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
        cast(reason as {{ dbt.type_string() }}) as reason,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from failures

)

select * from final
