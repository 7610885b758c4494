{#- 5.2 PETITION_PROCESSING_ON_TIME: per handling unit (unit rows) and period, the petitions not
    rejected and received by judged_at that were closed in P or were still open at judged_at
    (denominator), and those not late at judged_at (numerator): closed within the limit, or still
    open and not yet past it. Limit and lateness: int_petitions_enriched. -#}

with

petitions as (

    select * from {{ ref('int_petitions_enriched') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

population as (

    select
        petitions.handling_unit_code as unit_code,
        periods.period_type,
        periods.period_label,
        case when periods.judged_at > petitions.late_after_at then 0 else 1 end as on_time_flag
    from petitions
    inner join periods
        on
            -- received by the time P is judged (a reception at the very end of P belongs to the next period)
            petitions.received_at <= periods.judged_at
            and petitions.received_at < periods.period_end_exclusive_at
            and (
                -- closed in P (closures after as_of are unknown, see int_petitions_enriched)
                (
                    petitions.closed_at >= periods.period_start_at
                    and petitions.closed_at < periods.period_end_exclusive_at
                )
                -- or still open when P is judged
                or petitions.closed_at is null
                or petitions.closed_at >= periods.judged_at
            )
    where not petitions.is_rejected

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        'PETITION_PROCESSING_ON_TIME' as indicator_code,
        'unit' as figure_level,
        cast(sum(on_time_flag) as {{ type_double() }}) as numerator,
        cast(count(*) as {{ type_double() }}) as denominator
    from population
    group by
        unit_code,
        period_type,
        period_label

)

select * from final
