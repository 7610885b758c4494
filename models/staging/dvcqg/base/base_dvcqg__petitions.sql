{%- set unparseable = unparseable_check([
    ['sent_text', 'sent_at', 'NgayGui'],
    ['received_text', 'received_at', 'NgayTiepNhan'],
    ['closed_text', 'closed_at', 'NgayXuLyXong'],
    ['loaded_text', 'loaded_at', 'NapLuc'],
]) -%}

with

source as (

    select * from {{ source('dvcqg', 'PhanAnhKienNghi') }}

),

units as (

    select distinct unit_code from {{ ref('stg_dvcqg__units') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaPAKN') }} as petition_code,
        {{ raw_text('MaDonViXuLy') }} as handling_unit_code,
        {{ raw_text('MaHoSo') }} as dossier_code,
        {{ raw_text('PhanLoai') }} as category_code,
        {{ raw_text('NgayGui') }} as sent_text,
        {{ raw_text('NgayTiepNhan') }} as received_text,
        {{ raw_text('NgayXuLyXong') }} as closed_text,
        {{ raw_text('TuChoi') }} as rejected_flag,
        {{ raw_text('SoLike') }} as like_count_text,
        {{ raw_text('SoDislike') }} as dislike_count_text,
        {{ raw_text('PhanAnhLai') }} as raised_again_flag,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('PhanAnhKienNghi') }} as content_hash
    from source

),

parsed as (

    select
        cleaned.*,
        {{ parse_wire_timestamp('sent_text') }} as sent_at,
        {{ parse_wire_timestamp('received_text') }} as received_at,
        {{ parse_wire_timestamp('closed_text') }} as closed_at,
        {{ dbt.safe_cast('like_count_text', api.Column.translate_type('bigint')) }} as like_count,
        {{ dbt.safe_cast('dislike_count_text', api.Column.translate_type('bigint')) }} as dislike_count,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'parsed.petition_code is null', "'MaPAKN is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unparseable_number',
                '(parsed.like_count_text is not null and parsed.like_count is null) or (parsed.dislike_count_text is not null and parsed.dislike_count is null)',
                dbt.concat(["'SoLike/SoDislike='", "coalesce(parsed.like_count_text, '')", "'/'", "coalesce(parsed.dislike_count_text, '')"])],
            ['unknown_code', not_in_code_list('parsed.category_code', 'petition_category'),
                dbt.concat(["'PhanLoai='", 'parsed.category_code'])],
            ['unknown_code', not_in_code_list('parsed.rejected_flag', 'flag') ~ " or " ~ not_in_code_list('parsed.raised_again_flag', 'flag'),
                dbt.concat(["'TuChoi/PhanAnhLai='", "coalesce(parsed.rejected_flag, '')", "'/'", "coalesce(parsed.raised_again_flag, '')"])],
            ['unknown_unit', 'parsed.handling_unit_code is null or units.unit_code is null',
                dbt.concat(["'MaDonViXuLy='", "coalesce(parsed.handling_unit_code, '')"])],
        ]) }}
    from parsed
    left join units
        on parsed.handling_unit_code = units.unit_code
    where parsed.loaded_at is null or parsed.loaded_at <= {{ as_of_timestamp() }}

),

final as (

    {{ select_with_version_checks('checked', ['petition_code'], 'loaded_at') }}

)

select * from final
