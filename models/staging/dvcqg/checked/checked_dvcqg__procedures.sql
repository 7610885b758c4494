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
