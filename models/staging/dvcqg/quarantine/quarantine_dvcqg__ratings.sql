{{ quarantine_rows('checked_dvcqg__ratings', 'DanhGia', ['dossier_code','rated_text'], only_known_at_as_of=true) }}
