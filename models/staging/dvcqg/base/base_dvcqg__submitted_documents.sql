{#- TaiLieuNop: every raw row (a document submitted with a dossier) as sent, renamed and parsed, one
    column a field; the fields not listed are never read. Nothing is judged here:
    checked_dvcqg__submitted_documents applies the rules, the referential ones included. Ephemeral
    (dbt_project.yml): compiled into that model, which stores the rows with their rule, so no
    relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'TaiLieuNop') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaHoSo') }} as dossier_code,
        {{ raw_text('TepDinhKemId') }} as attachment_id,
        {{ raw_text('MaThanhPhanHoSo') }} as component_code,
        {{ raw_text('DuongDanTaiTepTin') }} as file_link,
        {{ raw_text('DuocSoHoa') }} as digitized_flag,
        {{ raw_text('DuocTaiSuDung') }} as reuse_code,
        {{ raw_text('DuocLayTuKhoDMQG') }} as from_citizen_store_flag,
        {{ raw_text('IsDeleted') }} as deleted_flag,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('TaiLieuNop') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

)

select * from final
