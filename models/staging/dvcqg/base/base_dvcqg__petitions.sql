{#- PhanAnhKienNghi: every raw row (a petition) as sent, renamed and parsed, one column a field; the
    sender and the petition's text are never read. Nothing is judged here: checked_dvcqg__petitions
    applies the rules, the referential ones included. Ephemeral (dbt_project.yml): compiled into
    that model, which stores the rows with their rule, so no relation holds a raw row unjudged or
    unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'PhanAnhKienNghi') }}

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

final as (

    select
        cleaned.*,
        {{ parse_wire_timestamp('sent_text') }} as sent_at,
        {{ parse_wire_timestamp('received_text') }} as received_at,
        {{ parse_wire_timestamp('closed_text') }} as closed_at,
        {{ dbt.safe_cast('like_count_text', api.Column.translate_type('bigint')) }} as like_count,
        {{ dbt.safe_cast('dislike_count_text', api.Column.translate_type('bigint')) }} as dislike_count,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

)

select * from final
