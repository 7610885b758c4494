{#- NgayNghi (a public holiday): every row of base_dvcqg__holidays with the first rule it broke
    (reject_rule, reject_detail; the checks in seed reject_rules' priority order): the row's own
    fields (no referential rule: nothing else is read); then the version checks (duplicate_row,
    conflicting_version) and is_latest_version. stg_dvcqg__holidays reads the rows that passed,
    quarantine_dvcqg__holidays the others. -#}

{%- set unparseable = unparseable_check([['holiday_text', 'holiday_date', 'Ngay']]) -%}

with

parsed as (

    select * from {{ ref('base_dvcqg__holidays') }}

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'holiday_text is null', "'Ngay is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
        ]) }}
    from parsed

),

final as (

    {{ select_with_version_checks('checked', ['holiday_date'], none) }}

)

select * from final
