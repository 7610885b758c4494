{#-
    The body of a quarantine model: every row of a checked model (models/staging/dvcqg/checked/)
    that broke a rule, own-row, referential or version, with the raw
    table, file and row it came from, its key as sent, the rule and the offending value. Personal
    data is not carried: the key and the value are masked (`mask_personal`; the file and row
    locate the full record for whoever may see it).
-#}
{#- `only_known_at_as_of`: the checked model keeps rows loaded after the build's as_of (the
    incremental ones do); those are not known yet and are left out here until as_of reaches them. -#}
{% macro quarantine_rows(checked_model, raw_table, key_columns, only_known_at_as_of=false) %}
    {%- set key_parts = [] -%}
    {%- for column in key_columns -%}
        {%- do key_parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last %}{% do key_parts.append("'|'") %}{% endif -%}
    {%- endfor %}
with

checked as (

    select * from {{ ref(checked_model) }}

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
    from checked
    where
        reject_rule is not null
        {%- if only_known_at_as_of %}
        and coalesce(loaded_at <= {{ as_of_timestamp() }}, loaded_at is null)
        {%- endif %}

)

select * from final
{% endmacro %}
