"""The same project on a Spark standalone cluster, through its Thrift server (issue: past one
machine for real).

conftest's spark_cluster_build starts, with dvc_index.spark.cluster, on 127.0.0.1 a master, two
workers (1 core each) and the Thrift server submitted to that master, and builds the small dirty
zone through it with profiles.yml's `spark_cluster` target (dbt-spark's thrift method), every
data test included. test_cross_engine compares its marts with the DuckDB build of the same zone;
here: the build passed, the work ran on the workers' executors, not in the driver, and when the
cluster was stopped no process it started was left.
"""

from __future__ import annotations

import re
from collections import Counter

from conftest import ClusterBuild

from dvc_index.spark.cluster import pid_running

FINISHED_TASK = re.compile(r"Executor: Finished task .* in stage")


def test_cluster_build_passes(spark_cluster_build: ClusterBuild) -> None:
    result = spark_cluster_build.build
    assert result.returncode == 0, f"cluster build failed:\n{result.stdout[-4000:]}"
    assert "ERROR=0" in result.stdout and "PASS=" in result.stdout
    assert re.search(r"PASS=[1-9]\d{2}", result.stdout), "every data test runs on the cluster"


def test_work_ran_on_the_workers(spark_cluster_build: ClusterBuild) -> None:
    status = spark_cluster_build.status
    workers = [worker for worker in status["workers"] if worker["state"] == "ALIVE"]
    assert len(workers) == 2 and all(worker["cores"] == 1 for worker in workers), workers
    # the Thrift server is the master's running application, holding both workers' cores
    (application,) = status["activeapps"]
    assert application["name"] == "dvc-index Thrift server" and application["cores"] == 2
    assert all(worker["coresused"] == 1 for worker in workers), workers
    # each worker ran executors of that application, and they ran tasks of the build; an
    # executor that dies (one ran out of memory in CI, exit 50) is replaced by another one on the
    # same worker, in its own directory (worker-N/<app>/<executor>/stderr): their tasks add up
    finished: Counter[str] = Counter()
    for path, text in spark_cluster_build.executor_logs.items():
        if path.parent.parent.name == application["id"]:
            finished[path.parent.parent.parent.name] += len(FINISHED_TASK.findall(text))
    executors = sorted(str(path.parent) for path in spark_cluster_build.executor_logs)
    assert sorted(finished) == ["worker-1", "worker-2"], (finished, executors)
    assert all(count > 100 for count in finished.values()), (finished, executors)


def test_every_started_process_is_stopped(spark_cluster_build: ClusterBuild) -> None:
    assert len(spark_cluster_build.pids) == 4
    assert [pid for pid in spark_cluster_build.pids if pid_running(pid)] == []
