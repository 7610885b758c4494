{{ quarantine_rows('checked_dvcqg__procedures', 'ThuTuc', ['procedure_catalogue_code']) }}
