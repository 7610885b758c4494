{#- NgayNghi: every raw row (a public holiday) as sent, renamed and parsed, one column a field; the
    fields not listed are never read. Nothing is judged here: checked_dvcqg__holidays applies the
    rules, the referential ones included. Ephemeral (dbt_project.yml): compiled into that model,
    which stores the rows with their rule, so no relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'NgayNghi') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('Ngay') }} as holiday_text,
        {{ raw_text('TenNgayNghi') }} as holiday_name,
        {{ raw_row_hash('NgayNghi') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ parse_iso_date('holiday_text') }} as holiday_date
    from cleaned

)

select * from final
