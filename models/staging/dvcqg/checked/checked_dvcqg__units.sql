{#- DonVi (a version of an administrative unit): every row of base_dvcqg__units with the first rule
    it broke (reject_rule, reject_detail; the checks in seed reject_rules' priority order): the
    row's own fields (no referential rule: nothing else is read); then the version checks
    (duplicate_row, conflicting_version) and is_latest_version. stg_dvcqg__units reads the rows that
    passed, quarantine_dvcqg__units the others. -#}

{%- set dates = [
    ['valid_from_text', 'valid_from_date', 'HieuLucTu'],
    ['valid_to_text', 'valid_to_date', 'HieuLucDen'],
] -%}
{%- set unparseable = unparseable_check(dates) -%}

with

parsed as (

    select * from {{ ref('base_dvcqg__units') }}

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'unit_code is null or valid_from_text is null', "'MaDonVi or HieuLucTu is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unknown_code', "unit_type_code is null or " ~ not_in_code_list('unit_type_code', 'unit_type'),
                dbt.concat(["'LoaiDonVi='", "coalesce(unit_type_code, '')"])],
        ]) }}
    from parsed

),

final as (

    {{ select_with_version_checks('checked', ['unit_code', 'valid_from_date'], none) }}

)

select * from final
