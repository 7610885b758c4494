"""A published view written one Parquet file per partition, reusing unchanged partitions.

The dossier listing (fct_points_lost_dossiers, a view of about 22 rows per dossier) was written
whole by every publication, most of a micro-batch's publishing time. A micro-batch touches few
periods (the month, quarter, year and year to date its dossiers were received in), so the
listing is written one file per period:

    versions/<id>/marts/fct_points_lost_dossiers/period_type=month/period_label=2026-09/data_0.parquet

and a period whose signature (a relation of the warehouse, one row per partition, computed by
dbt: int_points_lost_dossiers_partitions) equals the one the previous version recorded is
hard-linked from the previous version instead of written again. The signature changes whenever
the partition's rows may have changed (see the model's header). The manifest records, per
view, the digest of the view's SQL (a changed definition writes every partition again) and each
partition's signature.

Published files are read-only and never written again once visible, so a link shares an
unchanging file between versions; pruning a version removes its names only. Linking needs the
previous version on the same file system: it is in the same `versions` directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import duckdb

from dvc_index.common import sql_identifier as _quote
from dvc_index.common import sql_literal as _literal

# view of schema marts -> (the relation of the warehouse with one signature row per partition,
# the partition columns, which the view has and the relation's rows give)
PARTITIONED_VIEWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "fct_points_lost_dossiers": (
        "intermediate.int_points_lost_dossiers_partitions",
        ("period_type", "period_label"),
    ),
}
FILE_NAME = "data_0.parquet"


def glob_pattern(view_dir: Path, columns: tuple[str, ...]) -> str:
    """The files of a partitioned view, for read_parquet."""
    return str(view_dir.joinpath(*(["*"] * len(columns)), FILE_NAME))


def partitioning(
    connection: duckdb.DuckDBPyConnection, catalog: str, view: str
) -> tuple[str, tuple[str, ...]] | None:
    """The signature relation and partition columns of `view`, when it is partitioned and the
    warehouse has that relation (an older warehouse has not: the view is written whole)."""
    spec = PARTITIONED_VIEWS.get(view)
    if spec is None:
        return None
    schema, name = spec[0].split(".", 1)
    found = connection.execute(
        """
        select count(*) from duckdb_tables()
        where database_name = ? and schema_name = ? and table_name = ?
        """,
        [catalog, schema, name],
    ).fetchone()[0]
    return spec if found else None


def _previous_signatures(previous: Path | None, view: str, definition: str) -> dict[str, str]:
    """The partition signatures the previous version recorded for `view`, when it had the same
    definition; {} otherwise."""
    if previous is None:
        return {}
    try:
        manifest = json.loads((previous / "manifest.json").read_text())
    except (OSError, ValueError):
        return {}
    entry = (manifest.get("marts") or {}).get(view) or {}
    if entry.get("definition") != definition:
        return {}
    return entry.get("partitions") or {}


def write_partitions(
    connection: duckdb.DuckDBPyConnection,
    catalog: str,
    view: str,
    spec: tuple[str, tuple[str, ...]],
    view_dir: Path,
    previous: Path | None,
) -> dict:
    """Write `view` (schema marts of the attached warehouse `catalog`, inside the caller's
    snapshot transaction) one Parquet file per partition under `view_dir`, linking from the
    `previous` version each partition whose signature did not change. Returns the manifest
    entry's partition fields."""
    relation, columns = spec
    definition_sql = connection.execute(
        """
        select sql from duckdb_views()
        where database_name = ? and schema_name = 'marts' and view_name = ?
        """,
        [catalog, view],
    ).fetchone()[0]
    definition = hashlib.sha256(definition_sql.encode()).hexdigest()
    earlier = _previous_signatures(previous, view, definition)
    cursor = connection.execute(f"select * from {relation} order by all")
    names = [column[0] for column in cursor.description]
    signatures: dict[str, str] = {}
    reused = 0
    for row in cursor.fetchall():
        values = dict(zip(names, row, strict=True))
        parts = [f"{column}={values[column]}" for column in columns]
        if any("/" in part or part.endswith("=None") for part in parts):
            raise ValueError(f"{relation}: a partition value cannot name a directory: {parts}")
        key = "/".join(parts)
        signature = json.dumps({k: str(v) for k, v in values.items()}, sort_keys=True)
        target = view_dir / key / FILE_NAME
        target.parent.mkdir(parents=True)
        source = previous / "marts" / view / key / FILE_NAME if previous else None
        if earlier.get(key) == signature and source is not None and source.is_file():
            os.link(source, target)
            reused += 1
        else:
            where = " and ".join(
                f"{_quote(column)} = {_literal(str(values[column]))}" for column in columns
            )
            connection.execute(
                f"copy (select * from marts.{_quote(view)} where {where}) "
                f"to {_literal(str(target))} (format parquet, compression zstd)"
            )
        signatures[key] = signature
    return {
        "partitioned_by": list(columns),
        "definition": definition,
        "partitions": signatures,
        "partitions_reused": reused,
    }
