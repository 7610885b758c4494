{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key='dossier_code',
        on_schema_change='fail',
    )
}}

{# One row per dossier (latest version known at as_of) with every fact the dossier-based
    components need. Facts that depend on the period (on time, still open) are evaluated by the
    component models at the period's judged_at, from the timestamps kept here.

    Incremental (macros/incremental.sql): a run recomputes the dossiers with a staged row written
    since its last run (a base model rewrites every row of a dossier it
    rechecks, so the latest rows in staging carry the new stamp), the dossiers whose petitions changed (`petitions_fingerprint`), and,
    when as_of moved, the dossiers with an event after the earlier as_of (`last_event_at`, every
    timestamp of the dossier and its child rows, as_of or not). `previous_unit_code` and
    `previous_received_at` keep what the row said before this run, so that the period counts can
    recompute the unit and period a dossier left. A dossier never leaves staging while as_of only
    moves forward (it moving back rebuilds everything), so delete+insert by dossier is exact. -#}

{%- set dossier_staging_models = [
    'stg_dvcqg__dossiers', 'stg_dvcqg__processing_steps', 'stg_dvcqg__supplement_requests',
    'stg_dvcqg__submitted_documents', 'stg_dvcqg__result_documents', 'stg_dvcqg__fee_lines',
    'stg_dvcqg__ratings',
] %}
{%- set state = incremental_state() %}
{%- set touched_filter = 'dossier_code in (select touched.dossier_code from touched)' if is_incremental() else 'true' %}

{%- set deadline_day_end =
    'cast(' ~ dbt.dateadd('day', 1, 'deadline_day.calendar_date') ~ ' as ' ~ dbt.type_timestamp() ~ ')'
-%}

with

touched as (

    {{ enriched_dossiers_to_refresh(state, dossier_staging_models) }}

),

-- what the stored row said before this run (nothing in a full build)
previous as (

    select
        dossier_code,
        unit_code,
        received_at
    from {{ this if is_incremental() else ref('stg_dvcqg__dossiers') }}
    where {{ touched_filter if is_incremental() else '1 = 0' }}

),

dossiers as (

    select * from {{ ref('stg_dvcqg__dossiers') }}
    where {{ touched_filter }}

),

units as (

    select * from {{ ref('int_units') }}

),

procedures as (

    select * from {{ ref('stg_dvcqg__procedures') }}

),

steps as (

    select * from {{ ref('stg_dvcqg__processing_steps') }}
    where {{ touched_filter }}

),

supplement_requests as (

    select * from {{ ref('stg_dvcqg__supplement_requests') }}
    where {{ touched_filter }}

),

submitted_documents as (

    select * from {{ ref('stg_dvcqg__submitted_documents') }}
    where not is_deleted and {{ touched_filter }}

),

result_documents as (

    select * from {{ ref('stg_dvcqg__result_documents') }}
    where {{ touched_filter }}

),

fee_lines as (

    select * from {{ ref('stg_dvcqg__fee_lines') }}
    where {{ touched_filter }}

),

ratings as (

    select * from {{ ref('stg_dvcqg__ratings') }}
    where is_dissatisfied and {{ touched_filter }}

),

petitions as (

    select * from {{ ref('stg_dvcqg__petitions') }}
    where dossier_code is not null and {{ touched_filter }}

),

calendar as (

    select * from {{ ref('int_calendar_days') }}

),

-- end of processing: first status 9, else 10, else 3/7/8 (steps); the source's own end otherwise
step_summary as (

    select
        dossier_code,
        min(case when status_code = '9' then step_at end) as first_processed_at,
        min(case when status_code = '10' then step_at end) as first_returned_step_at,
        min(case when status_code in ('3', '7', '8') then step_at end) as first_stopped_at
    from steps
    where step_at <= {{ as_of_timestamp() }}
    group by dossier_code

),

supplements_ordered as (

    select
        dossier_code,
        requested_at,
        case when completed_at <= {{ as_of_timestamp() }} then completed_at end as completed_at,
        row_number() over (
            partition by dossier_code order by requested_at, supplement_request_id
        ) as request_order
    from supplement_requests
    where requested_at <= {{ as_of_timestamp() }}

),

supplement_summary as (

    select
        dossier_code,
        count(*) as supplement_request_count,
        max(case when request_order = 1 then requested_at end) as first_supplement_requested_at,
        max(case when request_order = 1 then completed_at end) as first_supplement_completed_at,
        max(case when request_order = 2 then requested_at end) as second_supplement_requested_at
    from supplements_ordered
    group by dossier_code

),

document_summary as (

    select
        dossier_code,
        max(case when is_digitized or has_file_link then 1 else 0 end) as has_digitized_document_flag,
        max(case when reuse_code in ('1', '2') then 1 else 0 end) as has_reused_document_flag,
        max(case when is_from_citizen_store then 1 else 0 end) as has_citizen_store_document_flag
    from submitted_documents
    group by dossier_code

),

result_summary as (

    select
        dossier_code,
        max(case when has_file_link then 1 else 0 end) as has_electronic_result_flag,
        max(case when is_pushed_to_citizen_store then 1 else 0 end) as has_result_in_citizen_store_flag
    from result_documents
    group by dossier_code

),

fee_summary as (

    select
        dossier_code,
        count(*) as fee_line_count,
        max(case when fee_amount_vnd > 0 then 1 else 0 end) as has_nonzero_fee_flag
    from fee_lines
    group by dossier_code

),

dissatisfaction as (

    select
        dossier_code,
        rated_at as dissatisfied_at
    from ratings
    where rated_at <= {{ as_of_timestamp() }}
    union all
    select
        dossier_code,
        coalesce(received_at, sent_at) as dissatisfied_at
    from petitions
    where coalesce(received_at, sent_at) <= {{ as_of_timestamp() }}

),

-- what the refresh compares to know whether a dossier's petitions changed
petition_summary as (

    select
        dossier_code,
        {{ petitions_fingerprint() }} as petitions_fingerprint
    from petitions
    group by dossier_code

),

dissatisfaction_summary as (

    select
        dossier_code,
        min(dissatisfied_at) as first_dissatisfied_at
    from dissatisfaction
    group by dossier_code

),

-- the latest moment anything of the dossier happened, whatever as_of: a later as_of can change
-- the facts of a dossier only if an event of it lies between the two
event_summary as (

    select
        dossier_code,
        max(event_at) as last_event_at
    from (
        select
            dossier_code,
            step_at as event_at
        from steps
        union all
        select
            dossier_code,
            requested_at as event_at
        from supplement_requests
        union all
        select
            dossier_code,
            completed_at as event_at
        from supplement_requests
        union all
        select
            dossier_code,
            rated_at as event_at
        from ratings
        union all
        select
            dossier_code,
            coalesce(received_at, sent_at) as event_at
        from petitions
    ) as events
    group by dossier_code

),

joined as (

    select
        dossiers.dossier_code,
        dossiers.unit_code,
        units.root_unit_code,
        units.unit_type_code,
        dossiers.procedure_code,
        dossiers.status_code,
        dossiers.channel_code,
        dossiers.is_sub_dossier,
        case when dossiers.received_at <= {{ as_of_timestamp() }} then dossiers.received_at end as received_at,
        dossiers.due_at,
        coalesce(
            step_summary.first_processed_at,
            step_summary.first_returned_step_at,
            step_summary.first_stopped_at,
            case when dossiers.processing_ended_at <= {{ as_of_timestamp() }} then dossiers.processing_ended_at end
        ) as processing_ended_at,
        coalesce(step_summary.first_processed_at, step_summary.first_returned_step_at) is not null
        or coalesce(
            dossiers.processing_ended_at <= {{ as_of_timestamp() }}
            and dossiers.status_code in ('9', '10')
            and step_summary.first_stopped_at is null,
            false
        ) as is_completed,
        coalesce(supplement_summary.supplement_request_count, 0) as supplement_request_count,
        supplement_summary.first_supplement_requested_at,
        supplement_summary.first_supplement_completed_at,
        supplement_summary.second_supplement_requested_at,
        procedures.time_limit_value,
        procedures.time_limit_unit_code,
        coalesce(procedures.requires_paper_result, false) as requires_paper_result,
        coalesce(procedures.has_fee, false) as is_fee_bearing_procedure,
        coalesce(procedures.is_citizen_facing, false) as is_citizen_facing_procedure,
        coalesce(result_summary.has_electronic_result_flag, 0) = 1 as has_electronic_result,
        coalesce(result_summary.has_result_in_citizen_store_flag, 0) = 1 as has_result_in_citizen_store,
        coalesce(document_summary.has_digitized_document_flag, 0) = 1 as has_digitized_document,
        coalesce(document_summary.has_reused_document_flag, 0) = 1 or dossiers.has_digitized_component
            as has_reused_data,
        coalesce(document_summary.has_citizen_store_document_flag, 0) = 1 as has_citizen_store_document,
        coalesce(fee_summary.fee_line_count, 0) as fee_line_count,
        coalesce(fee_summary.has_nonzero_fee_flag, 0) = 1 as has_nonzero_fee,
        dossiers.online_payment_code in ('1', '2') as is_paid_online,
        dossiers.is_vneid_verified,
        {{ dbt.concat(["','", "replace(coalesce(dossiers.national_database_codes, ''), ' ', '')", "','"]) }} like '%,DC,%'
            as has_population_database_lookup,
        case when dossiers.synced_at <= {{ as_of_timestamp() }} then dossiers.synced_at end as synced_at,
        dissatisfaction_summary.first_dissatisfied_at,
        petition_summary.petitions_fingerprint,
        -- greatest() skips NULLs on DuckDB and Spark
        greatest(
            event_summary.last_event_at,
            dossiers.received_at,
            dossiers.processing_ended_at,
            dossiers.synced_at
        ) as last_event_at
    from dossiers
    left join units
        on dossiers.unit_code = units.unit_code
    left join procedures
        on dossiers.procedure_code = procedures.procedure_code
    left join step_summary
        on dossiers.dossier_code = step_summary.dossier_code
    left join supplement_summary
        on dossiers.dossier_code = supplement_summary.dossier_code
    left join document_summary
        on dossiers.dossier_code = document_summary.dossier_code
    left join result_summary
        on dossiers.dossier_code = result_summary.dossier_code
    left join fee_summary
        on dossiers.dossier_code = fee_summary.dossier_code
    left join dissatisfaction_summary
        on dossiers.dossier_code = dissatisfaction_summary.dossier_code
    left join petition_summary
        on dossiers.dossier_code = petition_summary.dossier_code
    left join event_summary
        on dossiers.dossier_code = event_summary.dossier_code

),

-- the deadline when NgayHenTra is missing: the procedure's time limit from reception
computed_deadline as (

    select
        joined.dossier_code,
        case joined.time_limit_unit_code
            -- the end of the N-th working day after reception
            when 'NGAY_LAM_VIEC' then {{ dbt.dateadd('second', -1, deadline_day_end) }}
            when 'NGAY' then {{ dbt.dateadd('day', 'cast(joined.time_limit_value as integer)', 'joined.received_at') }}
            when 'GIO' then {{ dbt.dateadd('hour', 'cast(joined.time_limit_value as integer)', 'joined.received_at') }}
            when 'THANG' then {{ dbt.dateadd('month', 'cast(joined.time_limit_value as integer)', 'joined.received_at') }}
        end as limit_due_at
    from joined
    left join calendar as reception_day
        on cast(joined.received_at as date) = reception_day.calendar_date
    left join calendar as deadline_day
        on
            deadline_day.is_working_day
            and deadline_day.working_day_index = reception_day.working_day_index + cast(joined.time_limit_value as integer)
    where joined.due_at is null and joined.received_at is not null

),

final as (

    select
        joined.*,
        joined.received_at is not null and not joined.is_sub_dossier as is_counted,
        coalesce(joined.due_at, computed_deadline.limit_due_at) as base_due_at,
        joined.channel_code = '2'
        and (not joined.requires_paper_result or joined.has_electronic_result) as is_online,
        joined.has_digitized_document
        and (not joined.requires_paper_result or joined.has_electronic_result) as is_digitized,
        joined.has_citizen_store_document or joined.has_result_in_citizen_store as is_synced_with_citizen_store,
        joined.is_vneid_verified or joined.has_population_database_lookup or joined.has_citizen_store_document
            as uses_population_data,
        -- 3.6 denominator (indicators.md, revision 2026-12): a fee-bearing procedure and a
        -- financial obligation, i.e. at least one fee line with Gia > 0
        joined.is_fee_bearing_procedure and joined.has_nonzero_fee as is_fee_bearing,
        case
            when joined.is_completed
                then {{ dbt.datediff('joined.received_at', 'joined.processing_ended_at', 'second') }} / cast(86400 as {{ type_double() }})
        end as processing_days,
        previous.unit_code as previous_unit_code,
        previous.received_at as previous_received_at,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from joined
    left join computed_deadline
        on joined.dossier_code = computed_deadline.dossier_code
    left join previous
        on joined.dossier_code = previous.dossier_code

)

select * from final
