"""Ten scheduled runs in a row: `make build` on a zone that grows batch by batch, as_of moving.

    dvc-index repeat-builds --workdir /tmp/repeat [--dossiers 30000 --seed 5]

Generates the zone once (`make generate`), cuts it by load time (NapLuc) into an initial zone
and monthly batches (src/dvc_index/demo/zone_batches.py), then runs the main job ten times, as a
scheduler would: incremental runs as the batches land, runs with nothing new, and two full
rebuilds (FULL_REFRESH=1), each with a later DVC_AS_OF. Every run must pass both gates and
publish. Writes <workdir>/repeat_builds.json and prints one line per run. Not part of the test
suite (about half an hour at 30,000 dossiers on two cores): it is the operator's drill of
issue 14, to be rerun after a change to the gate or the scoring.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

from dvc_index.common import PROJECT_ROOT
from dvc_index.demo.zone_batches import apply_batch, hold_back

CUTOFFS = [
    "2026-03-31 23:59:59",
    "2026-04-30 23:59:59",
    "2026-05-31 23:59:59",
    "2026-06-30 23:59:59",
    "2026-07-31 23:59:59",
    "2026-08-31 23:59:59",
]
# (batch landed before the run, full rebuild, as_of)
RUNS = [
    (None, False, "2026-04-01 00:00:00"),
    (1, False, "2026-05-01 00:00:00"),
    (2, False, "2026-06-01 00:00:00"),
    (None, True, "2026-06-15 00:00:00"),
    (3, False, "2026-07-01 00:00:00"),
    (4, False, "2026-08-01 00:00:00"),
    (None, False, "2026-08-15 00:00:00"),
    (5, False, "2026-09-01 00:00:00"),
    (6, True, "2026-10-01 00:00:00"),
    (None, False, "2026-12-01 00:00:00"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--dossiers", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    work = args.workdir.resolve()
    source, zone = work / "source", work / "zone"
    env = dict(os.environ)
    env.update(
        {
            "DVC_DUCKDB_PATH": str(work / "warehouse" / "dvc_index.duckdb"),
            "DVC_PUBLISH_DIR": str(work / "publish"),
            "DVC_REPORTS_DIR": str(work / "reports"),
            "DBT_TARGET_PATH": str(work / "target"),
            "DBT_LOG_PATH": str(work / "logs"),
            "DVC_PROGRESS": "0",
        }
    )
    env.setdefault("DVC_HMAC_KEY", secrets.token_hex(32))
    make = ["make", "-s", "--no-print-directory"]
    if not (source / "manifest.json").exists():
        generate = [*make, "generate", f"DOSSIERS={args.dossiers}", f"SEED={args.seed}"]
        subprocess.run(
            generate, cwd=PROJECT_ROOT, env={**env, "DVC_RAW_DIR": str(source)}, check=True
        )
    if not zone.exists():
        hold_back(source, zone, work / "batches", CUTOFFS)
    env["DVC_RAW_DIR"] = str(zone)
    (work / "logs").mkdir(parents=True, exist_ok=True)
    results = []
    for number, (batch, full, as_of) in enumerate(RUNS, start=1):
        if batch is not None:
            apply_batch(work / "batches", batch, zone)
        command = [*make, "build", *(["FULL_REFRESH=1"] if full else [])]
        log = work / "logs" / f"run-{number:02d}.log"
        started = time.monotonic()
        with open(log, "w") as out:
            returncode = subprocess.run(
                command,
                cwd=PROJECT_ROOT,
                env={**env, "DVC_AS_OF": as_of},
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            ).returncode
        text = log.read_text()
        result = {
            "run": number,
            "as_of": as_of,
            "kind": "full rebuild" if full else "incremental" if number > 1 else "first (full)",
            "batch": batch,
            "returncode": returncode,
            "seconds": round(time.monotonic() - started, 1),
            "marts_gate_failed": "the marts failed the data-quality gate" in text,
            "published": next((line for line in text.splitlines() if "== published" in line), None),
        }
        results.append(result)
        print(json.dumps(result), flush=True)
        (work / "repeat_builds.json").write_text(json.dumps(results, indent=2) + "\n")
    failed = [r for r in results if r["returncode"] != 0 or not r["published"]]
    print(f"{len(results) - len(failed)} of {len(results)} runs published", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
