"""Shared fixtures: generated landing zones and warehouses built from them.

Building is the expensive part (one `dbt build` per zone), so zones and builds are session-wide
and each test only reads them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from generate_raw_helpers import N_MAIN, N_SMALL, _shared_dir, parse_raw_schema

from dvc_index.common import PROJECT_ROOT, dvc_environment, run_dbt
from dvc_index.demo import generate_raw as gr
from dvc_index.demo.tables import TABLE_COLUMNS
from dvc_index.privacy import spark_environment
from dvc_index.spark.cluster import SparkCluster, dbt_overrides, load_averages

TEST_HMAC_KEY = "5f4dcc3b5aa765d61d8327deb882cf99" * 2


@dataclass
class BuiltZone:
    raw_dir: Path
    database: Path
    manifest: dict
    build: subprocess.CompletedProcess

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        connection = duckdb.connect(str(self.database), read_only=True)
        try:
            return connection.execute(sql, params or []).fetchall()
        finally:
            connection.close()


def generate_zone(
    out: Path, dossiers: int, seed: int, dirty_rate: float = 0.0, *extra: str
) -> dict:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dvc_index.demo.generate_raw",
            "--out",
            str(out),
            "--dossiers",
            str(dossiers),
            "--seed",
            str(seed),
            "--dirty-rate",
            str(dirty_rate),
            *extra,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads((out / "manifest.json").read_text())


def build_zone(
    raw_dir: Path, workdir: Path, args: tuple[str, ...] = ("build",), **env: str
) -> tuple[Path, subprocess.CompletedProcess]:
    database = workdir / "dvc.duckdb"
    environment = dvc_environment(
        {
            "DVC_RAW_DIR": raw_dir,
            "DVC_DUCKDB_PATH": database,
            "DVC_DUCKDB_TEMP_DIR": workdir / "tmp",
            "DVC_HMAC_KEY": TEST_HMAC_KEY,
            **env,
        }
    )
    result = run_dbt(list(args), environment, target_path=workdir / "target", capture=True)
    return database, result


@pytest.fixture(scope="session")
def dirty_zone(tmp_path_factory: pytest.TempPathFactory) -> BuiltZone:
    """A demo zone with 2 % injected bad rows, built once for the session."""
    workdir = tmp_path_factory.mktemp("dirty")
    raw_dir = workdir / "raw"
    manifest = generate_zone(raw_dir, 20_000, 11, 0.02)
    database, result = build_zone(raw_dir, workdir)
    return BuiltZone(raw_dir, database, manifest, result)


@pytest.fixture(scope="session")
def published_dirty(dirty_zone: BuiltZone, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dirty zone's marts published once for the session (dvc_index.publish); returns the
    publish directory (its `current` is the version)."""
    from dvc_index.publish import publish

    assert dirty_zone.build.returncode == 0, dirty_zone.build.stdout[-3000:]
    publish_dir = tmp_path_factory.mktemp("published") / "publish"
    publish(dirty_zone.database, publish_dir, keep=2, show_progress=False)
    return publish_dir


@dataclass
class EngineZone:
    """The cross-engine zone and its DuckDB build, shared by the Spark comparisons."""

    raw_dir: Path
    database: Path
    build: subprocess.CompletedProcess
    build_seconds: float
    as_of: str = "2026-09-30 23:59:59"
    dossiers: int = 2_000


@pytest.fixture(scope="session")
def engine_zone(tmp_path_factory: pytest.TempPathFactory) -> EngineZone:
    """One small dirty zone built once on DuckDB: the reference that the Spark cluster's build
    of the same zone (spark_cluster_build) is compared with."""
    workdir = tmp_path_factory.mktemp("engine_zone")
    zone = EngineZone(workdir / "raw", workdir / "duckdb" / "dvc.duckdb", None, 0.0)
    generate_zone(zone.raw_dir, zone.dossiers, 23, 0.02)
    started = time.monotonic()
    _, zone.build = build_zone(
        zone.raw_dir, workdir / "duckdb", DVC_AS_OF=zone.as_of, DVC_TARGET="duckdb"
    )
    zone.build_seconds = round(time.monotonic() - started, 1)
    return zone


# --------------------------------------------------------------------------------------------
# The generator's zones (tests/python/test_generate_raw_*.py): each generated once per session
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw_clean")
    gr.generate(out, N_MAIN, seed=11)
    return out


@pytest.fixture(scope="session")
def dirty_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw_dirty")
    gr.generate(out, 30_000, seed=5, dirty_rate=0.02)
    return out


@pytest.fixture(scope="session")
def small_runs(tmp_path_factory) -> dict[str, Path]:
    """Same arguments twice, another seed, and the same arguments as CSV."""
    runs = {
        "a": dict(seed=3),
        "b": dict(seed=3, chunk_dossiers=2_000_000),
        "other_seed": dict(seed=4),
        "csv": dict(seed=3, fmt="csv"),
    }
    out = {}
    for name, kwargs in runs.items():
        path = tmp_path_factory.mktemp(f"raw_{name}")
        gr.generate(path, N_SMALL, dirty_rate=0.01, **kwargs)
        out[name] = path
    return out


@pytest.fixture(scope="session")
def clean_db(clean_dir) -> duckdb.DuckDBPyConnection:
    """The clean zone loaded once into an in-memory database."""
    con = duckdb.connect()
    for table in TABLE_COLUMNS:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM {gr.table_source(clean_dir, table)}")
    return con


@pytest.fixture
def clean_con(clean_db) -> duckdb.DuckDBPyConnection:
    """A connection of its own (TEMP tables are private) to the loaded clean zone."""
    return clean_db.cursor()


@pytest.fixture(scope="session")
def contract() -> tuple[dict[str, list[str]], set[str]]:
    path = _shared_dir("spec", "raw_schema.md")
    if path is None:
        pytest.skip("raw_schema.md not found (set DVC_SHARED_DIR)")
    tables, numbers = parse_raw_schema(path.read_text(encoding="utf-8"))
    # The issue adds DonVi.MaDonViKeThua (successor unit) after HieuLucDen; raw_schema.md
    # names it in the sentence after the column list.
    donvi = tables["DonVi"]
    donvi.insert(donvi.index("HieuLucDen") + 1, "MaDonViKeThua")
    return tables, numbers


@dataclass
class ClusterBuild:
    """The engine zone built through a Spark standalone cluster's Thrift server (profiles.yml
    `spark_cluster`), and what the master and the executors reported while it ran."""

    build: subprocess.CompletedProcess
    warehouse: Path
    status: dict
    executor_logs: dict[Path, str]
    pids: list[int]


@pytest.fixture(scope="session")
def spark_cluster_build(
    engine_zone: EngineZone, tmp_path_factory: pytest.TempPathFactory
) -> ClusterBuild:
    """The one Spark build of the test run: dvc_index.spark.cluster's master, two workers and
    Thrift server on 127.0.0.1, `dbt build` (every data test) of the engine zone through it, then
    everything stopped. test_cross_engine compares its marts with DuckDB's; test_spark_cluster
    checks that the work ran on the workers and that no started process is left. (The local
    session target, `spark`, builds the same SQL in one JVM; one Spark build keeps CI short.)"""
    if shutil.which("java") is None:
        pytest.fail(
            "the Spark cluster (and every Spark target) needs Java 17 on the PATH "
            "(Debian: openjdk-17-jre-headless)"
        )
    workdir = tmp_path_factory.mktemp("spark_cluster")
    hmac_env = {"DVC_HMAC_KEY": TEST_HMAC_KEY}
    spark_environment(hmac_env)
    figures: dict[str, object] = {"dossiers": engine_zone.dossiers, "as_of": engine_zone.as_of}
    figures["duckdb_build_s"] = engine_zone.build_seconds
    figures["load_before"] = load_averages()
    started = time.monotonic()
    with SparkCluster(workdir / "cluster", workdir / "warehouse", hmac_env) as cluster:
        pids = [process.pid for process in cluster.processes.values()]
        figures["cluster_start_s"] = round(time.monotonic() - started, 1)
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
        # unit tests check model logic on fixed inputs; they run on DuckDB (test_foundation)
        build = run_dbt(
            ["build", "--exclude-resource-type", "unit_test"],
            env,
            target_path=workdir / "target",
            capture=True,
        )
        figures["cluster_build_s"] = round(time.monotonic() - started, 1)
        status = cluster.master_status()
        executor_logs = {path: path.read_text() for path in cluster.executor_logs()}
    figures["load_after"] = load_averages()
    report = PROJECT_ROOT / "reports" / "spark_cluster.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"cluster build of the engine zone: {figures}")
    return ClusterBuild(build, workdir / "warehouse", status, executor_logs, pids)
