{#- QuyetDinhCongBo: every raw row (a decision publishing a procedure) as sent, renamed and parsed,
    one column a field; the fields not listed are never read. Nothing is judged here:
    checked_dvcqg__publication_decisions applies the rules, the referential ones included. Ephemeral
    (dbt_project.yml): compiled into that model, which stores the rows with their rule, so no
    relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'QuyetDinhCongBo') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('SoQuyetDinh') }} as decision_number,
        {{ raw_text('MaDonVi') }} as publisher_unit_code,
        {{ raw_text('MaTTHC') }} as procedure_local_code,
        {{ raw_text('LoaiCongBo') }} as publication_type_code,
        {{ raw_text('NgayQuyetDinh') }} as decided_text,
        {{ raw_text('NgayHieuLucVanBan') }} as legal_effective_text,
        {{ raw_text('NgayCongKhai') }} as made_public_text,
        {{ raw_row_hash('QuyetDinhCongBo') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ national_procedure_code('procedure_local_code') }} as procedure_code,
        {{ parse_iso_date('decided_text') }} as decided_date,
        {{ parse_iso_date('legal_effective_text') }} as legal_effective_date,
        {{ parse_iso_date('made_public_text') }} as made_public_date
    from cleaned

)

select * from final
