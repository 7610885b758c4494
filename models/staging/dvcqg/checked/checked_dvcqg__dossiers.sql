{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key='dossier_code',
        on_schema_change='fail',
    )
}}

{#- HoSo (a dossier): every row of base_dvcqg__dossiers with the first rule it broke (reject_rule,
    reject_detail; the checks in seed reject_rules' priority order): the row's own fields, then the
    referential rules: unknown_unit (MaDonVi not in stg_dvcqg__units) and unknown_procedure (MaTTHC
    not in stg_dvcqg__procedures); then the version checks (duplicate_row, conflicting_version) and
    is_latest_version. stg_dvcqg__dossiers reads the rows that passed, quarantine_dvcqg__dossiers
    the others. -#}

{#- Incremental (macros/incremental.sql): a run reads only the raw files not read before and
    rechecks every stored row of the dossier codes they touch, so the version checks see each
    key whole; `refreshed_at` tells the models downstream which dossiers changed.

    Personal data: this is the first relation that stores a raw HoSo row. The applicant's ID
    number arrives only as its HMAC (with the id of the key that made it, for rotation), computed
    by base_dvcqg__dossiers, which never reads name, phone or email; a rejected row, which may
    carry a personal value in any column, is stored with its texts masked
    (macros/privacy/mask_personal.sql). -#}

{%- set timestamps = [
    ['submitted_text', 'submitted_at', 'NgayNopHoSo'],
    ['received_text', 'received_at', 'NgayTiepNhan'],
    ['due_text', 'due_at', 'NgayHenTra'],
    ['processing_ended_text', 'processing_ended_at', 'NgayKetThucXuLy'],
    ['returned_text', 'returned_at', 'NgayTra'],
    ['synced_text', 'synced_at', 'DongBoLuc'],
    ['loaded_text', 'loaded_at', 'NapLuc'],
] -%}
{%- set unparseable = unparseable_check(timestamps) -%}
{#- the texts of a row as sent: stored masked when the row is rejected (a timestamp: when it did
    not parse) -#}
{%- set texts_as_sent = [
    'dossier_code', 'parent_dossier_code', 'procedure_local_code', 'procedure_code', 'sector_code',
    'unit_code', 'channel_text', 'channel_code', 'applicant_type_code',
    'status_code', 'digitized_component_flag', 'vneid_verified_flag', 'online_payment_code',
    'national_database_codes',
] -%}
{%- for text_column, parsed_column, field in timestamps -%}
    {%- do texts_as_sent.append([text_column, parsed_column]) -%}
{%- endfor -%}

with

parsed as {{ cte_inlined_in_full_build() }} (

    select * from {{ ref('base_dvcqg__dossiers') }}
    {{- new_raw_files_filter('source_file') }}

),

units as (

    select distinct unit_code from {{ ref('stg_dvcqg__units') }}

),

procedures as (

    select distinct procedure_code from {{ ref('stg_dvcqg__procedures') }}

),

rows_to_check as {{ cte_inlined_in_full_build() }} (

    {{- checked_rows_to_check('parsed', with_new_dossier_codes=false) }}

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        -- a row loaded after the build's as_of is not known yet (an unparseable NapLuc is judged)
        coalesce(parsed.loaded_at <= {{ as_of_timestamp() }}, parsed.loaded_at is null) as is_known_at_as_of,
        {{ reject_rule_columns([
            ['personal_identifier', looks_personal(['parsed.dossier_code', 'parsed.parent_dossier_code', 'parsed.procedure_local_code', 'parsed.sector_code', 'parsed.national_database_codes']),
                "'MaHoSo, MaHoSoGoc, MaTTHC, MaLinhVuc or MaCSDL looks like personal data'"],
            ['missing_key', 'parsed.dossier_code is null', "'MaHoSo is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unknown_code', not_in_code_list('parsed.status_code', 'status'),
                dbt.concat(["'TrangThaiHoSo='", 'parsed.status_code'])],
            ['unknown_code', not_in_code_list('parsed.channel_code', 'channel'),
                dbt.concat(["'KenhThucHien='", 'parsed.channel_code'])],
            ['unknown_code', not_in_code_list('parsed.applicant_type_code', 'applicant_type'),
                dbt.concat(["'LoaiDoiTuong='", 'parsed.applicant_type_code'])],
            ['unknown_code', not_in_code_list('parsed.online_payment_code', 'payment'),
                dbt.concat(["'DuocThanhToanTrucTuyen='", 'parsed.online_payment_code'])],
            ['unknown_code', not_in_code_list('parsed.digitized_component_flag', 'flag'),
                dbt.concat(["'HoSoCoThanhPhanSoHoa='", 'parsed.digitized_component_flag'])],
            ['unknown_code', not_in_code_list('parsed.vneid_verified_flag', 'flag'),
                dbt.concat(["'TaiKhoanDuocXacThucVoiVNeID='", 'parsed.vneid_verified_flag'])],
            ['unknown_unit', 'parsed.unit_code is null or units.unit_code is null',
                dbt.concat(["'MaDonVi='", "coalesce(parsed.unit_code, '')"])],
            ['unknown_procedure', 'parsed.procedure_code is null or procedures.procedure_code is null',
                dbt.concat(["'MaTTHC='", "coalesce(parsed.procedure_local_code, '')"])],
            ['received_after_returned', 'parsed.received_at > parsed.returned_at',
                dbt.concat(["'NgayTiepNhan='", 'parsed.received_text', "' > NgayTra='", 'parsed.returned_text'])],
        ]) }}
    from rows_to_check as parsed
    left join units
        on parsed.unit_code = units.unit_code
    left join procedures
        on parsed.procedure_code = procedures.procedure_code

),

checked_versions as (

    {{ select_with_version_checks('checked', ['dossier_code'], 'loaded_at', 'is_known_at_as_of') }}

),

final as (

    {{ select_masked_if_rejected('checked_versions', texts_as_sent, [
        'source_file', 'source_row', 'applicant_id_hmac', 'applicant_id_key_id', 'content_hash',
        'submitted_at', 'received_at', 'due_at', 'processing_ended_at', 'returned_at', 'synced_at', 'loaded_at',
    ]) }}

)

select * from final
