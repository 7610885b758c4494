with

base as (

    select * from {{ ref('checked_dvcqg__petitions') }}
    where is_latest_version

),

final as (

    select
        petition_code,
        handling_unit_code,
        dossier_code,
        category_code,
        sent_at,
        received_at,
        closed_at,
        coalesce(rejected_flag = '1', false) as is_rejected,
        coalesce(like_count, 0) as like_count,
        coalesce(dislike_count, 0) as dislike_count,
        coalesce(raised_again_flag = '1', false) as is_raised_again,
        loaded_at
    from base

)

select * from final
