with

base as (

    select * from {{ ref('checked_dvcqg__processing_steps') }}
    where is_latest_version

),

final as (

    select
        dossier_code,
        step_at,
        status_code,
        loaded_at,
        -- when an incremental run last (re)wrote the row (int_dossiers_enriched recomputes its dossier)
        refreshed_at
    from base

)

select * from final
