with

source as (

    select * from {{ source('dvcqg', 'ChiSoNgoai') }}

),

units as (

    {{ known_unit_codes_with_nation() }}

),

indicators as (

    select indicator_code from {{ ref('indicators') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaDonVi') }} as unit_code,
        {{ raw_text('KyBaoCao') }} as period_label,
        {{ raw_text('MaChiSo') }} as indicator_code,
        {{ raw_text('TuSo') }} as numerator_text,
        {{ raw_text('MauSo') }} as denominator_text,
        {{ raw_row_hash('ChiSoNgoai') }} as content_hash
    from source

),

parsed as (

    select
        cleaned.*,
        {{ dbt.safe_cast('numerator_text', type_double()) }} as numerator,
        {{ dbt.safe_cast('denominator_text', type_double()) }} as denominator
    from cleaned

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
