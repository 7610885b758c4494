{#- DiemCongBo: every raw row (a figure the portal published) as sent, renamed and parsed, one
    column a field; the fields not listed are never read. Nothing is judged here:
    checked_dvcqg__published_scores applies the rules, the referential ones included. Ephemeral
    (dbt_project.yml): compiled into that model, which stores the rows with their rule, so no
    relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'DiemCongBo') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaDonVi') }} as unit_code,
        {{ raw_text('KyBaoCao') }} as period_label,
        {{ raw_text('MaChiSo') }} as figure_code,
        {{ raw_text('TuSo') }} as numerator_text,
        {{ raw_text('MauSo') }} as denominator_text,
        {{ raw_text('Diem') }} as points_text,
        {{ raw_text('ThoiDiemCongBo') }} as published_text,
        {{ raw_text('NapLuc') }} as loaded_text,
        {{ raw_row_hash('DiemCongBo') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ dbt.safe_cast('numerator_text', type_double()) }} as numerator,
        {{ dbt.safe_cast('denominator_text', type_double()) }} as denominator,
        {{ dbt.safe_cast('points_text', type_double()) }} as points,
        {{ parse_loaded_at('published_text') }} as published_at,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

)

select * from final
