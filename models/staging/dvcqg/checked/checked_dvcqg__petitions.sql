{#- PhanAnhKienNghi (a petition): every row of base_dvcqg__petitions with the first rule it broke
    (reject_rule, reject_detail; the checks in seed reject_rules' priority order): the row's own
    fields, then the referential rules: unknown_unit (MaDonViXuLy not in stg_dvcqg__units); then the
    version checks (duplicate_row, conflicting_version) and is_latest_version. stg_dvcqg__petitions
    reads the rows that passed, quarantine_dvcqg__petitions the others. -#}

{%- set unparseable = unparseable_check([
    ['sent_text', 'sent_at', 'NgayGui'],
    ['received_text', 'received_at', 'NgayTiepNhan'],
    ['closed_text', 'closed_at', 'NgayXuLyXong'],
    ['loaded_text', 'loaded_at', 'NapLuc'],
]) -%}

with

parsed as (

    select * from {{ ref('base_dvcqg__petitions') }}

),

units as (

    select distinct unit_code from {{ ref('stg_dvcqg__units') }}

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'parsed.petition_code is null', "'MaPAKN is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unparseable_number',
                '(parsed.like_count_text is not null and parsed.like_count is null) or (parsed.dislike_count_text is not null and parsed.dislike_count is null)',
                dbt.concat(["'SoLike/SoDislike='", "coalesce(parsed.like_count_text, '')", "'/'", "coalesce(parsed.dislike_count_text, '')"])],
            ['unknown_code', not_in_code_list('parsed.category_code', 'petition_category'),
                dbt.concat(["'PhanLoai='", 'parsed.category_code'])],
            ['unknown_code', not_in_code_list('parsed.rejected_flag', 'flag') ~ " or " ~ not_in_code_list('parsed.raised_again_flag', 'flag'),
                dbt.concat(["'TuChoi/PhanAnhLai='", "coalesce(parsed.rejected_flag, '')", "'/'", "coalesce(parsed.raised_again_flag, '')"])],
            ['unknown_unit', 'parsed.handling_unit_code is null or units.unit_code is null',
                dbt.concat(["'MaDonViXuLy='", "coalesce(parsed.handling_unit_code, '')"])],
        ]) }}
    from parsed
    left join units
        on parsed.handling_unit_code = units.unit_code
    where parsed.loaded_at is null or parsed.loaded_at <= {{ as_of_timestamp() }}

),

final as (

    {{ select_with_version_checks('checked', ['petition_code'], 'loaded_at') }}

)

select * from final
