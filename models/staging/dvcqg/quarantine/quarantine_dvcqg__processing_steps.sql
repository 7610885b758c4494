{{ quarantine_rows('checked_dvcqg__processing_steps', 'QuaTrinhXuLy', ['dossier_code','step_text','status_code'], only_known_at_as_of=true) }}
