{#- 5.3 PETITION_HANDLING_SATISFACTION: per handling unit (unit rows) and period, the petitions
    first received in P and not rejected (denominator), minus those with more dislikes than likes,
    those late by the 5.2 rule judged at judged_at, and those raised again (numerator; a petition
    failing several tests is subtracted once). -#}

with

petitions as (

    select * from {{ ref('int_petitions_enriched') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

received_in_period as (

    select
        petitions.handling_unit_code as unit_code,
        periods.period_type,
        periods.period_label,
        case
            when petitions.is_disliked then 0
            when petitions.is_raised_again then 0
            when periods.judged_at > petitions.late_after_at then 0
            else 1
        end as satisfied_flag
    from petitions
    inner join periods
        on
            petitions.received_at >= periods.period_start_at
            and petitions.received_at < periods.period_end_exclusive_at
    where not petitions.is_rejected

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        'PETITION_HANDLING_SATISFACTION' as indicator_code,
        'unit' as figure_level,
        cast(sum(satisfied_flag) as {{ type_double() }}) as numerator,
        cast(count(*) as {{ type_double() }}) as denominator
    from received_in_period
    group by
        unit_code,
        period_type,
        period_label

)

select * from final
