"""Tests of scripts/generate_raw.py: contract columns (parsed from raw_schema.md), clean data
breaks no quarantine rule, injected bad rows are counted exactly, edge cases are present, the
calibrated rates land on the published figures, determinism, CSV output."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import generate_raw as gr
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate_raw.py"
N_MAIN = 200_000  # big enough for stable per-province rates (HC35 gets ~400 dossiers)
N_SMALL = 10_000


def _shared_dir(*parts: str) -> Path | None:
    candidates = [os.environ.get("DVC_SHARED_DIR"), ROOT.parent / "shared", "/work/shared"]
    for base in candidates:
        if base and Path(base, *parts).exists():
            return Path(base, *parts)
    return None


# --------------------------------------------------------------------------------------------
# fixtures: each data set is generated once per test session
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw_clean")
    gr.generate(out, N_MAIN, seed=11)
    return out


@pytest.fixture(scope="session")
def dirty_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw_dirty")
    gr.generate(out, 30_000, seed=5, dirty_rate=0.02)
    return out


@pytest.fixture(scope="session")
def small_runs(tmp_path_factory) -> dict[str, Path]:
    """Same arguments twice, another seed, and the same arguments as CSV."""
    runs = {
        "a": dict(seed=3),
        "b": dict(seed=3, chunk_dossiers=2_000_000),
        "other_seed": dict(seed=4),
        "csv": dict(seed=3, fmt="csv"),
    }
    out = {}
    for name, kwargs in runs.items():
        path = tmp_path_factory.mktemp(f"raw_{name}")
        gr.generate(path, N_SMALL, dirty_rate=0.01, **kwargs)
        out[name] = path
    return out


@pytest.fixture(scope="session")
def clean_db(clean_dir) -> duckdb.DuckDBPyConnection:
    """The clean zone loaded once into an in-memory database."""
    con = duckdb.connect()
    for table in gr.TABLE_COLUMNS:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM {gr.table_source(clean_dir, table)}")
    return con


@pytest.fixture
def clean_con(clean_db) -> duckdb.DuckDBPyConnection:
    """A connection of its own (TEMP tables are private) to the loaded clean zone."""
    return clean_db.cursor()


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for table in gr.TABLE_COLUMNS:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {gr.table_source(out_dir, table)}")
    return con


def latest_dossiers(con) -> None:
    """TEMP table h: the latest push of each dossier."""
    con.execute(f"""
        CREATE TEMP TABLE h AS SELECT * FROM (SELECT *, {gr.NAPLUC_EPOCH} AS nl FROM HoSo)
        QUALIFY row_number() OVER (PARTITION BY MaHoSo ORDER BY nl DESC) = 1""")


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


# --------------------------------------------------------------------------------------------
# the contract, parsed from raw_schema.md
# --------------------------------------------------------------------------------------------


def _strip_parens(text: str) -> str:
    while True:
        stripped = re.sub(r"\([^()]*\)", " ", text)
        if stripped == text:
            return text
        text = stripped


def parse_raw_schema(text: str) -> tuple[dict[str, list[str]], set[str]]:
    """Tables and columns of raw_schema.md ("### Table" sections with a markdown column table or
    a sentence listing `Column`s, and the "- **Table** (...): `Column`, ..." catalogue list),
    plus the number (N) columns."""
    tables: dict[str, list[str]] = {}
    numbers: set[str] = set()
    sections = re.split(r"^### ", text, flags=re.M)[1:]
    for section in sections:
        heading, _, body = section.partition("\n")
        name = heading.split(":")[0].strip()
        if name == "Catalogues":
            bullets = re.split(r"^- \*\*", body, flags=re.M)[1:]
            items = [(b.split("**")[0], b.split("**", 1)[1]) for b in bullets]
        else:
            items = [(name, body)]
        for table, text_ in items:
            rows = [line for line in text_.splitlines() if line.startswith("|")]
            if rows and rows[0].replace(" ", "").startswith("|column|"):
                cols = []
                for row in rows[2:]:
                    cells = [c.strip() for c in row.strip("|").split("|")]
                    names = [c.strip().strip("`") for c in cells[0].split(",")]
                    cols += names
                    if cells[1] == "N":
                        numbers.update(names)
            else:
                flat = _strip_parens(text_.split("\n\n")[0])
                sentence = re.split(r"\.(?:\s|$)", flat, maxsplit=1)[0]
                cols = re.findall(r"`(\w+)`", sentence)
                numbers.update(re.findall(r"`(\w+)` N\b", sentence))
            tables[table] = cols
    return tables, numbers


@pytest.fixture(scope="session")
def contract() -> tuple[dict[str, list[str]], set[str]]:
    path = _shared_dir("spec", "raw_schema.md")
    if path is None:
        pytest.skip("raw_schema.md not found (set DVC_SHARED_DIR)")
    tables, numbers = parse_raw_schema(path.read_text(encoding="utf-8"))
    # The issue adds DonVi.MaDonViKeThua (successor unit) after HieuLucDen; raw_schema.md
    # names it in the sentence after the column list.
    donvi = tables["DonVi"]
    donvi.insert(donvi.index("HieuLucDen") + 1, "MaDonViKeThua")
    return tables, numbers


def test_contract_parsed_as_expected(contract):
    tables, numbers = contract
    assert len(tables) == 16
    assert tables["HoSo"][:3] == ["MaHoSo", "MaHoSoGoc", "MaTTHC"]
    assert "SoDienThoai" in tables["HoSo"] and "Email" in tables["HoSo"]
    assert numbers == gr.NUMBER_COLUMNS


def test_generator_columns_are_the_contract(contract):
    tables, _ = contract
    assert tables == gr.TABLE_COLUMNS


def test_files_have_contract_columns_and_types(clean_dir, contract):
    tables, numbers = contract
    con = connect(clean_dir)
    for table, cols in tables.items():
        files = sorted((clean_dir / table).glob("part-*.parquet"))
        assert files, table
        assert all(re.fullmatch(r"part-\d{4}\.parquet", f.name) for f in files)
        desc = con.execute(f"DESCRIBE {table}").fetchall()
        assert [d[0] for d in desc] == cols, table
        for col, typ, *_ in desc:
            assert typ == gr._column_type(col), (table, col, typ)
            assert (col in numbers) == (typ != "VARCHAR"), (table, col, typ)


def test_embedded_provinces_match_shared_csvs():
    data = _shared_dir("data")
    if data is None:
        pytest.skip("shared/data not found")
    with open(data / "provinces_2025.csv", encoding="utf-8") as fh:
        current = [
            (r["gso_code"], r["name"], r["kind"], r["dvcqg_code"], r["merged_from_gso_codes"])
            for r in csv.DictReader(fh)
        ]
    assert current == [tuple(p) for p in gr.PROVINCES_2025]
    with open(data / "provinces_before_2025.csv", encoding="utf-8") as fh:
        former = [(r["gso_code"], r["name"], r["successor_gso_code"]) for r in csv.DictReader(fh)]
    assert former == [p[:3] for p in gr.PROVINCES_BEFORE_2025]


# --------------------------------------------------------------------------------------------
# clean data breaks no rule of seeds/reject_rules.csv
# --------------------------------------------------------------------------------------------

KEYS = {
    "HoSo": ["MaHoSo"], "QuaTrinhXuLy": ["MaHoSo", "ThoiDiemXuLy", "TrangThai"],
    "HoSoBoSung": ["MaHoSo", "HoSoBoSungId"], "TaiLieuNop": ["MaHoSo", "TepDinhKemId"],
    "GiayToKetQua": ["MaHoSo", "GiayToId"], "LePhi": ["MaHoSo", "MaPhiLePhi"],
    "DanhGia": ["MaHoSo", "ThoiGianDanhGia"], "PhanAnhKienNghi": ["MaPAKN"],
    "DonVi": ["MaDonVi", "HieuLucTu"], "ThuTuc": ["MaTTHC"], "ThuTucDonVi": ["MaTTHC", "MaDonVi"],
    "QuyetDinhCongBo": ["SoQuyetDinh", "MaTTHC"], "NgayNghi": ["Ngay"],
    "BaoCaoQuocGia": ["MaDonVi", "KyBaoCao"], "ChiSoNgoai": ["MaDonVi", "KyBaoCao", "MaChiSo"],
    "DiemCongBo": ["MaDonVi", "KyBaoCao", "MaChiSo"],
}  # fmt: skip
CHILDREN = ["QuaTrinhXuLy", "HoSoBoSung", "TaiLieuNop", "GiayToKetQua", "LePhi", "DanhGia"]
STATUS = [str(x) for x in range(1, 11)]
CODES = {
    "HoSo": {"TrangThaiHoSo": STATUS, "KenhThucHien": ["1", "2", "3", None],
             "LoaiDoiTuong": ["1", "2", "3", "4"], "DuocThanhToanTrucTuyen": ["0", "1", "2"],
             "HoSoCoThanhPhanSoHoa": ["0", "1"], "TaiKhoanDuocXacThucVoiVNeID": ["0", "1"]},
    "QuaTrinhXuLy": {"TrangThai": STATUS},
    "TaiLieuNop": {"DuocSoHoa": ["0", "1"], "DuocTaiSuDung": ["0", "1", "2"],
                   "DuocLayTuKhoDMQG": ["0", "1"], "IsDeleted": ["0", "1"]},
    "GiayToKetQua": {"DongBoKhoCongDan": ["0", "1"]},
    "DanhGia": {"Nguon": ["DVCQG", "DIA_PHUONG"],
                "MucDanhGia": ["LIKE", "DISLIKE", "RAT_HAI_LONG", "HAI_LONG", "KHONG_HAI_LONG"]},
    "PhanAnhKienNghi": {"PhanLoai": ["TTHC", "CAN_BO", "KHAC"], "TuChoi": ["0", "1"],
                        "PhanAnhLai": ["0", "1"]},
    "DonVi": {"LoaiDonVi": ["BO", "TINH", "SO_NGANH", "HUYEN", "XA"]},
    "ThuTuc": {"DonViTinh": ["GIO", "NGAY", "NGAY_LAM_VIEC", "THANG"],
               "YeuCauKetQuaGiay": ["0", "1"], "CoPhiLePhi": ["0", "1"],
               "DuDieuKienToanTrinh": ["0", "1"],
               "TrangThaiCongKhai": ["DANG_CONG_KHAI", "DANG_CONG_KHAI_SDBS", "BAI_BO",
                                     "CHUA_CONG_KHAI"]},
    "ThuTucDonVi": {"MucDo": ["2", "3", "4"], "CongKhai": ["0", "1"],
                    "TichHopThanhToanDVCQG": ["0", "1"]},
    "QuyetDinhCongBo": {"LoaiCongBo": ["MOI", "SUA_DOI", "BAI_BO"]},
}  # fmt: skip
TIMESTAMPS = {
    "HoSo": ["NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra",
             "DongBoLuc"],
    "QuaTrinhXuLy": ["ThoiDiemXuLy"], "HoSoBoSung": ["NgayYeuCauBoSung", "NgayHoanThanhBoSung"],
    "DanhGia": ["ThoiGianDanhGia"],
    "PhanAnhKienNghi": ["NgayGui", "NgayTiepNhan", "NgayXuLyXong"],
}  # fmt: skip
DATES = {"DonVi": ["HieuLucTu", "HieuLucDen"], "NgayNghi": ["Ngay"],
         "QuyetDinhCongBo": ["NgayQuyetDinh", "NgayHieuLucVanBan", "NgayCongKhai"]}  # fmt: skip


def code_violation(table: str) -> str:
    parts = []
    for col, values in CODES.get(table, {}).items():
        listed = ", ".join(f"'{v}'" for v in values if v is not None)
        nullable = None in values
        parts.append(f"({col} NOT IN ({listed})" + ("" if nullable else f" OR {col} IS NULL") + ")")
    return " OR ".join(parts) or "false"


def national(col: str) -> str:
    return f"split_part({col}, '.', 1) || '.' || split_part({col}, '.', 2)"


def test_clean_data_breaks_no_rule(clean_dir, clean_con):
    con = clean_con
    manifest = json.loads((clean_dir / "manifest.json").read_text())
    assert all(v == {} for v in manifest["rejects"].values())
    con.execute(
        "CREATE TEMP TABLE units AS SELECT MaDonVi, CAST(HieuLucTu AS DATE) AS vf, "
        "coalesce(CAST(HieuLucDen AS DATE), DATE '9999-12-31') AS vt FROM DonVi"
    )
    for table, cols in gr.TABLE_COLUMNS.items():
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
    assert {r[0] for r in current} == {p[3] for p in gr.PROVINCES_2025}
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


def test_edge_cases_present(clean_dir, clean_con):
    con = clean_con
    latest_dossiers(con)
    n = one(con, "SELECT count(*) FROM h")
    assert n == N_MAIN
    shares = {
        "open": "TrangThaiHoSo IN ('4', '5')",
        "late": "TrangThaiHoSo IN ('9', '10') AND NgayKetThucXuLy > NgayHenTra",
        "missing NgayHenTra": "NgayTiepNhan IS NOT NULL AND NgayHenTra IS NULL",
        "sub-dossier": "MaHoSoGoc IS NOT NULL",
        "never received, status 1": "NgayTiepNhan IS NULL AND TrangThaiHoSo = '1'",
        "never received, status 3": "NgayTiepNhan IS NULL AND TrangThaiHoSo = '3'",
        "never synced": "DongBoLuc IS NULL",
        "withdrawn": "TrangThaiHoSo = '7'",
        "stopped": "TrangThaiHoSo = '8'",
        "channel missing": "KenhThucHien IS NULL",
        "postal": "KenhThucHien = '3'",
    }
    for name, cond in shares.items():
        share = one(con, f"SELECT count(*) FILTER (WHERE {cond}) / count(*) FROM h")
        assert 0 < share < 0.5, (name, share)
    assert (
        one(
            con,
            "SELECT count(*) FROM h WHERE NgayTiepNhan IS NULL AND TrangThaiHoSo NOT IN ('1', '3')",
        )
        == 0
    )
    # pushed several times, strictly later NapLuc
    assert (
        one(con, "SELECT count(*) FROM (SELECT MaHoSo FROM HoSo GROUP BY 1 HAVING count(*) >= 3)")
        > 0
    )
    assert (
        one(
            con,
            f"""SELECT count(*) FROM (SELECT MaHoSo, count(*) AS n,
                        count(DISTINCT {gr.NAPLUC_EPOCH}) AS v FROM HoSo GROUP BY 1) WHERE n <> v
                    """,
        )
        == 0
    )
    assert one(con, "SELECT count(*) FROM HoSo WHERE NapLuc LIKE '%Z'") > 0
    assert (
        one(
            con,
            "SELECT count(*) FROM HoSo WHERE NapLuc NOT LIKE '%Z' AND NapLuc NOT LIKE '%+07:00'",
        )
        > 0
    )
    # supplements: one, two, still waiting; re-pushed steps
    counts = dict(
        con.execute(
            "SELECT n, count(*) FROM (SELECT MaHoSo, count(DISTINCT "
            "HoSoBoSungId) AS n FROM HoSoBoSung GROUP BY 1) GROUP BY 1"
        ).fetchall()
    )
    assert counts.get(1, 0) > counts.get(2, 0) > 0
    with_supplement = sum(counts.values()) / n
    assert 0.02 < with_supplement < 0.2
    assert (
        one(
            con,
            """SELECT count(*) FROM (SELECT * FROM HoSoBoSung QUALIFY row_number() OVER
                       (PARTITION BY MaHoSo, HoSoBoSungId ORDER BY NapLuc DESC) = 1)
                       WHERE NgayHoanThanhBoSung IS NULL""",
        )
        > 0
    )
    assert (
        one(
            con,
            "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT MaHoSo, "
            "ThoiDiemXuLy, TrangThai FROM QuaTrinhXuLy)) FROM QuaTrinhXuLy",
        )
        > 0
    )
    # zero-fee lines, results without link, deleted components, petitions about a dossier
    assert one(con, "SELECT count(*) FROM LePhi WHERE Gia = 0") > 0
    assert (
        one(con, "SELECT count(*) FROM (SELECT MaHoSo FROM LePhi GROUP BY 1 HAVING max(Gia) = 0)")
        > 0
    )
    assert one(con, "SELECT count(*) FROM GiayToKetQua WHERE DuongDanTepTinKetQua IS NULL") > 0
    assert one(con, "SELECT count(*) FROM TaiLieuNop WHERE IsDeleted = '1'") > 0
    assert one(con, "SELECT count(*) FROM PhanAnhKienNghi WHERE MaHoSo IS NOT NULL") > 0
    assert one(con, "SELECT count(*) FROM PhanAnhKienNghi WHERE NgayXuLyXong IS NULL") > 0
    # national report: periods of each kind, some above the real count
    labels = {r[0] for r in con.execute("SELECT KyBaoCao FROM BaoCaoQuocGia").fetchall()}
    assert {"2026", "2026-Q3", "2026-09"} <= labels
    real = con.execute("""
        SELECT b.SoHoSoTiepNhan, count(h.MaHoSo) FROM BaoCaoQuocGia b JOIN h
            ON h.MaDonVi = b.MaDonVi AND h.MaHoSoGoc IS NULL AND h.NgayTiepNhan IS NOT NULL
           AND strftime(strptime(h.NgayTiepNhan, '%Y%m%d%H%M%S'), '%Y-%m') = b.KyBaoCao
        WHERE b.MaDonVi LIKE '%.%' GROUP BY b.MaDonVi, b.KyBaoCao, b.SoHoSoTiepNhan""").fetchall()
    assert real and all(reported >= count for reported, count in real)
    assert any(reported > count for reported, count in real)
    assert (
        one(
            con,
            "SELECT count(*) FROM ChiSoNgoai WHERE MaChiSo = "
            "'ELECTRONIC_CERTIFIED_COPY' AND TuSo <= MauSo",
        )
        > 0
    )
    # publication decisions: some late, some published late or not yet
    assert (
        one(con, "SELECT count(*) FROM QuyetDinhCongBo WHERE NgayHieuLucVanBan < NgayQuyetDinh") > 0
    )
    assert one(con, "SELECT count(*) FROM QuyetDinhCongBo WHERE NgayCongKhai IS NULL") > 0
    # seven texts: some procedures incomplete; service levels 2/3/4
    assert (
        one(
            con,
            "SELECT count(*) FROM ThuTuc WHERE TrinhTu IS NULL OR CachThuc IS NULL OR "
            "ThanhPhanHoSo IS NULL OR ThoiHan IS NULL OR DoiTuong IS NULL OR "
            "CoQuanThucHien IS NULL",
        )
        > 0
    )
    assert 300 <= one(con, "SELECT count(*) FROM ThuTuc") <= 1500
    assert one(con, "SELECT count(DISTINCT MucDo) FROM ThuTucDonVi") == 3


def test_processing_steps_agree_with_dossiers(clean_dir, clean_con):
    con = clean_con
    latest_dossiers(con)
    # the last step is the dossier's status; the first 9 is the end of processing
    assert (
        one(
            con,
            """SELECT count(*) FROM h JOIN (SELECT MaHoSo, arg_max(TrangThai,
                       ThoiDiemXuLy) AS st FROM QuaTrinhXuLy GROUP BY 1) s USING (MaHoSo)
                       WHERE s.st <> h.TrangThaiHoSo""",
        )
        == 0
    )
    assert (
        one(
            con,
            """SELECT count(*) FROM h JOIN (SELECT MaHoSo, min(ThoiDiemXuLy) AS t FROM
                       QuaTrinhXuLy WHERE TrangThai = '9' GROUP BY 1) s USING (MaHoSo)
                       WHERE s.t <> h.NgayKetThucXuLy""",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM h WHERE NgayNopHoSo > NgayTiepNhan OR NgayHenTra <= "
            "NgayTiepNhan OR NgayKetThucXuLy < NgayTiepNhan OR NgayTra < "
            "NgayKetThucXuLy",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM GiayToKetQua JOIN h USING (MaHoSo) "
            "WHERE TrangThaiHoSo NOT IN ('9', '10')",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM DanhGia r JOIN h USING (MaHoSo) "
            "WHERE h.NgayTra IS NULL OR r.ThoiGianDanhGia < h.NgayTra",
        )
        == 0
    )
    # weekday seasonality
    by_dow = dict(
        con.execute(
            "SELECT isodow(strptime(NgayTiepNhan, '%Y%m%d%H%M%S')), count(*) "
            "FROM h WHERE NgayTiepNhan IS NOT NULL GROUP BY 1"
        ).fetchall()
    )
    assert by_dow[1] > 3 * by_dow[6] > 0 and by_dow[6] > by_dow[7] > 0


def test_rates_reproduce_ha_nam_and_national(clean_dir):
    rates = gr.measure_rates(clean_dir)
    by_unit = {(r["unit"], r["valid_from"]): r for r in rates["provinces"]}
    for unit in [("HC35", "2010-01-01"), ("H42", "2025-07-01")]:
        row = by_unit[unit]
        assert row["received"] > 300
        assert abs(row["rate_online"] - 0.863) <= 0.015, (unit, row)
        assert abs(row["rate_paid_online"] - 0.578) <= 0.015, (unit, row)
        assert abs(row["rate_digitized"] - 0.93) <= 0.015, (unit, row)
    vn = rates["national"]
    assert abs(vn["rate_online"] - 0.582) <= 0.02, vn
    assert abs(vn["rate_paid_online"] - 0.128) <= 0.02, vn
    assert abs(vn["rate_digitized"] - 0.637) <= 0.02, vn
    # provinces spread as real ones do
    online = [r["rate_online"] for r in rates["provinces"] if r["received"] > 1000]
    assert max(online) - min(online) > 0.25


# --------------------------------------------------------------------------------------------
# dirty data: the manifest counts exactly what can be re-detected
# --------------------------------------------------------------------------------------------


def test_dirty_manifest_matches_redetected(dirty_dir):
    con = connect(dirty_dir)
    manifest = json.loads((dirty_dir / "manifest.json").read_text())
    rejects = manifest["rejects"]
    assert manifest["arguments"]["dirty_rate"] == 0.02
    assert set(rejects) == set(gr.TABLE_COLUMNS)
    for table, kinds in gr.DIRTY_KINDS.items():
        assert list(rejects[table]) == kinds
    # about rate x rows bad rows per table
    for table in ("HoSo", "QuaTrinhXuLy", "TaiLieuNop", "ThuTucDonVi"):
        bad = sum(rejects[table].values())
        assert 0.013 < bad / manifest["row_counts"][table] < 0.027, table
    # every kind injected where the table is big enough
    for table, kinds in gr.DIRTY_KINDS.items():
        if manifest["row_counts"][table] * 0.02 / max(1, len(kinds)) >= 8:
            assert all(rejects[table][k] > 0 for k in kinds), (table, rejects[table])

    def count(sql: str) -> int:
        return one(con, sql)

    for table in CHILDREN:
        assert (
            count(f"SELECT count(*) FROM {table} WHERE MaHoSo NOT IN (SELECT MaHoSo FROM HoSo)")
            == rejects[table]["orphan_dossier"]
        ), table
    for table in gr.TABLE_COLUMNS:
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


def ordered_rows(out_dir: Path, table: str) -> str:
    """A table's rows in file order, numbered (for order-sensitive comparisons in SQL)."""
    return f"SELECT row_number() OVER () AS _rn, * FROM {gr.table_source(out_dir, table)}"


def differing_rows(left: str, right: str) -> int:
    con = duckdb.connect()
    return one(
        con,
        f"SELECT (SELECT count(*) FROM (({left}) EXCEPT ALL ({right}))) + "
        f"(SELECT count(*) FROM (({right}) EXCEPT ALL ({left})))",
    )


def test_deterministic(small_runs):
    a, b = small_runs["a"], small_runs["b"]
    for table in gr.TABLE_COLUMNS:
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
    for table, cols in gr.TABLE_COLUMNS.items():
        files = sorted((cv / table).glob("part-*.csv"))
        assert files, table
        with open(files[0], encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == cols
        assert differing_rows(ordered_rows(cv, table), ordered_rows(pq, table)) == 0, table


def test_cli_prints_summary_and_writes_manifest(tmp_path):
    out = tmp_path / "cli"
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
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


def test_repushes_carry_the_later_state(clean_dir, clean_con):
    con = clean_con
    nl = gr.NAPLUC_EPOCH
    # HoSo: earlier pushes are open versions (status 1/4/5, no end), strictly earlier
    assert (
        one(
            con,
            f"""
        SELECT count(*) FROM (
            SELECT *, {nl} AS t, max({nl}) OVER (PARTITION BY MaHoSo) AS last FROM HoSo)
        WHERE t < last AND (TrangThaiHoSo NOT IN ('1', '4', '5') OR NgayKetThucXuLy IS NOT NULL
                            OR NgayTra IS NOT NULL)""",
        )
        == 0
    )
    # a supplement re-pushed once completed; a petition re-pushed once closed
    for table, key, done in [
        ("HoSoBoSung", "MaHoSo, HoSoBoSungId", "NgayHoanThanhBoSung"),
        ("PhanAnhKienNghi", "MaPAKN", "NgayXuLyXong"),
    ]:
        pairs = con.execute(f"""
            SELECT count(*), count(*) FILTER (WHERE a.{done} IS NULL AND b.{done} IS NOT NULL)
            FROM (SELECT *, {nl} AS t FROM {table}) a
            JOIN (SELECT *, {nl} AS t FROM {table}) b USING ({key})
            WHERE a.t < b.t""").fetchone()
        assert pairs[0] > 0 and pairs[0] == pairs[1], table
    # petitions: received after sent, closed after received, about a dossier after its reception
    assert (
        one(
            con,
            """
        SELECT count(*) FROM PhanAnhKienNghi p LEFT JOIN HoSo h USING (MaHoSo)
        WHERE p.NgayTiepNhan < p.NgayGui OR p.NgayXuLyXong < p.NgayTiepNhan
           OR p.NgayGui < h.NgayTiepNhan""",
        )
        == 0
    )
