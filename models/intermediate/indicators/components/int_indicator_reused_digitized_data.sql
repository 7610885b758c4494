{{ indicator_from_dossier_counts('REUSED_DIGITIZED_DATA', 'reused_data_count', 'received_count') }}
