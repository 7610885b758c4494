{#-
    HMAC-SHA256 (RFC 2104) of a text column, as 64 lowercase hex characters, keyed by the
    environment variable DVC_HMAC_KEY (hex, 16 to 64 bytes; `make` creates a random one in the
    git-ignored file .hmac_key when the variable is not set). An ID number of 9 or 12 digits
    under a plain hash is reversed by enumerating all IDs; under a secret key it is not.

    The key is padded to the 64-byte SHA-256 block and XOR-ed with ipad/opad here, at compile
    time, nibble by nibble (Jinja has no bitwise operators). The compiled SQL therefore carries
    key material: use this macro only in models materialised as tables (a view would persist its
    SQL, key included, in the warehouse), and keep target/ private.
-#}
{% macro hmac_sha256(column) %}
    {% set key_hex = env_var('DVC_HMAC_KEY', '') | trim | lower %}
    {% if execute and not modules.re.fullmatch('([0-9a-f]{2}){16,64}', key_hex) %}
        {{ exceptions.raise_compiler_error(
            "DVC_HMAC_KEY must be set to a secret of 16 to 64 bytes in hex (e.g. `openssl rand -hex 32`); "
            ~ "it keys the hash of applicant ID numbers and never sits in the repository."
        ) }}
    {% endif %}
    {% set padded = key_hex ~ '0' * (128 - key_hex | length) %}
    {% set digits = '0123456789abcdef' %}
    {% set inner = [] %}
    {% set outer = [] %}
    {% for nibble in padded %}
        {% set value = digits.index(nibble) %}
        {#- ipad = 0x36 (nibbles 3, 6), opad = 0x5c (nibbles 5, c): XOR by table lookup -#}
        {% set high = loop.index0 % 2 == 0 %}
        {% do inner.append(digits[dvc_index._xor_nibble(value, 3 if high else 6)]) %}
        {% do outer.append(digits[dvc_index._xor_nibble(value, 5 if high else 12)]) %}
    {% endfor %}
    {{ return(adapter.dispatch('hmac_sha256', 'dvc_index')(column, inner | join(''), outer | join(''))) }}
{% endmacro %}

{% macro _xor_nibble(a, b) %}
    {% set result = namespace(value=0) %}
    {% for bit in [8, 4, 2, 1] %}
        {% if ((a // bit) % 2) != ((b // bit) % 2) %}
            {% set result.value = result.value + bit %}
        {% endif %}
    {% endfor %}
    {{ return(result.value) }}
{% endmacro %}

{% macro default__hmac_sha256(column, inner_key_hex, outer_key_hex) %}
    lower(sha2(concat(
        unhex('{{ outer_key_hex }}'),
        unhex(sha2(concat(unhex('{{ inner_key_hex }}'), encode({{ column }}, 'utf-8')), 256))
    ), 256))
{% endmacro %}

{% macro duckdb__hmac_sha256(column, inner_key_hex, outer_key_hex) %}
    sha256(
        unhex('{{ outer_key_hex }}')
        || unhex(sha256(unhex('{{ inner_key_hex }}') || encode({{ column }})))
    )
{% endmacro %}
