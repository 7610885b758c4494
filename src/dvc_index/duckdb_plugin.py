"""dbt-duckdb plugin (profiles.yml `plugins:`): the HMAC key reaches DuckDB out of band.

On the connection dbt opens it registers `dvc_hmac_sha256(text)`, a vectorised (Arrow) function
that returns HMAC-SHA256 as 64 lowercase hex characters, and on every connection and cursor it
sets the session variable `dvc_hmac_key_id` (the key's public id, not a secret). The macro
`hmac_sha256` calls the function, so no SQL text, compiled file, log line, query plan or dbt
state holds key material, and neither does the warehouse file. The key is read in Python
(privacy.hmac_key), never through Jinja's `env_var()`, and lives only in this process's
memory (README "Personal data": why a function rather than session variables).
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin

from dvc_index.privacy import PRIVATE_UMASK, hmac_key, hmac_pads, key_id


def hmac_function(key: bytes):
    """The Arrow UDF: HMAC-SHA256 of each text, NULL for NULL (the same as
    hmac.new(key, text.encode(), sha256).hexdigest())."""
    inner_pad, outer_pad = hmac_pads(key)
    inner, outer = hashlib.sha256(inner_pad), hashlib.sha256(outer_pad)

    def dvc_hmac_sha256(values: pa.Array) -> pa.Array:
        inner_copy, outer_copy = inner.copy, outer.copy
        out: list[str | None] = []
        append = out.append
        for value in values.to_pylist():
            if value is None:
                append(None)
                continue
            digest = inner_copy()
            digest.update(value.encode())
            result = outer_copy()
            result.update(digest.digest())
            append(result.hexdigest())
        return pa.array(out, pa.string())

    return dvc_hmac_sha256


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        # a dbt run started by hand: what it writes from here on is private too
        os.umask(PRIVATE_UMASK)
        key = hmac_key()
        self._function = hmac_function(key)
        self._key_id = key_id(key)

    def configure_connection(self, conn: Any) -> None:
        conn.create_function(
            "dvc_hmac_sha256",
            self._function,
            ["VARCHAR"],
            "VARCHAR",
            type="arrow",
            null_handling="special",
        )
        conn.execute("set variable dvc_hmac_key_id = $1::varchar", [self._key_id])

    def configure_cursor(self, cursor: Any) -> None:
        # a cursor is a new DuckDB connection: session variables do not carry over (the
        # function does)
        cursor.execute("set variable dvc_hmac_key_id = $1::varchar", [self._key_id])
