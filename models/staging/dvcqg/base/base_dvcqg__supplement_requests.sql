{#- HoSoBoSung: every raw row (a request to supplement a dossier) as sent, renamed and parsed, one
    column a field; the fields not listed are never read. Nothing is judged here:
    checked_dvcqg__supplement_requests applies the rules, the referential ones included. Ephemeral
    (dbt_project.yml): compiled into that model, which stores the rows with their rule, so no
    relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'HoSoBoSung') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaHoSo') }} as dossier_code,
        {{ raw_text('HoSoBoSungId') }} as supplement_request_id,
        {{ raw_text('NgayYeuCauBoSung') }} as requested_text,
        {{ raw_text('NgayHoanThanhBoSung') }} as completed_text,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('HoSoBoSung') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ parse_wire_timestamp('requested_text') }} as requested_at,
        {{ parse_wire_timestamp('completed_text') }} as completed_at,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

)

select * from final
