{#- One row per petition (PhanAnhKienNghi) received at or before as_of, with the facts that
    components 5.1–5.3 count: category, rejection, likes, raised-again flag, the closure known at
    as_of and the processing limit (N working days after the reception day, N from seed
    working_day_limits row PETITION_PROCESSING_ON_TIME). A petition judged at time t is late iff
    t > late_after_at (null: never late, it was closed within the limit). -#}

with

petitions as (

    select * from {{ ref('stg_dvcqg__petitions') }}

),

calendar_days as (

    select * from {{ ref('int_calendar_days') }}

),

working_day_limits as (

    select * from {{ ref('working_day_limits') }}

),

-- a petition received after as_of has not arrived yet; a closure after as_of has not happened yet
known_petitions as (

    select
        petition_code,
        handling_unit_code,
        dossier_code,
        category_code,
        received_at,
        case when closed_at <= {{ as_of_timestamp() }} then closed_at end as closed_at,
        coalesce(is_rejected, false) as is_rejected,
        like_count,
        dislike_count,
        coalesce(is_raised_again, false) as is_raised_again
    from petitions
    where received_at <= {{ as_of_timestamp() }}

),

with_limit as (

    select
        known_petitions.*,
        limits.working_days as processing_limit_working_days
    from known_petitions
    left join working_day_limits as limits
        on
            limits.indicator_code = 'PETITION_PROCESSING_ON_TIME'
            and limits.publisher_unit_type_code = 'ALL'

),

-- the limit runs out when the (N+1)-th working day after the reception day starts
with_due as (

    select
        with_limit.*,
        cast(limit_end_day.calendar_date as {{ dbt.type_timestamp() }}) as processing_limit_ends_at
    from with_limit
    left join calendar_days as received_day
        on cast(with_limit.received_at as date) = received_day.calendar_date
    left join calendar_days as limit_end_day
        on
            received_day.working_day_index + with_limit.processing_limit_working_days + 1 = limit_end_day.working_day_index
            and limit_end_day.is_working_day

),

final as (

    select
        petition_code,
        handling_unit_code,
        dossier_code,
        category_code,
        received_at,
        closed_at,
        is_rejected,
        like_count,
        dislike_count,
        coalesce(dislike_count > like_count, false) as is_disliked,
        is_raised_again,
        processing_limit_working_days,
        processing_limit_ends_at,
        coalesce(closed_at < processing_limit_ends_at, false) as is_closed_on_time,
        case
            when closed_at < processing_limit_ends_at then null
            -- received before the calendar starts: long past any limit
            else coalesce(processing_limit_ends_at, received_at)
        end as late_after_at
    from with_due

)

select * from final
