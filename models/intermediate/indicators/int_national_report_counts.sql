{#- One row per BaoCaoQuocGia count, placed in its period and marked whether the unit is a block
    root (ministry or current province) or the nation (VN, not a DonVi unit). 1.4 uses a
    sub-unit's count as a floor of its own denominator (int_indicator_dossier_sync), a root's
    count as a floor of its pooled denominator and VN's as a floor of the national one
    (int_indicator_counts). -#}

with

national_reports as (

    select * from {{ ref('stg_dvcqg__national_report_counts') }}

),

units as (

    select * from {{ ref('int_units') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

final as (

    select
        national_reports.unit_code,
        periods.period_type,
        periods.period_label,
        national_reports.received_dossier_count,
        coalesce(units.is_block_root, false) as is_block_root,
        national_reports.unit_code = {{ national_unit_code() }} as is_national
    from national_reports
    left join units
        on national_reports.unit_code = units.unit_code
    inner join periods
        on national_reports.period_label = periods.period_label
    where units.unit_code is not null or national_reports.unit_code = {{ national_unit_code() }}

)

select * from final
