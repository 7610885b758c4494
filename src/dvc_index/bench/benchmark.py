"""Benchmark the warehouse build at a given size: full build, incremental refresh, the floor.

Run (from the project root):

    dvc-index benchmark --dossiers 1000000
    dvc-index benchmark --dossiers 200000 --batches 3 --changed 20000 --keep

Steps and the figures they report:

- generation s: `dvc-index generate` (dvc_index.demo) writing a landing zone of N dossiers
  (seed 42) into WORK/source. Then the rows loaded last, about `--changed` distinct dossiers
  (default 80,000: one day of pushes at the national rate; capped at 10 % of N for small
  zones), are held back (dvc_index.demo.zone_batches) into K load batches of about equal size;
  WORK/zone is the initial landing zone. That split is not part of any figure (its time is
  printed).
- full build s / full build peak GB: a fresh warehouse, `dbt build` (models, seeds and tests)
  over the initial zone with DVC_AS_OF fixed at 2026-10-01 00:00:00. Peak = the greatest
  resident set size of the dbt process tree.
- incremental run s (per batch) / incremental peak GB: each batch appended to the zone in turn,
  then `dbt run` (no --full-refresh) on the warehouse left by the previous step: the time to
  refresh the models after one load.
- incremental build s (per batch): the same again from a copy of the warehouse taken right after
  the full build, with `dbt build` (refresh + tests) after each batch.
- practical floor s / peak GB: the shared yardstick ../shared/bench/practical_floor.py (see
  floor.py) over the final landing zone, in a fresh process with the build's threads: what the
  computation costs without staging, quarantine, marts and tests. The figure is the statement's
  own time as it prints it; the ratio full build / practical floor is what the README quotes.
  Without the shared directory (DVC_SHARED_DIR) the floor is reported as not measured.

Results are printed as a markdown table and written to
reports/benchmarks/benchmark-<N>-<timestamp>.json with the machine and the settings used.
Everything else goes under --work (default /tmp/dvc-benchmark-<N>-<timestamp>): the zone,
batches, warehouse, dbt target and logs; without --keep the zone, batches and warehouses are
removed at the end (the logs stay).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from dvc_index.bench.floor import run_practical_floor
from dvc_index.bench.measure import dbt_command, measured, step_line, total_ram, version
from dvc_index.bench.postgres import missing, postgres_peer
from dvc_index.bench.summary import summary_rows
from dvc_index.common import PROJECT_ROOT, dvc_environment
from dvc_index.demo.zone_batches import (
    apply_batch,
    cutoff_for_changed_dossiers,
    hold_back,
)
from dvc_index.pipeline import project_fingerprint, unit_tests_stamp, write_data_tests_stamp

AS_OF = "2026-10-01 00:00:00"


def _zone_rows(zone: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect()
    rows = {}
    for table_dir in sorted(p for p in zone.iterdir() if p.is_dir()):
        files = sorted(table_dir.glob("*.parquet"))
        if files:
            listed = ", ".join(f"'{f}'" for f in files)
            (n,) = con.execute(
                f"SELECT sum(num_rows) FROM parquet_file_metadata([{listed}])"
            ).fetchone()
            rows[table_dir.name] = int(n or 0)
    con.close()
    return rows


def _remove_batch_files(zone: Path) -> None:
    for f in zone.glob("*/batch-*.parquet"):
        f.unlink()


def _copy_warehouse(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for f in dst.glob(src.name + "*"):
        f.unlink()
    for f in src.parent.glob(src.name + "*"):  # the file and a .wal if one was left
        if f.is_file():
            shutil.copy2(f, dst / f.name)


def run_benchmark(args: argparse.Namespace) -> dict:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    work = Path(args.work or Path(tempfile.gettempdir()) / f"dvc-benchmark-{args.dossiers}-{stamp}")
    work = work.resolve()
    source, zone, batches = work / "source", work / "zone", work / "batches"
    wh_dir, wh_copy_dir = work / "warehouse", work / "warehouse_after_full"
    warehouse = wh_dir / "dvc_index.duckdb"
    target, logs = work / "target", work / "logs"
    reuse = (
        args.reuse and (work / "generation.json").exists() and (batches / "batches.json").exists()
    )
    kept = (source, zone, batches) if reuse else ()
    for path in (source, zone, batches, wh_dir, wh_copy_dir, target):
        if path not in kept:
            shutil.rmtree(path, ignore_errors=True)
    logs.mkdir(parents=True, exist_ok=True)
    print(f"work directory {work}", flush=True)

    settings = {
        "threads": args.threads,
        "memory_limit": args.memory_limit,
        "temp_directory": str(wh_dir / "tmp"),
        "preserve_insertion_order": False,
        "as_of": AS_OF,
    }
    overrides = {
        "DVC_RAW_DIR": zone,
        "DVC_DUCKDB_PATH": warehouse,
        "DVC_DUCKDB_TEMP_DIR": wh_dir / "tmp",
        "DVC_AS_OF": AS_OF,
        "DVC_THREADS": args.threads,
        "DVC_DUCKDB_MEMORY_LIMIT": args.memory_limit,
        # a throw-away key, so that no key file is written into the project
        "DVC_HMAC_KEY": os.environ.get("DVC_HMAC_KEY") or secrets.token_hex(32),
    }
    env = dvc_environment(overrides)
    result: dict = {
        "dossiers": args.dossiers,
        "seed": args.seed,
        "batches_requested": args.batches,
        "started": datetime.now().isoformat(timespec="seconds"),
        "work": str(work),
    }

    # a. generation, then the held-back load batches
    if reuse:
        # --reuse: the zone and batches of an earlier run of the same work directory, with the
        # generation figures measured then (the zone is back to its state before the batches)
        print("a. reusing the generated zone and batches of this work directory", flush=True)
        result["generation"] = json.loads((work / "generation.json").read_text())
        held = json.loads((batches / "batches.json").read_text())
        _remove_batch_files(zone)
        result["raw_rows"] = json.loads((work / "raw_rows.json").read_text())
        result["raw_rows_total"] = sum(result["raw_rows"].values())
        result["cutoffs"] = held["cutoffs"]
        result["split"] = split = held["batches"]
        result["reused_zone"] = True
    else:
        split = _generate_and_hold_back(args, result, source, zone, batches, env, logs, work)
    return _build_and_measure(
        args,
        result,
        split,
        zone,
        batches,
        env,
        logs,
        work,
        target,
        warehouse,
        wh_dir,
        wh_copy_dir,
        settings,
        source,
    )


def _generate_and_hold_back(args, result, source, zone, batches, env, logs, work) -> list:
    """Step a: generate the zone (timed) and hold back the load batches (not timed)."""
    print(f"a. generating {args.dossiers:,} dossiers ...", flush=True)
    gen_log = logs / "generate.log"
    generation = measured(
        [
            sys.executable,
            "-m",
            "dvc_index.demo.generate_raw",
            "--out",
            str(source),
            "--dossiers",
            str(args.dossiers),
            "--seed",
            str(args.seed),
            "--quiet",
        ],
        env,
        gen_log,
    )
    result["generation"] = step_line("generation", generation, gen_log)
    if generation["rc"] != 0:
        raise SystemExit("generation failed")
    (work / "generation.json").write_text(json.dumps(result["generation"]))
    source_rows = _zone_rows(source)
    (work / "raw_rows.json").write_text(json.dumps(source_rows))
    result["raw_rows"] = source_rows
    result["raw_rows_total"] = sum(source_rows.values())

    if args.full_build_only:
        # the whole zone is built in full: no batch is held back, no refresh is measured
        source.rename(zone)
        source = zone
        args.batches = 0
        result["split"] = [{"batch": 0, "rows": source_rows, "dossiers": args.dossiers}]
        split = result["split"]
        # recorded like held-back batches, so that --reuse finds this zone again
        batches.mkdir(parents=True, exist_ok=True)
        (batches / "batches.json").write_text(json.dumps({"cutoffs": [], "batches": split}))
        print("  --full-build-only: nothing held back")
    changed = args.changed
    if args.full_build_only:
        pass
    elif changed > args.dossiers // 10:
        changed = max(1, args.dossiers // 10)
        print(
            f"  --changed {args.changed:,} is more than 10 % of the zone: holding back {changed:,}"
        )
    result["changed_requested"] = args.changed
    result["changed_target"] = 0 if args.full_build_only else changed
    start = time.perf_counter()
    cutoffs = [
        cutoff_for_changed_dossiers(source, changed * (args.batches - k) // args.batches)
        for k in range(args.batches)
    ]
    if not args.full_build_only and args.micro_batch:
        # the micro-batch: the last few minutes of loads, after the day's batches
        cutoffs.append(cutoff_for_changed_dossiers(source, args.micro_batch))
    if not args.full_build_only:
        split = hold_back(source, zone, batches, cutoffs)
    split_seconds = time.perf_counter() - start
    if not args.full_build_only:
        print(
            f"  held back {sum(b['dossiers'] for b in split[1:]):,} changed dossiers in "
            f"{args.batches} batch(es) after {cutoffs[0]} ({split_seconds:.1f} s, not timed)"
        )
    for b in split[1:]:
        micro = " (the micro-batch)" if b["batch"] > args.batches else ""
        print(
            f"    batch {b['batch']}: {b['dossiers']:,} dossiers, "
            f"{sum(b['rows'].values()):,} rows{micro}"
        )
    result["cutoffs"] = cutoffs
    result["hold_back_seconds"] = split_seconds
    result["split"] = split
    return split


def _build_and_measure(
    args,
    result,
    split,
    zone,
    batches,
    env,
    logs,
    work,
    target,
    warehouse,
    wh_dir,
    wh_copy_dir,
    settings,
    source,
) -> dict:
    """Steps b to d: full build, incremental refreshes, the practical floor."""
    # b. full build over the initial zone
    print("b. full build (dbt build, fresh warehouse) ...", flush=True)
    full_log = logs / "full_build.out"
    full = measured(
        dbt_command(
            target,
            "build",
            "--log-path",
            str(logs / "full_build"),
        ),
        env,
        full_log,
    )
    result["full_build"] = step_line("full build", full, full_log)
    if full["rc"] == 0:
        # that `dbt build` ran and passed every unit test on this project: the stamp the main
        # job leaves after such a build, so that the micro-batch is a steady-state refresh
        unit_tests_stamp(env).write_text(project_fingerprint() + "\n")
    # the copy is the starting point of the refresh-with-tests variant: not for --full-build-only
    # (at 30 M the warehouse is 31 GB, and the copy filled the disk after a successful build)
    with_builds = full["rc"] == 0 and not args.no_incremental_build and not args.full_build_only
    if with_builds:
        _copy_warehouse(warehouse, wh_copy_dir)

    # c. incremental: dbt run after each batch, then dbt build after each batch from the copy
    print("c. incremental refresh ...", flush=True)
    runs, builds = [], []
    if full["rc"] != 0:
        print("  skipped: the full build failed")
    for k in range(1, args.batches + 1 if full["rc"] == 0 else 1):
        apply_batch(batches, k, zone)
        log = logs / f"incremental_run_{k}.out"
        r = measured(
            dbt_command(
                target,
                "run",
                "--log-path",
                str(logs / f"incremental_run_{k}"),
            ),
            env,
            log,
        )
        runs.append(
            {
                "batch": k,
                "dossiers": split[k]["dossiers"],
                **step_line(f"run after batch {k}", r, log),
            }
        )
    if with_builds:
        _copy_warehouse(wh_copy_dir / warehouse.name, wh_dir)
        _remove_batch_files(zone)
    for k in range(1, args.batches + 1 if with_builds else 1):
        apply_batch(batches, k, zone)
        log = logs / f"incremental_build_{k}.out"
        r = measured(
            dbt_command(
                target,
                "build",
                "--log-path",
                str(logs / f"incremental_build_{k}"),
            ),
            env,
            log,
        )
        builds.append(
            {
                "batch": k,
                "dossiers": split[k]["dossiers"],
                **step_line(f"build after batch {k}", r, log),
            }
        )
    result["incremental_runs"] = runs
    result["incremental_builds"] = builds

    if full["rc"] != 0:
        for k in range(1, len(split)):
            apply_batch(batches, k, zone)
    result["micro_batch"] = _micro_batch(args, split, zone, batches, env, logs, work, target)

    # d. the practical floor over the final zone
    if args.no_floor:
        result["floor"] = {"rc": None, "seconds": None, "peak_bytes": None, "skipped": True}
    else:
        print(
            "d. practical floor (the shared yardstick) over the final landing zone ...", flush=True
        )
        result["floor"] = run_practical_floor(zone, args.threads, env, logs / "practical_floor.out")

    # e. the PostgreSQL peer: the same counts as SQL a one-stop system would run (load not timed)
    if args.no_postgres:
        result["postgres"] = {"skipped": "--no-postgres"}
    else:
        print("e. PostgreSQL peer over the final landing zone (load not timed) ...", flush=True)
        peer = postgres_peer(zone, args.threads)
        result["postgres"] = peer or {"skipped": f"PostgreSQL missing: {missing()}"}
    result["machine"] = {
        "cpu_count": os.cpu_count(),
        "total_ram_bytes": total_ram(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": version("duckdb"),
        "dbt_core": version("dbt-core"),
        "dbt_duckdb": version("dbt-duckdb"),
    }
    result["duckdb_settings"] = settings
    result["zone_batches_memory_limit"] = os.environ.get("ZONE_BATCHES_MEMORY_LIMIT", "8GB")
    result["rss_method"] = result["generation"].get("rss_method")
    result["finished"] = datetime.now().isoformat(timespec="seconds")

    if not args.keep:
        for path in (source, zone, batches, wh_dir, wh_copy_dir, target):
            shutil.rmtree(path, ignore_errors=True)
        print(f"removed the zone and warehouses (logs kept in {logs})")
    return result


def _micro_batch(args, split, zone, batches, env, logs, work, target) -> dict:
    """Step c2: the last few minutes of loads land after the refreshes, and the main job runs
    (`dvc-index build`: raw gate, dbt build, marts gate, publish), timed from start to the new
    published version, with the job's own report of each stage."""
    k = args.batches + 1
    if args.full_build_only or not args.micro_batch or k >= len(split):
        return {"skipped": "no micro-batch held back"}
    reports = work / "reports"
    job_env = {
        **env,
        "DVC_REPORTS_DIR": str(reports),
        "DVC_PUBLISH_DIR": str(work / "publish"),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(logs / "micro_batch"),
    }
    # steady state, as the job runs every five minutes (not timed): its previous run validated
    # the zone as it was, its data tests passed on the warehouse as it is (the refresh above
    # was a `dbt run`) and it published: the raw gate then validates the new files only, the
    # primary-key tests of incremental models check the keys written since, and the
    # publication links the listing's periods the micro-batch did not touch
    print(
        "c2. the previous run: raw gate, data tests and publication before the micro-batch "
        "(not timed) ..."
    )
    previous = measured(
        [sys.executable, "-m", "dvc_index.gate.validate", "--stage", "raw", "--no-docs"],
        job_env,
        logs / "micro_batch_previous_gate.out",
    )
    tests_started = datetime.now(UTC)
    previous_tests = measured(
        dbt_command(
            target,
            "test",
            "--exclude-resource-type",
            "unit_test",
            "--log-path",
            str(logs / "micro_batch_previous_tests"),
        ),
        env,
        logs / "micro_batch_previous_tests.out",
    )
    if previous_tests["rc"] == 0:
        write_data_tests_stamp(env, project_fingerprint(), tests_started)
    previous_publish = measured(
        [sys.executable, "-m", "dvc_index.cli", "publish"],
        job_env,
        logs / "micro_batch_previous_publish.out",
    )
    apply_batch(batches, k, zone)
    print(f"c2. micro-batch: {split[k]['dossiers']:,} dossiers landed, main job ...", flush=True)
    log = logs / "micro_batch.out"
    job = measured([sys.executable, "-m", "dvc_index.cli", "build"], job_env, log)
    report_file = reports / "job" / "last_run.json"
    stages = json.loads(report_file.read_text())["stages"] if report_file.exists() else []
    for stage in stages:
        print(f"    {stage['stage']:<12} {stage['seconds']:8.1f} s")
    return {
        "batch": k,
        "dossiers": split[k]["dossiers"],
        "previous_raw_gate": {"s": previous["seconds"], "rc": previous["rc"]},
        "previous_data_tests": {"s": previous_tests["seconds"], "rc": previous_tests["rc"]},
        "previous_publish": {"s": previous_publish["seconds"], "rc": previous_publish["rc"]},
        "stages": stages,
        **step_line("files landed to a new published version", job, log),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dossiers", type=int, required=True, help="dossiers to generate")
    ap.add_argument("--batches", type=int, default=1, help="load batches held back (default 1)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--work", help="work directory (default /tmp/dvc-benchmark-<N>-<time>)")
    ap.add_argument(
        "--changed",
        type=int,
        default=80_000,
        help="changed dossiers held back over all batches (default 80,000: a national day)",
    )
    ap.add_argument("--threads", type=int, default=int(os.environ.get("DVC_THREADS", "2")))
    ap.add_argument("--memory-limit", default=os.environ.get("DVC_DUCKDB_MEMORY_LIMIT", "16GB"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory's data")
    ap.add_argument(
        "--full-build-only",
        action="store_true",
        help="build the whole zone in full and measure no refresh (no hold-back: long at 30M)",
    )
    ap.add_argument(
        "--micro-batch",
        type=int,
        default=300,
        help="changed dossiers in the micro-batch timed through the main job after the "
        "refreshes (default 300: five national minutes; 0 skips it)",
    )
    ap.add_argument("--no-floor", action="store_true", help="skip the practical floor")
    ap.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL peer")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the zone and batches an earlier run left in --work (with --keep or after a "
        "failure), with the generation figures measured then",
    )
    ap.add_argument(
        "--no-incremental-build",
        action="store_true",
        help="skip the refresh-with-tests variant (it copies the warehouse: long at 30M)",
    )
    args = ap.parse_args(argv)
    if args.batches < 1 or args.dossiers < 1:
        ap.error("--dossiers and --batches must be positive")

    result = run_benchmark(args)
    rows = summary_rows(result)
    print()
    print("| figure | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    result["summary"] = dict(rows)
    out_dir = PROJECT_ROOT / "reports" / "benchmarks"
    out_dir.mkdir(parents=True, exist_ok=True)
    out_file = out_dir / f"benchmark-{args.dossiers}-{datetime.now():%Y%m%d-%H%M%S}.json"
    out_file.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"\nwrote {out_file.relative_to(PROJECT_ROOT)}")
    failed = [
        s
        for s in [
            result["full_build"],
            *result["incremental_runs"],
            *result["incremental_builds"],
            result["floor"],
            result["micro_batch"],
        ]
        if s.get("rc")
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
