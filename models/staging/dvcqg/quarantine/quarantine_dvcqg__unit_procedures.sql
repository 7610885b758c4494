{{ quarantine_rows('checked_dvcqg__unit_procedures', 'ThuTucDonVi', ['procedure_local_code','unit_code'], only_known_at_as_of=true) }}
