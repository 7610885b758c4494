{#- One row per unit and national procedure it applies (ThuTucDonVi as known at as_of; several
    local codes of one national procedure are one row), with what components 1.3
    PUBLIC_CONTENT_FULL and 3.1 ONLINE_SERVICE_PROVISION need: whether the unit offers it online,
    the catalogue's public / complete-content flags, the unit's root in today's map and whether
    the unit exists at as_of (only such units pool into root and national figures). -#}

with

unit_procedures as (

    select * from {{ ref('stg_dvcqg__unit_procedures') }}

),

procedures as (

    select * from {{ ref('stg_dvcqg__procedures') }}

),

units as (

    select * from {{ ref('int_units') }}

),

-- online at the unit when any of its local codes of the procedure is level 3/4 and published
per_unit as (

    select
        unit_code,
        procedure_code,
        max(case when service_level_code in ('3', '4') and is_published then 1 else 0 end) as online_flag
    from unit_procedures
    group by
        unit_code,
        procedure_code

),

final as (

    select
        per_unit.unit_code,
        per_unit.procedure_code,
        units.unit_type_code,
        roots.unit_code as root_unit_code,
        roots.unit_type_code as root_unit_type_code,
        coalesce(
            units.valid_from_date <= cast({{ as_of_timestamp() }} as date)
            and (units.valid_to_date is null or units.valid_to_date >= cast({{ as_of_timestamp() }} as date)),
            false
        ) as is_unit_active_at_as_of,
        per_unit.online_flag = 1 as is_online,
        coalesce(procedures.is_public, false) as is_public,
        coalesce(procedures.has_complete_content, false) as has_complete_content
    from per_unit
    left join units
        on per_unit.unit_code = units.unit_code
    left join units as roots
        on
            units.root_unit_code = roots.unit_code
            and roots.is_block_root
    left join procedures
        on per_unit.procedure_code = procedures.procedure_code

)

select * from final
