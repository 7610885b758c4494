{#- Every dossier code that appears in any raw HoSo row, valid or not: a child row whose MaHoSo
    is not here is an orphan. A child of a quarantined dossier is not an orphan: its parent is
    in quarantine, not missing. -#}

with

source as (

    select * from {{ source('dvcqg', 'HoSo') }}

),

final as (

    select distinct {{ clean_text('"MaHoSo"') }} as dossier_code
    from source
    where {{ clean_text('"MaHoSo"') }} is not null

)

select * from final
