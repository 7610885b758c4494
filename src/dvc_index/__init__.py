"""dvc-index: Vietnam's public-service quality index (Decision 766/QĐ-TTg) as a dbt warehouse."""
