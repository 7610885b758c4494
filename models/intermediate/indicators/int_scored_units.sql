{#- One row per figure holder and period that the index scores:
    - every ministry and current province (block roots, today's map) in every period: their
      history before a merger rolls up to them;
    - every department, commune and (until 30/6/2025) district valid during the period;
    - the nation, VN (all current provinces pooled).
    A closed province is not scored itself: its units and dossiers count for its successor. -#}

with

units as (

    select * from {{ ref('int_units') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

roots as (

    select
        units.unit_code,
        'root' as figure_level,
        periods.period_type,
        periods.period_label
    from units
    cross join periods
    where units.is_block_root

),

sub_units as (

    select
        units.unit_code,
        'unit' as figure_level,
        periods.period_type,
        periods.period_label
    from units
    inner join periods
        on
            units.valid_from_date <= periods.period_end_date
            and (units.valid_to_date is null or units.valid_to_date >= periods.period_start_date)
    where units.unit_type_code in ('SO_NGANH', 'XA', 'HUYEN')

),

nation as (

    select
        {{ national_unit_code() }} as unit_code,
        'national' as figure_level,
        period_type,
        period_label
    from periods

),

final as (

    select * from roots
    union all
    select * from sub_units
    union all
    select * from nation

)

select * from final
