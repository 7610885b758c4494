{#- One row per unit code with its place in today's map.

    A code may hold several validity rows (a province that kept its code across the 1/7/2025
    merger): validity here spans them all, and name, type and parent come from the latest row.
    root_unit_code is the ministry or current province whose pooled figures include the unit:
    a closed unit follows its successor chain (up to three hops), a sub-unit takes the root of its
    parent. is_scored_block_root marks the ministries and the current provinces (the ranking
    blocks); a closed province is not scored itself, its history rolls up to its successor. -#}

with

units as (

    select * from {{ ref('stg_dvcqg__units') }}

),

ranked as (

    select
        unit_code,
        unit_name,
        unit_type_code,
        parent_unit_code,
        successor_unit_code,
        valid_to_date,
        row_number() over (partition by unit_code order by valid_from_date desc) as recency_rank,
        min(valid_from_date) over (partition by unit_code) as first_valid_from_date,
        max(case when valid_to_date is null then 1 else 0 end) over (partition by unit_code) as is_open_flag,
        max(valid_to_date) over (partition by unit_code) as last_valid_to_date
    from units

),

latest as (

    select
        unit_code,
        unit_name,
        unit_type_code,
        parent_unit_code,
        successor_unit_code,
        first_valid_from_date as valid_from_date,
        case when is_open_flag = 1 then null else last_valid_to_date end as valid_to_date
    from ranked
    where recency_rank = 1

),

-- today's unit for every code: itself when open, else its successor's (up to three hops)
current_unit as (

    select
        unit.unit_code,
        case
            when unit.valid_to_date is null or unit.successor_unit_code is null then unit.unit_code
            when hop1.valid_to_date is null or hop1.successor_unit_code is null then hop1.unit_code
            when hop2.valid_to_date is null or hop2.successor_unit_code is null then hop2.unit_code
            else hop2.successor_unit_code
        end as current_unit_code
    from latest as unit
    left join latest as hop1
        on unit.successor_unit_code = hop1.unit_code
    left join latest as hop2
        on hop1.successor_unit_code = hop2.unit_code

),

with_parent as (

    select
        latest.*,
        current_unit.current_unit_code,
        parent.unit_type_code as parent_unit_type_code,
        parent.parent_unit_code as grandparent_unit_code
    from latest
    inner join current_unit
        on latest.unit_code = current_unit.unit_code
    left join latest as parent
        on latest.parent_unit_code = parent.unit_code

),

-- the ministry or province above a unit, as it was (parent, or grandparent for a unit under a district)
historical_root as (

    select
        *,
        case
            when unit_type_code in ('BO', 'TINH') then unit_code
            when parent_unit_type_code in ('BO', 'TINH') then parent_unit_code
            when grandparent_unit_code is not null then grandparent_unit_code
            else parent_unit_code
        end as historical_root_unit_code
    from with_parent

),

final as (

    select
        historical_root.unit_code,
        historical_root.unit_name,
        historical_root.unit_type_code,
        historical_root.parent_unit_code,
        historical_root.valid_from_date,
        historical_root.valid_to_date,
        historical_root.successor_unit_code,
        historical_root.current_unit_code,
        historical_root.historical_root_unit_code,
        root_today.current_unit_code as root_unit_code,
        (
            historical_root.unit_type_code in ('BO', 'TINH') and historical_root.valid_to_date is null
        ) as is_block_root,
        case when historical_root.unit_type_code = 'BO' then 'ministry' else 'province' end as block_type
    from historical_root
    left join current_unit as root_today
        on historical_root.historical_root_unit_code = root_today.unit_code

)

select * from final
