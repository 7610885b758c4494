{{ indicator_from_dossier_counts('ONLINE_DOSSIER', 'online_count', 'received_count') }}
