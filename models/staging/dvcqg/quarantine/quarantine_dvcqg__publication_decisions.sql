{{ quarantine_rows('base_dvcqg__publication_decisions', 'QuyetDinhCongBo', ['decision_number','procedure_local_code']) }}
