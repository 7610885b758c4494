-- The component registry (macros/indicators.sql): seeds/indicators.csv is the one list of
-- components. One row per disagreement between the seed (rows with has_component_model), the
-- component models (folder models/intermediate/indicators/components/, tag indicator_component)
-- and the build-order declaration indicator_component_declared_models(). Without it a missing
-- model went unnoticed: int_indicator_counts gives every indicator 0 / 0 where nothing is found.
{%- set found = indicator_component_tagged_models() -%}
{%- set declared = indicator_component_declared_models() %}
with

indicators as (

    select * from {{ ref('indicators') }}

),

-- every model in the components folder or in the declaration
registered_models as (

    {% for name in (found + declared) | unique | sort %}
        select
            '{{ name }}' as model_name,
            {{ 'true' if name in found else 'false' }} as is_component,
            {{ 'true' if name in declared else 'false' }} as is_declared
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

expected_models as (

    select
        indicator_code,
        {{ dbt.concat(["'int_indicator_'", "lower(indicator_code)"]) }} as model_name
    from indicators
    where has_component_model

),

final as (

    select
        expected_models.indicator_code,
        expected_models.model_name,
        'seed row has no component model' as problem
    from expected_models
    left join registered_models
        on expected_models.model_name = registered_models.model_name
    where not coalesce(registered_models.is_component, false)
    union all
    select
        cast(null as {{ dbt.type_string() }}) as indicator_code,
        registered_models.model_name,
        'component model names no seed row with has_component_model' as problem
    from registered_models
    left join expected_models
        on registered_models.model_name = expected_models.model_name
    where registered_models.is_component and expected_models.model_name is null
    union all
    select
        cast(null as {{ dbt.type_string() }}) as indicator_code,
        model_name,
        'component model missing from indicator_component_declared_models()' as problem
    from registered_models
    where is_component and not is_declared

)

select * from final
