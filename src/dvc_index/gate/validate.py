"""The data-quality gate: validate the landing zone before dbt, or the marts after it.

    dvc-index validate --stage raw     # the landing zone (DVC_RAW_DIR)
    dvc-index validate --stage marts   # the warehouse's marts (DVC_DUCKDB_PATH)

Runs the stage's Great Expectations checkpoint (suites in dvc_index/gate/suites/, tolerated
shares in dvc_index/gate/thresholds.yml), writes GX Data Docs to reports/data-docs/<stage>/ and
a JSON summary to reports/validation/<stage>.json, prints the failed expectations with counts
and sample values.

Exit codes: 0 the gate passed; 1 it failed (do not build / do not publish); 2 nothing to validate
(no warehouse file, bad arguments, out of memory: DVC_GATE_MEMORY_LIMIT, else
DVC_DUCKDB_MEMORY_LIMIT, is the gate's DuckDB memory limit); 3 the marts cannot be read now
because a build holds the warehouse's build lock.

The marts stage opens the warehouse read-only only while it copies the marts into memory (under
the build lock, taken shared and without waiting), then closes it. A passing raw validation
records the row counts in reports/validation/raw_row_counts.json; the next run of the same
landing zone checks its counts against them (bounds in thresholds.yml).

The landing zone is append-only, so the raw stage validates only the rows of new files: the
record also lists the files that passing run validated (size and mtime) and a digest of the
rules (thresholds, code lists, the suite's code). When every recorded file is still there,
unchanged, under the same rules, their rows are not validated again; a new row is still checked
against every file (its dossier, its unit and procedure, the earlier versions and copies of its
key), and the row-count bounds still apply to the whole table. A file removed or rewritten, a
rule changed, or --all-files: every file is validated. Tolerated shares then apply to the rows
of the new files (a bad batch cannot hide in a large clean zone).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dvc_index.common import (
    DEFAULT_DUCKDB_PATH,
    DEFAULT_RAW_DIR,
    PROJECT_ROOT,
    BuildLockBusy,
    duckdb_config,
    warehouse_read_lock,
)
from dvc_index.privacy import PRIVATE_UMASK

os.environ["GX_ANALYTICS_ENABLED"] = "false"

EXIT_PASSED, EXIT_FAILED, EXIT_UNAVAILABLE, EXIT_BUSY = 0, 1, 2, 3
ROW_COUNTS_FILE = "raw_row_counts.json"


def _absolute(path: str | os.PathLike) -> Path:
    path = Path(path)
    return (path if path.is_absolute() else PROJECT_ROOT / path).resolve()


def _connect() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(config=duckdb_config(os.environ.get("DVC_GATE_MEMORY_LIMIT")))


def _previous_record(reports_dir: Path, raw_dir: Path) -> dict:
    path = reports_dir / "validation" / ROW_COUNTS_FILE
    if not path.exists():
        return {}
    return json.loads(path.read_text()).get(str(raw_dir)) or {}


def previous_row_counts(reports_dir: Path, raw_dir: Path) -> dict[str, int]:
    return _previous_record(reports_dir, raw_dir).get("row_counts") or {}


def rules_digest(thresholds: dict) -> str:
    """What the raw gate's verdict on a row depends on besides the row: the thresholds, the
    code lists and the suite's code. A file validated under other rules is validated again."""
    from dvc_index.gate import contract
    from dvc_index.gate.suites import raw

    digest = hashlib.sha256(json.dumps(thresholds, sort_keys=True, default=str).encode())
    for path in (contract.CODE_LIST_SEED, Path(contract.__file__), Path(raw.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def previously_validated_files(reports_dir: Path, raw_dir: Path, digest: str) -> dict:
    """The files (size, mtime_ns) of the last passing run of this zone under the same rules."""
    record = _previous_record(reports_dir, raw_dir)
    if record.get("rules_digest") != digest:
        return {}
    return record.get("files") or {}


def record_row_counts(
    reports_dir: Path,
    raw_dir: Path,
    counts: dict[str, int],
    files: dict[str, list[int]] | None = None,
    digest: str | None = None,
) -> None:
    path = reports_dir / "validation" / ROW_COUNTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text()) if path.exists() else {}
    data[str(raw_dir)] = {
        "validated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "row_counts": counts,
        "files": files or {},
        "rules_digest": digest,
    }
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def unreadable_files(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> list[tuple[str, str]]:
    """The landing zone's .parquet files that are not readable Parquet (cut short by a transfer,
    another format under a .parquet name, empty): (file relative to the zone, DuckDB's reason).
    Each file's footer is read, not its rows."""
    from dvc_index.gate.contract import TABLES

    found = []
    for name in TABLES:
        folder = raw_dir / name
        for path in sorted(folder.glob("*.parquet")) if folder.is_dir() else []:
            try:
                con.execute("select count(*) from parquet_file_metadata(?)", [str(path)]).fetchone()
            except duckdb.Error as error:
                reason = str(error).strip().splitlines()[0]
                found.append((str(path.relative_to(raw_dir)), reason))
    return found


def refuse_unreadable_files(raw_dir: Path, con: duckdb.DuckDBPyConnection) -> bool:
    """Print what is wrong with each unreadable landing file; True when there is one."""
    bad = unreadable_files(con, raw_dir)
    for file, reason in bad:
        print(
            f"error: {raw_dir / file} is not a readable Parquet file (rule unreadable_file; "
            f"truncated, or another format under a .parquet name: {reason})",
            file=sys.stderr,
        )
    if bad:
        print(
            f"{len(bad)} landing file(s) cannot be read: the gate fails and nothing is built. "
            "Re-export or move the file(s) out of the landing zone (loads are append-only: a "
            "file re-sent whole under a new name is read by the next build).",
            file=sys.stderr,
        )
    return bool(bad)


def validate_raw(args: argparse.Namespace, thresholds: dict) -> int:
    from dvc_index.gate import checkpoint
    from dvc_index.gate.suites import raw

    raw_dir = _absolute(args.raw_dir)
    previous = previous_row_counts(args.reports_dir, raw_dir)
    print(f"validating the landing zone {raw_dir}")
    con = _connect()
    try:
        if refuse_unreadable_files(raw_dir, con):
            return EXIT_FAILED
    finally:
        con.close()
    digest = rules_digest(thresholds)
    validated = (
        {} if args.all_files else previously_validated_files(args.reports_dir, raw_dir, digest)
    )
    with tempfile.TemporaryDirectory(prefix="dvc-validate-raw-") as scratch:
        frames = Path(scratch)
        con = _connect()
        try:
            batches, zone = raw.build(raw_dir, frames, thresholds, previous, con, validated)
        finally:
            con.close()
        new_rows = sum(zone.new_row_counts.values())
        if zone.validated:
            print(
                f"  {len(zone.validated):,} file(s) validated by the last passing run, unchanged: "
                f"validating the {len(zone.stamps) - len(zone.validated):,} new file(s), "
                f"{new_rows:,} rows (--all-files: every file)"
            )
        result = checkpoint.run_checkpoint("raw", batches, frames, _docs_dir(args, "raw"))
    counts = zone.row_counts
    if result.success:
        record_row_counts(args.reports_dir, raw_dir, counts, zone.stamps, digest)
    checkpoint.write_summary(
        result,
        args.reports_dir / "validation" / "raw.json",
        {
            "raw_dir": str(raw_dir),
            "row_counts": counts,
            "previous_row_counts": previous,
            "files_validated_before": sorted(zone.validated),
            "rows_validated": new_rows,
        },
    )
    return _finish(result, args)


def validate_marts(args: argparse.Namespace, thresholds: dict) -> int:
    from dvc_index.gate import checkpoint
    from dvc_index.gate.suites import marts

    database = _absolute(args.database)
    if not database.exists():
        print(f"error: no warehouse at {database}: run the build first", file=sys.stderr)
        return EXIT_UNAVAILABLE
    print(f"validating the marts of {database}")
    con = _connect()
    try:
        started = time.perf_counter()
        try:
            with warehouse_read_lock({"DVC_DUCKDB_PATH": str(database)}):
                missing = marts.snapshot(con, database)
        except BuildLockBusy as busy:
            print(f"error: {busy}", file=sys.stderr)
            return EXIT_BUSY
        except duckdb.IOException as error:
            print(f"error: cannot open the warehouse read-only: {error}", file=sys.stderr)
            return EXIT_BUSY
        print(f"  copied the marts in {time.perf_counter() - started:.1f} s; warehouse closed")
        with tempfile.TemporaryDirectory(prefix="dvc-validate-marts-") as scratch:
            frames = Path(scratch)
            batches = marts.build(con, missing, frames, thresholds)
            con.close()
            result = checkpoint.run_checkpoint(
                "marts",
                batches,
                frames,
                _docs_dir(args, "marts"),
                index_columns=marts.RESULT_FORMAT_INDEX,
            )
    finally:
        con.close()
    checkpoint.write_summary(
        result, args.reports_dir / "validation" / "marts.json", {"database": str(database)}
    )
    return _finish(result, args)


def _docs_dir(args: argparse.Namespace, stage: str) -> Path | None:
    return None if args.no_docs else args.reports_dir / "data-docs" / stage


def _finish(result, args: argparse.Namespace) -> int:
    from dvc_index.gate import checkpoint

    seconds = time.perf_counter() - args.started
    print(checkpoint.format_report(result, seconds, verbose=args.verbose))
    _write_docs_home(args.reports_dir)
    return EXIT_PASSED if result.success else EXIT_FAILED


def _write_docs_home(reports_dir: Path) -> None:
    """reports/data-docs/index.html: a link to each stage's site and its last outcome."""
    docs = reports_dir / "data-docs"
    if not docs.exists():
        return
    items = []
    for stage in ("raw", "marts"):
        summary = reports_dir / "validation" / f"{stage}.json"
        if not (docs / stage / "index.html").exists() or not summary.exists():
            continue
        data = json.loads(summary.read_text())
        status = "passed" if data["success"] else "FAILED"
        items.append(
            f'<li><a href="{stage}/index.html">{stage}</a>: {status} ({data["validated_at"]})</li>'
        )
    (docs / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>dvc-index data-quality gate</title>"
        "<h1>dvc-index data-quality gate</h1><ul>" + "".join(items) + "</ul>\n"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stage", choices=["raw", "marts"], required=True)
    parser.add_argument(
        "--raw-dir",
        default=os.environ.get("DVC_RAW_DIR") or DEFAULT_RAW_DIR,
        help="landing zone (default: env DVC_RAW_DIR, else data/raw)",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("DVC_DUCKDB_PATH") or DEFAULT_DUCKDB_PATH,
        help="warehouse file (default: env DVC_DUCKDB_PATH, else warehouse/dvc_index.duckdb)",
    )
    parser.add_argument(
        "--reports-dir",
        type=_absolute,
        default=os.environ.get("DVC_REPORTS_DIR") or PROJECT_ROOT / "reports",
        help="where Data Docs and summaries go (default: env DVC_REPORTS_DIR, else reports/)",
    )
    parser.add_argument(
        "--thresholds", default=None, help="thresholds file (default dvc_index/gate/thresholds.yml)"
    )
    parser.add_argument("--no-docs", action="store_true", help="skip the Data Docs")
    parser.add_argument(
        "--all-files",
        action="store_true",
        help="raw stage: validate every file, also those the last passing run validated",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="also list checks that passed with bad rows"
    )
    parser.add_argument(
        "--wait-for-start",
        action="store_true",
        help="load Great Expectations, then wait for a line 'start' on stdin before reading "
        "anything (the main job starts the marts gate while dbt builds); any other line or "
        "the end of stdin: exit 2, nothing validated",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    # reports/ (summaries, Data Docs) and the scratch frames: for the owner only
    os.umask(PRIVATE_UMASK)
    if getattr(args, "wait_for_start", False):
        # Great Expectations takes about 3 s to import: done while the build runs
        from dvc_index.gate import checkpoint  # noqa: F401
        from dvc_index.gate.suites import marts, raw  # noqa: F401

        if sys.stdin.readline().strip() != "start":
            return EXIT_UNAVAILABLE
    args.started = time.perf_counter()
    args.reports_dir = _absolute(args.reports_dir)

    from dvc_index.gate.config import load_thresholds

    thresholds = load_thresholds(args.thresholds)
    try:
        if args.stage == "raw":
            return validate_raw(args, thresholds)
        return validate_marts(args, thresholds)
    except duckdb.OutOfMemoryException as error:
        limit = os.environ.get("DVC_GATE_MEMORY_LIMIT") or os.environ.get(
            "DVC_DUCKDB_MEMORY_LIMIT", "16GB (the default)"
        )
        print(
            f"error: the {args.stage} gate ran out of memory (limit {limit}): raise "
            "DVC_GATE_MEMORY_LIMIT (the gate's own limit; default DVC_DUCKDB_MEMORY_LIMIT). "
            f"Nothing was validated. DuckDB: {str(error).splitlines()[0]}",
            file=sys.stderr,
        )
        return EXIT_UNAVAILABLE


if __name__ == "__main__":
    raise SystemExit(main())
