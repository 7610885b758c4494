{#- One row per reporting period from var index_start_date to the build's as_of: every month,
    quarter and year, plus the year to date of the as_of year (period_type `to_date`, label
    `2026-YTD`). A period that has not ended at as_of is provisional and judged at as_of. -#}

with

months as (

    {{ dbt.date_spine(
        'month',
        dbt.date_trunc('month', index_start_date()),
        dbt.dateadd('month', 1, dbt.date_trunc('month', as_of_date()))
    ) }}

),

month_parts as (

    select
        cast(date_month as date) as month_start_date,
        extract(year from cast(date_month as date)) as year_number,
        extract(month from cast(date_month as date)) as month_number
    from months

),

monthly as (

    select
        'month' as period_type,
        {{ dbt.concat(["cast(year_number as " ~ dbt.type_string() ~ ")", "'-'", two_digits('month_number')]) }} as period_label,
        month_start_date as period_start_date,
        cast({{ dbt.dateadd('month', 1, 'month_start_date') }} as date) as period_end_exclusive_date
    from month_parts

),

quarterly as (

    select
        'quarter' as period_type,
        {{ dbt.concat(["cast(year_number as " ~ dbt.type_string() ~ ")", "'-Q'", "cast(floor((month_number - 1) / 3) + 1 as integer)"]) }} as period_label,
        min(month_start_date) as period_start_date,
        cast({{ dbt.dateadd('month', 3, 'min(month_start_date)') }} as date) as period_end_exclusive_date
    from month_parts
    group by year_number, floor((month_number - 1) / 3)

),

yearly as (

    select
        'year' as period_type,
        cast(year_number as {{ dbt.type_string() }}) as period_label,
        min(month_start_date) as period_start_date,
        cast({{ dbt.dateadd('year', 1, 'min(month_start_date)') }} as date) as period_end_exclusive_date
    from month_parts
    group by year_number

),

to_date as (

    select
        'to_date' as period_type,
        {{ dbt.concat(["cast(extract(year from " ~ as_of_date() ~ ") as " ~ dbt.type_string() ~ ")", "'-YTD'"]) }} as period_label,
        cast({{ dbt.date_trunc('year', as_of_date()) }} as date) as period_start_date,
        cast({{ dbt.dateadd('day', 1, as_of_date()) }} as date) as period_end_exclusive_date

),

unioned as (

    select * from monthly
    union all
    select * from quarterly
    union all
    select * from yearly
    union all
    select * from to_date

),

final as (

    select
        period_type,
        period_label,
        -- quarter/year periods that started before index_start_date still cover whole calendar units
        period_start_date,
        cast({{ dbt.dateadd('day', -1, 'period_end_exclusive_date') }} as date) as period_end_date,
        cast(period_start_date as {{ dbt.type_timestamp() }}) as period_start_at,
        cast(period_end_exclusive_date as {{ dbt.type_timestamp() }}) as period_end_exclusive_at,
        -- the moment the period is judged at: its end, or as_of while it is still open
        case
            when cast(period_end_exclusive_date as {{ dbt.type_timestamp() }}) <= {{ as_of_timestamp() }}
                then cast(period_end_exclusive_date as {{ dbt.type_timestamp() }})
            else {{ as_of_timestamp() }}
        end as judged_at,
        cast(period_end_exclusive_date as {{ dbt.type_timestamp() }}) > {{ as_of_timestamp() }} as is_provisional,
        case period_type when 'month' then 1 when 'quarter' then 2 when 'year' then 3 else 4 end as period_type_order
    from unioned

)

select * from final
