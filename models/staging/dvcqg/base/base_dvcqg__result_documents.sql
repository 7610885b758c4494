{#- GiayToKetQua: every raw row (a result document of a dossier) as sent, renamed and parsed, one
    column a field; the fields not listed are never read. Nothing is judged here:
    checked_dvcqg__result_documents applies the rules, the referential ones included. Ephemeral
    (dbt_project.yml): compiled into that model, which stores the rows with their rule, so no
    relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'GiayToKetQua') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaHoSo') }} as dossier_code,
        {{ raw_text('GiayToId') }} as result_document_id,
        {{ raw_text('MaGiayToKetQua') }} as result_document_type_code,
        {{ raw_text('DuongDanTepTinKetQua') }} as file_link,
        {{ raw_text('DongBoKhoCongDan') }} as pushed_to_citizen_store_flag,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('GiayToKetQua') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

)

select * from final
