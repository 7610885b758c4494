with

base as (

    select * from {{ ref('checked_dvcqg__ratings') }}
    where is_latest_version

),

final as (

    select
        dossier_code,
        rating_source_code,
        rating_code,
        rating_code in ('DISLIKE', 'KHONG_HAI_LONG') as is_dissatisfied,
        rated_at,
        loaded_at,
        -- when an incremental run last (re)wrote the row (int_dossiers_enriched recomputes its dossier)
        refreshed_at
    from base

)

select * from final
