"""The generator: one run, all row-level work in DuckDB. The table families are written by
the mixins it is made of (catalogue_tables, dossiers, dossier_tables); this module holds
the run itself, the connection and the helpers every family uses (uniform draws, emit)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

from dvc_index.demo.catalogue_tables import CatalogueTables
from dvc_index.demo.dossier_tables import DossierTables
from dvc_index.demo.dossiers import DossierModel
from dvc_index.demo.reference_data import (
    BUSINESS_SECTORS,
    FAMILY_NAMES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    PHONE_PREFIXES,
    PLACE_A,
    PLACE_B,
)
from dvc_index.demo.sql import _ascii, _column_type, _sql_list
from dvc_index.demo.tables import (
    DIRTY_KINDS,
    EXTRA_ROW_KINDS,
    HA_NAM_RATES,
    MERGER_DATE,
    NATIONAL_RATES,
    PAKN_PER_DOSSIER,
    TABLE_COLUMNS,
    UNITS_VALID_FROM,
)


class Generator(CatalogueTables, DossierModel, DossierTables):
    """One generation run. All row-level work happens in DuckDB."""

    def __init__(
        self,
        out: Path,
        dossiers: int,
        seed: int,
        start: date,
        end: date,
        dirty_rate: float,
        fmt: str,
        chunk_dossiers: int,
        memory_limit: str | None,
        threads: int | None,
        quiet: bool = False,
    ):
        if end < start:
            raise SystemExit("--end is before --start")
        if dossiers < 1:
            raise SystemExit("--dossiers must be at least 1")
        if not 0 <= dirty_rate < 0.5:
            raise SystemExit("--dirty-rate must be in [0, 0.5)")
        self.out, self.n, self.seed = out, dossiers, seed
        self.start, self.end, self.rate, self.fmt = start, end, dirty_rate, fmt
        self.chunk = max(1, chunk_dossiers)
        self.quiet = quiet
        self.extract = datetime.combine(end + timedelta(days=1), datetime.min.time())
        self.units_from = min(UNITS_VALID_FROM, start)
        self.row_counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.files: dict[str, list[str]] = {}
        self.rejects: dict[str, dict[str, int]] = {}
        self.tmp = out / "_generate_tmp"
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir(parents=True)
        self.con = duckdb.connect()
        if memory_limit is None:
            try:
                total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
                memory_limit = f"{max(1, int(total * 0.5 / 2**30))}GB"
            except (ValueError, OSError, AttributeError):
                memory_limit = "8GB"
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute(f"SET temp_directory = '{self.tmp / 'spill'}'")
        self.con.execute("SET preserve_insertion_order = true")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")

    # -- small helpers ------------------------------------------------------------------------

    def u(self, args: str, tag: int) -> str:
        """A uniform double in [0, 1), a pure function of (args, tag, seed)."""
        return (
            f"((hash({args}, {tag}::INTEGER, {self.seed}::BIGINT) >> 11) * 1.1102230246251565e-16)"
        )

    def log(self, msg: str) -> None:
        if not self.quiet:
            print(msg, file=sys.stderr, flush=True)

    def q(self, sql: str):
        return self.con.execute(sql)

    def register(self, name: str, rows: list[dict] | list[tuple], columns: list[str] | None = None):
        if rows and isinstance(rows[0], dict):
            cols = list(rows[0].keys())
            data = {c: [r[c] for r in rows] for c in cols}
        else:
            cols = columns or []
            data = {c: [r[k] for r in rows] for k, c in enumerate(cols)}
        self.con.register(f"_arrow_{name}", pa.table(data))
        self.q(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _arrow_{name}")
        self.con.unregister(f"_arrow_{name}")

    def nl_fmt(self, ts_expr: str, key: str) -> str:
        """NapLuc as ISO-8601: mostly +07:00, some without offset (local), some UTC with Z."""
        h = self.u(key, 99)
        return (
            f"CASE WHEN {h} < 0.80 THEN strftime({ts_expr}, '%Y-%m-%dT%H:%M:%S+07:00') "
            f"WHEN {h} < 0.92 THEN strftime({ts_expr}, '%Y-%m-%dT%H:%M:%S') "
            f"ELSE strftime({ts_expr} - INTERVAL 7 HOUR, '%Y-%m-%dT%H:%M:%SZ') END"
        )

    # -- reference tables ---------------------------------------------------------------------

    def _macros(self) -> None:
        # A random moment of office hours (07:30-17:30) on the day of t.
        self.q(
            "CREATE MACRO office_hours(t, x) AS "
            "date_trunc('day', t) + to_seconds(27000 + floor(x * 36000)::BIGINT)"
        )
        self.q("""CREATE MACRO ts_wire(t) AS CAST(
            (year(t) * 10000 + month(t) * 100 + dayofmonth(t))::BIGINT * 1000000
            + hour(t) * 10000 + minute(t) * 100 + second(t) AS VARCHAR)""")
        self.q(
            f"CREATE MACRO fam_name(h) AS {_sql_list(FAMILY_NAMES)}"
            f"[1 + (h % {len(FAMILY_NAMES)})::INTEGER]"
        )
        self.q(f"""CREATE MACRO mid_name(h) AS CASE WHEN (h >> 8) % 2 = 0
            THEN {_sql_list(MIDDLE_MALE)}[1 + ((h >> 9) % {len(MIDDLE_MALE)})::INTEGER]
            ELSE {_sql_list(MIDDLE_FEMALE)}[1 + ((h >> 9) % {len(MIDDLE_FEMALE)})::INTEGER] END""")
        self.q(f"""CREATE MACRO given_name(h) AS CASE WHEN (h >> 8) % 2 = 0
            THEN {_sql_list(GIVEN_MALE)}[1 + ((h >> 14) % {len(GIVEN_MALE)})::INTEGER]
            ELSE {_sql_list(GIVEN_FEMALE)}[1 + ((h >> 14) % {len(GIVEN_FEMALE)})::INTEGER] END""")
        self.q(
            "CREATE MACRO full_name(h) AS fam_name(h) || ' ' || mid_name(h) || ' ' || given_name(h)"
        )
        self.q(
            f"CREATE MACRO fam_ascii(h) AS {_sql_list([_ascii(x) for x in FAMILY_NAMES])}"
            f"[1 + (h % {len(FAMILY_NAMES)})::INTEGER]"
        )
        gm = _sql_list([_ascii(x) for x in GIVEN_MALE])
        gf = _sql_list([_ascii(x) for x in GIVEN_FEMALE])
        self.q(f"""CREATE MACRO given_ascii(h) AS CASE WHEN (h >> 8) % 2 = 0
            THEN {gm}[1 + ((h >> 14) % {len(GIVEN_MALE)})::INTEGER]
            ELSE {gf}[1 + ((h >> 14) % {len(GIVEN_FEMALE)})::INTEGER] END""")
        self.q(
            f"CREATE MACRO place_a(h) AS {_sql_list(PLACE_A)}[1 + (h % {len(PLACE_A)})::INTEGER]"
        )
        self.q(
            f"CREATE MACRO place_b(h) AS {_sql_list(PLACE_B)}[1 + (h % {len(PLACE_B)})::INTEGER]"
        )
        self.q(
            f"CREATE MACRO biz_sector(h) AS {_sql_list(BUSINESS_SECTORS)}"
            f"[1 + (h % {len(BUSINESS_SECTORS)})::INTEGER]"
        )
        self.q(
            f"CREATE MACRO phone_prefix(h) AS {_sql_list(PHONE_PREFIXES)}"
            f"[1 + (h % {len(PHONE_PREFIXES)})::INTEGER]"
        )
        self.q("""CREATE MACRO bad_ts(v, h) AS CASE WHEN h % 2 = 0
            THEN substr(v, 1, 4) || '13' || substr(v, 7)
            ELSE substr(v, 1, 4) || '-' || substr(v, 5, 2) || '-' || substr(v, 7, 2) || ' '
                 || substr(v, 9, 2) || ':' || substr(v, 11, 2) END""")
        self.q(f"""CREATE MACRO orphan_code(m) AS
            substr(m, 1, length(m) - {self.width}) || '9' || right(m, {self.width})""")

    def _select_typed(self, table: str, src: str, order: list[str]) -> str:
        cols = ", ".join(f'CAST("{c}" AS {_column_type(c)}) AS "{c}"' for c in TABLE_COLUMNS[table])
        return f"SELECT {cols} FROM ({src}) ORDER BY {', '.join(order)}"

    def emit(
        self,
        table: str,
        body: str,
        order: list[str],
        part: int = 1,
        lo: int = 0,
        hi: int = 0,
        mods: dict[str, dict[str, str]] | None = None,
        elig: dict[str, str] | None = None,
    ) -> None:
        """Write part `part` of `table` from `body`: a SELECT giving every contract column, the
        `order` columns, `_rh` (a UBIGINT hash of the row's identity) and any hidden column used
        by `mods`/`elig`; {lo}/{hi} in it are replaced by the chunk bounds. With --dirty-rate,
        about rate x rows get one fault each (a kind of DIRTY_KINDS[table], rotated to the next
        eligible kind when `elig` says the row cannot take it): modify kinds change the row
        (`mods`), duplicate_row adds an exact copy, conflicting_version a modified copy."""
        t_start = time.time()
        mods, elig = mods or {}, elig or {}
        kinds = DIRTY_KINDS[table] if self.rate > 0 else []
        folder = self.out / table
        folder.mkdir(parents=True, exist_ok=True)
        ext = "parquet" if self.fmt == "parquet" else "csv"
        options = "(FORMAT parquet)" if ext == "parquet" else "(FORMAT csv, HEADER true)"
        cols = TABLE_COLUMNS[table]
        sql = body.replace("{lo}", str(lo)).replace("{hi}", str(hi))
        counts = self.rejects.setdefault(table, {})
        if not kinds:
            final = self._select_typed(table, sql, order)
        else:
            k = len(kinds)
            uexpr = "((_rh >> 11) * 1.1102230246251565e-16)"
            idx = f"least({k - 1}, floor({uexpr} / {self.rate} * {k})::INTEGER)"
            whens = []
            for first in range(k):
                rot = [kinds[(first + n) % k] for n in range(k)]
                opts = ", ".join(f"CASE WHEN {elig.get(kd, 'true')} THEN '{kd}' END" for kd in rot)
                whens.append(f"WHEN {first} THEN coalesce({opts})")
            sel = f"CASE WHEN {uexpr} < {self.rate} THEN (CASE {idx} {' '.join(whens)} END) END"
            modify = [kd for kd in kinds if kd not in EXTRA_ROW_KINDS]

            def colexprs(kind_map: dict[str, dict[str, str]], active: list[str]) -> str:
                parts = []
                for c in cols:
                    cases = [
                        (kd, kind_map[kd][c])
                        for kd in active
                        if kd in kind_map and c in kind_map[kd]
                    ]
                    if cases:
                        w = " ".join(f"WHEN '{kd}' THEN {e}" for kd, e in cases)
                        parts.append(f'CASE _sel {w} ELSE "{c}" END AS "{c}"')
                    else:
                        parts.append(f'"{c}"')
                return ", ".join(parts)

            ordc = ", ".join(order)
            plain = ", ".join(f'"{c}"' for c in cols)
            branches = [f"SELECT {colexprs(mods, modify)}, {ordc}, 0 AS _x FROM s"]
            if "duplicate_row" in kinds:
                branches.append(
                    f"SELECT {plain}, {ordc}, 1 AS _x FROM s WHERE _sel = 'duplicate_row'"
                )
            if "conflicting_version" in kinds:
                cv = {"conflicting_version": mods["conflicting_version"]}
                branches.append(
                    f"SELECT {colexprs(cv, ['conflicting_version'])}, {ordc}, 2 AS _x "
                    "FROM s WHERE _sel = 'conflicting_version'"
                )
            src = (
                f"WITH c AS NOT MATERIALIZED ({sql}), "
                f"s AS NOT MATERIALIZED (SELECT *, {sel} AS _sel FROM c) "
                + " UNION ALL ".join(branches)
            )
            final = self._select_typed(table, src, [*order, "_x"])
            got = self.q(
                f"WITH c AS ({sql}) SELECT _sel, count(*) FROM "
                f"(SELECT {sel} AS _sel FROM c) WHERE _sel IS NOT NULL GROUP BY 1"
            ).fetchall()
            for kd, cnt in got:
                counts[kd] = counts.get(kd, 0) + cnt
        path = folder / f"part-{part:04d}.{ext}"
        written = self.q(f"COPY ({final}) TO '{path}' {options}").fetchone()[0]
        self.row_counts[table] = self.row_counts.get(table, 0) + written
        self.files.setdefault(table, []).append(path.name)
        self.seconds[table] = self.seconds.get(table, 0.0) + time.time() - t_start

    def dossier_chunks(self) -> list[tuple[int, int]]:
        return [(lo, min(self.n, lo + self.chunk)) for lo in range(0, self.n, self.chunk)]

    def vsel(self, t: str) -> str:
        return (
            f"(CASE WHEN sn0 IS NOT NULL AND {t} <= sn0 THEN 0 "
            f"WHEN sn1 IS NOT NULL AND {t} <= sn1 THEN 1 ELSE 2 END)"
        )

    def naplu(self, v: str) -> str:
        """NapLuc text of version v of dossier i (same text in HoSo and its child rows)."""
        return self.nl_fmt(f"(CASE {v} WHEN 0 THEN nl0 WHEN 1 THEN nl1 ELSE nl2 END)", f"i, {v}")

    def run(self) -> dict:
        t0 = time.time()
        for table in TABLE_COLUMNS:
            if (self.out / table).exists():
                shutil.rmtree(self.out / table)
        self.log(f"generating {self.n:,} dossiers into {self.out} ...")
        self.build_reference()
        self._macros()
        u = self.u
        self.n_pakn = max(50, round(self.n * PAKN_PER_DOSSIER))
        self.q(f"""
            CREATE TABLE pk_t AS
            SELECT range AS p, {u("range", 100)} < 0.3 AS about,
                floor({u("range", 101)} * {self.n})::BIGINT AS di
            FROM range({self.n_pakn})
        """)
        self.q(
            "CREATE TABLE pk_dos (p BIGINT, dos VARCHAR, dunit VARCHAR, drec TIMESTAMP, "
            "dera BOOLEAN)"
        )
        self.q("CREATE TABLE acc_g (g INTEGER, day DATE, n BIGINT)")
        self.q("CREATE TABLE acc_u (g INTEGER, MaDonVi VARCHAR, day DATE, n BIGINT)")
        writers = [
            self.write_hoso,
            self.write_steps,
            self.write_supplements,
            self.write_documents,
            self.write_results,
            self.write_fees,
            self.write_ratings,
        ]
        for part, (lo, hi) in enumerate(self.dossier_chunks(), start=1):
            t1 = time.time()
            self.build_dossiers(lo, hi)
            self.seconds["(dossier base)"] = (
                self.seconds.get("(dossier base)", 0.0) + time.time() - t1
            )
            for write in writers:
                write(part, lo, hi)
            self.q("""
                INSERT INTO pk_dos
                SELECT pk_t.p, d.MaHoSo, d.MaDonVi, d.t_rec, d.era1
                FROM pk_t JOIN d ON d.i = pk_t.di
                WHERE pk_t.about AND d.recv AND NOT d.is_sub
            """)
            self.q("""
                INSERT INTO acc_g SELECT g, day, count(*) FROM d
                WHERE recv AND NOT is_sub GROUP BY g, day
            """)
            self.q(f"""
                INSERT INTO acc_u SELECT g, MaDonVi, day, count(*) FROM d
                WHERE recv AND NOT is_sub AND lvl = 1
                  AND hash(MaDonVi, 160, {self.seed}::BIGINT) % 100 < 15
                GROUP BY g, MaDonVi, day
            """)
            self.log(f"  dossiers {lo:,}..{hi - 1:,}: {time.time() - t1:.1f}s")
        self.write_petitions()
        self.write_catalogues()
        self.write_unit_procedures()
        self.write_decisions()
        self.write_reports()
        from dvc_index.demo.generate_published import write_published_scores

        self.published = write_published_scores(self)
        self.con.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        for table, secs in self.seconds.items():
            rows = f"{self.row_counts[table]:>12,} rows" if table in self.row_counts else " " * 17
            self.log(f"  {table:<16} {rows}  {secs:6.1f}s")
        seconds = time.time() - t0
        manifest = {
            "generator": "dvc_index.demo.generate_raw",
            "arguments": {
                "dossiers": self.n,
                "seed": self.seed,
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
                "dirty_rate": self.rate,
                "format": self.fmt,
                "chunk_dossiers": self.chunk,
            },
            "extract_time": self.extract.isoformat(),
            "merger_date": MERGER_DATE.isoformat(),
            "row_counts": {t: self.row_counts[t] for t in TABLE_COLUMNS},
            "files": {t: self.files[t] for t in TABLE_COLUMNS},
            "rejects": {
                t: {kd: self.rejects.get(t, {}).get(kd, 0) for kd in DIRTY_KINDS[t]}
                if self.rate > 0
                else {}
                for t in TABLE_COLUMNS
            },
            "rejects_total": sum(sum(v.values()) for v in self.rejects.values()),
            "published": self.published,
            "profiles": {
                "ha_nam_units": ["HC35 (until 2025-06-30)", "H42 (from 2025-07-01)"],
                "ha_nam_targets": HA_NAM_RATES,
                "national_targets": NATIONAL_RATES,
            },
            "seconds": round(seconds, 2),
        }
        (self.out / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        )
        return manifest
