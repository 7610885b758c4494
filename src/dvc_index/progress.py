"""Progress bars for the long steps of the main job (tqdm, on stderr).

A bar shows only when stderr is a terminal (DVC_PROGRESS=1 forces it, DVC_PROGRESS=0 hides
it): a scheduled job's log gets the plain output it always had.

    from dvc_index.progress import progress_bar, run_dbt_with_progress, track

    result = run_dbt_with_progress(["build"], env)        # a bar over dbt's nodes and tests
    for table in track(tables, "copy", unit="table"):     # any loop
        ...
    with progress_bar(total=4, description="main job") as bar:   # steps of a job
        ...; bar.update(1)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

from dvc_index.common import PROFILES_DIR, PROJECT_ROOT, dbt_executable

T = TypeVar("T")

# "12 of 285 OK created sql table model marts.fct_unit_scorecard ...", "3 of 285 PASS ...",
# "7 of 285 ERROR creating ...", "9 of 285 FAIL 2 ...", "1 of 1 START hook: ..."
_NODE_LINE = re.compile(r"\b(\d+) of (\d+) (START|OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def progress_enabled(enabled: bool | None = None) -> bool:
    """Explicit choice, else DVC_PROGRESS (1/0), else whether stderr is a terminal."""
    if enabled is not None:
        return enabled
    setting = os.environ.get("DVC_PROGRESS", "").strip().lower()
    if setting in {"1", "true", "yes", "on"}:
        return True
    if setting in {"0", "false", "no", "off"}:
        return False
    return sys.stderr.isatty()


@contextmanager
def progress_bar(
    total: int | None, description: str, unit: str = "step", enabled: bool | None = None
) -> Iterator[tqdm]:
    """A tqdm bar (a no-op one when disabled); call .update(n), .write(text)."""
    bar = tqdm(
        total=total,
        desc=description,
        unit=unit,
        file=sys.stderr,
        disable=not progress_enabled(enabled),
        dynamic_ncols=True,
        leave=True,
    )
    try:
        yield bar
    finally:
        bar.close()


def track(
    items: Iterable[T],
    description: str,
    total: int | None = None,
    unit: str = "step",
    enabled: bool | None = None,
) -> Iterator[T]:
    """Iterate over items with a bar."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with progress_bar(total, description, unit, enabled) as bar:
        for item in items:
            yield item
            bar.update(1)


def run_dbt_with_progress(
    args: Sequence[str],
    env: Mapping[str, str],
    *,
    target_path: str | os.PathLike | None = None,
    description: str | None = None,
    enabled: bool | None = None,
) -> subprocess.CompletedProcess[str]:
    """common.run_dbt with a bar over dbt's nodes (models, seeds, tests).

    With the bar, dbt's per-node lines are replaced by it; warnings, errors and failures are
    still printed as they happen, and dbt's closing summary (with every error's detail) is
    printed at the end. Without it (not a terminal) dbt's lines are printed as they come.
    Returns the completed process; its stdout holds dbt's whole output either way (the main job
    reads it to say what a failed build ran out of)."""
    show_bar = progress_enabled(enabled)
    Path(env["DVC_DUCKDB_PATH"]).parent.mkdir(parents=True, exist_ok=True)
    Path(env["DVC_DUCKDB_TEMP_DIR"]).mkdir(parents=True, exist_ok=True)
    command = [dbt_executable(), *args, "--profiles-dir", str(PROFILES_DIR)]
    if target_path is not None:
        command += ["--target-path", str(target_path)]
    lines: list[str] = []
    done: dict[int, set[int]] = {}
    with (
        progress_bar(None, description or f"dbt {args[0]}", unit="node", enabled=show_bar) as bar,
        subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=dict(env),
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        ) as process,
    ):
        assert process.stdout is not None
        for raw in process.stdout:
            line = _ANSI.sub("", raw.rstrip("\n"))
            lines.append(line)
            if not show_bar:
                print(line, flush=True)
                continue
            match = _NODE_LINE.search(line)
            if match is None:
                continue
            index, total, status = int(match[1]), int(match[2]), match[3]
            if status == "START":
                continue
            done.setdefault(total, set()).add(index)
            largest = max(done)
            if bar.total != largest:
                bar.total = largest
                bar.n = 0
            bar.update(len(done[largest]) - bar.n)  # redraws at most every 0.1 s
            if status in {"WARN", "ERROR", "FAIL"}:
                bar.write(line)
        returncode = process.wait()
    if not show_bar:
        return subprocess.CompletedProcess(command, returncode, "\n".join(lines) + "\n", "")
    summary = next(
        (i for i, line in enumerate(lines) if "Finished running" in line), max(0, len(lines) - 20)
    )
    for line in lines[summary:]:
        print(line, file=sys.stderr if returncode else sys.stdout)
    return subprocess.CompletedProcess(command, returncode, "\n".join(lines) + "\n", "")
