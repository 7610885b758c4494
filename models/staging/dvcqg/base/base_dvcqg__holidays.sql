{%- set unparseable = unparseable_check([['holiday_text', 'holiday_date', 'Ngay']]) -%}

with

source as (

    select * from {{ source('dvcqg', 'NgayNghi') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('Ngay') }} as holiday_text,
        {{ raw_text('TenNgayNghi') }} as holiday_name,
        {{ raw_row_hash('NgayNghi') }} as content_hash
    from source

),

parsed as (

    select
        cleaned.*,
        {{ parse_iso_date('holiday_text') }} as holiday_date
    from cleaned

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'holiday_text is null', "'Ngay is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
        ]) }}
    from parsed

),

final as (

    {{ select_with_version_checks('checked', ['holiday_date'], none) }}

)

select * from final
