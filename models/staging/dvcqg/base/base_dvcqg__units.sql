{#- DonVi: every raw row (a version of an administrative unit) as sent, renamed and parsed, one
    column a field; the fields not listed are never read. Nothing is judged here:
    checked_dvcqg__units applies the rules, the referential ones included. Ephemeral
    (dbt_project.yml): compiled into that model, which stores the rows with their rule, so no
    relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'DonVi') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaDonVi') }} as unit_code,
        {{ raw_text('TenDonVi') }} as unit_name,
        {{ raw_text('LoaiDonVi') }} as unit_type_code,
        {{ raw_text('MaDonViCha') }} as parent_unit_code,
        {{ raw_text('HieuLucTu') }} as valid_from_text,
        {{ raw_text('HieuLucDen') }} as valid_to_text,
        {{ raw_text('MaDonViKeThua') }} as successor_unit_code,
        {{ raw_row_hash('DonVi') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ parse_iso_date('valid_from_text') }} as valid_from_date,
        {{ parse_iso_date('valid_to_text') }} as valid_to_date
    from cleaned

)

select * from final
