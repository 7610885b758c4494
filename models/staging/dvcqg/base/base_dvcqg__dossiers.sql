{#- HoSo: every raw row (a dossier) as sent, renamed and parsed, one column a field; the applicant's
    ID number (SoGiayToChuHoSo) is kept only as its HMAC, with the id of the key that made it; the
    name, phone and email are never read. Nothing is judged here: checked_dvcqg__dossiers applies
    the rules, the referential ones included. Ephemeral (dbt_project.yml): compiled into that model,
    which stores the rows with their rule, so no relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'HoSo') }}

),

cleaned as (

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

final as (

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

)

select * from final
