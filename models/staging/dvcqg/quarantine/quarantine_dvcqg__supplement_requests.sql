{{ quarantine_rows('checked_dvcqg__supplement_requests', 'HoSoBoSung', ['dossier_code','supplement_request_id'], only_known_at_as_of=true) }}
