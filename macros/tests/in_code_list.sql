{#- Generic test: every non-null value of the column is a code of `code_list` in seed
    code_lists (the relationship to the seed, for one list). One row per unknown value. -#}
{% test in_code_list(model, column_name, code_list) %}

select
    {{ column_name }} as unknown_code,
    count(*) as row_count
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in (
        select code from {{ ref('code_lists') }}
        where code_list = '{{ code_list }}'
    )
group by {{ column_name }}

{% endtest %}
