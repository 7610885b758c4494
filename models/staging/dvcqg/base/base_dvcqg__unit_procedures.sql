{#- ThuTucDonVi: every raw row (a procedure as a unit offers it) as sent, renamed and parsed, one
    column a field; the fields not listed are never read. Nothing is judged here:
    checked_dvcqg__unit_procedures applies the rules, the referential ones included. Ephemeral
    (dbt_project.yml): compiled into that model, which stores the rows with their rule, so no
    relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'ThuTucDonVi') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaTTHC') }} as procedure_local_code,
        {{ raw_text('MaDonVi') }} as unit_code,
        {{ raw_text('MucDo') }} as service_level_code,
        {{ raw_text('CongKhai') }} as published_flag,
        {{ raw_text('TichHopThanhToanDVCQG') }} as payment_integrated_flag,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('ThuTucDonVi') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ national_procedure_code('procedure_local_code') }} as procedure_code,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

)

select * from final
