{{ quarantine_rows('base_dvcqg__submitted_documents', 'TaiLieuNop', ['dossier_code','attachment_id'], only_known_at_as_of=true) }}
