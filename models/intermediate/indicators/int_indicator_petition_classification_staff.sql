{#- 5.1 PETITION_CLASSIFICATION_STAFF, display only: per handling unit (unit rows) and period, the petitions
    received in P about staff behaviour (PhanLoai CAN_BO) over all petitions the unit received in P,
    rejected ones included. -#}

with

petitions as (

    select * from {{ ref('int_petitions_enriched') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

final as (

    select
        petitions.handling_unit_code as unit_code,
        periods.period_type,
        periods.period_label,
        'PETITION_CLASSIFICATION_STAFF' as indicator_code,
        'unit' as figure_level,
        cast(sum(case when petitions.category_code = 'CAN_BO' then 1 else 0 end) as {{ api.Column.translate_type('double') }}) as numerator,
        cast(count(*) as {{ api.Column.translate_type('double') }}) as denominator
    from petitions
    inner join periods
        on
            petitions.received_at >= periods.period_start_at
            and petitions.received_at < periods.period_end_exclusive_at
    group by
        petitions.handling_unit_code,
        periods.period_type,
        periods.period_label

)

select * from final
