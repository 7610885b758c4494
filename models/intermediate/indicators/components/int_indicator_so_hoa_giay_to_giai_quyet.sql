{{ indicator_from_dossier_counts('SO_HOA_GIAY_TO_GIAI_QUYET', 'digitized_count', 'received_count') }}
