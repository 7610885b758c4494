{#- 3.2 ONLINE_SERVICE_USAGE: the unit's online services (stg_dvcqg__unit_procedures rows with
    service level 3 or 4 and published on DVCQG) that received at least one online dossier (3.3
    definition) in P / all such services. A service is a unit–procedure pair, so a ministry's or
    province's figure is the sum of its units' (pooling `sum`). Not time-bound in the
    denominator: every period of int_periods gets the unit's current services. -#}

with

unit_procedures as (

    select * from {{ ref('stg_dvcqg__unit_procedures') }}

),

procedure_counts as (

    select * from {{ ref('int_dossier_procedure_period_counts') }}
    where has_online_dossier

),

periods as (

    select * from {{ ref('int_periods') }}

),

online_services as (

    select distinct
        unit_code,
        procedure_code
    from unit_procedures
    where service_level_code in ('3', '4') and is_published

),

service_counts as (

    select
        unit_code,
        count(*) as service_count
    from online_services
    group by unit_code

),

used_services as (

    select
        online_services.unit_code,
        procedure_counts.period_type,
        procedure_counts.period_label,
        count(*) as used_service_count
    from online_services
    inner join procedure_counts
        on
            online_services.unit_code = procedure_counts.unit_code
            and online_services.procedure_code = procedure_counts.procedure_code
    group by online_services.unit_code, procedure_counts.period_type, procedure_counts.period_label

),

final as (

    select
        service_counts.unit_code,
        periods.period_type,
        periods.period_label,
        cast('ONLINE_SERVICE_USAGE' as {{ dbt.type_string() }}) as indicator_code,
        cast('unit' as {{ dbt.type_string() }}) as figure_level,
        cast(coalesce(used_services.used_service_count, 0) as {{ type_double() }}) as numerator,
        cast(service_counts.service_count as {{ type_double() }}) as denominator
    from service_counts
    cross join periods
    left join used_services
        on
            service_counts.unit_code = used_services.unit_code
            and periods.period_type = used_services.period_type
            and periods.period_label = used_services.period_label

)

select * from final
