{%- set dates = [
    ['valid_from_text', 'valid_from_date', 'HieuLucTu'],
    ['valid_to_text', 'valid_to_date', 'HieuLucDen'],
] -%}
{%- set unparseable = unparseable_check(dates) -%}

with

source as (

    select * from {{ source('dvcqg', 'DonVi') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaDonVi') }} as unit_code,
        {{ raw_text('TenDonVi') }} as unit_name,
        {{ raw_text('LoaiDonVi') }} as unit_type_code,
        {{ raw_text('MaDonViCha') }} as parent_unit_code,
        {{ raw_text('HieuLucTu') }} as valid_from_text,
        {{ raw_text('HieuLucDen') }} as valid_to_text,
        {{ raw_text('MaDonViKeThua') }} as successor_unit_code,
        {{ raw_row_hash('DonVi') }} as content_hash
    from source

),

parsed as (

    select
        cleaned.*,
        {{ parse_iso_date('valid_from_text') }} as valid_from_date,
        {{ parse_iso_date('valid_to_text') }} as valid_to_date
    from cleaned

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'unit_code is null or valid_from_text is null', "'MaDonVi or HieuLucTu is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unknown_code', "unit_type_code is null or " ~ not_in_code_list('unit_type_code', 'unit_type'),
                dbt.concat(["'LoaiDonVi='", "coalesce(unit_type_code, '')"])],
        ]) }}
    from parsed

),

final as (

    {{ select_with_version_checks('checked', ['unit_code', 'valid_from_date'], none) }}

)

select * from final
