{#- BaoCaoQuocGia: every raw row (a unit's received-dossier count reported nationally for a period)
    as sent, renamed and parsed, one column a field; the fields not listed are never read. Nothing
    is judged here: checked_dvcqg__national_report_counts applies the rules, the referential ones
    included. Ephemeral (dbt_project.yml): compiled into that model, which stores the rows with
    their rule, so no relation holds a raw row unjudged or unmasked. -#}

with

source as (

    select * from {{ source('dvcqg', 'BaoCaoQuocGia') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ raw_text('MaDonVi') }} as unit_code,
        {{ raw_text('KyBaoCao') }} as period_label,
        {{ raw_text('SoHoSoTiepNhan') }} as received_dossier_count_text,
        {{ raw_row_hash('BaoCaoQuocGia') }} as content_hash
    from source

),

final as (

    select
        cleaned.*,
        {{ dbt.safe_cast('received_dossier_count_text', api.Column.translate_type('bigint')) }} as received_dossier_count
    from cleaned

)

select * from final
