{#- One row per publication decision and procedure (QuyetDinhCongBo) that exists at as_of, with
    the facts that components 1.1 PUBLISH_ON_TIME and 1.2 PUBLIC_UPDATE_ON_TIME judge: the
    publisher's root (today's ministry or province), the working-day limits of seed
    working_day_limits for that root's unit type, and both on-time verdicts. -#}

with

decisions as (

    select * from {{ ref('stg_dvcqg__publication_decisions') }}

),

units as (

    select * from {{ ref('int_units') }}

),

calendar_days as (

    select * from {{ ref('int_calendar_days') }}

),

working_day_limits as (

    select * from {{ ref('working_day_limits') }}

),

-- a decision dated after as_of does not exist yet; a publication dated after as_of has not happened
known_decisions as (

    select
        decision_number,
        publisher_unit_code,
        procedure_code,
        procedure_local_code,
        publication_type_code,
        decided_date,
        legal_effective_date,
        case
            when cast(made_public_date as {{ dbt.type_timestamp() }}) <= {{ as_of_timestamp() }} then made_public_date
        end as made_public_date
    from decisions
    where cast(decided_date as {{ dbt.type_timestamp() }}) <= {{ as_of_timestamp() }}

),

-- the publisher's figures belong to its root in today's map (a merged province's to its successor)
with_publisher as (

    select
        known_decisions.*,
        roots.unit_code as publisher_root_unit_code,
        roots.unit_type_code as publisher_root_unit_type_code
    from known_decisions
    inner join units as publishers
        on known_decisions.publisher_unit_code = publishers.unit_code
    inner join units as roots
        on publishers.root_unit_code = roots.unit_code
    where roots.is_block_root

),

with_limits as (

    select
        with_publisher.*,
        publish_limits.working_days as publish_limit_working_days,
        update_limits.working_days as public_update_limit_working_days
    from with_publisher
    left join working_day_limits as publish_limits
        on
            with_publisher.publisher_root_unit_type_code = publish_limits.publisher_unit_type_code
            and publish_limits.indicator_code = 'PUBLISH_ON_TIME'
    left join working_day_limits as update_limits
        on
            with_publisher.publisher_root_unit_type_code = update_limits.publisher_unit_type_code
            and update_limits.indicator_code = 'PUBLIC_UPDATE_ON_TIME'

),

with_calendar as (

    select
        with_limits.*,
        decided_day.working_day_index as decided_working_day_index,
        effective_day.working_day_index as effective_working_day_index,
        -- the N-th working day after the decision day
        deadline_day.calendar_date as public_update_deadline_date
    from with_limits
    left join calendar_days as decided_day
        on with_limits.decided_date = decided_day.calendar_date
    left join calendar_days as effective_day
        on with_limits.legal_effective_date = effective_day.calendar_date
    left join calendar_days as deadline_day
        on
            decided_day.working_day_index + with_limits.public_update_limit_working_days = deadline_day.working_day_index
            and deadline_day.is_working_day

),

final as (

    select
        decision_number,
        procedure_code,
        procedure_local_code,
        publication_type_code,
        publisher_unit_code,
        publisher_root_unit_code,
        publisher_root_unit_type_code,
        decided_date,
        legal_effective_date,
        made_public_date,
        publish_limit_working_days,
        effective_working_day_index - decided_working_day_index as working_days_before_effect,
        coalesce(
            case
                when legal_effective_date is null then false
                -- an effective date outside the calendar is far before or far after the decision
                when effective_working_day_index is null then legal_effective_date > decided_date
                else effective_working_day_index - decided_working_day_index >= publish_limit_working_days
            end,
            false
        ) as is_published_on_time,
        public_update_limit_working_days,
        public_update_deadline_date,
        coalesce(made_public_date <= public_update_deadline_date, false) as is_made_public_on_time
    from with_calendar

)

select * from final
