{#- 3.1 ONLINE_SERVICE_PROVISION, pooling `distinct`, not time-bound: distinct procedures applied
    that are offered online (level 3/4 and published) over distinct procedures applied, for each
    unit (`unit`), for each ministry/province over itself and all its units that exist at as_of
    (`root`; online there when online at any of them) and for VN over all current provinces
    (`national`; ministries excluded). The same figures for every period of int_periods. -#}

with

unit_procedures as (

    select * from {{ ref('int_unit_procedures_enriched') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

unit_counts as (

    select
        unit_code,
        'unit' as figure_level,
        sum(case when is_online then 1 else 0 end) as online_count,
        count(*) as applied_count
    from unit_procedures
    group by unit_code

),

root_procedures as (

    select
        root_unit_code,
        procedure_code,
        max(case when is_online then 1 else 0 end) as online_flag
    from unit_procedures
    where
        is_unit_active_at_as_of
        and root_unit_code is not null
    group by
        root_unit_code,
        procedure_code

),

root_counts as (

    select
        root_unit_code as unit_code,
        'root' as figure_level,
        sum(online_flag) as online_count,
        count(*) as applied_count
    from root_procedures
    group by root_unit_code

),

national_procedures as (

    select
        procedure_code,
        max(case when is_online then 1 else 0 end) as online_flag
    from unit_procedures
    where
        is_unit_active_at_as_of
        and root_unit_type_code = 'TINH'
    group by procedure_code

),

national_counts as (

    select
        {{ national_unit_code() }} as unit_code,
        'national' as figure_level,
        sum(online_flag) as online_count,
        count(*) as applied_count
    from national_procedures

),

all_counts as (

    select * from unit_counts
    union all
    select * from root_counts
    union all
    select * from national_counts

),

final as (

    select
        all_counts.unit_code,
        periods.period_type,
        periods.period_label,
        'ONLINE_SERVICE_PROVISION' as indicator_code,
        all_counts.figure_level,
        cast(all_counts.online_count as {{ type_double() }}) as numerator,
        cast(all_counts.applied_count as {{ type_double() }}) as denominator
    from all_counts
    cross join periods
    where all_counts.applied_count > 0

)

select * from final
