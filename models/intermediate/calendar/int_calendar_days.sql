{#- One row per calendar day around the index's range, with the working-day arithmetic that
    deadlines need: working_day_index counts the working days (Monday–Friday minus
    stg_dvcqg__holidays) up to and including the day, so the working days strictly after day A up
    to and including day B are index(B) − index(A). -#}

with

days as (

    {{ dbt.date_spine(
        'day',
        dbt.dateadd('day', -400, index_start_date()),
        dbt.dateadd('day', 800, as_of_date())
    ) }}

),

holidays as (

    select holiday_date from {{ ref('stg_dvcqg__holidays') }}

),

flagged as (

    select
        cast(days.date_day as date) as calendar_date,
        {{ day_of_week_iso('cast(days.date_day as date)') }} as iso_day_of_week,
        holidays.holiday_date is not null as is_holiday
    from days
    left join holidays
        on cast(days.date_day as date) = holidays.holiday_date

),

final as (

    select
        calendar_date,
        iso_day_of_week,
        is_holiday,
        iso_day_of_week <= 5 and not is_holiday as is_working_day,
        sum(case when iso_day_of_week <= 5 and not is_holiday then 1 else 0 end)
            over (order by calendar_date rows between unbounded preceding and current row)
            as working_day_index
    from flagged

)

select * from final
