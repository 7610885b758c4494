{{ quarantine_rows('checked_dvcqg__units', 'DonVi', ['unit_code','valid_from_text']) }}
