{{ quarantine_rows('base_dvcqg__units', 'DonVi', ['unit_code','valid_from_text']) }}
