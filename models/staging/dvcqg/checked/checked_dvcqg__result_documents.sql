{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key='dossier_code',
        on_schema_change='fail',
    )
}}

{#- GiayToKetQua (a result document of a dossier): every row of base_dvcqg__result_documents with
    the first rule it broke (reject_rule, reject_detail; the checks in seed reject_rules' priority
    order): the row's own fields, then the referential rules: orphan_dossier (MaHoSo in no raw HoSo
    row: checked_dvcqg__raw_dossier_codes); then the version checks (duplicate_row,
    conflicting_version) and is_latest_version. stg_dvcqg__result_documents reads the rows that
    passed, quarantine_dvcqg__result_documents the others. -#}

{#- Incremental (macros/incremental.sql): a run reads only the raw files not read before and
    rechecks every stored row of the dossier codes they touch, so the version checks see each
    key whole; `refreshed_at` tells the models downstream which dossiers changed. -#}

{%- set unparseable = unparseable_check([['loaded_text', 'loaded_at', 'NapLuc']]) -%}

with

parsed as {{ cte_inlined_in_full_build() }} (

    select * from {{ ref('base_dvcqg__result_documents') }}
    {{- new_raw_files_filter('source_file') }}

),

known_dossiers as (

    select dossier_code from {{ ref('checked_dvcqg__raw_dossier_codes') }}

),

rows_to_check as {{ cte_inlined_in_full_build() }} (

    {{- checked_rows_to_check('parsed', with_new_dossier_codes=true) }}

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        -- a row loaded after the build's as_of is not known yet (an unparseable NapLuc is judged)
        coalesce(parsed.loaded_at <= {{ as_of_timestamp() }}, parsed.loaded_at is null) as is_known_at_as_of,
        {{ reject_rule_columns([
            ['missing_key', 'parsed.dossier_code is null or parsed.result_document_id is null',
                "'MaHoSo or GiayToId is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unknown_code', not_in_code_list('parsed.pushed_to_citizen_store_flag', 'flag'),
                dbt.concat(["'DongBoKhoCongDan='", 'parsed.pushed_to_citizen_store_flag'])],
            ['orphan_dossier', 'known_dossiers.dossier_code is null',
                dbt.concat(["'MaHoSo='", 'parsed.dossier_code', "' matches no HoSo row'"])],
        ]) }}
    from rows_to_check as parsed
    left join known_dossiers
        on parsed.dossier_code = known_dossiers.dossier_code

),

checked_versions as (

    {{ select_with_version_checks('checked', ['dossier_code', 'result_document_id'], 'loaded_at', 'is_known_at_as_of') }}

),

final as (

    select
        checked_versions.*,
        {{ refresh_timestamp() }} as refreshed_at,
        {{ as_of_timestamp() }} as evaluated_as_of
    from checked_versions

)

select * from final
