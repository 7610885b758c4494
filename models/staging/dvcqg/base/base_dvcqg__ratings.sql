{#- DanhGia: every raw row (a rating of a dossier) as sent, renamed and parsed, one column a field;
    the fields not listed are never read. Nothing is judged here: checked_dvcqg__ratings applies the
    rules, the referential ones included. Ephemeral (dbt_project.yml): compiled into that model,
    which stores the rows with their rule, so no relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'DanhGia') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaHoSo') }} as dossier_code,
        {{ raw_text('Nguon') }} as rating_source_code,
        {{ raw_text('MucDanhGia') }} as rating_code,
        {{ raw_text('ThoiGianDanhGia') }} as rated_text,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('DanhGia') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ parse_wire_timestamp('rated_text') }} as rated_at,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

)

select * from final
