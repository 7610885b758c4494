"""Personal data: the HMAC key, handed to the engine out of band, and the masking of values shown.

The key never passes through dbt's Jinja (`env_var()` values are recorded in dbt's state): it is
read here, in Python, and

- on DuckDB, the profile's plugin (`dvc_index.duckdb_plugin`) sets the HMAC pads (key XOR
  ipad / opad) and the key id as session variables of every connection dbt opens; the SQL
  reads them with `getvariable()`, so no key material is in any SQL text;
- on Spark, `dvc_environment()` puts the pads in the dbt process's environment and the SQL names
  them as `${env:DVC_HMAC_IPAD}` (Spark substitutes them when it parses; dbt logs only the name).

The masking of an offending value shown in quarantine, the raw gate's samples and Data Docs is
one list of (pattern, replacement) rules, `personal_data_masks` in dbt_project.yml: the dbt macro
`mask_personal` and `mask_personal()` / `mask_personal_sql()` here apply the same list.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HMAC_KEY_FILE = PROJECT_ROOT / ".hmac_key"
KEY_ID_MESSAGE = b"dvc-index key id"
KEY_PATTERN = re.compile(r"([0-9a-f]{2}){16,64}")
# Files the build writes (warehouse, target/, logs/, reports/, spill) are for the owner only.
PRIVATE_UMASK = 0o077


class HmacKeyError(RuntimeError):
    """The HMAC key is missing or malformed."""


def ensure_key_file(path: Path = HMAC_KEY_FILE) -> str:
    """The key of the git-ignored local key file, created with a random key if there is none.

    The file is created with mode 0600 in the same call that creates it (never readable by
    others, not even between a create and a chmod)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    print(f"created a random HMAC key in {path.name} (git-ignored, mode 0600; back it up)")
    return path.read_text().strip()


def hmac_key(env: Mapping[str, str] | None = None) -> bytes:
    """The key: DVC_HMAC_KEY (hex, 16 to 64 bytes), else the local key file."""
    env = os.environ if env is None else env
    key_hex = (env.get("DVC_HMAC_KEY") or "").strip().lower()
    if not key_hex:
        key_hex = ensure_key_file(Path(env.get("DVC_HMAC_KEY_FILE") or HMAC_KEY_FILE)).lower()
    if not KEY_PATTERN.fullmatch(key_hex):
        raise HmacKeyError(
            "DVC_HMAC_KEY must be a secret of 16 to 64 bytes in hex (e.g. `openssl rand -hex 32`); "
            "it keys the hash of applicant ID numbers and never sits in the repository"
        )
    return bytes.fromhex(key_hex)


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """(key XOR ipad, key XOR opad) over the 64-byte SHA-256 block (RFC 2104)."""
    block = key.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def key_id(key: bytes) -> str:
    """A short public name of the key, stored beside each hash: which key made it (rotation),
    without revealing anything about the key."""
    return hmac.new(key, KEY_ID_MESSAGE, hashlib.sha256).hexdigest()[:16]


def spark_environment(env: dict[str, str]) -> None:
    """For the Spark targets: the pads and key id in the environment of the dbt process (the
    session target's driver), where `${env:…}` in the SQL finds them."""
    key = hmac_key(env)
    inner, outer = hmac_pads(key)
    env["DVC_HMAC_IPAD"] = inner.hex()
    env["DVC_HMAC_OPAD"] = outer.hex()
    env["DVC_HMAC_KEY_ID"] = key_id(key)


# ---------------------------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------------------------


@cache
def mask_rules() -> tuple[tuple[tuple[str, str], ...], int]:
    """((pattern, replacement), ...) and the length cap, from dbt_project.yml."""
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())
    config = project["vars"]["personal_data_masks"]
    rules = tuple((rule["pattern"], rule["replacement"]) for rule in config["rules"])
    return rules, int(config["max_length"])


def mask_personal(value: object) -> str | None:
    """`value` as text with anything that looks personal replaced, capped in length."""
    if value is None:
        return None
    text = str(value)
    rules, cap = mask_rules()
    for pattern, replacement in rules:
        text = re.sub(pattern, replacement, text)
    return text[:cap]


def mask_personal_sql(expression: str) -> str:
    """DuckDB SQL of `mask_personal` over a text expression (the dbt macro's DuckDB form)."""
    rules, cap = mask_rules()
    for pattern, replacement in rules:
        quoted_pattern = pattern.replace("'", "''")
        quoted_replacement = replacement.replace("'", "''")
        expression = (
            f"regexp_replace({expression}, '{quoted_pattern}', '{quoted_replacement}', 'g')"
        )
    return f"substring({expression}, 1, {cap})"
