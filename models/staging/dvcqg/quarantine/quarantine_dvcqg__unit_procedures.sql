{{ quarantine_rows('base_dvcqg__unit_procedures', 'ThuTucDonVi', ['procedure_local_code','unit_code']) }}
