{{ indicator_from_dossier_counts('SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'citizen_store_count', 'received_count') }}
