{#- 1.3 PUBLIC_CONTENT_FULL, publisher-level and not time-bound: per ministry/province (root rows
    only), the distinct public procedures (DANG_CONG_KHAI, DANG_CONG_KHAI_SDBS) applied by it or by
    any unit whose root is it and that exists at as_of (denominator) and those whose seven mandatory parts are
    all non-empty (numerator); the same figures for every period of int_periods. -#}

with

unit_procedures as (

    select * from {{ ref('int_unit_procedures_enriched') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

root_procedures as (

    select distinct
        root_unit_code,
        procedure_code,
        has_complete_content
    from unit_procedures
    where
        is_public
        and is_unit_active_at_as_of
        and root_unit_code is not null

),

root_counts as (

    select
        root_unit_code,
        sum(case when has_complete_content then 1 else 0 end) as complete_count,
        count(*) as public_count
    from root_procedures
    group by root_unit_code

),

final as (

    select
        root_counts.root_unit_code as unit_code,
        periods.period_type,
        periods.period_label,
        'PUBLIC_CONTENT_FULL' as indicator_code,
        'root' as figure_level,
        cast(root_counts.complete_count as {{ type_double() }}) as numerator,
        cast(root_counts.public_count as {{ type_double() }}) as denominator
    from root_counts
    cross join periods

)

select * from final
