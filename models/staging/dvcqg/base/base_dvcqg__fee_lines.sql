{#- LePhi: every raw row (a fee line of a dossier) as sent, renamed and parsed, one column a field;
    the fields not listed are never read. Nothing is judged here: checked_dvcqg__fee_lines applies
    the rules, the referential ones included. Ephemeral (dbt_project.yml): compiled into that model,
    which stores the rows with their rule, so no relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'LePhi') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaHoSo') }} as dossier_code,
        {{ raw_text('MaPhiLePhi') }} as fee_code,
        {{ raw_text('TenPhiLePhi') }} as fee_name,
        {{ raw_text('Gia') }} as fee_amount_text,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('LePhi') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ dbt.safe_cast('fee_amount_text', type_double()) }} as fee_amount_vnd,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

)

select * from final
