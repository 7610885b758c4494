"""SQL text helpers of the generator (column types, literals, timestamps, intervals)."""

from __future__ import annotations

import unicodedata

from dvc_index.demo.tables import DECIMAL_COLUMNS, NUMBER_COLUMNS

# --------------------------------------------------------------------------------------------
# SQL helpers
# --------------------------------------------------------------------------------------------


def _column_type(column: str) -> str:
    if column in DECIMAL_COLUMNS:
        return "DOUBLE"
    return "BIGINT" if column in NUMBER_COLUMNS else "VARCHAR"


def _ascii(s: str) -> str:
    """Lower-case ASCII of a Vietnamese word (for e-mail addresses)."""
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(
        c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)
    ).lower()


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _ts(expr: str) -> str:
    """A TIMESTAMP as the wire format yyyyMMddHHmmss (arithmetic: much faster than strftime)."""
    return f"ts_wire({expr})"


def _secs(expr: str) -> str:
    """A number of seconds (double expression) as a whole-second INTERVAL."""
    return f"to_seconds(floor({expr})::BIGINT)"
