with

base as (

    select * from {{ ref('checked_dvcqg__unit_procedures') }}
    where is_latest_version

),

final as (

    select
        procedure_code,
        procedure_local_code,
        unit_code,
        service_level_code,
        coalesce(published_flag = '1', false) as is_published,
        coalesce(payment_integrated_flag = '1', false) as is_payment_integrated,
        loaded_at
    from base

)

select * from final
