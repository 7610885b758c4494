{{ indicator_from_dossier_counts('CITIZEN_DATA_CONNECTED_DOSSIER', 'population_data_count', 'received_count') }}
