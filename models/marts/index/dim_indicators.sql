with

indicators as (

    select * from {{ ref('indicators') }}

),

groups as (

    select * from {{ ref('index_groups') }}

),

final as (

    select
        indicators.indicator_code,
        indicators.indicator_number,
        indicators.legal_group,
        legal_groups.name_vi as legal_group_name_vi,
        legal_groups.name_en as legal_group_name_en,
        indicators.portal_group_code,
        portal_groups.name_vi as portal_group_name_vi,
        portal_groups.name_en as portal_group_name_en,
        indicators.name_vi,
        indicators.name_en,
        indicators.max_points,
        indicators.target,
        indicators.when_empty,
        indicators.is_publisher_level,
        indicators.pooling,
        indicators.is_display_only,
        indicators.sort_order
    from indicators
    left join groups as legal_groups
        on legal_groups.view = 'legal' and indicators.legal_group = legal_groups.group_code
    left join groups as portal_groups
        on portal_groups.view = 'portal' and indicators.portal_group_code = portal_groups.group_code

)

select * from final
