with

base as (

    select * from {{ ref('checked_dvcqg__external_indicator_counts') }}
    where is_latest_version

),

final as (

    select
        unit_code,
        period_label,
        indicator_code,
        numerator,
        denominator
    from base

)

select * from final
