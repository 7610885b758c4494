{%- set unparseable = unparseable_check([
    ['requested_text', 'requested_at', 'NgayYeuCauBoSung'],
    ['completed_text', 'completed_at', 'NgayHoanThanhBoSung'],
    ['loaded_text', 'loaded_at', 'NapLuc'],
]) -%}

with

source as (

    select * from {{ source('dvcqg', 'HoSoBoSung') }}

),

known_dossiers as (

    select dossier_code from {{ ref('base_dvcqg__raw_dossier_codes') }}

),

cleaned as (

    select
        _source_file as source_file,
        _source_row as source_row,
        {{ clean_text('"MaHoSo"') }} as dossier_code,
        {{ clean_text('"HoSoBoSungId"') }} as supplement_request_id,
        {{ clean_text('"NgayYeuCauBoSung"') }} as requested_text,
        {{ clean_text('"NgayHoanThanhBoSung"') }} as completed_text,
        {{ clean_text('"NapLuc"') }} as loaded_text,
        {{ raw_row_hash('HoSoBoSung') }} as content_hash
    from source

),

parsed as (

    select
        cleaned.*,
        {{ parse_wire_timestamp('requested_text') }} as requested_at,
        {{ parse_wire_timestamp('completed_text') }} as completed_at,
        {{ parse_loaded_at('loaded_text') }} as loaded_at
    from cleaned

),

checked as (

    select
        parsed.*,
        {{ reject_rule_columns([
            ['missing_key', 'parsed.dossier_code is null or parsed.supplement_request_id is null',
                "'MaHoSo or HoSoBoSungId is empty'"],
            ['unparseable_timestamp', unparseable[0], unparseable[1]],
            ['orphan_dossier', 'known_dossiers.dossier_code is null',
                dbt.concat(["'MaHoSo='", 'parsed.dossier_code', "' matches no HoSo row'"])],
        ]) }}
    from parsed
    left join known_dossiers
        on parsed.dossier_code = known_dossiers.dossier_code
    where parsed.loaded_at is null or parsed.loaded_at <= {{ as_of_timestamp() }}

),

final as (

    {{ select_with_version_checks('checked', ['dossier_code', 'supplement_request_id'], 'loaded_at') }}

)

select * from final
