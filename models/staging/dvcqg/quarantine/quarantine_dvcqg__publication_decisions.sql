{{ quarantine_rows('checked_dvcqg__publication_decisions', 'QuyetDinhCongBo', ['decision_number','procedure_local_code']) }}
