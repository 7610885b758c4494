"""Shared helpers of the dvc_index package and its tests: paths, environment, running dbt, the
warehouse's build lock."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from dvc_index.privacy import HMAC_KEY_FILE, PRIVATE_UMASK, ensure_key_file, spark_environment

# src/dvc_index/common.py: the project (dbt_project.yml, profiles/, macros/) is three levels up;
# the Makefile installs the package editable, so this is the checkout's root.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
PROFILES_DIR = PROJECT_ROOT / "profiles"
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_DUCKDB_PATH = PROJECT_ROOT / "warehouse" / "dvc_index.duckdb"


def duckdb_config(memory_limit: str | None = None) -> dict[str, object]:
    """Settings for the project's own DuckDB connections outside dbt (the gate, the
    publication), the same limits as the profile's: DVC_THREADS, DVC_DUCKDB_MEMORY_LIMIT
    (DuckDB's own default is 80 % of the machine), no extension fetched or loaded on its own.
    `memory_limit` overrides the limit (the gate's DVC_GATE_MEMORY_LIMIT). Their spill files
    stay DuckDB's own, apart from the build's temp directory, which a running build may use."""
    return {
        "threads": int(os.environ.get("DVC_THREADS") or 2),
        "memory_limit": memory_limit or os.environ.get("DVC_DUCKDB_MEMORY_LIMIT") or "16GB",
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }


def ensure_hmac_key(env: dict[str, str], key_file: Path = HMAC_KEY_FILE) -> None:
    """Make sure DVC_HMAC_KEY is set: from the environment, else from the git-ignored local key
    file, else a fresh random key written there (created with mode 0600).

    The key must never be committed: whoever holds it can re-identify applicants by hashing
    every possible ID number. dbt never sees it through `env_var()` (which dbt records): the
    DuckDB plugin reads it in Python, and the Spark targets get only the pads
    (privacy.spark_environment).
    """
    if not env.get("DVC_HMAC_KEY"):
        env["DVC_HMAC_KEY"] = ensure_key_file(key_file)
    if env.get("DVC_TARGET", "duckdb").startswith("spark"):
        spark_environment(env)


def dvc_environment(overrides: Mapping[str, str | os.PathLike] | None = None) -> dict[str, str]:
    """The environment for dbt: the caller's, plus project defaults, plus `overrides`.

    Sets this process's umask to private (0077): what the build writes from here on (the
    warehouse, spill, target/, logs/, reports/) is readable by its owner only."""
    os.umask(PRIVATE_UMASK)
    env = dict(os.environ)
    env.setdefault("DVC_RAW_DIR", str(DEFAULT_RAW_DIR))
    env.setdefault("DVC_DUCKDB_PATH", str(DEFAULT_DUCKDB_PATH))
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    for key, value in (overrides or {}).items():
        env[key] = str(value)
    # dbt resolves relative paths against its working directory (the project root); make the
    # landing zone and warehouse absolute so views and readers do not depend on it.
    for key in ("DVC_RAW_DIR", "DVC_DUCKDB_PATH"):
        path = Path(env[key])
        env[key] = str(path if path.is_absolute() else (PROJECT_ROOT / path).resolve())
    env.setdefault("DVC_DUCKDB_TEMP_DIR", str(Path(env["DVC_DUCKDB_PATH"]).parent / "tmp"))
    ensure_hmac_key(env)
    return env


def dbt_executable() -> str:
    """The dbt of the running interpreter's environment."""
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(
    args: Sequence[str],
    env: Mapping[str, str],
    *,
    target_path: str | os.PathLike | None = None,
    capture: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run a dbt command in the project root with the project's profiles."""
    Path(env["DVC_DUCKDB_PATH"]).parent.mkdir(parents=True, exist_ok=True)
    Path(env["DVC_DUCKDB_TEMP_DIR"]).mkdir(parents=True, exist_ok=True)
    command = [dbt_executable(), *args, "--profiles-dir", str(PROFILES_DIR)]
    if target_path is not None:
        command += ["--target-path", str(target_path)]
    return subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=dict(env),
        text=True,
        capture_output=capture,
        check=False,
    )


# ---------------------------------------------------------------------------------------------
# The build lock: one writer, readers that never block it
# ---------------------------------------------------------------------------------------------

BUILD_LOCK_NAME = ".build.lock"


class BuildLockBusy(RuntimeError):
    """The warehouse's build lock is held by someone else."""


def build_lock_path(env: Mapping[str, str]) -> Path:
    """`<warehouse dir>/.build.lock`, beside the DuckDB file that DVC_DUCKDB_PATH names."""
    database = Path(env.get("DVC_DUCKDB_PATH") or DEFAULT_DUCKDB_PATH)
    if not database.is_absolute():
        database = PROJECT_ROOT / database
    return database.parent / BUILD_LOCK_NAME


def _holder(path: Path) -> str:
    try:
        text = path.read_text().strip()
    except OSError:
        return ""
    return f" ({text})" if text else ""


@contextmanager
def _exclusive_lock(path: Path, wait_seconds: float, busy: str, holder: str) -> Iterator[Path]:
    """An exclusive flock on `path`, waited for up to `wait_seconds`, else BuildLockBusy(`busy`
    and the holder's line). While held the file says `holder`, its pid and since when.

    The kernel releases a flock when its holder dies, even by kill -9: a stale lock never
    blocks the next run (the file still names the dead holder until then, which says who
    crashed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLockBusy(f"{busy}: {path} is held{_holder(path)}") from None
                time.sleep(0.2)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{holder} pid {os.getpid()} since {datetime.now():%Y-%m-%d %H:%M:%S}\n")
            handle.flush()
            yield path
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def build_lock(env: Mapping[str, str], wait_seconds: float | None = None) -> Iterator[Path]:
    """Hold the warehouse's build lock (an exclusive flock on `<warehouse dir>/.build.lock`) for
    the whole of a build: the only process that writes the DuckDB file.

    Readers hold the lock shared only while they copy from the warehouse (seconds), so the build
    waits for them up to `wait_seconds` (default env DVC_BUILD_LOCK_WAIT, else 120) instead of
    failing on DuckDB's own file lock. Another build holds it for much longer: then
    BuildLockBusy."""
    if wait_seconds is None:
        wait_seconds = float(env.get("DVC_BUILD_LOCK_WAIT") or 120)
    with _exclusive_lock(
        build_lock_path(env),
        wait_seconds,
        "another build is running (the warehouse build lock)",
        "build",
    ) as path:
        yield path


PIPELINE_LOCK_NAME = ".pipeline.lock"


def pipeline_lock_path(env: Mapping[str, str]) -> Path:
    """`<warehouse dir>/.pipeline.lock`, beside the build lock."""
    return build_lock_path(env).with_name(PIPELINE_LOCK_NAME)


@contextmanager
def pipeline_lock(env: Mapping[str, str], wait_seconds: float | None = None) -> Iterator[Path]:
    """Hold the main job's lock (`<warehouse dir>/.pipeline.lock`) from the raw gate to the end
    of the publication: one `make build` / `make run` per warehouse at a time.

    The build lock alone covers only dbt: a second job could rebuild the marts between the first
    one's marts gate and its publication, and publish marts no gate has seen. A second job waits
    up to `wait_seconds` (default env DVC_PIPELINE_LOCK_WAIT, else 0: a scheduled run that finds
    the previous one still running skips its turn) and then raises BuildLockBusy naming the
    holder."""
    if wait_seconds is None:
        wait_seconds = float(env.get("DVC_PIPELINE_LOCK_WAIT") or 0)
    with _exclusive_lock(
        pipeline_lock_path(env),
        wait_seconds,
        "another build of this warehouse is running",
        "main job",
    ) as path:
        yield path


@contextmanager
def warehouse_read_lock(env: Mapping[str, str]) -> Iterator[Path]:
    """For a reader that copies from the warehouse: take the build lock shared, without
    waiting, for as short a time as the copy takes. Raises BuildLockBusy at once while a build
    holds it (a reader never waits for, nor opens the file during, a build)."""
    path = build_lock_path(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockBusy(
                f"a build holds the warehouse build lock {path}{_holder(path)}: "
                "the marts are being rewritten, validate them when it has finished"
            ) from None
        try:
            yield path
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sql_identifier(identifier: str) -> str:
    """A quoted SQL identifier (DuckDB)."""
    return '"' + identifier.replace('"', '""') + '"'


def sql_literal(text: str) -> str:
    """A quoted SQL string literal (DuckDB)."""
    return "'" + text.replace("'", "''") + "'"
