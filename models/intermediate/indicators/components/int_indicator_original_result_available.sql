{{ indicator_from_dossier_counts('ORIGINAL_RESULT_AVAILABLE', 'paper_result_with_electronic_result_count', 'paper_result_count') }}
