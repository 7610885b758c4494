{{ quarantine_rows('checked_dvcqg__result_documents', 'GiayToKetQua', ['dossier_code','result_document_id'], only_known_at_as_of=true) }}
