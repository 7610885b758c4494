{#- ThuTuc (a procedure of the national catalogue): every row of base_dvcqg__procedures with the
    first rule it broke (reject_rule, reject_detail; the checks in seed reject_rules' priority
    order): the row's own fields (no referential rule: nothing else is read); then the version
    checks (duplicate_row, conflicting_version) and is_latest_version. stg_dvcqg__procedures reads
    the rows that passed, quarantine_dvcqg__procedures the others. -#}

with

parsed as (

    select * from {{ ref('base_dvcqg__procedures') }}

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'procedure_code is null', "'MaTTHC is empty'"],
            ['unparseable_number', 'time_limit_text is not null and time_limit_value is null',
                dbt.concat(["'ThoiHanGiaiQuyet='", 'time_limit_text'])],
            ['unknown_code', "time_limit_unit_code not in ('GIO', 'NGAY', 'NGAY_LAM_VIEC', 'THANG')",
                dbt.concat(["'DonViTinh='", 'time_limit_unit_code'])],
            ['unknown_code', "paper_result_flag not in ('0', '1') or fee_flag not in ('0', '1') or fully_online_flag not in ('0', '1')",
                dbt.concat(["'YeuCauKetQuaGiay/CoPhiLePhi/DuDieuKienToanTrinh='", "coalesce(paper_result_flag, '')", "'/'", "coalesce(fee_flag, '')", "'/'", "coalesce(fully_online_flag, '')"])],
            ['unknown_code', "publication_status_code not in ('DANG_CONG_KHAI', 'DANG_CONG_KHAI_SDBS', 'BAI_BO', 'CHUA_CONG_KHAI')",
                dbt.concat(["'TrangThaiCongKhai='", 'publication_status_code'])],
        ]) }}
    from parsed

),

final as (

    {{ select_with_version_checks('checked', ['procedure_code'], none) }}

)

select * from final
