with

periods as (

    select * from {{ ref('int_periods') }}

),

final as (

    select
        period_type,
        period_label,
        period_start_date,
        period_end_date,
        judged_at,
        is_provisional,
        period_type_order
    from periods

)

select * from final
