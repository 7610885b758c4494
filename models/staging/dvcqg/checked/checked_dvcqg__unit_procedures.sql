{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key='unit_code',
        on_schema_change='fail',
    )
}}

{#- ThuTucDonVi (a procedure as a unit offers it): every row of base_dvcqg__unit_procedures with the
    first rule it broke (reject_rule, reject_detail; the checks in seed reject_rules' priority
    order): the row's own fields, then the referential rules: unknown_unit (MaDonVi not in
    stg_dvcqg__units) and unknown_procedure (MaTTHC not in stg_dvcqg__procedures); then the version
    checks (duplicate_row, conflicting_version) and is_latest_version. stg_dvcqg__unit_procedures
    reads the rows that passed, quarantine_dvcqg__unit_procedures the others. -#}

{#- Incremental (macros/incremental.sql) like the dossier tables, by unit: a run reads only the raw
    files not read before and rechecks every stored row of the units they touch. A change of the
    unit or procedure catalogue rebuilds it in full. -#}

{%- set unparseable = unparseable_check([['loaded_text', 'loaded_at', 'NapLuc']]) -%}

with

parsed as {{ cte_inlined_in_full_build() }} (

    select * from {{ ref('base_dvcqg__unit_procedures') }}
    {{- new_raw_files_filter('source_file') }}

),

units as (

    select distinct unit_code from {{ ref('stg_dvcqg__units') }}

),

procedures as (

    select distinct procedure_code from {{ ref('stg_dvcqg__procedures') }}

),

rows_to_check as {{ cte_inlined_in_full_build() }} (

    {{- checked_rows_to_check('parsed', with_new_dossier_codes=false, touch_column='unit_code') }}

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        -- a row loaded after the build's as_of is not known yet (an unparseable NapLuc is judged)
        coalesce(parsed.loaded_at <= {{ as_of_timestamp() }}, parsed.loaded_at is null) as is_known_at_as_of,
        {{ reject_rule_columns([
            ['missing_key', 'parsed.procedure_local_code is null or parsed.unit_code is null', "'MaTTHC or MaDonVi is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unknown_code', "parsed.service_level_code is null or " ~ not_in_code_list('parsed.service_level_code', 'service_level'),
                dbt.concat(["'MucDo='", "coalesce(parsed.service_level_code, '')"])],
            ['unknown_code', not_in_code_list('parsed.published_flag', 'flag') ~ " or " ~ not_in_code_list('parsed.payment_integrated_flag', 'flag'),
                dbt.concat(["'CongKhai/TichHopThanhToanDVCQG='", "coalesce(parsed.published_flag, '')", "'/'", "coalesce(parsed.payment_integrated_flag, '')"])],
            ['unknown_unit', 'units.unit_code is null', dbt.concat(["'MaDonVi='", 'parsed.unit_code'])],
            ['unknown_procedure', 'procedures.procedure_code is null', dbt.concat(["'MaTTHC='", 'parsed.procedure_local_code'])],
        ]) }}
    from rows_to_check as parsed
    left join units
        on parsed.unit_code = units.unit_code
    left join procedures
        on parsed.procedure_code = procedures.procedure_code

),

checked_versions as (

    {{ select_with_version_checks('checked', ['procedure_local_code', 'unit_code'], 'loaded_at', 'is_known_at_as_of') }}

),

final as (

    select
        checked_versions.*,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from checked_versions

)

select * from final
