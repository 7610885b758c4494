with

base as (

    select * from {{ ref('checked_dvcqg__fee_lines') }}
    where is_latest_version

),

final as (

    select
        dossier_code,
        fee_code,
        fee_name,
        fee_amount_vnd,
        loaded_at,
        -- when an incremental run last (re)wrote the row (int_dossiers_enriched recomputes its dossier)
        refreshed_at
    from base

)

select * from final
