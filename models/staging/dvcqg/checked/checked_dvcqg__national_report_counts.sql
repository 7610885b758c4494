{#- BaoCaoQuocGia (a unit's received-dossier count reported nationally for a period): every row of
    base_dvcqg__national_report_counts with the first rule it broke (reject_rule, reject_detail; the
    checks in seed reject_rules' priority order): the row's own fields, then the referential rules:
    unknown_unit (MaDonVi neither a unit of stg_dvcqg__units nor VN); then the version checks
    (duplicate_row, conflicting_version) and is_latest_version. stg_dvcqg__national_report_counts
    reads the rows that passed, quarantine_dvcqg__national_report_counts the others. -#}

with

parsed as (

    select * from {{ ref('base_dvcqg__national_report_counts') }}

),

units as (

    {{ known_unit_codes_with_nation() }}

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'parsed.unit_code is null or parsed.period_label is null', "'MaDonVi or KyBaoCao is empty'"],
            ['unparseable_number', 'parsed.received_dossier_count is null or parsed.received_dossier_count < 0',
                dbt.concat(["'SoHoSoTiepNhan='", "coalesce(parsed.received_dossier_count_text, '')"])],
            ['unknown_code', 'not ' ~ matches_pattern('parsed.period_label', '[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?'),
                dbt.concat(["'KyBaoCao='", 'parsed.period_label'])],
            ['unknown_unit', 'units.unit_code is null', dbt.concat(["'MaDonVi='", 'parsed.unit_code'])],
        ]) }}
    from parsed
    left join units
        on parsed.unit_code = units.unit_code

),

final as (

    {{ select_with_version_checks('checked', ['unit_code', 'period_label'], none) }}

)

select * from final
