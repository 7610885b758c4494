{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key='dossier_code',
        on_schema_change='fail',
    )
}}

{#- Incremental (macros/incremental.sql): a run reads only the raw files not read before and
    rechecks every stored row of the dossier codes they touch, so the version checks see each
    key whole; `refreshed_at` tells the models downstream which dossiers changed.

    Personal data stops here, in the first relation that reads a raw row: the applicant's ID
    number is kept only as its HMAC (with the id of the key that made it, for rotation); name,
    phone and email are not read at all; a rejected row, which may carry a personal value in
    any column, is stored with its texts masked (macros/privacy/mask_personal.sql). -#}

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

source as {{ cte_inlined_in_full_build() }} (

    select * from {{ source('dvcqg', 'HoSo') }}
    {{- new_raw_files_filter() }}

),

units as (

    select distinct unit_code from {{ ref('stg_dvcqg__units') }}

),

procedures as (

    select distinct procedure_code from {{ ref('stg_dvcqg__procedures') }}

),

cleaned as {{ cte_inlined_in_full_build() }} (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaHoSo') }} as dossier_code,
        {{ raw_text('MaHoSoGoc') }} as parent_dossier_code,
        {{ raw_text('MaTTHC') }} as procedure_local_code,
        {{ raw_text('MaLinhVuc') }} as sector_code,
        {{ raw_text('MaDonVi') }} as unit_code,
        {{ raw_text('KenhThucHien') }} as channel_text,
        {{ raw_text('LoaiDoiTuong') }} as applicant_type_code,
        {{ hmac_sha256(raw_text('SoGiayToChuHoSo')) }} as applicant_id_hmac,
        {{ hmac_key_id() }} as applicant_id_key_id,
        {{ raw_text('NgayNopHoSo') }} as submitted_text,
        {{ raw_text('NgayTiepNhan') }} as received_text,
        {{ raw_text('NgayHenTra') }} as due_text,
        {{ raw_text('NgayKetThucXuLy') }} as processing_ended_text,
        {{ raw_text('NgayTra') }} as returned_text,
        {{ raw_text('TrangThaiHoSo') }} as status_code,
        {{ raw_text('HoSoCoThanhPhanSoHoa') }} as digitized_component_flag,
        {{ raw_text('TaiKhoanDuocXacThucVoiVNeID') }} as vneid_verified_flag,
        {{ raw_text('DuocThanhToanTrucTuyen') }} as online_payment_code,
        {{ raw_text('MaCSDL') }} as national_database_codes,
        {{ raw_text('DongBoLuc') }} as synced_text,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('HoSo') }} as content_hash
    from source

),

parsed as {{ cte_inlined_in_full_build() }} (

    select
        cleaned.*,
        {{ national_procedure_code('procedure_local_code') }} as procedure_code,
        coalesce(cleaned.channel_text, '1') as channel_code,
        {{ parse_wire_timestamp('cleaned.submitted_text') }} as submitted_at,
        {{ parse_wire_timestamp('cleaned.received_text') }} as received_at,
        {{ parse_wire_timestamp('cleaned.due_text') }} as due_at,
        {{ parse_wire_timestamp('cleaned.processing_ended_text') }} as processing_ended_at,
        {{ parse_wire_timestamp('cleaned.returned_text') }} as returned_at,
        {{ parse_wire_timestamp('cleaned.synced_text') }} as synced_at,
        {{ parse_loaded_at('cleaned.loaded_text') }} as loaded_at
    from cleaned

),

rows_to_check as {{ cte_inlined_in_full_build() }} (

    {{- base_rows_to_check('parsed', with_new_dossier_codes=false) }}

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
