"""Measuring one step of the benchmark: a command's wall time, exit code and the peak resident
set size of its process tree, with its output in a log file; and the intermediaries the
measured commands go through (`python -m dvc_index.bench.measure rusage|dbt ...`)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from dvc_index.common import PROJECT_ROOT, run_dbt

GNU_TIME = "/usr/bin/time"
GB = 1024**3


def measured(command: list[str], env: dict[str, str], log_file: Path) -> dict:
    """Run `command` (stdout and stderr to `log_file`); wall seconds, exit code and the peak
    resident set size of its process tree (the largest process, in bytes).

    With GNU time the peak comes from its wait4() rusage, which covers the child and every
    descendant it waited for; without it, an intermediary Python process reports
    getrusage(RUSAGE_CHILDREN) after waiting for the command (the same quantity)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as handle:
        rss_file = Path(handle.name)
    if Path(GNU_TIME).exists():
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *command]
        method = "GNU time %M (max RSS of the process tree's largest process)"
    else:
        wrapped = [
            sys.executable,
            "-m",
            "dvc_index.bench.measure",
            "rusage",
            str(rss_file),
            "--",
            *command,
        ]
        method = "getrusage(RUSAGE_CHILDREN) in an intermediary process"
    start = time.perf_counter()
    with open(log_file, "w") as log:
        rc = subprocess.run(
            wrapped, env=env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, check=False
        ).returncode
    seconds = time.perf_counter() - start
    try:
        lines = [x for x in rss_file.read_text().split() if x.strip().isdigit()]
        peak_kb = int(lines[-1]) if lines else 0
    finally:
        rss_file.unlink(missing_ok=True)
    return {"seconds": seconds, "rc": rc, "peak_bytes": peak_kb * 1024, "rss_method": method}


def _rusage_child(rss_file: str, command: list[str]) -> int:
    rc = subprocess.run(command, check=False).returncode
    Path(rss_file).write_text(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\n")
    return rc


def _dbt_child(target_path: str, args: list[str]) -> int:
    """Intermediary for one dbt command: the project's run_dbt with the inherited environment."""
    return run_dbt(args, dict(os.environ), target_path=target_path).returncode


def dbt_command(target: Path, *args: str) -> list[str]:
    """The command line of one measured dbt command (through the `dbt` intermediary)."""
    return [sys.executable, "-m", "dvc_index.bench.measure", "dbt", str(target), "--", *args]


def step_line(name: str, result: dict, log: Path) -> dict:
    status = "ok" if result["rc"] == 0 else f"FAILED (exit {result['rc']}, see {log})"
    print(
        f"  {name}: {result['seconds']:.1f} s, peak {gb_text(result['peak_bytes'])} GB  {status}",
        flush=True,
    )
    if result["rc"] != 0 and log.exists():
        tail = log.read_text(errors="replace").splitlines()[-15:]
        print("    " + "\n    ".join(tail))
    return {**result, "log": str(log)}


def gb_text(n: float | None) -> str:
    return "-" if n is None else f"{n / GB:.2f}"


def s_text(n: float | None) -> str:
    return "-" if n is None else f"{n:.1f}"


def total_ram() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return 0


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    """The intermediaries: `rusage RSS_FILE -- COMMAND...`, `dbt TARGET -- DBT_ARGS...`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["rusage"]:
        return _rusage_child(argv[1], argv[3:])
    if argv[:1] == ["dbt"]:
        return _dbt_child(argv[1], argv[3:])
    raise SystemExit("usage: python -m dvc_index.bench.measure rusage|dbt ARG -- COMMAND...")


if __name__ == "__main__":
    sys.exit(main())
