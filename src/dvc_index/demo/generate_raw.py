"""Generate a synthetic, internally consistent raw landing zone for dvc-index.

Usage::

    dvc-index generate --out DIR --dossiers N --seed S
        [--start 2025-01-01] [--end 2026-09-30] [--dirty-rate R] [--format parquet|csv]

It writes one sub-directory per raw table of ``raw_schema.md`` (``HoSo``, ``QuaTrinhXuLy``,
``HoSoBoSung``, ``TaiLieuNop``, ``GiayToKetQua``, ``LePhi``, ``DanhGia``, ``PhanAnhKienNghi``,
``DonVi``, ``ThuTuc``, ``ThuTucDonVi``, ``QuyetDinhCongBo``, ``NgayNghi``, ``BaoCaoQuocGia``,
``ChiSoNgoai``, ``DiemCongBo``: see generate_published.py), each holding
``part-NNNN.parquet`` (or ``.csv``) files with exactly the contract
columns, in contract order: every column is VARCHAR except the number columns (``Gia``,
``ThoiHanGiaiQuyet``, ``SoLike``, ``SoDislike``, ``SoHoSoTiepNhan``, ``TuSo``, ``MauSo``:
BIGINT). Empty values are NULL. ``DIR/manifest.json`` records the arguments, the row counts and
files per table, and the bad rows injected with ``--dirty-rate`` (``"rejects"``: table → rule →
count, rule names as in ``seeds/reject_rules.csv``).

Everything row-level is computed inside DuckDB (``range()`` + ``hash(i, purpose, seed)`` mapped
to [0, 1)); Python only builds the small reference tables (units, procedures, holidays,
per-province performance profiles). Same arguments → same files, same rows, same order.

Unit code scheme (``DonVi.MaDonVi``; key ``MaDonVi`` + ``HieuLucTu``)
--------------------------------------------------------------------
* Ministries (``BO``): ``G01`` … ``G08``, valid since 2010-01-01 (or ``--start`` if earlier),
  no end. Their agencies (``SO_NGANH``, parent = ministry): ``G01.01``, ``G01.02``, …
* The 34 provinces from 1/7/2025 (``TINH``): ``MaDonVi`` = ``dvcqg_code`` of
  provinces_2025.csv (``H26`` Hà Nội, ``H56`` Thanh Hóa, …), ``HieuLucTu`` 2025-07-01, no end.
  - 20 departments each (``SO_NGANH``, parent = province): ``{province}.{NN}``, NN = 01 … 20,
    the same numbering in every province (03 = Sở Tư pháp, 15 = Công an, …), e.g. ``H56.03``.
  - communes/wards (``XA``, parent = province), 60 – 168 per province by population (about
    100 on average): ``{province}.{NNN}``, NNN = 101, 102, …, e.g. ``H56.195``.
* The 63 former provinces (``TINH``), valid 2010-01-01 … 2025-06-30 (``HieuLucDen``), with
  ``MaDonViKeThua`` = the successor province's code:
  - a former province whose gso_code is also a current province's gso_code keeps that
    province's dvcqg code (former Thanh Hóa = ``H56``, former Ninh Bình = ``H42``): DonVi
    then holds two validity rows for that ``MaDonVi`` (closed 2025-06-30 / from 2025-07-01),
    and the closed row's successor is the code itself;
  - an absorbed province gets the invented code ``HC{gso_code}`` (Hà Nam = ``HC35``, Nam Định
    = ``HC36``), successor = its merged province (``H42``).
  - its 20 departments ``{code}.{NN}`` (same numbering; successor = department ``NN`` of the
    successor province, e.g. ``HC35.03`` → ``H42.03``);
  - its districts (``HUYEN``, parent = former province), 7 – 30 by population, three-digit
    codes ``{code}.001``, ``{code}.002``, … (never ≥ 101, so they cannot clash with communes
    of a retained code); successor = one commune ``{successor}.{1NN}`` of the successor
    province.
  Former communes are not listed (before 1/7/2025 commune-level dossiers are at districts).
* A dossier (and a petition) uses the unit valid at its reception date (submission date if
  never received): before 2025-07-01 former units, from 2025-07-01 current ones.

Other codes
-----------
* ``ThuTuc.MaTTHC`` is a national code ``{1|2|3}.{6 digits}`` (``1.003560``); in ``HoSo``,
  ``ThuTucDonVi`` and ``QuyetDinhCongBo`` it carries the local suffix
  ``{national}.000.00.00.{publisher}``, publisher = the ministry (``G03``) or the province valid
  at that time (``H56``, ``HC35``).
* ``MaHoSo`` = ``{MaDonVi}-{yyMMdd}-{NNNN}``: yyMMdd = reception (else submission) date,
  NNNN = index of the dossier within that day over the whole data set, zero-padded to at least
  4 digits (the width is the same for the whole run). Injected orphan child rows use a
  sequence one digit longer, so they can never match a dossier.

Performance profiles
--------------------
Every province (former and current) has a profile; the online (3.3), online-payment (3.6) and
digitization (4.2) shares are hit almost exactly per province by stratified (Kronecker
sequence) assignment inside each province's dossiers. The former Hà Nam (``HC35``) and its
successor Ninh Bình (``H42`` from 2025-07-01) get the published 2022 Hà Nam figures (86.3 %,
57.8 %, 93 %); the others are spread around the 2022 national figures (58.2 %, 12.8 %, 63.7 %)
so that the pooled national rates land on them. ``measure_rates(out_dir)`` recomputes the three
rates from the files, following indicators.md (``--measure`` prints them). Online dossiers are
always digitized, and paid-online ones always online, as in reality. Other shares (on time,
synced, rated, dissatisfied, VNeID, reuse, ...) follow the profile only statistically.

How it runs
-----------
Dossiers are generated in chunks of ``--chunk-dossiers`` (default 2,000,000; one part file per
chunk and dossier table) in an in-memory DuckDB with a ``memory_limit`` (default half the RAM)
and a spill directory inside ``--out`` (removed at the end). Stratification is per chunk, so the
chunk size is one of the arguments that fix the output (it is recorded in the manifest).
About 12 s per million dossiers with all child rows on 2 idle cores; peak memory ~5 GB.

Dirty rows (``--dirty-rate R``)
-------------------------------
About R x rows of each table get exactly one fault each, chosen by a row hash among the table's
kinds (``DIRTY_KINDS``), falling back to the next kind the row can take: a changed value
(unknown unit ``X.99``, national code ``4.xxxxxx``, month 13 or ``yyyy-MM-dd HH:mm``, NgayTra
before NgayTiepNhan, status ``11``, negative fee, orphan MaHoSo with a sequence one digit
longer) or an extra row (exact copy; for HoSo a same-key same-NapLuc copy with another phone
number). Only clean rows are copied and no fault can make another rule fire, so the manifest's
counts are exactly what the quarantine should find.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from dvc_index.demo.generator import Generator
from dvc_index.demo.reference_data import NINH_BINH_CODE
from dvc_index.demo.sql import _column_type
from dvc_index.demo.tables import TABLE_COLUMNS


def generate(
    out: str | os.PathLike,
    dossiers: int,
    seed: int,
    start: date = date(2025, 1, 1),
    end: date = date(2026, 9, 30),
    dirty_rate: float = 0.0,
    fmt: str = "parquet",
    chunk_dossiers: int = 2_000_000,
    memory_limit: str | None = None,
    threads: int | None = None,
    quiet: bool = True,
) -> dict:
    """Generate a landing zone into `out`; returns the manifest."""
    out_path = Path(out)
    out_path.mkdir(parents=True, exist_ok=True)
    gen = Generator(
        out_path,
        dossiers,
        seed,
        start,
        end,
        dirty_rate,
        fmt,
        chunk_dossiers,
        memory_limit,
        threads,
        quiet,
    )
    return gen.run()


# --------------------------------------------------------------------------------------------
# Verification: the three calibrated rates, measured from the files
# --------------------------------------------------------------------------------------------


def table_source(out_dir: str | os.PathLike, table: str) -> str:
    """A DuckDB table expression reading one raw table (Parquet or CSV) with contract types."""
    folder = Path(out_dir) / table
    if list(folder.glob("*.parquet")):
        return f"read_parquet('{folder}/*.parquet')"
    cols = ", ".join(f"'{c}': '{_column_type(c)}'" for c in TABLE_COLUMNS[table])
    return f"read_csv('{folder}/*.csv', header = true, columns = {{{cols}}})"


NAPLUC_EPOCH = (
    "CASE WHEN regexp_matches(NapLuc, '(Z|[+-][0-9]{2}:?[0-9]{2})$') "
    "THEN epoch(strptime(regexp_replace(NapLuc, 'Z$', '+00:00'), '%Y-%m-%dT%H:%M:%S%z')) "
    "ELSE epoch(strptime(NapLuc, '%Y-%m-%dT%H:%M:%S')) - 25200 END"
)


def measure_rates(out_dir: str | os.PathLike, con: duckdb.DuckDBPyConnection | None = None) -> dict:
    """Online share (3.3), online-payment share (3.6) and digitized share (4.2) per province
    (the TINH validity row valid at reception) and pooled over all provinces ("VN"), straight
    from the raw files, following indicators.md:

    * population: latest push per MaHoSo (greatest NapLuc instant), received (NgayTiepNhan set),
      not an inter-agency sub-dossier (MaHoSoGoc empty); ministries are not part of VN;
    * online: KenhThucHien = 2 and, if the procedure's YeuCauKetQuaGiay = 1, an electronic
      result with a file link;
    * paid online: DuocThanhToanTrucTuyen 1/2, over dossiers of fee-bearing procedures
      (CoPhiLePhi = 1) minus those whose fee lines are all 0;
    * digitized: a component with DuocSoHoa = 1 or a file link, not deleted, and, if the
      procedure needs a paper result, an electronic result with a file link.

    Returns {"provinces": [row, ...], "national": row}, rates as fractions."""
    con = con or duckdb.connect()
    src = {
        t: table_source(out_dir, t)
        for t in ("HoSo", "ThuTuc", "GiayToKetQua", "TaiLieuNop", "LePhi", "DonVi")
    }
    content = " || '|' || ".join(
        f"coalesce(CAST(\"{c}\" AS VARCHAR), '<null>')" for c in TABLE_COLUMNS["HoSo"]
    )
    sql = f"""
    WITH h AS (
        SELECT * FROM (SELECT *, {NAPLUC_EPOCH} AS _nl, md5({content}) AS _ch
                       FROM {src["HoSo"]})
        QUALIFY row_number() OVER (PARTITION BY MaHoSo ORDER BY _nl DESC, _ch DESC) = 1
    ), rcv AS (
        SELECT MaHoSo, MaDonVi, KenhThucHien, DuocThanhToanTrucTuyen,
            try_strptime(NgayTiepNhan, '%Y%m%d%H%M%S') AS trec,
            split_part(MaTTHC, '.', 1) || '.' || split_part(MaTTHC, '.', 2) AS nat
        FROM h WHERE MaHoSoGoc IS NULL AND NgayTiepNhan IS NOT NULL
    ), kq AS (
        SELECT DISTINCT MaHoSo FROM {src["GiayToKetQua"]}
        WHERE nullif(DuongDanTepTinKetQua, '') IS NOT NULL
    ), tl AS (
        SELECT MaHoSo FROM (
            SELECT *, {NAPLUC_EPOCH} AS _nl FROM {src["TaiLieuNop"]}
        ) QUALIFY row_number() OVER (PARTITION BY MaHoSo, TepDinhKemId ORDER BY _nl DESC) = 1
    ), tld AS (
        SELECT DISTINCT MaHoSo FROM (
            SELECT * FROM (SELECT *, {NAPLUC_EPOCH} AS _nl FROM {src["TaiLieuNop"]})
            QUALIFY row_number() OVER (PARTITION BY MaHoSo, TepDinhKemId ORDER BY _nl DESC) = 1)
        WHERE (DuocSoHoa = '1' OR nullif(DuongDanTaiTepTin, '') IS NOT NULL)
          AND coalesce(IsDeleted, '0') <> '1'
    ), lp AS (
        SELECT MaHoSo, max(Gia) AS maxgia FROM (
            SELECT * FROM (SELECT *, {NAPLUC_EPOCH} AS _nl FROM {src["LePhi"]})
            QUALIFY row_number() OVER (PARTITION BY MaHoSo, MaPhiLePhi ORDER BY _nl DESC) = 1)
        GROUP BY MaHoSo
    ), pv AS (
        SELECT MaDonVi AS pcode, TenDonVi, HieuLucTu, CAST(HieuLucTu AS DATE) AS vf,
            coalesce(CAST(HieuLucDen AS DATE), DATE '9999-12-31') AS vt
        FROM {src["DonVi"]} WHERE LoaiDonVi = 'TINH'
    ), x AS (
        SELECT r.*, pv.pcode, pv.HieuLucTu, pv.TenDonVi,
            coalesce(tt.YeuCauKetQuaGiay = '1', false) AS paper,
            coalesce(tt.CoPhiLePhi = '1', false) AS feeproc,
            kq.MaHoSo IS NOT NULL AS has_kq, tld.MaHoSo IS NOT NULL AS has_digi, lp.maxgia
        FROM rcv r
            JOIN pv ON pv.pcode = split_part(r.MaDonVi, '.', 1)
                   AND CAST(r.trec AS DATE) BETWEEN pv.vf AND pv.vt
            LEFT JOIN {src["ThuTuc"]} tt ON tt.MaTTHC = r.nat
            LEFT JOIN kq ON kq.MaHoSo = r.MaHoSo
            LEFT JOIN tld ON tld.MaHoSo = r.MaHoSo
            LEFT JOIN lp ON lp.MaHoSo = r.MaHoSo
    ), y AS (
        SELECT pcode, HieuLucTu, TenDonVi,
            KenhThucHien = '2' AND (NOT paper OR has_kq) AS online,
            feeproc AND NOT coalesce(maxgia = 0, false) AS fee_den,
            DuocThanhToanTrucTuyen IN ('1', '2') AS paid,
            has_digi AND (NOT paper OR has_kq) AS digi
        FROM x
    )
    SELECT coalesce(pcode, 'VN') AS unit, HieuLucTu AS valid_from, TenDonVi AS name,
        count(*) AS received,
        count(*) FILTER (WHERE online) AS online,
        count(*) FILTER (WHERE fee_den) AS fee_dossiers,
        count(*) FILTER (WHERE fee_den AND paid) AS paid_online,
        count(*) FILTER (WHERE digi) AS digitized
    FROM y GROUP BY GROUPING SETS ((pcode, HieuLucTu, TenDonVi), ())
    ORDER BY pcode NULLS LAST, HieuLucTu
    """
    cur = con.execute(sql)
    names = [c[0] for c in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        row["rate_online"] = row["online"] / row["received"] if row["received"] else None
        row["rate_paid_online"] = (
            row["paid_online"] / row["fee_dossiers"] if row["fee_dossiers"] else None
        )
        row["rate_digitized"] = row["digitized"] / row["received"] if row["received"] else None
    national = next(r for r in rows if r["unit"] == "VN")
    return {"provinces": [r for r in rows if r["unit"] != "VN"], "national": national}


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--out", required=True, help="landing-zone directory to write")
    ap.add_argument("--dossiers", type=int, required=True, help="number of dossiers")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--start", type=date.fromisoformat, default=date(2025, 1, 1))
    ap.add_argument("--end", type=date.fromisoformat, default=date(2026, 9, 30))
    ap.add_argument(
        "--dirty-rate",
        type=float,
        default=0.0,
        help="share of bad rows injected per table (default 0 = clean)",
    )
    ap.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    ap.add_argument(
        "--chunk-dossiers",
        type=int,
        default=2_000_000,
        help="dossiers per part file of the dossier tables",
    )
    ap.add_argument("--memory-limit", default=None, help="DuckDB memory_limit (default: half RAM)")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument(
        "--measure",
        action="store_true",
        help="also print the Hà Nam-profile and national rates measured from the files",
    )
    ap.add_argument("--quiet", action="store_true")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(ap)
    return run(ap.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Generate the zone `args` describe and print what was written."""
    t0 = time.time()
    manifest = generate(
        args.out,
        args.dossiers,
        args.seed,
        args.start,
        args.end,
        args.dirty_rate,
        args.format,
        args.chunk_dossiers,
        args.memory_limit,
        args.threads,
        args.quiet,
    )
    seconds = time.time() - t0
    width = max(len(t) for t in TABLE_COLUMNS)
    print(f"wrote {args.out} ({args.format})")
    for table, count in manifest["row_counts"].items():
        bad = sum(manifest["rejects"][table].values())
        print(
            f"  {table:<{width}} {count:>12,}" + (f"  ({bad:,} injected bad rows)" if bad else "")
        )
    print(f"{seconds:.1f} s, {args.dossiers / seconds * 60:,.0f} dossiers per minute")
    if args.measure:
        rates = measure_rates(args.out)
        show = [
            r
            for r in rates["provinces"]
            if r["unit"] == "HC35" or (r["unit"] == NINH_BINH_CODE and r["valid_from"] >= "2025")
        ]
        for r in [*show, rates["national"]]:
            print(
                f"  {r['unit']:<5} from {r['valid_from'] or '-':<10} received {r['received']:>9,}"
                f"  online {100 * (r['rate_online'] or 0):5.1f} %"
                f"  paid online {100 * (r['rate_paid_online'] or 0):5.1f} %"
                f"  digitized {100 * (r['rate_digitized'] or 0):5.1f} %"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
