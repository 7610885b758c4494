with

source as (

    select * from {{ source('dvcqg', 'BaoCaoQuocGia') }}

),

units as (

    {{ known_unit_codes_with_nation() }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaDonVi') }} as unit_code,
        {{ raw_text('KyBaoCao') }} as period_label,
        {{ raw_text('SoHoSoTiepNhan') }} as received_dossier_count_text,
        {{ raw_row_hash('BaoCaoQuocGia') }} as content_hash
    from source

),

parsed as (

    select
        cleaned.*,
        {{ dbt.safe_cast('received_dossier_count_text', api.Column.translate_type('bigint')) }} as received_dossier_count
    from cleaned

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
