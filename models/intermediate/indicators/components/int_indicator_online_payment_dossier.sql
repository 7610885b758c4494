{{ indicator_from_dossier_counts('ONLINE_PAYMENT_DOSSIER', 'fee_bearing_paid_online_count', 'fee_bearing_count') }}
