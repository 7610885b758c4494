"""The landing-zone suite: every raw table, checked before dbt reads it.

What is checked (rule names as in seeds/reject_rules.csv where the staging quarantine has one):

structure (never tolerated)
    `missing_required_table`   every required table of the contract has at least one file
    `missing_required_column`  every file holds every contract column (gate/thresholds.yml
                               `may_lack_columns` lists the few that may be withheld)
    `non_empty`                HoSo and the DonVi / ThuTuc catalogues hold rows
    `row_count_bounds`         each table's row count within bounds of the previous passing run
rows (tolerated up to the share of gate/thresholds.yml)
    `missing_key`              key columns not empty
    `unknown_code`             coded columns hold a code of their list (contract.CODE_LISTS)
    `unparseable_timestamp`    wire timestamps, dates and NapLuc parse
    `unparseable_number`       number columns are numbers
    `duplicate_row`            no exact second copy of a row (same key, same NapLuc, same content)
    `conflicting_version`      no two different rows with the same key and the same NapLuc
    `orphan_dossier`           child rows point to a known dossier (their MaHoSo is in HoSo)
    `unknown_unit`             unit codes are in DonVi
    `unknown_procedure`        procedure codes (national part) are in ThuTuc
    `received_after_deadline`  HoSo: NgayTiepNhan not after NgayHenTra
    `received_after_returned`  HoSo: NgayTiepNhan not after NgayTra
    `negative_fee`             LePhi: Gia >= 0

DuckDB reads the files once per table (text as staging reads it: trimmed, empty = NULL) and
writes a frame per table: the coded columns and fee amounts as they are, and one check column
`_<rule>` per row check that needs a parse or a join, holding the offending value and its file
and row (NULL when the row is fine). GX then validates the frames; a `_<rule>` column is checked
with `expect_column_values_to_be_null`, so GX reports the count and sample values. Personal data
columns are read for the row hash only and never reach a frame or a report; an offending value
(a value outside its code list, a check column's text) is masked as the quarantine masks it
(privacy.mask_personal_sql: an ID number, phone or email in a wrong column never reaches the
samples or the Data Docs).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe

from dvc_index.gate.config import mostly
from dvc_index.gate.contract import (
    CODE_LISTS,
    DATE,
    DOSSIER_TABLE,
    LOADED_AT,
    NUMBER,
    PROCEDURE_TABLE,
    TABLES,
    TIMESTAMP,
    UNIT_TABLE,
    RawTable,
)
from dvc_index.gate.suites import Batch, tolerance_note
from dvc_index.privacy import mask_personal_sql

STAGE = "raw"
ZONE_BATCH = "landing_zone"

DESCRIPTIONS = {
    "missing_key": "Key columns ({key}) are not empty.",
    "unparseable_timestamp": (
        "Timestamps parse ({timestamps}): wire yyyyMMddHHmmss, dates yyyy-MM-dd, NapLuc "
        "ISO-8601. The value shown is the first field that does not."
    ),
    "unparseable_number": "Number columns ({numbers}) hold numbers.",
    "duplicate_row": (
        "No exact copy of a row (same key {key}, same NapLuc, same content); staging keeps one."
    ),
    "conflicting_version": (
        "No two different rows with the same key {key} and the same push version (NapLuc)."
    ),
    "orphan_dossier": "Child rows point to a known dossier: MaHoSo is in HoSo.",
    "unknown_unit": "Unit codes ({units}) are in the DonVi catalogue.",
    "unknown_procedure": "Procedure codes ({procedures}), national part, are in ThuTuc.",
    "received_after_deadline": "Reception before the deadline: NgayTiepNhan <= NgayHenTra.",
    "received_after_returned": "Reception before the return: NgayTiepNhan <= NgayTra.",
}


# ---------------------------------------------------------------------------------------------
# What is in the landing zone
# ---------------------------------------------------------------------------------------------


@dataclass
class RawFile:
    table: str
    path: Path
    fmt: str  # parquet | csv
    columns: frozenset[str]
    rows: int
    stamp: tuple[int, int] = (0, 0)  # size and mtime_ns: a file rewritten in place is new


@dataclass
class RawZone:
    raw_dir: Path
    files: dict[str, list[RawFile]]  # contract tables with at least one file
    # files (relative to the zone) a previous passing run validated, unchanged since: their
    # rows are not validated again (empty: every file is validated)
    validated: frozenset[str] = frozenset()

    @property
    def row_counts(self) -> dict[str, int]:
        return {table: sum(f.rows for f in files) for table, files in self.files.items()}

    def is_new(self, f: RawFile) -> bool:
        return self.relative(f.path) not in self.validated

    def new_files(self, table: str) -> list[RawFile]:
        return [f for f in self.files.get(table, []) if self.is_new(f)]

    def old_files(self, table: str) -> list[RawFile]:
        return [f for f in self.files.get(table, []) if not self.is_new(f)]

    @property
    def new_row_counts(self) -> dict[str, int]:
        """Rows this run validates, per table (all of them unless files were validated before)."""
        return {table: sum(f.rows for f in self.new_files(table)) for table in self.files}

    @property
    def stamps(self) -> dict[str, list[int]]:
        """Every file (relative to the zone) with its size and mtime_ns, for the record of a
        passing run."""
        return {
            self.relative(f.path): list(f.stamp) for files in self.files.values() for f in files
        }

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.raw_dir))
        except ValueError:
            return str(path)


def _lit(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def inventory(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> RawZone:
    """The files of every contract table, with their columns and row counts."""
    files: dict[str, list[RawFile]] = {}
    for name in TABLES:
        folder = raw_dir / name
        if not folder.is_dir():
            continue
        found = []
        for path in sorted(folder.iterdir()):
            if path.suffix == ".parquet":
                columns = {
                    row[0]
                    for row in con.execute(
                        "select name from parquet_schema(?)", [str(path)]
                    ).fetchall()
                }
                rows = con.execute(
                    "select coalesce(sum(num_rows), 0) from parquet_file_metadata(?)", [str(path)]
                ).fetchone()[0]
                found.append(
                    RawFile(name, path, "parquet", frozenset(columns), int(rows), _stamp(path))
                )
            elif path.suffix == ".csv":
                reader = _csv_reader(path)
                columns = {
                    row[0] for row in con.execute(f"describe select * from {reader}").fetchall()
                }
                rows = con.execute(f"select count(*) from {reader}").fetchone()[0]
                found.append(
                    RawFile(name, path, "csv", frozenset(columns), int(rows), _stamp(path))
                )
        if found:
            files[name] = found
    return RawZone(raw_dir, files)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def only_new_files(zone: RawZone, recorded: Mapping[str, list[int]] | None) -> RawZone:
    """The zone with the files a previous passing run validated marked as such, when the zone
    only grew since: every recorded file still there with the same size and mtime. Otherwise
    (a file removed, rewritten or replaced, or no record) every file is validated again."""
    if not recorded:
        return zone
    stamps = zone.stamps
    if any(stamps.get(path) != list(stamp) for path, stamp in recorded.items()):
        return zone
    return RawZone(zone.raw_dir, zone.files, frozenset(recorded))


def _csv_reader(path: Path) -> str:
    return f"read_csv({_lit(path)}, header = true, all_varchar = true, auto_detect = true)"


# ---------------------------------------------------------------------------------------------
# Preparation: one frame per table, one for the zone's structure
# ---------------------------------------------------------------------------------------------


def _as_text(column: str, present: frozenset[str]) -> str:
    if column in present:
        return f"cast({_q(column)} as varchar) as {_q(column)}"
    return f"null::varchar as {_q(column)}"


def _source_sql(
    zone: RawZone, table: RawTable, files: list[RawFile], keys_in: str | None = None
) -> str:
    """Every contract column of `files` as text, trimmed, empty as NULL (as staging reads it),
    with the row's file (relative to the zone), 1-based row and a hash of its content.

    keys_in: a relation with columns _k0, _k1, … (the table's key, cleaned): only rows with
    one of those keys, chosen before the row is cleaned and hashed (the earlier rows of keys a
    new file sends again)."""
    selects = []
    parquet = [f for f in files if f.fmt == "parquet"]
    if parquet:
        present = frozenset().union(*(f.columns for f in parquet))
        cols = [_as_text(c, present) for c in table.columns]
        paths = ", ".join(_lit(f.path) for f in parquet)
        scan = (
            f"select {', '.join(cols)}, filename as _path, file_row_number + 1 as _row "
            f"from read_parquet([{paths}], union_by_name = true, filename = true, "
            "file_row_number = true)"
        )
        selects.append(_key_candidates(scan, table.key[0], keys_in) if keys_in else scan)
    for f in files:
        if f.fmt != "csv":
            continue
        cols = [_as_text(c, f.columns) for c in table.columns]
        selects.append(
            f"select {', '.join(cols)}, {_lit(f.path)} as _path, "
            f"row_number() over () as _row from {_csv_reader(f.path)}"
        )
    if not selects:  # no file of the table to read: no row, the same columns
        nulls = ", ".join(f"null::varchar as {_q(c)}" for c in table.columns)
        selects.append(f"select {nulls}, null::varchar as _path, null::bigint as _row limit 0")
    rows = " union all by name ".join(selects)
    if keys_in:
        on = " and ".join(f"nullif(trim(r.{_q(c)}), '') = k._k{n}" for n, c in enumerate(table.key))
        rows = f"select r.* from ({rows}) r semi join {keys_in} k on {on}"
    cleaned = ", ".join(f"nullif(trim({_q(c)}), '') as {_q(c)}" for c in table.columns)
    content = ", ".join(_q(c) for c in table.columns)
    prefix = str(zone.raw_dir).rstrip("/") + "/"
    return f"""
        select *, hash({content}) as _h from (
            select {cleaned},
                replace(_path, {_lit(prefix)}, '') || ':' || _row::varchar as _at
            from ({rows})
        )"""


def _key_candidates(scan: str, first_key: str, keys_in: str) -> str:
    """The rows of `scan` that can have a key of `keys_in`, read cheaply: those whose raw first
    key column equals a cleaned first key (DuckDB pushes that semi join into the Parquet scan as
    a filter on the raw column, so the other columns of the other rows are never read), and those
    whose first key has a space to trim (the only raw values that clean to something else; trim
    removes spaces only). The exact semi join on the whole cleaned key follows. Without this
    step the cleaned key of every earlier row was computed: 7-10 times slower."""
    column = f"x.{_q(first_key)}"
    return (
        f"select x.* from ({scan}) x semi join (select distinct _k0 from {keys_in} "
        f"where _k0 is not null) k0 on {column} = k0._k0 "
        f"union all select x.* from ({scan}) x "
        f"where starts_with({column}, ' ') or ends_with({column}, ' ')"
    )


def _parses(expr: str, kind: str) -> str:
    """SQL: the (non-empty) text `expr` parses as its contract type, as staging parses it."""
    if kind == TIMESTAMP:
        return (
            f"(regexp_full_match({expr}, '[0-9]{{14}}') "
            f"and try_strptime({expr}, '%Y%m%d%H%M%S') is not null)"
        )
    if kind == DATE:
        return (
            f"(regexp_full_match({expr}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
            f"and try_strptime({expr}, '%Y-%m-%d') is not null)"
        )
    if kind == LOADED_AT:
        return (
            f"(case when regexp_matches({expr}, '(Z|[+-][0-9]{{2}}:?[0-9]{{2}})$') "
            f"then try_cast({expr} as timestamptz) is not null "
            f"when regexp_matches({expr}, '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
            f"then try_cast({expr} as timestamp) is not null else false end)"
        )
    if kind == NUMBER:
        return f"(try_cast({expr} as double) is not null)"
    raise ValueError(kind)


def _first_failure(table: RawTable, kinds: set[str]) -> str | None:
    """SQL: 'Field=value' for the first column of `kinds` whose text does not parse."""
    whens = []
    for column, kind in table.columns.items():
        if kind in kinds:
            expr = f"t.{_q(column)}"
            whens.append(
                f"when {expr} is not null and not {_parses(expr, kind)} then '{column}=' || {expr}"
            )
    return f"case {' '.join(whens)} end" if whens else None


def _national_code(expr: str) -> str:
    return f"(split_part({expr}, '.', 1) || '.' || split_part({expr}, '.', 2))"


def row_checks(table: RawTable, zone: RawZone) -> dict[str, tuple[str, list[str]]]:
    """The check columns of a table's frame: rule → (SQL of the offending text, NULL when the
    row is fine; joins it needs). Checks against a table missing from the zone are left out
    (the zone's structure check already fails)."""
    checks: dict[str, tuple[str, list[str]]] = {}
    key_empty = " or ".join(f"t.{_q(c)} is null" for c in table.key)
    empty_key = "empty key " + "+".join(table.key)
    checks["missing_key"] = (f"case when {key_empty} then '{empty_key}' end", [])
    parse = _first_failure(table, {TIMESTAMP, DATE, LOADED_AT})
    if parse:
        checks["unparseable_timestamp"] = (parse, [])
    numbers = _first_failure(table, {NUMBER})
    if numbers:
        checks["unparseable_number"] = (numbers, [])
    if table.child_of_dossier and DOSSIER_TABLE in zone.files:
        checks["orphan_dossier"] = (
            'case when t."MaHoSo" is not null and known_dossiers.code is null '
            "then 'MaHoSo=' || t.\"MaHoSo\" end",
            ['left join known_dossiers on t."MaHoSo" = known_dossiers.code'],
        )
    if table.unit_columns and UNIT_TABLE in zone.files:
        whens, joins = [], []
        for n, column in enumerate(table.unit_columns):
            alias = f"units_{n}"
            joins.append(f"left join known_units {alias} on t.{_q(column)} = {alias}.code")
            whens.append(
                f"when {alias}.code is null then '{column}=' || coalesce(t.{_q(column)}, '')"
            )
        checks["unknown_unit"] = (f"case {' '.join(whens)} end", joins)
    if table.procedure_columns and PROCEDURE_TABLE in zone.files:
        whens, joins = [], []
        for n, column in enumerate(table.procedure_columns):
            alias = f"procedures_{n}"
            joins.append(
                f"left join known_procedures {alias} "
                f"on {_national_code('t.' + _q(column))} = {alias}.code"
            )
            whens.append(
                f"when {alias}.code is null then '{column}=' || coalesce(t.{_q(column)}, '')"
            )
        checks["unknown_procedure"] = (f"case {' '.join(whens)} end", joins)
    if table.name == DOSSIER_TABLE:
        received = "try_strptime(t.\"NgayTiepNhan\", '%Y%m%d%H%M%S')"
        for rule, other in (
            ("received_after_deadline", "NgayHenTra"),
            ("received_after_returned", "NgayTra"),
        ):
            checks[rule] = (
                f"case when {received} > try_strptime(t.\"{other}\", '%Y%m%d%H%M%S') "
                f"then 'NgayTiepNhan=' || t.\"NgayTiepNhan\" || ' > {other}=' || t.\"{other}\" end",
                [],
            )
    # Extra copies of a key's push version: one row is kept (the greatest content hash, then
    # the first by file and row, as staging does); a copy identical to it is a duplicate_row,
    # a different row a conflicting_version.
    version = [*table.key, *([table.version_column] if table.version_column else [])]
    label = " || '|' || ".join(f"t.{_q(c)}" for c in version)
    checks["duplicate_row"] = (
        f"case when copies.rn > 1 and t._h = copies.kept_h then 'key ' || {label} end",
        ["left join copies on t._at = copies._at"],
    )
    checks["conflicting_version"] = (
        f"case when copies.rn > 1 and t._h <> copies.kept_h then 'key ' || {label} end",
        [],
    )
    return checks


def _copies_sql(table: RawTable) -> str:
    """Rows that share their key and push version with another row (rare: an aggregate first,
    then a window over those groups only), over `pool`: the rows validated now and the rows of
    earlier files with the same keys (`_old`). Earlier rows rank first: a new row that repeats
    one of them is the extra copy. Then the greatest content hash (the row staging keeps) and
    the first by file and row."""
    version = [*table.key, *([table.version_column] if table.version_column else [])]
    cols = ", ".join(_q(c) for c in version)
    # An empty NapLuc is one version of its own (staging reads it as 1900-01-01).
    on = " and ".join(f"t.{_q(c)} is not distinct from g.{_q(c)}" for c in version)
    not_null = " and ".join(f"{_q(c)} is not null" for c in table.key)
    window = (
        f"partition by {', '.join('t.' + _q(c) for c in version)} "
        "order by t._old desc, t._h desc, t._at"
    )
    return f"""
        select t._at,
            row_number() over ({window}) as rn,
            first_value(t._h) over ({window}) as kept_h
        from pool t
        join (select {cols} from pool where {not_null}
              group by all having count(*) > 1) g on {on}"""


def _value_columns(table: RawTable) -> list[str]:
    """Columns a frame carries: coded columns (a value outside the code list masked), and
    numbers checked for range."""
    columns = []
    for coded in table.coded:
        column = f"t.{_q(coded.column)}"
        codes = ", ".join(_lit(code) for code in CODE_LISTS[coded.code_list])
        columns.append(
            f"case when {column} in ({codes}) then {column} "
            f"else {mask_personal_sql(column)} end as {_q(coded.column)}"
        )
    if table.name == "LePhi":
        columns.append('try_cast(t."Gia" as double) as "Gia"')
    return columns


def prepare(
    con: duckdb.DuckDBPyConnection, zone: RawZone, workdir: Path, thresholds: Mapping[str, Any]
) -> dict[str, Path]:
    """Write the zone frame and one frame per table present; returns batch name → Parquet."""
    workdir.mkdir(parents=True, exist_ok=True)
    frames: dict[str, Path] = {}
    frames[ZONE_BATCH] = _write_zone_frame(con, zone, workdir, thresholds)
    for name in zone.files:
        table = TABLES[name]
        con.execute(
            f"create or replace temp view src_{name} as "
            + _source_sql(zone, table, zone.new_files(name))
        )
    for name, column, known in (
        (DOSSIER_TABLE, "MaHoSo", "known_dossiers"),
        (UNIT_TABLE, "MaDonVi", "known_units"),
        (PROCEDURE_TABLE, "MaTTHC", "known_procedures"),
    ):
        if name in zone.files:
            # every file's codes: a new child row may point to a dossier an earlier file sent
            # (with earlier files, only the dossiers the new child rows name are looked up)
            named = _named_dossiers(con, zone) if name == DOSSIER_TABLE else None
            every = _source_sql(zone, TABLES[name], zone.files[name], keys_in=named)
            # (a code matched to a named one is not null; saying so again would clean every
            # row's code before the lookup)
            not_null = "" if named else f" where {_q(column)} is not null"
            con.execute(
                f"create or replace temp table {known} as select distinct {_q(column)} as code "
                f"from ({every}){not_null}"
            )
    for name in zone.files:
        table = TABLES[name]
        checks = row_checks(table, zone)
        joins = [join for _, (_, js) in checks.items() for join in js]
        selects = [
            *(c if " as " in c else f"t.{_q(c)}" for c in _value_columns(table)),
            *(
                f"{mask_personal_sql(expr)} || ' @ ' || t._at as _{rule}"
                for rule, (expr, _) in checks.items()
            ),
        ]
        ctes = ["src as materialized (select *, false as _old from src_" + name + ")"]
        if zone.old_files(name):
            # earlier files' rows of the keys the new files send: their versions and copies
            keys = ", ".join(f"{_q(c)} as _k{n}" for n, c in enumerate(table.key))
            earlier = _source_sql(zone, table, zone.old_files(name), keys_in="new_keys")
            ctes += [
                f"new_keys as (select distinct {keys} from src)",
                f"pool as (select * from src union all select *, true as _old from ({earlier}))",
            ]
        else:
            ctes.append("pool as (select * from src)")
        sql = f"""
            with {", ".join(ctes)},
            copies as ({_copies_sql(table)})
            select {", ".join(selects)}
            from src t
            {" ".join(joins)}"""
        path = workdir / f"{name}.parquet"
        con.execute(f"copy ({sql}) to {_lit(path)} (format parquet)")
        frames[name] = path
    return frames


def _named_dossiers(con: duckdb.DuckDBPyConnection, zone: RawZone) -> str | None:
    """The temp table (_k0) of the dossier codes the new rows of child tables name, when HoSo
    has earlier files (the orphan check looks up no other code); None otherwise (the first run
    reads every code anyway). A table, not a subquery: its size is known when the scan is
    planned, so the lookup is pushed into the scan."""
    children = [n for n in zone.files if TABLES[n].child_of_dossier]
    if not zone.old_files(DOSSIER_TABLE) or not children:
        return None
    named = " union all ".join(f'select "MaHoSo" from src_{n}' for n in children)
    con.execute(
        f'create or replace temp table named_dossiers as select distinct "MaHoSo" as _k0 '
        f'from ({named}) where "MaHoSo" is not null'
    )
    return "named_dossiers"


def _write_zone_frame(
    con: duckdb.DuckDBPyConnection, zone: RawZone, workdir: Path, thresholds: Mapping[str, Any]
) -> Path:
    """One row per landing-zone file (its table, rows, and the contract columns it lacks that
    thresholds.yml does not excuse) plus one row per required table without any file."""
    excused = thresholds["raw"].get("may_lack_columns") or {}
    rows = []
    for name, table in TABLES.items():
        files = zone.files.get(name, [])
        if not files and not table.optional:
            rows.append((name, None, 0, f"{name} (no .parquet or .csv file)", None))
        for f in files:
            lacking = [
                c
                for c in table.columns
                if c not in f.columns and c not in set(excused.get(name) or [])
            ]
            problem = f"{zone.relative(f.path)} lacks " + ", ".join(lacking) if lacking else None
            rows.append((name, zone.relative(f.path), f.rows, None, problem))
    con.execute(
        "create or replace temp table zone_files (raw_table varchar, file varchar, "
        "row_count bigint, missing_required_table varchar, missing_required_columns varchar)"
    )
    if rows:
        con.executemany("insert into zone_files values (?, ?, ?, ?, ?)", rows)
    path = workdir / f"{ZONE_BATCH}.parquet"
    con.execute(f"copy zone_files to {_lit(path)} (format parquet)")
    return path


# ---------------------------------------------------------------------------------------------
# The suites
# ---------------------------------------------------------------------------------------------


def zone_suite(thresholds: Mapping[str, Any]) -> gx.ExpectationSuite:
    """The structure of the zone: required tables present, required columns in every file."""
    return gx.ExpectationSuite(
        name=f"{STAGE}.{ZONE_BATCH}",
        expectations=[
            gxe.ExpectColumnValuesToBeNull(
                column="missing_required_table",
                meta={"rule": "missing_required_table"},
                description="Every required table of the contract has at least one file.",
            ),
            gxe.ExpectColumnValuesToBeNull(
                column="missing_required_columns",
                meta={"rule": "missing_required_column"},
                description=(
                    "Every file holds every contract column (except the personal-data columns "
                    "thresholds.yml lets an exporter withhold)."
                ),
            ),
        ],
    )


def table_suite(
    table: RawTable,
    zone: RawZone,
    thresholds: Mapping[str, Any],
    previous_count: int | None,
) -> gx.ExpectationSuite:
    expectations: list[gxe.Expectation] = []
    key = "+".join(table.key)
    fill = {
        "key": key,
        "timestamps": ", ".join(c for c, k in table.columns.items() if k != "S" and k != NUMBER),
        "numbers": ", ".join(c for c, k in table.columns.items() if k == NUMBER),
        "units": ", ".join(table.unit_columns),
        "procedures": ", ".join(table.procedure_columns),
    }
    # The frame holds the rows validated now; rows of files a passing run validated before
    # (`earlier`) count toward the table's size but are not in it.
    rows = zone.new_row_counts.get(table.name, 0)
    earlier = zone.row_counts.get(table.name, 0) - rows
    also = f" ({earlier:,} rows of earlier files validated before, this frame the rest)"
    if table.name in (thresholds["raw"].get("non_empty_tables") or []):
        expectations.append(
            gxe.ExpectTableRowCountToBeBetween(
                min_value=max(0, 1 - earlier),
                meta={"rule": "non_empty"},
                description=f"{table.name} is not empty." + (also if earlier else ""),
            )
        )
    bounds = _row_count_bounds(table.name, thresholds, previous_count)
    if bounds:
        low, high, min_ratio, max_ratio = bounds
        expectations.append(
            gxe.ExpectTableRowCountToBeBetween(
                min_value=max(0, low - earlier),
                max_value=high - earlier,
                meta={"rule": "row_count_bounds", "previous_row_count": previous_count},
                description=(
                    f"Row count within {min_ratio:g}x and {max_ratio:g}x of the previous passing "
                    f"run ({previous_count:,} rows): between {low:,} and {high:,}."
                    + (also if earlier else "")
                ),
            )
        )
    handful = int(thresholds["raw"].get("always_tolerated_rows") or 0)

    def share(rule: str) -> float:
        """The rule's `mostly`, relaxed in a small table to let a handful of rows through."""
        base = mostly(thresholds, STAGE, rule)
        if base >= 1 or not rows or not handful:
            return base
        return round(max(0.0, min(base, 1 - handful / rows)), 6)

    for coded in table.coded:
        codes = CODE_LISTS[coded.code_list]
        expectations.append(
            gxe.ExpectColumnValuesToBeInSet(
                column=coded.column,
                value_set=list(codes),
                mostly=share("unknown_code"),
                meta={"rule": "unknown_code", "code_list": coded.code_list},
                description=(
                    f"{coded.column} is a code of the `{coded.code_list}` list: {', '.join(codes)}."
                    + tolerance_note(share("unknown_code"))
                ),
            )
        )
        if coded.required:
            expectations.append(
                gxe.ExpectColumnValuesToNotBeNull(
                    column=coded.column,
                    mostly=share("unknown_code"),
                    meta={"rule": "unknown_code", "code_list": coded.code_list},
                    description=f"{coded.column} is never empty."
                    + tolerance_note(share("unknown_code")),
                )
            )
    if table.name == "LePhi":
        expectations.append(
            gxe.ExpectColumnValuesToBeBetween(
                column="Gia",
                min_value=0,
                mostly=share("negative_fee"),
                meta={"rule": "negative_fee"},
                description="Fees are not negative: Gia >= 0."
                + tolerance_note(share("negative_fee")),
            )
        )
    for rule in row_checks(table, zone):
        expectations.append(
            gxe.ExpectColumnValuesToBeNull(
                column=f"_{rule}",
                mostly=share(rule),
                meta={"rule": rule},
                description=DESCRIPTIONS[rule].format(**fill) + tolerance_note(share(rule)),
            )
        )
    return gx.ExpectationSuite(name=f"{STAGE}.{table.name}", expectations=expectations)


def _row_count_bounds(
    name: str, thresholds: Mapping[str, Any], previous_count: int | None
) -> tuple[int, int, float, float] | None:
    if not previous_count:
        return None
    config = thresholds["raw"].get("row_count_bounds") or {}
    per_table = config.get("per_table") or {}
    if name in per_table:
        if per_table[name] is None:
            return None
        config = {**config, **per_table[name]}
    min_ratio, max_ratio = float(config["min_ratio"]), float(config["max_ratio"])
    return (
        math.ceil(previous_count * min_ratio),
        math.floor(previous_count * max_ratio),
        min_ratio,
        max_ratio,
    )


def build(
    raw_dir: Path,
    workdir: Path,
    thresholds: Mapping[str, Any],
    previous_counts: Mapping[str, int] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    validated_files: Mapping[str, list[int]] | None = None,
) -> tuple[list[Batch], RawZone]:
    """Prepare the frames of a landing zone and their suites. validated_files: the files (with
    size and mtime) of the last passing run; when the zone only grew since, the rows of those
    files are not validated again (only_new_files)."""
    con = con or duckdb.connect()
    zone = only_new_files(inventory(con, raw_dir), validated_files)
    frames = prepare(con, zone, workdir, thresholds)
    batches = [Batch(ZONE_BATCH, frames[ZONE_BATCH], zone_suite(thresholds))]
    for name in zone.files:
        previous = (previous_counts or {}).get(name)
        batches.append(
            Batch(name, frames[name], table_suite(TABLES[name], zone, thresholds, previous))
        )
    return batches, zone
