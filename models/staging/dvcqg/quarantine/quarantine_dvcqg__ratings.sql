{{ quarantine_rows('base_dvcqg__ratings', 'DanhGia', ['dossier_code','rated_text']) }}
