"""What the generator tests share: the sizes of their zones, reading a generated zone back,
the contract parsed from raw_schema.md, and the key, code and timestamp rules the quarantine
applies (restated here so that the tests check the files, not the generator's own lists)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

from dvc_index.demo import generate_raw as gr
from dvc_index.demo.tables import TABLE_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
N_MAIN = 200_000  # big enough for stable per-province rates (HC35 gets ~400 dossiers)
N_SMALL = 10_000


def _shared_dir(*parts: str) -> Path | None:
    candidates = [os.environ.get("DVC_SHARED_DIR"), ROOT.parent / "shared", "/work/shared"]
    for base in candidates:
        if base and Path(base, *parts).exists():
            return Path(base, *parts)
    return None


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for table in TABLE_COLUMNS:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {gr.table_source(out_dir, table)}")
    return con


def latest_dossiers(con) -> None:
    """TEMP table h: the latest push of each dossier."""
    con.execute(f"""
        CREATE TEMP TABLE h AS SELECT * FROM (SELECT *, {gr.NAPLUC_EPOCH} AS nl FROM HoSo)
        QUALIFY row_number() OVER (PARTITION BY MaHoSo ORDER BY nl DESC) = 1""")


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


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
