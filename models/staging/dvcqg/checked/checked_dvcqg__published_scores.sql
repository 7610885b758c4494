{#- DiemCongBo (a figure the portal published): every row of base_dvcqg__published_scores with the
    first rule it broke (reject_rule, reject_detail; the checks in seed reject_rules' priority
    order): the row's own fields, then the referential rules: unknown_unit (MaDonVi neither a unit
    of stg_dvcqg__units nor VN) and unknown_code for MaChiSo (not a code of seeds indicators or
    index_groups, nor TONG); then the version checks (duplicate_row, conflicting_version) and
    is_latest_version. stg_dvcqg__published_scores reads the rows that passed,
    quarantine_dvcqg__published_scores the others. -#}

{#- DiemCongBo, the portal's published figures, parsed and checked (reconciliation only: nothing
    computes from it). MaChiSo is an indicator code, a portal group code (CKMB ... MDHL) or TONG
    (the total); component rows carry TuSo and MauSo, group and total rows only Diem. MaDonVi may
    be VN (the national row). Rows loaded (NapLuc) or read from the portal (ThoiDiemCongBo) after
    the build's as_of are not known yet and are left out; the latest NapLuc per key wins. -#}

{%- set unparseable = unparseable_check([
    ['published_text', 'published_at', 'ThoiDiemCongBo'],
    ['loaded_text', 'loaded_at', 'NapLuc'],
]) -%}

with

parsed as (

    select * from {{ ref('base_dvcqg__published_scores') }}

),

units as (

    {{ known_unit_codes_with_nation() }}

),

figure_codes as (

    select
        indicator_code as figure_code,
        'component' as figure_kind
    from {{ ref('indicators') }}
    union all
    select
        group_code as figure_code,
        'group' as figure_kind
    from {{ ref('index_groups') }}
    where view = 'portal'
    union all
    select
        'TONG' as figure_code,
        'total' as figure_kind

),

checked as {{ cte_not_materialized() }} (

    select
        parsed.*,
        figure_codes.figure_kind,
        {{ reject_rule_columns([
            ['missing_key', 'parsed.unit_code is null or parsed.period_label is null or parsed.figure_code is null',
                "'MaDonVi, KyBaoCao or MaChiSo is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['unparseable_number',
                'parsed.points is null or parsed.points < 0'
                ~ ' or (parsed.numerator_text is not null and (parsed.numerator is null or parsed.numerator < 0))'
                ~ ' or (parsed.denominator_text is not null and (parsed.denominator is null or parsed.denominator < 0))'
                ~ " or (figure_codes.figure_kind = 'component' and (parsed.numerator is null or parsed.denominator is null))",
                dbt.concat(["'TuSo/MauSo/Diem='", "coalesce(parsed.numerator_text, '')", "'/'",
                    "coalesce(parsed.denominator_text, '')", "'/'", "coalesce(parsed.points_text, '')"])],
            ['unknown_code', 'not ' ~ matches_pattern('parsed.period_label', '[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?'),
                dbt.concat(["'KyBaoCao='", 'parsed.period_label'])],
            ['unknown_code', 'figure_codes.figure_code is null', dbt.concat(["'MaChiSo='", 'parsed.figure_code'])],
            ['unknown_unit', 'units.unit_code is null', dbt.concat(["'MaDonVi='", 'parsed.unit_code'])],
        ]) }}
    from parsed
    left join units
        on parsed.unit_code = units.unit_code
    left join figure_codes
        on parsed.figure_code = figure_codes.figure_code
    where
        (parsed.loaded_at is null or parsed.loaded_at <= {{ as_of_timestamp() }})
        and (parsed.published_at is null or parsed.published_at <= {{ as_of_timestamp() }})

),

final as (

    {{ select_with_version_checks('checked', ['unit_code', 'period_label', 'figure_code'], 'loaded_at') }}

)

select * from final
