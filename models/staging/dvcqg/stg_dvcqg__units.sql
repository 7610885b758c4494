with

base as (

    select * from {{ ref('checked_dvcqg__units') }}
    where is_latest_version

),

final as (

    select
        unit_code,
        unit_name,
        unit_type_code,
        parent_unit_code,
        valid_from_date,
        valid_to_date,
        successor_unit_code
    from base

)

select * from final
