{{ quarantine_rows('base_dvcqg__dossiers', 'HoSo', ['dossier_code']) }}
