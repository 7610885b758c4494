-- Every model materialised as a table (or incrementally) declares its grain with a primary-key
-- test (macros/tests/primary_key.sql): one row per model without one. Views are left out: each
-- reads a table whose grain is tested.
with

final as (

    select cast(null as {{ dbt.type_string() }}) as model_path
    where 1 = 0
    {% for path in models_without_primary_key_test() %}
        union all
        select '{{ path }}' as model_path
    {% endfor %}

)

select * from final
