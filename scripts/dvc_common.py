"""Shared helpers for the dvc-index scripts and tests: paths, environment, running dbt."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROFILES_DIR = PROJECT_ROOT / "profiles"
HMAC_KEY_FILE = PROJECT_ROOT / ".hmac_key"
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_DUCKDB_PATH = PROJECT_ROOT / "warehouse" / "dvc_index.duckdb"


def ensure_hmac_key(env: dict[str, str]) -> None:
    """Make sure DVC_HMAC_KEY is set: from the environment, else from the git-ignored local key
    file, else a fresh random key written there (readable by the owner only).

    The key must never be committed: whoever holds it can re-identify applicants by hashing
    every possible ID number.
    """
    if env.get("DVC_HMAC_KEY"):
        return
    if not HMAC_KEY_FILE.exists():
        HMAC_KEY_FILE.write_text(secrets.token_hex(32) + "\n")
        HMAC_KEY_FILE.chmod(stat.S_IRUSR | stat.S_IWUSR)
        print(f"created a random HMAC key in {HMAC_KEY_FILE.name} (git-ignored; back it up)")
    env["DVC_HMAC_KEY"] = HMAC_KEY_FILE.read_text().strip()


def dvc_environment(overrides: Mapping[str, str | os.PathLike] | None = None) -> dict[str, str]:
    """The environment for dbt: the caller's, plus project defaults, plus `overrides`."""
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
