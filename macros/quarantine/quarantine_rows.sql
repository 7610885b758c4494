{#-
    The body of a quarantine model: every row of a base model that broke a rule, with the raw
    table, file and row it came from, its key as sent, the rule and the offending value. Personal
    data is not carried: the key and the value are masked (`mask_personal`; the file and row
    locate the full record for whoever may see it).
-#}
{#- `only_known_at_as_of`: the base model keeps rows loaded after the build's as_of (incremental
    base models do); those are not known yet and are left out here until as_of reaches them. -#}
{% macro quarantine_rows(base_model, raw_table, key_columns, only_known_at_as_of=false) %}
    {%- set key_parts = [] -%}
    {%- for column in key_columns -%}
        {%- do key_parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last %}{% do key_parts.append("'|'") %}{% endif -%}
    {%- endfor %}
with

base as (

    select * from {{ ref(base_model) }}

),

final as (

    select
        cast('{{ raw_table }}' as {{ dbt.type_string() }}) as raw_table,
        source_file,
        source_row,
        {{ mask_personal(dbt.concat(key_parts)) }} as record_key,
        reject_rule,
        reject_detail,
        content_hash
    from base
    where
        reject_rule is not null
        {%- if only_known_at_as_of %}
        and coalesce(loaded_at <= {{ as_of_timestamp() }}, loaded_at is null)
        {%- endif %}

)

select * from final
{% endmacro %}
