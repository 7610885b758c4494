{{ quarantine_rows('base_dvcqg__procedures', 'ThuTuc', ['procedure_catalogue_code']) }}
