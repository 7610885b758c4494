with

base as (

    select * from {{ ref('checked_dvcqg__national_report_counts') }}
    where is_latest_version

),

final as (

    select
        unit_code,
        period_label,
        received_dossier_count
    from base

)

select * from final
