with

base as (

    select * from {{ ref('checked_dvcqg__publication_decisions') }}
    where is_latest_version

),

final as (

    select
        decision_number,
        publisher_unit_code,
        procedure_code,
        procedure_local_code,
        publication_type_code,
        decided_date,
        legal_effective_date,
        made_public_date
    from base

)

select * from final
