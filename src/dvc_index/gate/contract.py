"""The landing-zone contract (../shared/spec/raw_schema.md) as data, written once.

The raw suite is built from these lists; tests check that they agree with the dbt source
declaration (models/staging/dvcqg/_dvcqg__sources.yml). Field names are the sync payload's,
exactly as sent.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from dvc_index.common import PROJECT_ROOT

# Value types of raw_schema.md: S string, N number, T wire timestamp yyyyMMddHHmmss (Vietnam
# local time), D date yyyy-MM-dd, L the loader's ISO-8601 NapLuc.
STRING, NUMBER, TIMESTAMP, DATE, LOADED_AT = "S", "N", "T", "D", "L"


# The code lists of raw_schema.md ("Code lists" and the table sections), as the warehouse uses
# them: seeds/code_lists.csv (code_list, code, label) is their one definition. Here: list name ->
# its codes, in the seed's order.
CODE_LIST_SEED = PROJECT_ROOT / "seeds" / "code_lists.csv"


def _read_code_lists(path: Path) -> dict[str, tuple[str, ...]]:
    lists: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as seed:
        for row in csv.DictReader(seed):
            lists.setdefault(row["code_list"], []).append(row["code"])
    return {name: tuple(codes) for name, codes in lists.items()}


CODE_LISTS: dict[str, tuple[str, ...]] = _read_code_lists(CODE_LIST_SEED)


@dataclass(frozen=True)
class Coded:
    """A coded column: its code list, and whether an empty value breaks the contract too."""

    column: str
    code_list: str
    required: bool = False


@dataclass(frozen=True)
class RawTable:
    name: str
    columns: dict[str, str]  # column → value type, in contract order
    key: tuple[str, ...]
    optional: bool = False
    coded: tuple[Coded, ...] = ()
    pii: tuple[str, ...] = ()
    child_of_dossier: bool = False  # MaHoSo must match a HoSo row
    unit_columns: tuple[str, ...] = ()  # must be a DonVi.MaDonVi
    procedure_columns: tuple[str, ...] = ()  # national part must be a ThuTuc.MaTTHC
    notes: str = field(default="", compare=False)

    @property
    def version_column(self) -> str | None:
        """The push version: rows of one key are versions told apart by NapLuc."""
        return "NapLuc" if "NapLuc" in self.columns else None


def _cols(spec: str) -> dict[str, str]:
    """`"A:S B:T"` → {"A": "S", "B": "T"} (type S when omitted)."""
    columns = {}
    for item in spec.split():
        name, _, kind = item.partition(":")
        columns[name] = kind or STRING
    return columns


FLAG = "flag"

TABLES: dict[str, RawTable] = {
    table.name: table
    for table in (
        RawTable(
            "HoSo",
            _cols(
                "MaHoSo MaHoSoGoc MaTTHC MaLinhVuc MaDonVi KenhThucHien LoaiDoiTuong ChuHoSo "
                "SoGiayToChuHoSo SoDienThoai Email NgayNopHoSo:T NgayTiepNhan:T NgayHenTra:T "
                "NgayKetThucXuLy:T NgayTra:T TrangThaiHoSo HoSoCoThanhPhanSoHoa "
                "TaiKhoanDuocXacThucVoiVNeID DuocThanhToanTrucTuyen MaCSDL DongBoLuc:T NapLuc:L"
            ),
            key=("MaHoSo",),
            coded=(
                Coded("TrangThaiHoSo", "status"),
                Coded("KenhThucHien", "channel"),
                Coded("LoaiDoiTuong", "applicant_type"),
                Coded("DuocThanhToanTrucTuyen", "payment"),
                Coded("HoSoCoThanhPhanSoHoa", FLAG),
                Coded("TaiKhoanDuocXacThucVoiVNeID", FLAG),
            ),
            pii=("ChuHoSo", "SoGiayToChuHoSo", "SoDienThoai", "Email"),
            unit_columns=("MaDonVi",),
            procedure_columns=("MaTTHC",),
        ),
        RawTable(
            "QuaTrinhXuLy",
            _cols("MaHoSo ThoiDiemXuLy:T TrangThai NguoiXuLy NoiDungXuLy NapLuc:L"),
            key=("MaHoSo", "ThoiDiemXuLy", "TrangThai"),
            coded=(Coded("TrangThai", "status"),),
            pii=("NguoiXuLy",),
            child_of_dossier=True,
        ),
        RawTable(
            "HoSoBoSung",
            _cols("MaHoSo HoSoBoSungId NgayYeuCauBoSung:T NgayHoanThanhBoSung:T NapLuc:L"),
            key=("MaHoSo", "HoSoBoSungId"),
            child_of_dossier=True,
        ),
        RawTable(
            "TaiLieuNop",
            _cols(
                "MaHoSo TepDinhKemId MaThanhPhanHoSo DuongDanTaiTepTin DuocSoHoa DuocTaiSuDung "
                "DuocLayTuKhoDMQG IsDeleted NapLuc:L"
            ),
            key=("MaHoSo", "TepDinhKemId"),
            coded=(
                Coded("DuocSoHoa", FLAG),
                Coded("DuocTaiSuDung", "reuse"),
                Coded("DuocLayTuKhoDMQG", FLAG),
                Coded("IsDeleted", FLAG),
            ),
            child_of_dossier=True,
        ),
        RawTable(
            "GiayToKetQua",
            _cols("MaHoSo GiayToId MaGiayToKetQua DuongDanTepTinKetQua DongBoKhoCongDan NapLuc:L"),
            key=("MaHoSo", "GiayToId"),
            coded=(Coded("DongBoKhoCongDan", FLAG),),
            child_of_dossier=True,
        ),
        RawTable(
            "LePhi",
            _cols("MaHoSo MaPhiLePhi TenPhiLePhi Gia:N NapLuc:L"),
            key=("MaHoSo", "MaPhiLePhi"),
            child_of_dossier=True,
        ),
        RawTable(
            "DanhGia",
            _cols("MaHoSo Nguon MucDanhGia ThoiGianDanhGia:T NapLuc:L"),
            key=("MaHoSo", "ThoiGianDanhGia"),
            coded=(Coded("Nguon", "rating_source"), Coded("MucDanhGia", "rating", required=True)),
            child_of_dossier=True,
        ),
        RawTable(
            "PhanAnhKienNghi",
            _cols(
                "MaPAKN MaDonViXuLy MaHoSo PhanLoai NgayGui:T NgayTiepNhan:T NgayXuLyXong:T "
                "TuChoi SoLike:N SoDislike:N PhanAnhLai NapLuc:L"
            ),
            key=("MaPAKN",),
            coded=(
                Coded("PhanLoai", "petition_category"),
                Coded("TuChoi", FLAG),
                Coded("PhanAnhLai", FLAG),
            ),
            unit_columns=("MaDonViXuLy",),
        ),
        RawTable(
            "DonVi",
            _cols("MaDonVi TenDonVi LoaiDonVi MaDonViCha HieuLucTu:D HieuLucDen:D MaDonViKeThua"),
            key=("MaDonVi", "HieuLucTu"),
            coded=(Coded("LoaiDonVi", "unit_type", required=True),),
        ),
        RawTable(
            "ThuTuc",
            _cols(
                "MaTTHC TenTTHC MaLinhVuc CapThucHien ThoiHanGiaiQuyet:N DonViTinh "
                "YeuCauKetQuaGiay CoPhiLePhi DuDieuKienToanTrinh DoiTuongThucHien "
                "TrangThaiCongKhai TrinhTu CachThuc ThanhPhanHoSo ThoiHan DoiTuong CoQuanThucHien"
            ),
            key=("MaTTHC",),
            coded=(
                Coded("DonViTinh", "time_unit"),
                Coded("YeuCauKetQuaGiay", FLAG),
                Coded("CoPhiLePhi", FLAG),
                Coded("DuDieuKienToanTrinh", FLAG),
                Coded("TrangThaiCongKhai", "publication_status"),
            ),
        ),
        RawTable(
            "ThuTucDonVi",
            _cols("MaTTHC MaDonVi MucDo CongKhai TichHopThanhToanDVCQG NapLuc:L"),
            key=("MaTTHC", "MaDonVi"),
            coded=(
                Coded("MucDo", "service_level", required=True),
                Coded("CongKhai", FLAG),
                Coded("TichHopThanhToanDVCQG", FLAG),
            ),
            unit_columns=("MaDonVi",),
            procedure_columns=("MaTTHC",),
        ),
        RawTable(
            "QuyetDinhCongBo",
            _cols(
                "SoQuyetDinh MaDonVi MaTTHC LoaiCongBo NgayQuyetDinh:D NgayHieuLucVanBan:D "
                "NgayCongKhai:D"
            ),
            key=("SoQuyetDinh", "MaTTHC"),
            coded=(Coded("LoaiCongBo", "publication_type", required=True),),
        ),
        RawTable("NgayNghi", _cols("Ngay:D TenNgayNghi"), key=("Ngay",)),
        RawTable(
            "BaoCaoQuocGia",
            _cols("MaDonVi KyBaoCao SoHoSoTiepNhan:N"),
            key=("MaDonVi", "KyBaoCao"),
            optional=True,
        ),
        RawTable(
            "ChiSoNgoai",
            _cols("MaDonVi KyBaoCao MaChiSo TuSo:N MauSo:N"),
            key=("MaDonVi", "KyBaoCao", "MaChiSo"),
            optional=True,
        ),
        RawTable(
            "DiemCongBo",
            _cols("MaDonVi KyBaoCao MaChiSo TuSo:N MauSo:N Diem:N ThoiDiemCongBo:L NapLuc:L"),
            key=("MaDonVi", "KyBaoCao", "MaChiSo"),
            optional=True,
        ),
    )
}

DOSSIER_TABLE = "HoSo"
UNIT_TABLE = "DonVi"
PROCEDURE_TABLE = "ThuTuc"
