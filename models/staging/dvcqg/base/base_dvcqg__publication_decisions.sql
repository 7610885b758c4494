{%- set unparseable = unparseable_check([
    ['decided_text', 'decided_date', 'NgayQuyetDinh'],
    ['legal_effective_text', 'legal_effective_date', 'NgayHieuLucVanBan'],
    ['made_public_text', 'made_public_date', 'NgayCongKhai'],
]) -%}

with

source as (

    select * from {{ source('dvcqg', 'QuyetDinhCongBo') }}

),

units as (

    select distinct unit_code from {{ ref('stg_dvcqg__units') }}

),

procedures as (

    select distinct procedure_code from {{ ref('stg_dvcqg__procedures') }}

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

parsed as (

    select
        cleaned.*,
        {{ national_procedure_code('procedure_local_code') }} as procedure_code,
        {{ parse_iso_date('decided_text') }} as decided_date,
        {{ parse_iso_date('legal_effective_text') }} as legal_effective_date,
        {{ parse_iso_date('made_public_text') }} as made_public_date
    from cleaned

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'parsed.decision_number is null or parsed.procedure_local_code is null',
                "'SoQuyetDinh or MaTTHC is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unknown_code', "parsed.publication_type_code is null or " ~ not_in_code_list('parsed.publication_type_code', 'publication_type'),
                dbt.concat(["'LoaiCongBo='", "coalesce(parsed.publication_type_code, '')"])],
            ['unknown_unit', 'parsed.publisher_unit_code is null or units.unit_code is null',
                dbt.concat(["'MaDonVi='", "coalesce(parsed.publisher_unit_code, '')"])],
            ['unknown_procedure', 'procedures.procedure_code is null', dbt.concat(["'MaTTHC='", 'parsed.procedure_local_code'])],
        ]) }}
    from parsed
    left join units
        on parsed.publisher_unit_code = units.unit_code
    left join procedures
        on parsed.procedure_code = procedures.procedure_code

),

final as (

    {{ select_with_version_checks('checked', ['decision_number', 'procedure_local_code'], none) }}

)

select * from final
