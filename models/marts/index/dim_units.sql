with

units as (

    select * from {{ ref('int_units') }}

),

unit_rows as (

    select
        unit_code,
        unit_name,
        unit_type_code,
        parent_unit_code,
        root_unit_code,
        current_unit_code,
        successor_unit_code,
        valid_from_date,
        valid_to_date,
        is_block_root,
        case
            when unit_type_code = 'BO' then 'ministries'
            when unit_type_code = 'TINH' and is_block_root then 'provinces'
            when unit_type_code = 'TINH' then 'former_provinces'
            else {{ dbt.concat(['parent_unit_code', "':'", 'unit_type_code']) }}
        end as ranking_block
    from units

),

nation as (

    select
        {{ national_unit_code() }} as unit_code,
        'Cả nước' as unit_name,
        'QUOC_GIA' as unit_type_code,
        cast(null as {{ dbt.type_string() }}) as parent_unit_code,
        {{ national_unit_code() }} as root_unit_code,
        {{ national_unit_code() }} as current_unit_code,
        cast(null as {{ dbt.type_string() }}) as successor_unit_code,
        cast(null as date) as valid_from_date,
        cast(null as date) as valid_to_date,
        false as is_block_root,
        'nation' as ranking_block

),

final as (

    select * from unit_rows
    union all
    select * from nation

)

select * from final
