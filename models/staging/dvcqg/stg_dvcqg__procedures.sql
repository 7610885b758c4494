with

base as (

    select * from {{ ref('checked_dvcqg__procedures') }}
    where is_latest_version

),

final as (

    select
        procedure_code,
        procedure_catalogue_code,
        procedure_name,
        sector_code,
        administrative_levels,
        time_limit_value,
        time_limit_unit_code,
        coalesce(paper_result_flag = '1', false) as requires_paper_result,
        coalesce(fee_flag = '1', false) as has_fee,
        coalesce(fully_online_flag = '1', false) as is_fully_online_eligible,
        applicant_groups,
        (
            {{ dbt.concat(["','", "replace(coalesce(applicant_groups, ''), ' ', '')", "','"]) }} like '%,CONG_DAN,%'
            or {{ dbt.concat(["','", "replace(coalesce(applicant_groups, ''), ' ', '')", "','"]) }} like '%,NUOC_NGOAI,%'
        ) as is_citizen_facing,
        publication_status_code,
        publication_status_code in ('DANG_CONG_KHAI', 'DANG_CONG_KHAI_SDBS') as is_public,
        has_complete_content
    from base

)

select * from final
