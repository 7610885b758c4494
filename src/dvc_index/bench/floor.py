"""The benchmark's yardstick: the shared practical floor (../shared/bench/practical_floor.py).

That program is one hand-written DuckDB statement doing the work every correct build must do
over the landing zone (read every dossier-table row, parse timestamps, keep the latest push per
key, join the child tables, count the dossier-based components per unit and month, quarter and
year) and nothing else: a lower bound on cost, not a correct index. The benchmark runs it on the
final landing zone with the build's threads and reports its seconds beside the full build's,
and their ratio. It is not part of this project (so the warehouse has no second, simplified copy
of its rules to keep in step); without it the benchmark says so and reports no floor.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from dvc_index.bench.measure import measured, step_line
from dvc_index.common import PROJECT_ROOT

PRINTED = re.compile(r"practical floor: (\d+) unit-period rows in ([0-9.]+) s")


def practical_floor_script() -> Path | None:
    """practical_floor.py of the shared directory (DVC_SHARED_DIR, else ../shared beside the
    checkout), or None when it is not there."""
    for base in (os.environ.get("DVC_SHARED_DIR"), PROJECT_ROOT.parent / "shared"):
        if base and (path := Path(base) / "bench" / "practical_floor.py").exists():
            return path
    return None


def run_practical_floor(zone: Path, threads: int, env: dict[str, str], log: Path) -> dict:
    """Run the practical floor on `zone` (a fresh process, `threads` threads) and return its
    step record: `seconds` is the statement's own time as the program prints it (without the
    Python and DuckDB start-up, kept as `process_seconds`), `rows` its unit-period rows."""
    script = practical_floor_script()
    if script is None:
        print("  practical floor: not found (set DVC_SHARED_DIR): not measured", flush=True)
        return {"rc": None, "seconds": None, "peak_bytes": None, "skipped": True}
    result = measured([sys.executable, str(script), str(zone), "--threads", str(threads)], env, log)
    record = {**result, "script": str(script), "process_seconds": result["seconds"]}
    printed = PRINTED.search(log.read_text(errors="replace")) if log.exists() else None
    if result["rc"] == 0 and printed is None:
        record["rc"] = "no timing printed"
    if printed is not None:
        record["rows"], record["seconds"] = int(printed.group(1)), float(printed.group(2))
    return step_line("practical floor", record, log)
