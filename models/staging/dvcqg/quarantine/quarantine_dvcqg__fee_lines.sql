{{ quarantine_rows('checked_dvcqg__fee_lines', 'LePhi', ['dossier_code','fee_code'], only_known_at_as_of=true) }}
