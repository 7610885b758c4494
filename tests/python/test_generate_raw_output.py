"""What a run writes: injected bad rows counted exactly in the manifest, the same zone for the
same arguments (and another for another seed), CSV equal to Parquet, the command's summary."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from generate_raw_helpers import (
    CHILDREN,
    STATUS,
    TIMESTAMPS,
    code_violation,
    connect,
    differing_rows,
    national,
    one,
    ordered_rows,
)

from dvc_index.demo import generate_raw as gr
from dvc_index.demo.tables import DIRTY_KINDS, TABLE_COLUMNS


def test_dirty_manifest_matches_redetected(dirty_dir):
    con = connect(dirty_dir)
    manifest = json.loads((dirty_dir / "manifest.json").read_text())
    rejects = manifest["rejects"]
    assert manifest["arguments"]["dirty_rate"] == 0.02
    assert set(rejects) == set(TABLE_COLUMNS)
    for table, kinds in DIRTY_KINDS.items():
        assert list(rejects[table]) == kinds
    # about rate x rows bad rows per table
    for table in ("HoSo", "QuaTrinhXuLy", "TaiLieuNop", "ThuTucDonVi"):
        bad = sum(rejects[table].values())
        assert 0.013 < bad / manifest["row_counts"][table] < 0.027, table
    # every kind injected where the table is big enough
    for table, kinds in DIRTY_KINDS.items():
        if manifest["row_counts"][table] * 0.02 / max(1, len(kinds)) >= 8:
            assert all(rejects[table][k] > 0 for k in kinds), (table, rejects[table])

    def count(sql: str) -> int:
        return one(con, sql)

    for table in CHILDREN:
        assert (
            count(f"SELECT count(*) FROM {table} WHERE MaHoSo NOT IN (SELECT MaHoSo FROM HoSo)")
            == rejects[table]["orphan_dossier"]
        ), table
    for table in TABLE_COLUMNS:
        if "duplicate_row" in rejects[table]:
            assert (
                count(
                    f"SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM "
                    f"{table})) FROM {table}"
                )
                == rejects[table]["duplicate_row"]
            ), table
    assert count("SELECT count(*) FROM LePhi WHERE Gia < 0") == rejects["LePhi"]["negative_fee"]
    assert (
        count(f"SELECT count(*) FROM HoSo WHERE {code_violation('HoSo')}")
        == (rejects["HoSo"]["unknown_code"])
    )
    assert (
        count(
            "SELECT count(*) FROM QuaTrinhXuLy WHERE TrangThai NOT IN "
            f"({', '.join(repr(s) for s in STATUS)})"
        )
        == (rejects["QuaTrinhXuLy"]["unknown_code"])
    )
    assert (
        count("SELECT count(*) FROM HoSo WHERE MaDonVi NOT IN (SELECT MaDonVi FROM DonVi)")
        == rejects["HoSo"]["unknown_unit"]
    )
    assert (
        count(
            f"SELECT count(*) FROM HoSo WHERE {national('MaTTHC')} NOT IN "
            "(SELECT MaTTHC FROM ThuTuc)"
        )
        == rejects["HoSo"]["unknown_procedure"]
    )
    assert (
        count(
            "SELECT count(*) FROM HoSo WHERE try_strptime(NgayTiepNhan, '%Y%m%d%H%M%S') > "
            "try_strptime(NgayTra, '%Y%m%d%H%M%S')"
        )
        == (rejects["HoSo"]["received_after_returned"])
    )
    for table in ("HoSo", "QuaTrinhXuLy", "HoSoBoSung", "DanhGia", "PhanAnhKienNghi"):
        bad_ts = " OR ".join(
            f"({c} IS NOT NULL AND try_strptime({c}, '%Y%m%d%H%M%S') IS NULL)"
            for c in TIMESTAMPS[table]
        )
        assert (
            count(f"SELECT count(*) FROM {table} WHERE {bad_ts}")
            == (rejects[table]["unparseable_timestamp"])
        ), table
    # conflicting versions: same key and NapLuc, different content (exact copies excluded)
    assert (
        count("""SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM
                    (SELECT DISTINCT * FROM HoSo) GROUP BY MaHoSo, NapLuc)""")
        == (rejects["HoSo"]["conflicting_version"])
    )
    for table, col in [("PhanAnhKienNghi", "MaDonViXuLy"), ("ThuTucDonVi", "MaDonVi")]:
        assert (
            count(f"SELECT count(*) FROM {table} WHERE {col} NOT IN (SELECT MaDonVi FROM DonVi)")
            == rejects[table]["unknown_unit"]
        ), table
    assert (
        count(
            f"SELECT count(*) FROM ThuTucDonVi WHERE {national('MaTTHC')} NOT IN (SELECT "
            "MaTTHC FROM ThuTuc)"
        )
        == rejects["ThuTucDonVi"]["unknown_procedure"]
    )


# --------------------------------------------------------------------------------------------
# determinism, CSV, CLI
# --------------------------------------------------------------------------------------------


def test_deterministic(small_runs):
    a, b = small_runs["a"], small_runs["b"]
    for table in TABLE_COLUMNS:
        files_a = sorted((a / table).iterdir())
        files_b = sorted((b / table).iterdir())
        assert [f.name for f in files_a] == [f.name for f in files_b], table
        for fa, fb in zip(files_a, files_b, strict=True):
            assert fa.read_bytes() == fb.read_bytes(), fa  # same rows, same order, same file
    ma = json.loads((a / "manifest.json").read_text())
    mb = json.loads((b / "manifest.json").read_text())
    assert ma["rejects"] == mb["rejects"] and ma["row_counts"] == mb["row_counts"]
    other = small_runs["other_seed"]
    assert differing_rows(ordered_rows(a, "HoSo"), ordered_rows(other, "HoSo")) > 0
    # the unit map does not depend on the seed (only the injected duplicates do)
    distinct = "SELECT DISTINCT * FROM {}"
    assert (
        differing_rows(
            distinct.format(gr.table_source(a, "DonVi")),
            distinct.format(gr.table_source(other, "DonVi")),
        )
        == 0
    )


def test_csv_round_trip(small_runs):
    pq, cv = small_runs["a"], small_runs["csv"]
    for table, cols in TABLE_COLUMNS.items():
        files = sorted((cv / table).glob("part-*.csv"))
        assert files, table
        with open(files[0], encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == cols
        assert differing_rows(ordered_rows(cv, table), ordered_rows(pq, table)) == 0, table


def test_cli_prints_summary_and_writes_manifest(tmp_path):
    out = tmp_path / "cli"
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dvc-index"),
            "generate",
            "--out",
            str(out),
            "--dossiers",
            "3000",
            "--seed",
            "9",
            "--start",
            "2025-05-01",
            "--end",
            "2025-08-31",
            "--chunk-dossiers",
            "1000",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "dossiers per minute" in result.stdout
    assert "HoSo" in result.stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["arguments"] == {
        "dossiers": 3000,
        "seed": 9,
        "start": "2025-05-01",
        "end": "2025-08-31",
        "dirty_rate": 0.0,
        "format": "parquet",
        "chunk_dossiers": 1000,
    }
    assert manifest["files"]["HoSo"] == [
        "part-0001.parquet",
        "part-0002.parquet",
        "part-0003.parquet",
    ]
    con = connect(out)
    for table, n in manifest["row_counts"].items():
        assert one(con, f"SELECT count(*) FROM {table}") == n, table
    received = con.execute("SELECT min(NgayTiepNhan), max(NgayTiepNhan) FROM HoSo").fetchone()
    assert received[0] >= "20250501" and received[1] < "20250901"
    # both sides of the merger are present
    assert one(con, "SELECT count(*) FROM HoSo WHERE MaDonVi LIKE 'HC%'") > 0
    assert one(con, "SELECT count(*) FROM HoSo WHERE NgayTiepNhan >= '20250701'") > 0
