with

base as (

    select * from {{ ref('checked_dvcqg__holidays') }}
    where is_latest_version

),

final as (

    select
        holiday_date,
        holiday_name
    from base

)

select * from final
