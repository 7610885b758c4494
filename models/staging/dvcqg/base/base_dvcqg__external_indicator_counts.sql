{#- ChiSoNgoai: every raw row (a unit's externally counted figure for a period) as sent, renamed and
    parsed, one column a field; the fields not listed are never read. Nothing is judged here:
    checked_dvcqg__external_indicator_counts applies the rules, the referential ones included.
    Ephemeral (dbt_project.yml): compiled into that model, which stores the rows with their rule, so
    no relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'ChiSoNgoai') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaDonVi') }} as unit_code,
        {{ raw_text('KyBaoCao') }} as period_label,
        {{ raw_text('MaChiSo') }} as indicator_code,
        {{ raw_text('TuSo') }} as numerator_text,
        {{ raw_text('MauSo') }} as denominator_text,
        {{ raw_row_hash('ChiSoNgoai') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ dbt.safe_cast('numerator_text', type_double()) }} as numerator,
        {{ dbt.safe_cast('denominator_text', type_double()) }} as denominator
    from cleaned

)

select * from final
