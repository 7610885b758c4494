{#- QuaTrinhXuLy: every raw row (a processing step of a dossier) as sent, renamed and parsed, one
    column a field; the handler's name (NguoiXuLy) and the step's free text (NoiDungXuLy, which
    names people) are never read. Nothing is judged here: checked_dvcqg__processing_steps applies
    the rules, the referential ones included. Ephemeral (dbt_project.yml): compiled into that model,
    which stores the rows with their rule, so no relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'QuaTrinhXuLy') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaHoSo') }} as dossier_code,
        {{ raw_text('ThoiDiemXuLy') }} as step_text,
        {{ raw_text('TrangThai') }} as status_code,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('QuaTrinhXuLy') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ parse_wire_timestamp('step_text') }} as step_at,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

)

select * from final
