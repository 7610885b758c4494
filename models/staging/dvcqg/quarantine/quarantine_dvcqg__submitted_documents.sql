{{ quarantine_rows('checked_dvcqg__submitted_documents', 'TaiLieuNop', ['dossier_code','attachment_id'], only_known_at_as_of=true) }}
