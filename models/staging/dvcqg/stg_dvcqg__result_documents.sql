with

base as (

    select * from {{ ref('checked_dvcqg__result_documents') }}
    where is_latest_version

),

final as (

    select
        dossier_code,
        result_document_id,
        result_document_type_code,
        file_link is not null as has_file_link,
        coalesce(pushed_to_citizen_store_flag = '1', false) as is_pushed_to_citizen_store,
        loaded_at,
        -- when an incremental run last (re)wrote the row (int_dossiers_enriched recomputes its dossier)
        refreshed_at
    from base

)

select * from final
