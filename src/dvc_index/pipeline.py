"""The main job on the embedded default warehouse.

1. If the landing zone has no dossiers, generate a demo zone (dvc_index.demo).
2. Gate: validate the landing zone (dvc_index.gate.validate, stage raw); stop if it fails.
3. `dbt build` (seeds, staging with quarantine, marts, every dbt test), holding the warehouse's
   build lock: the one writer of the DuckDB file.
4. Gate: validate the marts (dvc_index.gate.validate, stage marts); stop if it fails. Its
   child is started with the build and waits, reading nothing, so that Great Expectations'
   import (about 3 s) is not on the path from files to a published version.
5. Publish: copy the marts to publish/ (a new version, switched atomically; dvc_index.publish)
   and show a short result (what was staged, what was quarantined and why, the ranking).

`dvc-index run` is this job; `dvc-index build` is `run --no-generate`. The gates and dbt run
as child processes, so that each one's memory is returned before the next starts.

A failing gate or build exits non-zero before anything is published. The whole job holds the
warehouse's main-job lock (<warehouse dir>/.pipeline.lock, with the holder's pid): a second
job started meanwhile refuses at once (exit 3; DVC_PIPELINE_LOCK_WAIT seconds to wait instead).
A build that stops for lack of memory or spill space says which setting to change.

Environment: DVC_RAW_DIR (default data/raw), DVC_DUCKDB_PATH (default
warehouse/dvc_index.duckdb), DVC_HMAC_KEY (default: a local random key in .hmac_key),
DVC_DEMO_DOSSIERS (size of the demo zone, default 100000), DVC_DEMO_END (its last day,
yyyy-mm-dd; default today in Vietnam, so that the demo looks like live data).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from dvc_index.common import (
    PROJECT_ROOT,
    BuildLockBusy,
    build_lock,
    dvc_environment,
    pipeline_lock,
)
from dvc_index.demo import generate_raw
from dvc_index.progress import run_dbt_with_progress
from dvc_index.publish import PublishError, WarehouseBusy, publish, publish_dir_from_env


def landing_zone_has_data(raw_dir: Path) -> bool:
    dossier_dir = raw_dir / "HoSo"
    return dossier_dir.is_dir() and any(
        path.suffix in {".parquet", ".csv"} for path in dossier_dir.iterdir()
    )


def demo_end(environ: dict[str, str] | None = None) -> date:
    """The demo zone's last day: DVC_DEMO_END (yyyy-mm-dd) when set, else today in Vietnam, so
    that the demo looks like live data (no month after its data) and stays deterministic per seed
    and date."""
    configured = (environ if environ is not None else os.environ).get("DVC_DEMO_END", "").strip()
    if configured:
        return date.fromisoformat(configured)
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def generate_demo_zone(raw_dir: Path, dossiers: int, end: date | None = None) -> None:
    end = end or demo_end()
    print(
        f"no dossiers in {raw_dir}: generating a demo landing zone of {dossiers:,} dossiers "
        f"up to {end.isoformat()}"
    )
    generate_raw.main(
        [
            "--out",
            str(raw_dir),
            "--dossiers",
            str(dossiers),
            "--seed",
            "42",
            "--dirty-rate",
            "0.01",
            "--end",
            end.isoformat(),
        ]
    )


STAGE_REPORT = Path("job") / "last_run.json"


class StageClock:
    """Wall seconds of each stage of one job (raw gate, build, marts gate, publish), printed at
    the end and written to <reports>/job/last_run.json (DVC_REPORTS_DIR, default reports/), so
    that a scheduler, or the benchmark's micro-batch step, can see where a refresh spent its time.
    Written whether the job ends well or not: a stage that failed is the last one listed."""

    def __init__(self, env: dict[str, str]) -> None:
        self.path = Path(env.get("DVC_REPORTS_DIR") or PROJECT_ROOT / "reports") / STAGE_REPORT
        self.started = time.perf_counter()
        self.stages: list[dict] = []

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        entry = {"stage": name, "seconds": None}
        self.stages.append(entry)
        try:
            yield entry
        finally:
            entry["seconds"] = round(time.perf_counter() - started, 3)

    def finish(self, outcome: str, version: str | None = None) -> None:
        total = round(time.perf_counter() - self.started, 3)
        print("\njob stages (wall seconds):")
        for entry in self.stages:
            print(f"  {entry['stage']:<12} {entry['seconds']:8.1f}")
        print(f"  {'job total':<12} {total:8.1f}  ({outcome})")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "finished": datetime.now().isoformat(timespec="seconds"),
            "outcome": outcome,
            "published_version": version,
            "stages": self.stages,
            "job_seconds": total,
        }
        self.path.write_text(json.dumps(report, indent=2) + "\n")


UNIT_TESTS_STAMP = ".unit_tests_passed"
DATA_TESTS_STAMP = ".data_tests_passed"
TESTS_SINCE_ENV = "DVC_TESTS_ROWS_WRITTEN_SINCE"
UNIT_TEST_INPUTS = ("models", "macros", "seeds", "dbt_project.yml", "profiles")


def project_fingerprint() -> str:
    """A digest of what dbt's unit tests exercise: the project's models (and their YAML, where
    the unit tests live), macros, seeds, dbt_project.yml and profiles, and the versions of
    dbt-core, dbt-duckdb and DuckDB. Not the data: a unit test's inputs are its own fixtures."""
    digest = hashlib.sha256()
    for name in ("dbt-core", "dbt-duckdb", "duckdb"):
        digest.update(f"{name}=={metadata.version(name)}\n".encode())
    for entry in UNIT_TEST_INPUTS:
        root = PROJECT_ROOT / entry
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def unit_tests_stamp(env: dict[str, str]) -> Path:
    """Beside the warehouse: the fingerprint of the project whose unit tests last passed in a
    build of this warehouse."""
    return Path(env["DVC_DUCKDB_PATH"]).parent / UNIT_TESTS_STAMP


def data_tests_stamp(env: dict[str, str]) -> Path:
    """Beside the warehouse: the project fingerprint and start (UTC) of the last build of this
    warehouse whose data tests all passed."""
    return Path(env["DVC_DUCKDB_PATH"]).parent / DATA_TESTS_STAMP


def write_data_tests_stamp(env: dict[str, str], fingerprint: str, started: datetime) -> None:
    """After a build whose data tests all passed: the rows stored now passed them."""
    started_utc = started.astimezone(UTC).replace(tzinfo=None) - timedelta(seconds=1)
    data_tests_stamp(env).write_text(
        json.dumps({"fingerprint": fingerprint, "build_started_utc": str(started_utc)}) + "\n"
    )


def rows_tested_before(env: dict[str, str], fingerprint: str) -> str | None:
    """The start (UTC) of the last build whose data tests all passed on this warehouse with the
    same project, or None (no such build, or the project changed since)."""
    stamp = data_tests_stamp(env)
    try:
        data = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return None
    if data.get("fingerprint") != fingerprint:
        return None
    return data.get("build_started_utc")


def build_environment(
    args: argparse.Namespace, env: dict[str, str], fingerprint: str
) -> dict[str, str]:
    """The job's environment for `dbt build`. Every data test runs in every build; after a
    build whose data tests all passed on this warehouse and project, the primary-key tests of
    incremental models check the keys written since that build started against every stored
    row (DVC_TESTS_ROWS_WRITTEN_SINCE, read by the test when it runs: a var would make dbt parse
    the whole project again each run): the rows stored before passed them then."""
    since = None if args.full_refresh else rows_tested_before(env, fingerprint)
    build_env = {k: v for k, v in env.items() if k != TESTS_SINCE_ENV}
    if since:
        print(
            f"data tests: every one runs; the primary keys of incremental models over the keys "
            f"written since the last build that passed them ({since} UTC)",
            flush=True,
        )
        build_env[TESTS_SINCE_ENV] = since
    return build_env


def build_arguments(args: argparse.Namespace, env: dict[str, str], fingerprint: str) -> list[str]:
    """`dbt build`, without the unit tests when they already passed on this same project (they
    test the SQL on fixed fixtures, never the data: dbt's advice is to run them in development
    and CI, not on every scheduled refresh). Any change to a model, macro, seed, the project file
    or a version runs them again."""
    command = ["build", "--full-refresh"] if args.full_refresh else ["build"]
    stamp = unit_tests_stamp(env)
    if stamp.exists() and stamp.read_text().strip() == fingerprint:
        print(
            "unit tests: they passed on this same project before (models, macros, seeds and "
            f"versions unchanged, {stamp}): not run again; every data test runs",
            flush=True,
        )
        return [*command, "--exclude-resource-type", "unit_test"]
    return command


def _gate_command(stage: str, env: dict[str, str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "dvc_index.gate.validate",
        *("--stage", stage, "--raw-dir", env["DVC_RAW_DIR"]),
        *("--database", env["DVC_DUCKDB_PATH"]),
    ]


def run_gate(stage: str, env: dict[str, str]) -> int:
    """Run one stage of the data-quality gate on the job's landing zone and warehouse, in a
    child process, and return its exit code. A child, because what the gate reads stays in its
    process's memory: at 10 M dossiers the raw gate peaks at about 15 GB (Great Expectations
    reads its frames with pandas), and held by the job while dbt ran with DuckDB's 16 GB limit,
    it had the kernel kill the build on a 24 GiB machine."""
    print(f"\n== data-quality gate: {stage} ==", flush=True)
    return subprocess.run(_gate_command(stage, env), env=env, check=False).returncode


def prepare_gate(stage: str, env: dict[str, str]) -> subprocess.Popen:
    """A gate child started ahead: it imports Great Expectations (about 3 s) while the build
    runs, and reads nothing (it holds no lock, opens no file) until run_prepared_gate."""
    command = [*_gate_command(stage, env), "--wait-for-start"]
    return subprocess.Popen(command, env=env, stdin=subprocess.PIPE, text=True)


def run_prepared_gate(stage: str, gate: subprocess.Popen) -> int:
    print(f"\n== data-quality gate: {stage} ==", flush=True)
    try:
        gate.stdin.write("start\n")
        gate.stdin.close()
    except BrokenPipeError:  # it ended before the start (it printed why)
        pass
    return gate.wait()


def cancel_prepared_gate(gate: subprocess.Popen) -> None:
    """End a prepared gate that will not run (the build failed): it exits without reading."""
    if gate.stdin and not gate.stdin.closed:
        gate.stdin.close()
    gate.wait()


def show_results(database: Path) -> None:
    connection = duckdb.connect(str(database), read_only=True)
    try:
        _show_staging(connection)
        _show_index(connection)
    finally:
        connection.close()


def _show_staging(connection: duckdb.DuckDBPyConnection) -> None:
    dossiers = connection.sql("select count(*) from staging.stg_dvcqg__dossiers").fetchone()[0]
    print(f"\nstaged dossiers (latest version each): {dossiers:,}")
    print("quarantined rows by raw table and rule (marts.fct_quarantine_counts):")
    rows = connection.sql(
        """
        select raw_table, reject_rule, rejected_rows
        from marts.fct_quarantine_counts
        order by raw_table, reject_rule
        """
    ).fetchall()
    if not rows:
        print("  none")
    for raw_table, rule, count in rows:
        print(f"  {raw_table:<18} {rule:<26} {count:>10,}")


def _show_index(connection: duckdb.DuckDBPyConnection) -> None:
    latest = connection.sql(
        """
        select period_label, is_provisional
        from marts.dim_periods
        where period_type = 'to_date'
        """
    ).fetchone()
    if latest is None:
        return
    label, provisional = latest
    print(f"\nprovince ranking, {label}{' (provisional)' if provisional else ''}:")
    rows = connection.execute(
        """
        select rank_in_block, unit_code, unit_name, total_points_shown, grade_name_vi,
               national_average_province_total
        from marts.fct_unit_scorecard
        where period_label = ? and ranking_block = 'provinces'
        order by rank_in_block, unit_code
        limit 10
        """,
        [label],
    ).fetchall()
    for rank, code, name, total, grade, _ in rows:
        print(f"  {rank:>2}. {code:<6} {name:<28} {total:6.2f}  {grade}")
    if rows:
        print(f"  national average of province totals: {rows[0][5]:.2f}")
    nation = connection.execute(
        """
        select total_points_shown, grade_name_vi from marts.fct_unit_scorecard
        where unit_code = 'VN' and period_label = ?
        """,
        [label],
    ).fetchone()
    if nation:
        print(f"  nation (pooled counts): {nation[0]:.2f}  {nation[1]}")


def explain_build_failure(output: str, env: dict[str, str], returncode: int = 1) -> str | None:
    """What a failed dbt build ran out of, and what to set, when its output (or the signal that
    ended it) says so."""
    temp_dir = env["DVC_DUCKDB_TEMP_DIR"]
    memory = env.get("DVC_DUCKDB_MEMORY_LIMIT") or "16GB (the default)"
    cap = env.get("DVC_DUCKDB_MAX_TEMP_SIZE") or "90% of the disk's free space (the default)"
    if returncode == -signal.SIGKILL:
        return (
            f"dbt was killed (SIGKILL): on Linux, when nobody killed it by hand, the kernel's "
            f"out-of-memory killer, because the machine ran out of memory. DuckDB may use "
            f"{memory}; other processes on the machine need the rest. Lower "
            f"DVC_DUCKDB_MEMORY_LIMIT (it spills to {temp_dir} instead) or DVC_THREADS, or stop "
            f"what else runs; then run the build again"
        )
    if "max_temp_directory_size" in output or "No space left on device" in output:
        return (
            f"the build ran out of spill space: DuckDB writes what does not fit in its memory "
            f"limit ({memory}) to {temp_dir}, and that directory reached its cap ({cap}) or its "
            f"disk is full. Free space on that disk, point DVC_DUCKDB_TEMP_DIR at a disk with "
            f"room (about the warehouse's size), or raise DVC_DUCKDB_MAX_TEMP_SIZE or "
            f"DVC_DUCKDB_MEMORY_LIMIT; then run the build again"
        )
    if "Out of Memory Error" in output:
        return (
            f"the build ran out of memory: DuckDB's memory limit is {memory} and it could not "
            f"spill enough to {temp_dir} (cap {cap}). Raise DVC_DUCKDB_MEMORY_LIMIT, or lower "
            f"DVC_THREADS, or give the spill directory room (DVC_DUCKDB_TEMP_DIR, "
            f"DVC_DUCKDB_MAX_TEMP_SIZE); then run the build again"
        )
    return None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-generate",
        action="store_true",
        help="fail instead of generating demo data when the landing zone is empty",
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild the incremental models from the whole landing zone (normally a run "
        "reads only the files not read yet; see README, Refreshes)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return start(parser.parse_args(argv))


def start(args: argparse.Namespace) -> int:
    """The job under the main-job lock (exit 3 when another job holds it)."""
    env = dvc_environment()
    try:
        with pipeline_lock(env) as lock:
            print(f"main job pid {os.getpid()} holds {lock}", flush=True)
            return run(args, env)
    except BuildLockBusy as busy:
        print(f"error: {busy}: this run builds and publishes nothing", file=sys.stderr)
        return 3


def run(args: argparse.Namespace, env: dict[str, str]) -> int:
    """The job itself, under the main-job lock, with the wall time of each stage reported."""
    clock = StageClock(env)
    code, version = _stages(args, env, clock)
    clock.finish("published" if code == 0 else f"stopped (exit {code})", version)
    if code == 0:
        show_results(Path(env["DVC_DUCKDB_PATH"]))
    return code


def _stages(args: argparse.Namespace, env: dict[str, str], clock: StageClock):
    """Gate, build, gate, publish: (exit code, the published version's name or None)."""
    raw_dir = Path(env["DVC_RAW_DIR"])
    if not landing_zone_has_data(raw_dir):
        if args.no_generate:
            print(f"error: the landing zone {raw_dir} has no HoSo files", file=sys.stderr)
            return 2, None
        with clock.stage("demo data"):
            generate_demo_zone(raw_dir, int(os.environ.get("DVC_DEMO_DOSSIERS", "100000")))

    with clock.stage("raw gate"):
        gate = run_gate("raw", env)
    if gate != 0:
        print(
            "the landing zone failed the data-quality gate: nothing is built or published "
            "(report: reports/data-docs/raw/index.html)",
            file=sys.stderr,
        )
        return gate, None

    fingerprint = project_fingerprint()
    command = build_arguments(args, env, fingerprint)
    build_env = build_environment(args, env, fingerprint)
    started = datetime.now(UTC)
    marts_gate = prepare_gate("marts", env)
    try:
        try:
            with clock.stage("dbt build"), build_lock(env):
                result = run_dbt_with_progress(command, build_env)
        except BuildLockBusy as busy:
            print(f"error: {busy}: nothing is built or published", file=sys.stderr)
            return 3, None
        if result.returncode != 0:
            reason = explain_build_failure(result.stdout, env, result.returncode)
            if reason:
                print(f"error: {reason}", file=sys.stderr)
            print("dbt build failed: nothing is published", file=sys.stderr)
            return result.returncode, None
        if "unit_test" not in command:
            unit_tests_stamp(env).write_text(fingerprint + "\n")
        write_data_tests_stamp(env, fingerprint, started)

        with clock.stage("marts gate"):
            gate = run_prepared_gate("marts", marts_gate)
    finally:
        cancel_prepared_gate(marts_gate)
    if gate != 0:
        print(
            "the marts failed the data-quality gate: nothing is published "
            "(report: reports/data-docs/marts/index.html)",
            file=sys.stderr,
        )
        return gate, None

    publish_dir = publish_dir_from_env(env)
    try:
        with clock.stage("publish"):
            version = publish(Path(env["DVC_DUCKDB_PATH"]), publish_dir)
    except (BuildLockBusy, WarehouseBusy) as busy:
        print(f"error: {busy}: nothing is published", file=sys.stderr)
        return 3, None
    except PublishError as error:
        print(f"error: {error}: nothing is published", file=sys.stderr)
        return 1, None
    print(f"\n== published {version.name} -> {publish_dir / 'current'} ==")
    return 0, version.name


if __name__ == "__main__":
    raise SystemExit(main())
