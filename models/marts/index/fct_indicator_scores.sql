with

scores as (

    select * from {{ ref('int_indicator_scores') }}

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        indicator_code,
        numerator,
        denominator,
        ratio,
        points,
        max_points,
        is_assumed,
        source
    from scores

)

select * from final
