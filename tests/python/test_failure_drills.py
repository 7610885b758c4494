"""Failure drills of the main job (`make build`): a crash, a full spill disk, a broken landing
file and a second job at once never damage the publication, and the next run recovers.

One small zone, cut by load time into an initial zone and one later batch, and one chain of
runs that reuse each other's state (each run is `make build`, the scheduler's entry point, in
its own process group; a drill kills the whole group with SIGKILL when the run's own output, or
the publish directory, shows it has reached the kill point):

1. a first build publishes the initial zone (the "previous publication" of the drills);
2. a landing file cut short and a CSV file under a .parquet name: the raw gate refuses, naming
   both files, without a traceback;
3. the batch lands; incremental runs are killed during staging, during the marts, during the
   marts gate and during the publication, each one starting from the crash the one before left;
   then a run completes while a second `make build` is started and refused;
4. full rebuilds (FULL_REFRESH=1) are killed during staging and during the marts, and one runs
   out of spill space (DuckDB's temp directory capped, a low memory limit); then a plain run
   completes.

After every failed run the published version is the same, byte for byte, and readable; each
completing run's marts equal, exactly, a fresh full build of the same files at the same as_of.
Kill points at the marts gate and the publication are drilled on the incremental run only: by
then dbt has finished, so the warehouse is in the same state after a full and an incremental
build.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from conftest import TEST_HMAC_KEY, build_zone, generate_zone
from test_incremental import differences

from dvc_index.common import PROJECT_ROOT, dvc_environment, pipeline_lock, pipeline_lock_path
from dvc_index.demo.zone_batches import apply_batch, hold_back
from dvc_index.publish import resolve_current

CUTOFF = "2026-08-15 00:00:00"
AS_OF = ["2026-08-16 00:00:00", "2026-10-01 00:00:00"]
STAGING = re.compile(r" START sql \S+ model staging\.")
MARTS = re.compile(r" START sql \S+ model marts\.")
MARTS_GATE = re.compile(r"^validating the marts of ")


class Chain:
    """The drill zone, its warehouse and publication, and how to run `make build` on them."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.zone = workdir / "zone"
        self.database = workdir / "warehouse" / "dvc.duckdb"
        self.publish_dir = workdir / "publish"

    def env(self, as_of: str, **extra: str) -> dict[str, str]:
        return dvc_environment(
            {
                "DVC_RAW_DIR": self.zone,
                "DVC_DUCKDB_PATH": self.database,
                "DVC_DUCKDB_TEMP_DIR": self.workdir / "warehouse" / "tmp",
                "DVC_HMAC_KEY": TEST_HMAC_KEY,
                "DVC_AS_OF": as_of,
                "DVC_PUBLISH_DIR": self.publish_dir,
                "DVC_REPORTS_DIR": self.workdir / "reports",
                "DBT_TARGET_PATH": self.workdir / "target",
                "DBT_LOG_PATH": self.workdir / "logs",
                "DVC_PROGRESS": "0",
                "PYTHONUNBUFFERED": "1",
                **extra,
            }
        )

    def start(self, env: dict[str, str], full: bool = False) -> subprocess.Popen:
        command = ["make", "-s", "--no-print-directory", "build"]
        return subprocess.Popen(
            [*command, "FULL_REFRESH=1"] if full else command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: make, the job, dbt, the gates
        )

    def run(
        self,
        as_of: str,
        *,
        full: bool = False,
        kill_when: Callable[[str], bool] | None = None,
        on_line: Callable[[str], None] | None = None,
        **extra: str,
    ) -> dict:
        """One `make build`; with `kill_when`, SIGKILL its process group as soon as a line of its
        output (or, polled, the publish directory: called with "") satisfies it."""
        process = self.start(self.env(as_of, **extra), full)
        lines: queue.Queue[str | None] = queue.Queue()

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                lines.put(line.rstrip("\n"))
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()
        output, killed, started = [], False, time.monotonic()
        while True:
            try:
                line = lines.get(timeout=0.01)
            except queue.Empty:
                line = ""
            if line is None:
                break
            if line:
                output.append(line)
                if on_line:
                    on_line(line)
            if kill_when and not killed and kill_when(line):
                os.killpg(process.pid, signal.SIGKILL)
                killed = True
            assert time.monotonic() - started < 900, "a drill run hung"
        returncode = process.wait()
        return {"returncode": returncode, "killed": killed, "output": "\n".join(output)}

    def stage_report(self) -> dict:
        """The job's own report of its last run (reports/job/last_run.json)."""
        return json.loads((self.workdir / "reports" / "job" / "last_run.json").read_text())

    def publication(self) -> dict:
        """The current version, a digest of every file in it, and a query answered from it (or
        why it cannot be read)."""
        try:
            return self._read_publication()
        except (OSError, duckdb.Error) as error:
            return {"unreadable": f"{type(error).__name__}: {error}"}

    def _read_publication(self) -> dict:
        version = resolve_current(self.publish_dir)
        digest = hashlib.sha256()
        for path in sorted(p for p in version.rglob("*") if p.is_file()):
            digest.update(path.relative_to(version).as_posix().encode())
            digest.update(path.read_bytes())
        con = duckdb.connect(str(version / "dvc_index.duckdb"), read_only=True)
        try:
            (rows,) = con.execute("select count(*) from marts.fct_unit_scorecard").fetchone()
        finally:
            con.close()
        return {"version": version.name, "digest": digest.hexdigest(), "scorecard_rows": rows}

    def publishing(self) -> bool:
        """A publication is being written (its temporary version directory exists)."""
        versions = self.publish_dir / "versions"
        return versions.is_dir() and any(p.name.startswith(".tmp-") for p in versions.iterdir())


def line_matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda line: bool(pattern.search(line))


def marts_differences(database: Path, reference: Path) -> list[str]:
    """The marts relations of `database` that differ, row for row and bit for bit, from the
    same relations of the fresh full build `reference`."""
    con = duckdb.connect(str(reference), read_only=True)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
    finally:
        con.close()
    assert len(tables) > 8, tables
    found = []
    for table in tables:
        only_here, only_reference, _ = differences(database, reference, "marts", table)
        if only_here or only_reference:
            found.append(f"marts.{table}: {only_here} rows only here, {only_reference} only fresh")
    return found


@pytest.fixture(scope="module")
def drills(tmp_path_factory: pytest.TempPathFactory) -> dict:
    started = time.monotonic()
    workdir = tmp_path_factory.mktemp("drills")
    chain = Chain(workdir)
    source = workdir / "source"
    generate_zone(source, 1_200, 8, 0.01)
    hold_back(source, chain.zone, workdir / "batches", [CUTOFF])
    seen: dict = {"as_of": AS_OF}

    # 1. the previous publication
    seen["first"] = chain.run(AS_OF[0])
    seen["published_first"] = chain.publication()

    # 2. broken landing files
    hoso = sorted((chain.zone / "HoSo").glob("*.parquet"))[0]
    truncated = chain.zone / "HoSo" / "part-truncated.parquet"
    truncated.write_bytes(hoso.read_bytes()[: hoso.stat().st_size // 2])
    not_parquet = chain.zone / "LePhi" / "part-csv.parquet"
    not_parquet.write_text("MaHoSo,Gia\nH1,1000\n")
    seen["broken_files"] = chain.run(AS_OF[0])
    seen["broken_files"]["stages"] = chain.stage_report()
    seen["broken_names"] = (truncated, not_parquet)
    seen["after_broken_files"] = chain.publication()
    truncated.unlink()
    not_parquet.unlink()

    # 3. incremental runs killed at each point, then one that completes beside a second job
    apply_batch(workdir / "batches", 1, chain.zone)
    seen["incremental_kills"] = {}
    for point, kill_when in (
        ("staging", line_matches(STAGING)),
        ("marts", line_matches(MARTS)),
        ("marts gate", line_matches(MARTS_GATE)),
        ("publication", lambda line: chain.publishing()),
    ):
        result = chain.run(AS_OF[1], kill_when=kill_when)
        result["lock_file"] = pipeline_lock_path(chain.env(AS_OF[1])).read_text()
        result["published"] = chain.publication()
        seen["incremental_kills"][point] = result

    second: dict = {}

    def start_second(line: str) -> None:
        if line.startswith("main job pid") and not second:
            second["result"] = subprocess.run(
                ["make", "-s", "--no-print-directory", "build"],
                cwd=PROJECT_ROOT,
                env=chain.env(AS_OF[1]),
                capture_output=True,
                text=True,
                check=False,
                timeout=300,
            )

    seen["incremental_recovery"] = chain.run(AS_OF[1], on_line=start_second)
    seen["second_job"] = second["result"]
    seen["published_incremental"] = chain.publication()
    # a copy under the same file name: views name their database (catalog) by it
    seen["incremental_recovered"] = workdir / "incremental_recovered" / chain.database.name
    seen["incremental_recovered"].parent.mkdir()
    shutil.copyfile(chain.database, seen["incremental_recovered"])

    # 4. full rebuilds killed, one out of spill space, then a plain run
    seen["full_kills"] = {}
    for point, pattern in (("staging", STAGING), ("marts", MARTS)):
        result = chain.run(AS_OF[1], full=True, kill_when=line_matches(pattern))
        result["published"] = chain.publication()
        seen["full_kills"][point] = result
    seen["spill"] = chain.run(
        AS_OF[1],
        full=True,
        DVC_DUCKDB_MEMORY_LIMIT="48MB",
        DVC_DUCKDB_MAX_TEMP_SIZE="0 bytes",
        DVC_GATE_MEMORY_LIMIT="2GB",  # the gates keep room: the drill is the build's
    )
    seen["spill"]["published"] = chain.publication()
    seen["full_recovery"] = chain.run(AS_OF[1])
    seen["full_recovery"]["stages"] = chain.stage_report()
    seen["published_full"] = chain.publication()

    # the fresh full build of the same files at the same as_of (no tests: only its marts count)
    seen["fresh"], seen["fresh_build"] = build_zone(
        chain.zone,
        workdir / "fresh",
        ("build", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"),
        DVC_AS_OF=AS_OF[1],
    )
    seen["chain"] = chain
    seen["seconds"] = time.monotonic() - started
    print(f"failure drills: {seen['seconds']:.0f} s")
    return seen


def test_first_build_publishes(drills: dict) -> None:
    assert drills["first"]["returncode"] == 0, drills["first"]["output"][-3000:]
    assert drills["published_first"]["scorecard_rows"] > 100
    # a fresh warehouse: the unit tests run (and pass) in its first build
    assert " START unit_test " in drills["first"]["output"]


def test_unit_tests_run_again_only_when_the_project_changed(drills: dict) -> None:
    # the same project as the first build's: every data test, no unit test
    output = drills["full_recovery"]["output"]
    assert "unit tests: they passed on this same project before" in output
    assert " START unit_test " not in output
    assert " START test " in output


def test_the_job_reports_each_stage(drills: dict) -> None:
    report = drills["full_recovery"]["stages"]
    assert [s["stage"] for s in report["stages"]] == [
        "raw gate",
        "dbt build",
        "marts gate",
        "publish",
    ]
    assert report["outcome"] == "published"
    assert report["published_version"] == drills["published_full"]["version"]
    assert all(s["seconds"] > 0 for s in report["stages"])
    assert report["job_seconds"] >= sum(s["seconds"] for s in report["stages"])
    # a refused landing zone: the report names the stage it stopped at
    refused = drills["broken_files"]["stages"]
    assert [s["stage"] for s in refused["stages"]] == ["raw gate"]
    assert refused["outcome"].startswith("stopped (exit ")
    assert refused["published_version"] is None


def test_a_broken_landing_file_is_refused_by_name(drills: dict) -> None:
    result = drills["broken_files"]
    assert result["returncode"] != 0
    for path in drills["broken_names"]:
        assert f"error: {path} is not a readable Parquet file" in result["output"]
    assert "rule unreadable_file" in result["output"]
    assert "Traceback" not in result["output"]
    assert "nothing is built or published" in result["output"]
    assert drills["after_broken_files"] == drills["published_first"]


@pytest.mark.parametrize("point", ["staging", "marts", "marts gate", "publication"])
def test_a_killed_incremental_run_leaves_the_publication(drills: dict, point: str) -> None:
    result = drills["incremental_kills"][point]
    assert result["killed"], f"the run ended before the kill point:\n{result['output'][-3000:]}"
    assert result["returncode"] == -signal.SIGKILL
    assert result["published"] == drills["published_first"]
    # the killed job's lock file still names it; the kernel released its lock
    assert re.match(r"main job pid \d+ since ", result["lock_file"]), result["lock_file"]


def test_stale_lock_of_a_killed_job_does_not_block(drills: dict) -> None:
    chain = drills["chain"]
    with pipeline_lock(chain.env(AS_OF[1]), wait_seconds=0) as path:
        assert f"main job pid {os.getpid()} " in path.read_text()


@pytest.mark.parametrize("point", ["staging", "marts"])
def test_a_killed_full_rebuild_leaves_the_publication(drills: dict, point: str) -> None:
    result = drills["full_kills"][point]
    assert result["killed"], f"the run ended before the kill point:\n{result['output'][-3000:]}"
    assert result["published"] == drills["published_incremental"]


def test_next_runs_complete_and_equal_a_fresh_full_build(drills: dict) -> None:
    assert drills["fresh_build"].returncode == 0, drills["fresh_build"].stdout[-3000:]
    for name, database in (
        ("incremental_recovery", drills["incremental_recovered"]),
        ("full_recovery", drills["chain"].database),
    ):
        result = drills[name]
        assert result["returncode"] == 0, result["output"][-3000:]
        assert "== published " in result["output"]
        assert marts_differences(database, drills["fresh"]) == [], name
    versions = {drills[k]["version"] for k in ("published_first", "published_incremental")}
    assert len(versions) == 2
    assert drills["published_full"]["version"] != drills["published_incremental"]["version"]


def test_a_second_job_is_refused_while_one_runs(drills: dict) -> None:
    second = drills["second_job"]
    # make exits 2 when a recipe fails and names the job's own exit code (3: refused, busy)
    assert second.returncode == 2, second.stdout + second.stderr
    assert "Error 3" in second.stderr
    holder = re.search(r"main job pid (\d+)", drills["incremental_recovery"]["output"])[1]
    assert f"(main job pid {holder} since " in second.stderr
    assert "another build of this warehouse is running" in second.stderr
    assert "this run builds and publishes nothing" in second.stderr
    assert "Traceback" not in second.stdout + second.stderr


def test_out_of_spill_space_says_what_ran_out_and_what_to_set(drills: dict) -> None:
    result = drills["spill"]
    assert result["returncode"] != 0 and not result["killed"]
    assert re.search(r"error: the build ran out of (spill space|memory)", result["output"])
    for setting in ("DVC_DUCKDB_MAX_TEMP_SIZE", "DVC_DUCKDB_MEMORY_LIMIT", "DVC_DUCKDB_TEMP_DIR"):
        assert setting in result["output"]
    assert "nothing is published" in result["output"]
    assert result["published"] == drills["published_incremental"]
