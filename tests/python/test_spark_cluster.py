"""The same project on a Spark standalone cluster, through its Thrift server (issue: past one
machine for real).

dvc_index.spark.cluster (`dvc-index spark-cluster`) starts, on 127.0.0.1, a master, two
workers (1 core each) and the Thrift server submitted to that master; profiles.yml's
`spark_cluster` target (dbt-spark's thrift method) builds the small dirty zone of
test_cross_engine through it, every data test included.
The marts must equal the DuckDB build of the same zone (the same comparisons as
test_cross_engine), and the work must have run on the workers' executors, not in the driver.
When the cluster is stopped, no process it started is left.

Opt-in for now (DVC_TEST_SPARK_CLUSTER=1): it starts four JVMs and builds the zone through them,
about ten minutes on two cores, and has not yet been timed inside a whole `make test`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time

import duckdb
import pytest
from conftest import TEST_HMAC_KEY, EngineZone
from test_cross_engine import (
    quarantine_differences,
    score_differences,
    scorecard_differences,
    spark_table,
)

from dvc_index.common import PROJECT_ROOT, dvc_environment, run_dbt
from dvc_index.privacy import spark_environment
from dvc_index.spark.cluster import SparkCluster, dbt_overrides, pid_running

pytestmark = pytest.mark.skipif(
    os.environ.get("DVC_TEST_SPARK_CLUSTER") != "1",
    reason="the Spark cluster test is opt-in: set DVC_TEST_SPARK_CLUSTER=1 (four JVMs, ~10 min)",
)

FINISHED_TASK = re.compile(r"Executor: Finished task .* in stage")


@pytest.fixture(scope="module")
def cluster_build(engine_zone: EngineZone, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The shared zone built through the cluster; what the master and the executors reported
    while it ran; the pids it started."""
    if shutil.which("java") is None:
        pytest.fail("the Spark cluster needs Java 17 on the PATH (Debian: openjdk-17-jre-headless)")
    workdir = tmp_path_factory.mktemp("spark_cluster")
    hmac_env = {"DVC_HMAC_KEY": TEST_HMAC_KEY}
    spark_environment(hmac_env)
    started = time.monotonic()
    with SparkCluster(workdir / "cluster", workdir / "warehouse", hmac_env) as cluster:
        pids = [process.pid for process in cluster.processes.values()]
        start_seconds = round(time.monotonic() - started, 1)
        env = dvc_environment(
            {
                "DVC_RAW_DIR": engine_zone.raw_dir,
                "DVC_AS_OF": engine_zone.as_of,
                "DVC_HMAC_KEY": TEST_HMAC_KEY,
                **dbt_overrides(cluster, workdir),
            }
        )
        # the pads reach the Thrift server's environment only: dbt's own must not need them
        for name in ("DVC_HMAC_IPAD", "DVC_HMAC_OPAD", "DVC_HMAC_KEY_ID"):
            env.pop(name, None)
        started = time.monotonic()
        build = run_dbt(
            ["build", "--exclude-resource-type", "unit_test"],
            env,
            target_path=workdir / "target",
            capture=True,
        )
        build_seconds = round(time.monotonic() - started, 1)
        status = cluster.master_status()
        executor_logs = {path: path.read_text() for path in cluster.executor_logs()}
    timings = {"cluster_start_s": start_seconds, "cluster_build_s": build_seconds}
    report = PROJECT_ROOT / "reports" / "spark_cluster.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    figures = {"dossiers": engine_zone.dossiers, "duckdb_build_s": engine_zone.build_seconds}
    report.write_text(json.dumps({**figures, **timings}, indent=2) + "\n")
    print(f"cluster: {timings}")
    return {
        "build": build,
        "warehouse": workdir / "warehouse",
        "status": status,
        "executor_logs": executor_logs,
        "pids": pids,
    }


def test_cluster_build_passes(cluster_build: dict) -> None:
    result = cluster_build["build"]
    assert result.returncode == 0, f"cluster build failed:\n{result.stdout[-4000:]}"
    assert "ERROR=0" in result.stdout and "PASS=" in result.stdout
    assert re.search(r"PASS=[1-9]\d{2}", result.stdout), "every data test runs on the cluster"


def test_work_ran_on_the_workers(cluster_build: dict) -> None:
    status = cluster_build["status"]
    workers = [worker for worker in status["workers"] if worker["state"] == "ALIVE"]
    assert len(workers) == 2 and all(worker["cores"] == 1 for worker in workers), workers
    # the Thrift server is the master's running application, holding both workers' cores
    (application,) = status["activeapps"]
    assert application["name"] == "dvc-index Thrift server" and application["cores"] == 2
    assert all(worker["coresused"] == 1 for worker in workers), workers
    # each worker ran an executor of that application, and each executor ran tasks of the build
    finished = {
        path.parent.parent.parent.name: len(FINISHED_TASK.findall(text))
        for path, text in cluster_build["executor_logs"].items()
        if path.parent.parent.name == application["id"]
    }
    assert sorted(finished) == ["worker-1", "worker-2"], finished
    assert all(count > 100 for count in finished.values()), finished


def test_every_started_process_is_stopped(cluster_build: dict) -> None:
    assert len(cluster_build["pids"]) == 4
    assert [pid for pid in cluster_build["pids"] if pid_running(pid)] == []


def test_marts_equal_the_duckdb_build(engine_zone: EngineZone, cluster_build: dict) -> None:
    connection = duckdb.connect(str(engine_zone.database), read_only=True)
    warehouse = cluster_build["warehouse"]
    scores = spark_table(warehouse, "marts", "fct_indicator_scores")
    counts = connection.execute(
        f"select (select count(*) from marts.fct_indicator_scores), (select count(*) from {scores})"
    ).fetchone()
    assert counts[0] == counts[1] and counts[0] > 10_000, counts
    differences = score_differences(connection, "marts.fct_indicator_scores", scores)
    assert differences == dict.fromkeys(differences, 0), differences
    scorecard = spark_table(warehouse, "marts", "fct_unit_scorecard")
    differences = scorecard_differences(connection, "marts.fct_unit_scorecard", scorecard)
    assert differences == dict.fromkeys(differences, 0), differences
    quarantine = spark_table(warehouse, "marts", "fct_quarantine_counts")
    duck_only, cluster_only, total = quarantine_differences(
        connection, "marts.fct_quarantine_counts", quarantine
    )
    assert total > 5 and (duck_only, cluster_only) == (0, 0), (duck_only, cluster_only, total)
