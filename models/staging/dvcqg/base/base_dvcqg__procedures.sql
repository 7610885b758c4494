{#- ThuTuc: every raw row (a procedure of the national catalogue) as sent, renamed and parsed, one
    column a field; the fields not listed are never read. Nothing is judged here:
    checked_dvcqg__procedures applies the rules, the referential ones included. Ephemeral
    (dbt_project.yml): compiled into that model, which stores the rows with their rule, so no
    relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'ThuTuc') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaTTHC') }} as procedure_catalogue_code,
        {{ raw_text('TenTTHC') }} as procedure_name,
        {{ raw_text('MaLinhVuc') }} as sector_code,
        {{ raw_text('CapThucHien') }} as administrative_levels,
        {{ raw_text('ThoiHanGiaiQuyet') }} as time_limit_text,
        {{ raw_text('DonViTinh') }} as time_limit_unit_code,
        {{ raw_text('YeuCauKetQuaGiay') }} as paper_result_flag,
        {{ raw_text('CoPhiLePhi') }} as fee_flag,
        {{ raw_text('DuDieuKienToanTrinh') }} as fully_online_flag,
        {{ raw_text('DoiTuongThucHien') }} as applicant_groups,
        {{ raw_text('TrangThaiCongKhai') }} as publication_status_code,
        (
            {{ raw_text('TenTTHC') }} is not null
            and {{ raw_text('TrinhTu') }} is not null
            and {{ raw_text('CachThuc') }} is not null
            and {{ raw_text('ThanhPhanHoSo') }} is not null
            and {{ raw_text('ThoiHan') }} is not null
            and {{ raw_text('DoiTuong') }} is not null
            and {{ raw_text('CoQuanThucHien') }} is not null
        ) as has_complete_content,
        {{ raw_row_hash('ThuTuc') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ national_procedure_code('procedure_catalogue_code') }} as procedure_code,
        {{ dbt.safe_cast('time_limit_text', type_double()) }} as time_limit_value
    from cleaned

)

select * from final
