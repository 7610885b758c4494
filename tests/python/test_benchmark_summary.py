"""The benchmark's figures (dvc_index.bench.summary): the micro-batch's time from files landed to
a new published version, with the job's own stages, next to the build and the yardsticks."""

from __future__ import annotations

from dvc_index.bench.summary import summary_rows


def result(micro: dict) -> dict:
    step = {"rc": 0, "peak_bytes": 2 * 1024**3}
    return {
        "dossiers": 1_000_000,
        "raw_rows_total": 11_040_651,
        "generation": {"seconds": 17.3},
        "full_build": {**step, "seconds": 100.0},
        "incremental_runs": [{**step, "seconds": 40.0, "dossiers": 79_700, "batch": 1}],
        "incremental_builds": [],
        "floor": {**step, "seconds": 2.5},
        "postgres": {"postgres_s": 10.0},
        "micro_batch": micro,
    }


STAGES = [
    {"stage": "raw gate", "seconds": 20.0},
    {"stage": "dbt build", "seconds": 50.0},
    {"stage": "marts gate", "seconds": 10.0},
    {"stage": "publish", "seconds": 9.0},
]


def test_the_micro_batch_is_a_figure_with_its_stages() -> None:
    run = result({"rc": 0, "seconds": 95.5, "dossiers": 301, "stages": STAGES, "batch": 2})
    rows = dict(summary_rows(run))
    figures = run["figures"]
    assert figures["micro_batch_to_published_s"] == 95.5
    assert figures["micro_batch_dossiers"] == 301
    assert figures["micro_batch_stages_s"] == {
        "raw gate": 20.0,
        "dbt build": 50.0,
        "marts gate": 10.0,
        "publish": 9.0,
    }
    assert figures["ratio_full_build_to_practical_floor"] == 40.0
    assert figures["ratio_full_build_to_postgres"] == 10.0
    assert figures["all_steps_ok"] is True
    assert rows["micro-batch: files landed to published s"] == (
        "95.5 (301 dossiers: raw gate 20.0, dbt build 50.0, marts gate 10.0, publish 9.0)"
    )


def test_a_failed_micro_batch_has_no_figure_and_fails_the_run() -> None:
    run = result({"rc": 1, "seconds": 12.0, "dossiers": 301, "stages": STAGES[:1], "batch": 2})
    rows = dict(summary_rows(run))
    assert run["figures"]["micro_batch_to_published_s"] is None
    assert run["figures"]["all_steps_ok"] is False
    assert rows["micro-batch: files landed to published s"].startswith("12.0 (failed)")


def test_without_a_micro_batch_the_figure_is_empty() -> None:
    run = result({"skipped": "no micro-batch held back"})
    rows = dict(summary_rows(run))
    assert run["figures"]["micro_batch_to_published_s"] is None
    assert run["figures"]["all_steps_ok"] is True
    assert rows["micro-batch: files landed to published s"] == "-"
