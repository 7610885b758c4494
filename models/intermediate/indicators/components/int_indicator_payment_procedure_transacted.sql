{#- 3.4 PAYMENT_PROCEDURE_TRANSACTED: fee-bearing procedures with dossiers received in P of which
    at least one was paid online / fee-bearing procedures with dossiers received in P. Each
    procedure counts once per level: the unit, its ministry/province (all its units pooled), and
    the nation (all current provinces). -#}

with

procedure_counts as (

    select * from {{ ref('int_dossier_procedure_period_counts') }}

),

procedures as (

    select * from {{ ref('stg_dvcqg__procedures') }}

),

units as (

    select * from {{ ref('int_units') }}

),

fee_bearing as (

    select
        procedure_counts.*,
        root_units.unit_type_code as root_unit_type_code
    from procedure_counts
    inner join procedures
        on procedure_counts.procedure_code = procedures.procedure_code
    left join units as root_units
        on procedure_counts.root_unit_code = root_units.unit_code
    where procedures.has_fee

),

by_level as (

    select
        'unit' as figure_level,
        unit_code as holder_code,
        procedure_code,
        period_type,
        period_label,
        max(case when has_paid_online_dossier then 1 else 0 end) as is_paid_online
    from fee_bearing
    group by unit_code, procedure_code, period_type, period_label
    union all
    select
        'root' as figure_level,
        root_unit_code as holder_code,
        procedure_code,
        period_type,
        period_label,
        max(case when has_paid_online_dossier then 1 else 0 end) as is_paid_online
    from fee_bearing
    where root_unit_code is not null
    group by root_unit_code, procedure_code, period_type, period_label
    union all
    select
        'national' as figure_level,
        {{ national_unit_code() }} as holder_code,
        procedure_code,
        period_type,
        period_label,
        max(case when has_paid_online_dossier then 1 else 0 end) as is_paid_online
    from fee_bearing
    where root_unit_type_code = 'TINH'
    group by procedure_code, period_type, period_label

),

final as (

    select
        holder_code as unit_code,
        period_type,
        period_label,
        cast('PAYMENT_PROCEDURE_TRANSACTED' as {{ dbt.type_string() }}) as indicator_code,
        cast(figure_level as {{ dbt.type_string() }}) as figure_level,
        cast(sum(is_paid_online) as {{ type_double() }}) as numerator,
        cast(count(*) as {{ type_double() }}) as denominator
    from by_level
    group by holder_code, period_type, period_label, figure_level

)

select * from final
