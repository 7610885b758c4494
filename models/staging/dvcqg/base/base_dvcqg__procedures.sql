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

parsed as (

    select
        cleaned.*,
        {{ national_procedure_code('procedure_catalogue_code') }} as procedure_code,
        {{ dbt.safe_cast('time_limit_text', type_double()) }} as time_limit_value
    from cleaned

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'procedure_code is null', "'MaTTHC is empty'"],
            ['unparseable_number', 'time_limit_text is not null and time_limit_value is null',
                dbt.concat(["'ThoiHanGiaiQuyet='", 'time_limit_text'])],
            ['unknown_code', not_in_code_list('time_limit_unit_code', 'time_unit'),
                dbt.concat(["'DonViTinh='", 'time_limit_unit_code'])],
            ['unknown_code', not_in_code_list('paper_result_flag', 'flag') ~ " or " ~ not_in_code_list('fee_flag', 'flag') ~ " or " ~ not_in_code_list('fully_online_flag', 'flag'),
                dbt.concat(["'YeuCauKetQuaGiay/CoPhiLePhi/DuDieuKienToanTrinh='", "coalesce(paper_result_flag, '')", "'/'", "coalesce(fee_flag, '')", "'/'", "coalesce(fully_online_flag, '')"])],
            ['unknown_code', not_in_code_list('publication_status_code', 'publication_status'),
                dbt.concat(["'TrangThaiCongKhai='", 'publication_status_code'])],
        ]) }}
    from parsed

),

final as (

    {{ select_with_version_checks('checked', ['procedure_code'], none) }}

)

select * from final
