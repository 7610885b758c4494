"""Split a landing zone by load time (NapLuc) into an initial zone and later load batches.

Used to measure incremental builds: the initial zone holds everything loaded up to a first
cutoff, and each batch the rows loaded in the next window, as the loader would have appended
them. Rows are never read into Python: each table is streamed through DuckDB COPY.

API
---
- hold_back(src_zone, dst_zone, batches_dir, cutoffs) -> list[dict]
    `cutoffs` are K ascending naive Vietnam-local timestamps ("2026-09-29 00:00:00").
    dst_zone gets every table of src_zone; a table with a NapLuc column keeps only the rows whose
    NapLuc <= cutoffs[0] (and those whose NapLuc is empty or unparseable), under the original
    file names; tables without NapLuc and manifest.json are copied as they are.
    batches_dir/<k>/<Table>/batch-<k:04d>.parquet holds the rows with NapLuc in
    (cutoffs[k-1], cutoffs[k]] (the last batch: > cutoffs[K-1]); written only when not empty.
    Returns one dict per batch, index 0 = the initial zone:
    {"batch": k, "rows": {table: n}, "dossiers": distinct MaHoSo over the batch's HoSo rows}.
- apply_batch(batches_dir, k, zone): copy batch k's files into the zone's table directories.
- cutoff_for_changed_dossiers(src_zone, dossiers) -> str: the latest cutoff after which the
    HoSo rows loaded cover about `dossiers` distinct MaHoSo.

NapLuc is parsed as the warehouse parses it (macro duckdb__parse_loaded_at): an offset (`Z`,
`+07:00`, `+0700`) is honoured and converted to Vietnam local time; no offset means Vietnam
local time already.

Run:
    dvc-index zone-batches hold-back SRC DST BATCHES "2026-09-29 00:00:00" ...
    dvc-index zone-batches cutoff SRC 80000
    dvc-index zone-batches apply BATCHES 1 ZONE
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

MEMORY_LIMIT = os.environ.get("ZONE_BATCHES_MEMORY_LIMIT", "8GB")
HOSO = "HoSo"
DOSSIER_KEY = "MaHoSo"
LOADED_AT = "NapLuc"


def _parsed_loaded_at(column: str = f'"{LOADED_AT}"') -> str:
    """SQL: the NapLuc text to a naive Vietnam-local timestamp, NULL when empty/unparseable.

    The loader's usual forms (`yyyy-MM-ddTHH:mm:ss` with `+07:00`, `+0700`, `Z` or no offset)
    take plain string functions and the fixed UTC+7 offset; any other text takes the general
    path (regular expression, ICU time zone), as the warehouse's parse_loaded_at does."""
    x = f"nullif(trim({column}), '')"
    seconds = f"try_strptime(replace(left({x}, 19), 'T', ' '), '%Y-%m-%d %H:%M:%S')"
    sign = f"(CASE WHEN substr({x}, 20, 1) = '-' THEN -1 ELSE 1 END)"

    def shifted(minute_pos: int) -> str:
        offset = (
            f"try_cast(substr({x}, 21, 2) AS INTEGER) * 60 "
            f"+ try_cast(substr({x}, {minute_pos}, 2) AS INTEGER)"
        )
        return f"{seconds} + to_minutes(CAST(420 - {sign} * ({offset}) AS BIGINT))"

    return (
        f"CASE WHEN length({x}) = 19 THEN {seconds} "
        f"WHEN length({x}) = 20 AND right({x}, 1) = 'Z' THEN {seconds} + INTERVAL 7 HOUR "
        f"WHEN length({x}) = 25 AND substr({x}, 20, 1) IN ('+', '-') "
        f"AND substr({x}, 23, 1) = ':' THEN {shifted(24)} "
        f"WHEN length({x}) = 24 AND substr({x}, 20, 1) IN ('+', '-') THEN {shifted(23)} "
        f"WHEN regexp_matches({x}, '(Z|[+-][0-9]{{2}}:?[0-9]{{2}})$') "
        f"THEN timezone('Asia/Ho_Chi_Minh', try_cast({x} AS TIMESTAMPTZ)) "
        f"WHEN regexp_matches({x}, '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
        f"THEN try_cast({x} AS TIMESTAMP) END"
    )


def _lit(value: str | os.PathLike) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def _ts(value: str) -> str:
    """A validated naive timestamp literal."""
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is not None:
        raise ValueError(f"cutoff must be naive Vietnam-local time, got {value!r}")
    return f"TIMESTAMP '{parsed:%Y-%m-%d %H:%M:%S.%f}'"


@contextmanager
def _connection(work_dir: Path):
    """A DuckDB connection with a bounded memory limit and a private spill directory."""
    work_dir.mkdir(parents=True, exist_ok=True)
    spill = Path(tempfile.mkdtemp(prefix=".duckdb-spill-", dir=work_dir))
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = {_lit(MEMORY_LIMIT)}")
        con.execute(f"SET temp_directory = {_lit(spill)}")
        con.execute("SET preserve_insertion_order = false")
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def _tables(zone: Path) -> list[Path]:
    return sorted(p for p in zone.iterdir() if p.is_dir() and not p.name.startswith("."))


def _data_files(table_dir: Path) -> list[Path]:
    return sorted(
        p for p in table_dir.iterdir() if p.is_file() and p.suffix.lower() in (".parquet", ".csv")
    )


def _reader(files: list[Path]) -> str:
    """A table expression over data files of one format (Parquet, or CSV as text)."""
    listed = "[" + ", ".join(_lit(f) for f in files) + "]"
    if all(f.suffix.lower() == ".parquet" for f in files):
        return f"read_parquet({listed}, union_by_name = true)"
    return f"read_csv({listed}, header = true, all_varchar = true, union_by_name = true)"


def _columns(con: duckdb.DuckDBPyConnection, files: list[Path]) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {_reader(files)}").fetchall()]


def _select_list(columns: list[str]) -> str:
    return ", ".join('"' + c.replace('"', '""') + '"' for c in columns)


def _row_count(con: duckdb.DuckDBPyConnection, files: list[Path]) -> int:
    if not files:
        return 0
    if all(f.suffix.lower() == ".parquet" for f in files):
        listed = "[" + ", ".join(_lit(f) for f in files) + "]"
        return int(
            con.execute(f"SELECT sum(num_rows) FROM parquet_file_metadata({listed})").fetchone()[0]
            or 0
        )
    return int(con.execute(f"SELECT count(*) FROM {_reader(files)}").fetchone()[0])


def _copy_out(con: duckdb.DuckDBPyConnection, query: str, target: Path, fmt: str) -> int:
    """COPY a query to a file; returns the number of rows written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER"
    result = con.execute(f"COPY ({query}) TO {_lit(target)} ({options})").fetchone()
    return int(result[0]) if result else 0


def _distinct_dossiers(con: duckdb.DuckDBPyConnection, files: list[Path]) -> int:
    if not files:
        return 0
    return int(
        con.execute(f'SELECT count(DISTINCT "{DOSSIER_KEY}") FROM {_reader(files)}').fetchone()[0]
    )


def hold_back(
    src_zone: str | os.PathLike,
    dst_zone: str | os.PathLike,
    batches_dir: str | os.PathLike,
    cutoffs: list[str],
) -> list[dict]:
    """Write the initial zone (NapLuc <= cutoffs[0], or NapLuc unusable) to `dst_zone` and the
    rows loaded after it, split at the other cutoffs, to `batches_dir/<k>/<Table>/`.

    Returns [{"batch": k, "rows": {table: n}, "dossiers": n}, ...], index 0 = initial zone."""
    src, dst, batches = Path(src_zone), Path(dst_zone), Path(batches_dir)
    if not cutoffs:
        raise ValueError("at least one cutoff is needed")
    bounds = [_ts(c) for c in cutoffs]
    if [datetime.fromisoformat(c.strip()) for c in cutoffs] != sorted(
        datetime.fromisoformat(c.strip()) for c in cutoffs
    ):
        raise ValueError(f"cutoffs must be ascending: {cutoffs}")
    if src.resolve() == dst.resolve():
        raise ValueError("src_zone and dst_zone must differ")
    n_batches = len(cutoffs)
    dst.mkdir(parents=True, exist_ok=True)
    batches.mkdir(parents=True, exist_ok=True)
    report = [{"batch": k, "rows": {}, "dossiers": 0} for k in range(n_batches + 1)]
    manifest = src / "manifest.json"
    if manifest.exists():
        shutil.copy2(manifest, dst / "manifest.json")

    with _connection(batches / ".work") as con:
        tail_file = batches / ".work" / "tail.parquet"
        for table_dir in _tables(src):
            table = table_dir.name
            files = _data_files(table_dir)
            out_dir = dst / table
            out_dir.mkdir(parents=True, exist_ok=True)
            if not files:
                continue
            columns = _columns(con, files)
            if LOADED_AT not in columns:
                for f in files:
                    shutil.copy2(f, out_dir / f.name)
                report[0]["rows"][table] = _row_count(con, files)
                continue
            cols = _select_list(columns)
            loaded = _parsed_loaded_at()
            # Initial zone: one COPY per source file, keeping its name and format.
            initial = 0
            for f in files:
                fmt = "parquet" if f.suffix.lower() == ".parquet" else "csv"
                query = (
                    f"SELECT {_select_list(_columns(con, [f]))} FROM {_reader([f])} "
                    f"WHERE coalesce({loaded} <= {bounds[0]}, true)"
                )
                initial += _copy_out(con, query, out_dir / f.name, fmt)
            report[0]["rows"][table] = initial
            # Held back rows: one pass over the sources to a small tail file tagged with the
            # batch number, then one COPY per batch from the tail.
            batch_of = " ".join(
                f"WHEN _loaded_at <= {bounds[k]} THEN {k}" for k in range(1, n_batches)
            )
            batch_expr = f"CASE {batch_of} ELSE {n_batches} END" if batch_of else str(n_batches)
            tail_rows = _copy_out(
                con,
                f"SELECT {cols}, {batch_expr} AS _batch FROM ("
                f"SELECT *, {loaded} AS _loaded_at FROM {_reader(files)}) "
                f"WHERE _loaded_at > {bounds[0]}",
                tail_file,
                "parquet",
            )
            for k in range(1, n_batches + 1):
                target = batches / str(k) / table / f"batch-{k:04d}.parquet"
                target.unlink(missing_ok=True)
                rows = 0
                if tail_rows:
                    (rows,) = con.execute(
                        f"SELECT count(*) FROM read_parquet({_lit(tail_file)}) WHERE _batch = {k}"
                    ).fetchone()
                if rows:
                    _copy_out(
                        con,
                        f"SELECT {cols} FROM read_parquet({_lit(tail_file)}) WHERE _batch = {k}",
                        target,
                        "parquet",
                    )
                report[k]["rows"][table] = int(rows)
            if table == HOSO:
                report[0]["dossiers"] = _distinct_dossiers(con, _data_files(out_dir))
                for k in range(1, n_batches + 1):
                    batch_dir = batches / str(k) / table
                    batch_files = _data_files(batch_dir) if report[k]["rows"][table] else []
                    report[k]["dossiers"] = _distinct_dossiers(con, batch_files)
            tail_file.unlink(missing_ok=True)
    shutil.rmtree(batches / ".work", ignore_errors=True)
    (batches / "batches.json").write_text(
        json.dumps({"cutoffs": cutoffs, "batches": report}, indent=2) + "\n"
    )
    return report


def apply_batch(batches_dir: str | os.PathLike, k: int, zone: str | os.PathLike) -> None:
    """Copy batch k's files into the zone (as the loader would append them)."""
    source = Path(batches_dir) / str(k)
    if not source.is_dir():
        return  # an empty batch writes no files
    for table_dir in _tables(source):
        target = Path(zone) / table_dir.name
        target.mkdir(parents=True, exist_ok=True)
        for f in _data_files(table_dir):
            shutil.copy2(f, target / f.name)


def cutoff_for_changed_dossiers(src_zone: str | os.PathLike, dossiers: int) -> str:
    """The latest cutoff (naive Vietnam-local 'yyyy-mm-dd hh:mm:ss') such that the HoSo rows
    loaded after it cover about `dossiers` distinct MaHoSo: the (dossiers+1)-th greatest
    per-dossier latest NapLuc (ties at a second may add a few dossiers)."""
    src = Path(src_zone)
    files = _data_files(src / HOSO)
    if not files:
        raise FileNotFoundError(f"no HoSo files in {src}")
    n = max(0, int(dossiers))
    with _connection(Path(tempfile.gettempdir())) as con:
        per_dossier = (
            f'SELECT "{DOSSIER_KEY}", max({_parsed_loaded_at()}) AS last_loaded_at '
            f"FROM {_reader(files)} GROUP BY ALL"
        )
        row = con.execute(
            f"SELECT last_loaded_at FROM ({per_dossier}) WHERE last_loaded_at IS NOT NULL "
            f"ORDER BY last_loaded_at DESC LIMIT 1 OFFSET {n}"
        ).fetchone()
        if row is None:  # fewer dossiers than asked: hold back everything
            (first,) = con.execute(
                f"SELECT min(last_loaded_at) - INTERVAL 1 SECOND FROM ({per_dossier})"
            ).fetchone()
            if first is None:
                raise ValueError(f"no parseable NapLuc in {src / HOSO}")
            return f"{first:%Y-%m-%d %H:%M:%S}"
        (cutoff,) = row
        return f"{cutoff:%Y-%m-%d %H:%M:%S}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    hb = sub.add_parser("hold-back", help="write the initial zone and the batches")
    hb.add_argument("src_zone")
    hb.add_argument("dst_zone")
    hb.add_argument("batches_dir")
    hb.add_argument("cutoffs", nargs="+", help='ascending, e.g. "2026-09-29 00:00:00"')
    ab = sub.add_parser("apply", help="copy batch k into a zone")
    ab.add_argument("batches_dir")
    ab.add_argument("k", type=int)
    ab.add_argument("zone")
    cf = sub.add_parser("cutoff", help="the cutoff that holds back about N changed dossiers")
    cf.add_argument("src_zone")
    cf.add_argument("dossiers", type=int)
    args = ap.parse_args(argv)
    if args.command == "hold-back":
        print(json.dumps(hold_back(args.src_zone, args.dst_zone, args.batches_dir, args.cutoffs)))
    elif args.command == "apply":
        apply_batch(args.batches_dir, args.k, args.zone)
    else:
        print(cutoff_for_changed_dossiers(args.src_zone, args.dossiers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
