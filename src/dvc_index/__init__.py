"""dvc-index: Vietnam's public-service quality index (Decision 766/QĐ-TTg) as a dbt warehouse.

The Python side of the project, one package behind one `dvc-index` command (dvc_index.cli):
the main job (pipeline), the data-quality gate (gate), the published copy (publish), the
readers (report, reconcile, way_up, dashboard), the demo landing zone (demo), the benchmark
(bench) and the local Spark cluster (spark). The SQL lives in the dbt project at the root of
the checkout (common.PROJECT_ROOT).
"""
