{#-
    HMAC-SHA256 (RFC 2104) of a text column, as 64 lowercase hex characters, and the id of the
    key that made it. An ID number of 9 or 12 digits under a plain hash is reversed by
    enumerating all IDs; under a secret key it is not.

    No key material is ever in the SQL text (hence in no compiled file, log, manifest or dbt
    state): the key is read in Python (src/dvc_index/privacy.py), never through `env_var()`, and
    reaches the engine out of band as the key XOR-ed with the HMAC pads:
    - DuckDB: the function `dvc_hmac_sha256()` and the session variable `dvc_hmac_key_id`,
      registered on every connection by the profile's plugin (src/dvc_index/duckdb_plugin.py);
    - Spark: `${env:DVC_HMAC_IPAD}` / `${env:DVC_HMAC_OPAD}` / `${env:DVC_HMAC_KEY_ID}`, which
      Spark substitutes from its driver's environment when it parses the statement (the session
      target: the dbt process, set by dvc_index.common.dvc_environment; a Thrift server: its own
      environment, README "Personal data").
    Without them the build stops with an error; it never writes a NULL hash.
-#}
{% macro hmac_sha256(column) %}
    {{ return(adapter.dispatch('hmac_sha256', 'dvc_index')(column)) }}
{% endmacro %}

{% macro hmac_key_id() %}
    {{ return(adapter.dispatch('hmac_key_id', 'dvc_index')()) }}
{% endmacro %}

{% macro _hmac_missing_message() -%}
    'no HMAC key in this session: run dbt through the project (make build) or set the key as README "Personal data" says'
{%- endmacro %}

{% macro default__hmac_sha256(column) %}
    case
        when '${env:DVC_HMAC_IPAD}' rlike '^[0-9a-f]{128}$'
            then lower(sha2(concat(
                unhex('${env:DVC_HMAC_OPAD}'),
                unhex(sha2(concat(unhex('${env:DVC_HMAC_IPAD}'), encode({{ column }}, 'utf-8')), 256))
            ), 256))
        else raise_error({{ dvc_index._hmac_missing_message() }})
    end
{% endmacro %}

{% macro default__hmac_key_id() -%}
    '${env:DVC_HMAC_KEY_ID}'
{%- endmacro %}

{#- a missing function is an error of its own ("dvc_hmac_sha256 does not exist") -#}
{% macro duckdb__hmac_sha256(column) -%}
    dvc_hmac_sha256({{ column }})
{%- endmacro %}

{% macro duckdb__hmac_key_id() -%}
    coalesce(getvariable('dvc_hmac_key_id'), error({{ dvc_index._hmac_missing_message() }}))
{%- endmacro %}
