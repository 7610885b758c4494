with

base as (

    select * from {{ ref('checked_dvcqg__submitted_documents') }}
    where is_latest_version

),

final as (

    select
        dossier_code,
        attachment_id,
        component_code,
        file_link is not null as has_file_link,
        coalesce(digitized_flag = '1', false) as is_digitized,
        coalesce(reuse_code, '0') as reuse_code,
        coalesce(from_citizen_store_flag = '1', false) as is_from_citizen_store,
        coalesce(deleted_flag = '1', false) as is_deleted,
        loaded_at,
        -- when an incremental run last (re)wrote the row (int_dossiers_enriched recomputes its dossier)
        refreshed_at
    from base

)

select * from final
