"""A clean demo zone breaks no quarantine rule: keys, codes, timestamps, the unit code scheme,
no real-looking personal data, the holidays."""

from __future__ import annotations

import json
import re

from generate_raw_helpers import CHILDREN, DATES, KEYS, TIMESTAMPS, code_violation, national, one

from dvc_index.demo import generate_raw as gr
from dvc_index.demo.reference_data import PROVINCES_2025
from dvc_index.demo.tables import TABLE_COLUMNS


def test_clean_data_breaks_no_rule(clean_dir, clean_con):
    con = clean_con
    manifest = json.loads((clean_dir / "manifest.json").read_text())
    assert all(v == {} for v in manifest["rejects"].values())
    con.execute(
        "CREATE TEMP TABLE units AS SELECT MaDonVi, CAST(HieuLucTu AS DATE) AS vf, "
        "coalesce(CAST(HieuLucDen AS DATE), DATE '9999-12-31') AS vt FROM DonVi"
    )
    for table, cols in TABLE_COLUMNS.items():
        key = KEYS[table]
        assert one(con, f"SELECT count(*) FROM {table}") > 0, table
        # missing_key, and no empty strings anywhere (empty = NULL)
        assert (
            one(
                con,
                f"SELECT count(*) FROM {table} WHERE " + " OR ".join(f"{k} IS NULL" for k in key),
            )
            == 0
        ), table
        assert (
            one(
                con,
                f"SELECT count(*) FROM {table} WHERE "
                + " OR ".join(f"CAST(\"{c}\" AS VARCHAR) = ''" for c in cols),
            )
            == 0
        )
        # no two rows with the same key and the same NapLuc (an instant), no identical rows
        version = [f"({gr.NAPLUC_EPOCH})"] if "NapLuc" in cols else []
        group = ", ".join(key + version)
        assert (
            one(
                con,
                f"SELECT count(*) FROM (SELECT {group}, count(*) AS n FROM {table} "
                "GROUP BY ALL HAVING n > 1)",
            )
            == 0
        ), table
        assert (
            one(
                con,
                f"SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM "
                f"{table})) FROM {table}",
            )
            == 0
        ), table
        assert one(con, f"SELECT count(*) FROM {table} WHERE {code_violation(table)}") == 0, table
        for col in TIMESTAMPS.get(table, []):
            assert (
                one(
                    con,
                    f"SELECT count(*) FROM {table} WHERE {col} IS NOT NULL AND "
                    f"(length({col}) <> 14 OR try_strptime({col}, '%Y%m%d%H%M%S') IS NULL)",
                )
                == 0
            ), (table, col)
        for col in DATES.get(table, []):
            assert (
                one(
                    con,
                    f"SELECT count(*) FROM {table} WHERE {col} IS NOT NULL AND "
                    f"try_strptime({col}, '%Y-%m-%d') IS NULL",
                )
                == 0
            ), (table, col)
        if "NapLuc" in cols:
            assert (
                one(
                    con,
                    f"SELECT count(*) FROM {table} WHERE NOT regexp_matches(NapLuc, "
                    r"'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\+07:00|Z)?$')",
                )
                == 0
            ), table
    for table in CHILDREN:
        assert (
            one(con, f"SELECT count(*) FROM {table} WHERE MaHoSo NOT IN (SELECT MaHoSo FROM HoSo)")
            == 0
        ), table
    assert (
        one(con, "SELECT count(*) FROM HoSo WHERE MaHoSoGoc NOT IN (SELECT MaHoSo FROM HoSo)") == 0
    )
    # every unit known, and valid at the dossier's reception (else submission) date
    assert (
        one(
            con,
            """
        SELECT count(*) FROM HoSo h WHERE NOT EXISTS (
            SELECT 1 FROM units u WHERE u.MaDonVi = h.MaDonVi AND CAST(strptime(
                coalesce(h.NgayTiepNhan, h.NgayNopHoSo), '%Y%m%d%H%M%S') AS DATE)
                BETWEEN u.vf AND u.vt)""",
        )
        == 0
    )
    assert (
        one(
            con,
            """
        SELECT count(*) FROM PhanAnhKienNghi p WHERE NOT EXISTS (
            SELECT 1 FROM units u WHERE u.MaDonVi = p.MaDonViXuLy
               AND CAST(strptime(p.NgayTiepNhan, '%Y%m%d%H%M%S') AS DATE) BETWEEN u.vf AND u.vt)
        """,
        )
        == 0
    )
    for table, col in [
        ("ThuTucDonVi", "MaDonVi"),
        ("QuyetDinhCongBo", "MaDonVi"),
        ("BaoCaoQuocGia", "MaDonVi"),
        ("ChiSoNgoai", "MaDonVi"),
        ("DonVi", "MaDonViCha"),
        ("DonVi", "MaDonViKeThua"),
    ]:
        assert (
            one(con, f"SELECT count(*) FROM {table} WHERE {col} NOT IN (SELECT MaDonVi FROM units)")
            == 0
        ), (table, col)
    for table in ("HoSo", "ThuTucDonVi", "QuyetDinhCongBo"):
        assert (
            one(
                con,
                f"SELECT count(*) FROM {table} WHERE {national('MaTTHC')} NOT IN "
                "(SELECT MaTTHC FROM ThuTuc)",
            )
            == 0
        ), table
        assert (
            one(
                con,
                f"SELECT count(*) FROM {table} WHERE NOT regexp_matches(MaTTHC, "
                r"'^[123]\.\d{6}\.000\.00\.00\.[GH][0-9A-Z]+$')",
            )
            == 0
        ), table
    assert one(con, "SELECT count(*) FROM HoSo WHERE NgayTiepNhan > NgayTra") == 0
    assert one(con, "SELECT count(*) FROM LePhi WHERE Gia < 0") == 0
    assert one(con, "SELECT count(*) FROM BaoCaoQuocGia WHERE SoHoSoTiepNhan < 0") == 0


def test_code_formats_and_pii(clean_dir, clean_con):
    con = clean_con
    width = r"\d{4,}"
    assert (
        one(
            con,
            f"SELECT count(*) FROM HoSo WHERE NOT regexp_matches(MaHoSo, "
            f"'^[GH][0-9A-Z.]+-\\d{{6}}-{width}$') OR NOT starts_with(MaHoSo, "
            "MaDonVi || '-')",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM HoSo WHERE NOT regexp_matches(SoGiayToChuHoSo, "
            r"'^\d{12}$') OR NOT regexp_matches(SoDienThoai, '^0\d{9}$')",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM HoSo WHERE LoaiDoiTuong = '1' AND NOT "
            "regexp_matches(ChuHoSo, '^\\S+ \\S+ \\S+$')",
        )
        == 0
    )
    assert one(con, "SELECT count(*) FROM HoSo WHERE Email NOT LIKE '%_@_%.%'") == 0
    # the MaHoSo date part is the reception (else submission) date
    assert (
        one(
            con,
            "SELECT count(*) FROM HoSo WHERE split_part(MaHoSo, '-', 2) <> "
            "substr(coalesce(NgayTiepNhan, NgayNopHoSo), 3, 6)",
        )
        == 0
    )


def test_unit_code_scheme(clean_dir, clean_con):
    con = clean_con
    tinh = con.execute(
        "SELECT MaDonVi, HieuLucTu, HieuLucDen, MaDonViKeThua FROM DonVi "
        "WHERE LoaiDonVi = 'TINH' ORDER BY ALL"
    ).fetchall()
    current = [r for r in tinh if r[1] == "2025-07-01"]
    former = [r for r in tinh if r[2] == "2025-06-30"]
    assert len(current) == 34 and len(former) == 63
    assert {r[0] for r in current} == {p[3] for p in PROVINCES_2025}
    assert ("HC35", "2010-01-01", "2025-06-30", "H42") in tinh
    assert ("H42", "2010-01-01", "2025-06-30", "H42") in tinh  # retained code, two rows
    assert ("H42", "2025-07-01", None, None) in tinh
    depts = con.execute(
        "SELECT count(*), count(DISTINCT MaDonViCha) FROM DonVi "
        "WHERE LoaiDonVi = 'SO_NGANH' AND MaDonVi LIKE 'H%' "
        "AND HieuLucTu = '2025-07-01'"
    ).fetchone()
    assert depts == (34 * 20, 34)
    communes = one(
        con,
        "SELECT avg(n) FROM (SELECT count(*) AS n FROM DonVi WHERE LoaiDonVi "
        "= 'XA' GROUP BY MaDonViCha)",
    )
    assert 80 <= communes <= 120
    assert (
        one(
            con,
            "SELECT count(*) FROM DonVi WHERE LoaiDonVi = 'XA' AND NOT "
            r"regexp_matches(MaDonVi, '^H\d\d\.[1-9]\d\d$')",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM DonVi WHERE LoaiDonVi = 'HUYEN' AND NOT "
            r"(regexp_matches(MaDonVi, '^H[C0-9]\d+\.0\d\d$') AND HieuLucDen = "
            "'2025-06-30')",
        )
        == 0
    )
    # successors: department NN -> department NN of the successor, district -> a commune
    assert (
        one(
            con,
            "SELECT count(*) FROM DonVi d JOIN DonVi s ON s.MaDonVi = d.MaDonViKeThua "
            "AND s.HieuLucTu = '2025-07-01' WHERE d.LoaiDonVi = 'SO_NGANH' AND "
            "d.MaDonVi LIKE 'H%' AND (s.LoaiDonVi <> 'SO_NGANH' OR "
            "split_part(s.MaDonVi, '.', 2) <> split_part(d.MaDonVi, '.', 2))",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM DonVi d LEFT JOIN DonVi s ON s.MaDonVi = "
            "d.MaDonViKeThua AND s.LoaiDonVi = 'XA' WHERE d.LoaiDonVi = 'HUYEN' "
            "AND s.MaDonVi IS NULL",
        )
        == 0
    )
    ministries = con.execute("SELECT MaDonVi FROM DonVi WHERE LoaiDonVi = 'BO'").fetchall()
    assert len(ministries) >= 3 and all(re.fullmatch(r"G\d\d", m[0]) for m in ministries)
    # dossiers: former units before 1/7/2025, current ones after
    kinds = dict(
        con.execute("""
        SELECT u.LoaiDonVi || CASE WHEN coalesce(h.NgayTiepNhan, h.NgayNopHoSo) < '20250701'
                                   THEN ' before' ELSE ' after' END, count(*)
        FROM HoSo h JOIN (SELECT DISTINCT MaDonVi, LoaiDonVi FROM DonVi) u USING (MaDonVi)
        GROUP BY 1""").fetchall()
    )
    assert kinds.get("XA before", 0) == 0 and kinds.get("HUYEN after", 0) == 0
    assert kinds["XA after"] > 0 and kinds["HUYEN before"] > 0 and kinds["BO after"] > 0
    assert (
        one(
            con,
            "SELECT count(*) FROM HoSo WHERE MaDonVi LIKE 'HC%' "
            "AND coalesce(NgayTiepNhan, NgayNopHoSo) >= '20250701'",
        )
        == 0
    )
    assert one(con, "SELECT count(*) FROM HoSo WHERE MaDonVi LIKE 'HC%'") > 0


def test_holidays(clean_dir, clean_con):
    con = clean_con
    days = {r[0] for r in con.execute("SELECT Ngay FROM NgayNghi").fetchall()}
    for year in (2024, 2025, 2026, 2027):
        for md in ("01-01", "04-30", "05-01", "09-02"):
            assert f"{year}-{md}" in days
    assert {
        "2025-01-28",
        "2025-01-29",
        "2025-01-31",
        "2026-02-17",
        "2024-02-10",
        "2027-02-06",
        "2025-04-07",
        "2026-04-26",
        "2025-09-01",
    } <= days
    assert min(days) >= "2024-01-01" and max(days) <= "2027-12-31"


# --------------------------------------------------------------------------------------------
# edge cases and realism
# --------------------------------------------------------------------------------------------
