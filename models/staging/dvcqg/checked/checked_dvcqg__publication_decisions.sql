{#- QuyetDinhCongBo (a decision publishing a procedure): every row of
    base_dvcqg__publication_decisions with the first rule it broke (reject_rule, reject_detail; the
    checks in seed reject_rules' priority order): the row's own fields, then the referential rules:
    unknown_unit (MaDonVi not in stg_dvcqg__units) and unknown_procedure (MaTTHC not in
    stg_dvcqg__procedures); then the version checks (duplicate_row, conflicting_version) and
    is_latest_version. stg_dvcqg__publication_decisions reads the rows that passed,
    quarantine_dvcqg__publication_decisions the others. -#}

{%- set unparseable = unparseable_check([
    ['decided_text', 'decided_date', 'NgayQuyetDinh'],
    ['legal_effective_text', 'legal_effective_date', 'NgayHieuLucVanBan'],
    ['made_public_text', 'made_public_date', 'NgayCongKhai'],
]) -%}

with

parsed as (

    select * from {{ ref('base_dvcqg__publication_decisions') }}

),

units as (

    select distinct unit_code from {{ ref('stg_dvcqg__units') }}

),

procedures as (

    select distinct procedure_code from {{ ref('stg_dvcqg__procedures') }}

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
