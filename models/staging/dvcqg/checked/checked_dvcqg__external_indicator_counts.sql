{#- ChiSoNgoai (a unit's externally counted figure for a period): every row of
    base_dvcqg__external_indicator_counts with the first rule it broke (reject_rule, reject_detail;
    the checks in seed reject_rules' priority order): the row's own fields, then the referential
    rules: unknown_unit (MaDonVi neither a unit of stg_dvcqg__units nor VN) and unknown_code for
    MaChiSo (not in seed indicators); then the version checks (duplicate_row, conflicting_version)
    and is_latest_version. stg_dvcqg__external_indicator_counts reads the rows that passed,
    quarantine_dvcqg__external_indicator_counts the others. -#}

with

parsed as (

    select * from {{ ref('base_dvcqg__external_indicator_counts') }}

),

units as (

    {{ known_unit_codes_with_nation() }}

),

indicators as (

    select indicator_code from {{ ref('indicators') }}

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'parsed.unit_code is null or parsed.period_label is null or parsed.indicator_code is null',
                "'MaDonVi, KyBaoCao or MaChiSo is empty'"],
            ['unparseable_number',
                'parsed.numerator is null or parsed.denominator is null or parsed.numerator < 0 or parsed.denominator < 0',
                dbt.concat(["'TuSo/MauSo='", "coalesce(parsed.numerator_text, '')", "'/'", "coalesce(parsed.denominator_text, '')"])],
            ['unknown_code', 'not ' ~ matches_pattern('parsed.period_label', '[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?'),
                dbt.concat(["'KyBaoCao='", 'parsed.period_label'])],
            ['unknown_code', 'indicators.indicator_code is null', dbt.concat(["'MaChiSo='", 'parsed.indicator_code'])],
            ['unknown_unit', 'units.unit_code is null', dbt.concat(["'MaDonVi='", 'parsed.unit_code'])],
        ]) }}
    from parsed
    left join units
        on parsed.unit_code = units.unit_code
    left join indicators
        on parsed.indicator_code = indicators.indicator_code

),

final as (

    {{ select_with_version_checks('checked', ['unit_code', 'period_label', 'indicator_code'], none) }}

)

select * from final
