{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key='dossier_code',
        on_schema_change='fail',
    )
}}

{#- QuaTrinhXuLy (a processing step of a dossier): every row of base_dvcqg__processing_steps with
    the first rule it broke (reject_rule, reject_detail; the checks in seed reject_rules' priority
    order): the row's own fields, then the referential rules: orphan_dossier (MaHoSo in no raw HoSo
    row: checked_dvcqg__raw_dossier_codes); then the version checks (duplicate_row,
    conflicting_version) and is_latest_version. stg_dvcqg__processing_steps reads the rows that
    passed, quarantine_dvcqg__processing_steps the others. -#}

{#- Incremental (macros/incremental.sql): a run reads only the raw files not read before and
    rechecks every stored row of the dossier codes they touch, so the version checks see each
    key whole; `refreshed_at` tells the models downstream which dossiers changed.

    Personal data: base_dvcqg__processing_steps never reads the handler's name (NguoiXuLy) or the
    step's free text (NoiDungXuLy, which names people); a rejected row is stored here with its
    texts masked (macros/privacy/mask_personal.sql). -#}

{%- set unparseable = unparseable_check([
    ['step_text', 'step_at', 'ThoiDiemXuLy'],
    ['loaded_text', 'loaded_at', 'NapLuc'],
]) -%}
{#- the texts of a row as sent: stored masked when the row is rejected (a timestamp: when it did
    not parse) -#}
{%- set texts_as_sent = ['dossier_code', ['step_text', 'step_at'], 'status_code', ['loaded_text', 'loaded_at']] -%}

with

parsed as {{ cte_inlined_in_full_build() }} (

    select * from {{ ref('base_dvcqg__processing_steps') }}
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
            ['personal_identifier', looks_personal(['parsed.dossier_code']), "'MaHoSo looks like personal data'"],
            ['missing_key', 'parsed.dossier_code is null or parsed.step_text is null or parsed.status_code is null',
                "'MaHoSo, ThoiDiemXuLy or TrangThai is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unknown_code', not_in_code_list('parsed.status_code', 'status'),
                dbt.concat(["'TrangThai='", 'parsed.status_code'])],
            ['orphan_dossier', 'known_dossiers.dossier_code is null',
                dbt.concat(["'MaHoSo='", 'parsed.dossier_code', "' matches no HoSo row'"])],
        ]) }}
    from rows_to_check as parsed
    left join known_dossiers
        on parsed.dossier_code = known_dossiers.dossier_code

),

checked_versions as (

    {{ select_with_version_checks('checked', ['dossier_code', 'step_at', 'status_code'], 'loaded_at', 'is_known_at_as_of') }}

),

final as (

    {{ select_masked_if_rejected('checked_versions', texts_as_sent, ['source_file', 'source_row', 'content_hash', 'step_at', 'loaded_at']) }}

)

select * from final
