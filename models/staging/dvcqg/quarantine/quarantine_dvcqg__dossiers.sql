{{ quarantine_rows('checked_dvcqg__dossiers', 'HoSo', ['dossier_code'], only_known_at_as_of=true) }}
