{#- A wire timestamp `yyyyMMddHHmmss` (Vietnam local time) to a timestamp; NULL when empty or
    unparseable. All warehouse timestamps are naive Vietnam local time (UTC+7). -#}
{% macro parse_wire_timestamp(column) %}
    {{ return(adapter.dispatch('parse_wire_timestamp', 'dvc_index')(column)) }}
{% endmacro %}

{% macro default__parse_wire_timestamp(column) %}
    case
        when length({{ column }}) = 14
            then to_timestamp({{ column }}, 'yyyyMMddHHmmss')
    end
{% endmacro %}

{% macro duckdb__parse_wire_timestamp(column) %}
    case
        when length({{ column }}) = 14 and regexp_full_match({{ column }}, '[0-9]{14}')
            then try_strptime({{ column }}, '%Y%m%d%H%M%S')
    end
{% endmacro %}


{#- A date `yyyy-MM-dd` to a date; NULL when empty or unparseable. -#}
{% macro parse_iso_date(column) %}
    {{ return(adapter.dispatch('parse_iso_date', 'dvc_index')(column)) }}
{% endmacro %}

{% macro default__parse_iso_date(column) %}
    case
        when length({{ column }}) = 10
            then to_date({{ column }}, 'yyyy-MM-dd')
    end
{% endmacro %}

{% macro duckdb__parse_iso_date(column) %}
    case
        when regexp_full_match({{ column }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
            then cast(try_strptime({{ column }}, '%Y-%m-%d') as date)
    end
{% endmacro %}


{#- The loader's ISO-8601 `NapLuc` to naive Vietnam local time. An offset (`Z`, `+07:00`, `+0700`)
    is honoured; no offset means Vietnam local time already. NULL when unparseable. -#}
{% macro parse_loaded_at(column) %}
    {{ return(adapter.dispatch('parse_loaded_at', 'dvc_index')(column)) }}
{% endmacro %}

{#- DuckDB: the loader's usual forms (`yyyy-MM-ddTHH:mm:ss` with `+07:00`, `+0700`, `Z` or no
    offset) are parsed with plain string functions and a fixed UTC+7 (Vietnam has had no daylight
    saving since 1975): a regular expression and a time-zone lookup per row cost more than the
    rest of a base model's parsing. Any other ISO-8601 text (fractions of a second, ...) takes the
    general path. -#}
{% macro duckdb__parse_loaded_at(column) %}
    {%- set seconds = "try_strptime(replace(left(" ~ column ~ ", 19), 'T', ' '), '%Y-%m-%d %H:%M:%S')" -%}
    {%- set offset_sign = "(case when substr(" ~ column ~ ", 20, 1) = '-' then -1 else 1 end)" -%}
    case
        when length({{ column }}) = 19
            then {{ seconds }}
        when length({{ column }}) = 20 and right({{ column }}, 1) = 'Z'
            then {{ seconds }} + interval 7 hour
        when length({{ column }}) = 25 and substr({{ column }}, 20, 1) in ('+', '-') and substr({{ column }}, 23, 1) = ':'
            then {{ seconds }} + to_minutes(cast(420 - {{ offset_sign }} * (
                try_cast(substr({{ column }}, 21, 2) as integer) * 60 + try_cast(substr({{ column }}, 24, 2) as integer)
            ) as bigint))
        when length({{ column }}) = 24 and substr({{ column }}, 20, 1) in ('+', '-')
            then {{ seconds }} + to_minutes(cast(420 - {{ offset_sign }} * (
                try_cast(substr({{ column }}, 21, 2) as integer) * 60 + try_cast(substr({{ column }}, 23, 2) as integer)
            ) as bigint))
        when regexp_matches({{ column }}, '(Z|[+-][0-9]{2}:?[0-9]{2})$')
            then timezone('Asia/Ho_Chi_Minh', try_cast({{ column }} as timestamptz))
        when regexp_matches({{ column }}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
            then try_cast({{ column }} as timestamp)
    end
{% endmacro %}

{% macro default__parse_loaded_at(column) %}
    case
        when {{ column }} rlike '(Z|[+-][0-9]{2}:?[0-9]{2})$'
            then from_utc_timestamp(to_timestamp({{ column }}), 'Asia/Ho_Chi_Minh')
        when {{ column }} rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
            then to_timestamp({{ column }})
    end
{% endmacro %}
