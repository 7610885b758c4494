with

base as (

    select * from {{ ref('checked_dvcqg__supplement_requests') }}
    where is_latest_version

),

final as (

    select
        dossier_code,
        supplement_request_id,
        requested_at,
        completed_at,
        loaded_at,
        -- when an incremental run last (re)wrote the row (int_dossiers_enriched recomputes its dossier)
        refreshed_at
    from base

)

select * from final
