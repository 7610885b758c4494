{#- DiemCongBo: the figures the portal published, one row per unit, period label and figure
    (component, portal group or TONG), latest NapLuc. For reconciliation only (fct_reconciliation). -#}

with

base as (

    select * from {{ ref('checked_dvcqg__published_scores') }}
    where is_latest_version

),

final as (

    select
        unit_code,
        period_label,
        figure_code,
        figure_kind,
        numerator,
        denominator,
        points,
        published_at,
        loaded_at
    from base

)

select * from final
