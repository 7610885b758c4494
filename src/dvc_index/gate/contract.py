"""The landing-zone contract (../shared/spec/raw_schema.md) as data, written once.

The raw suite is built from these lists; tests check that they agree with the dbt source
declaration (models/staging/dvcqg/_dvcqg__sources.yml). Field names are the sync payload's,
exactly as sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Value types of raw_schema.md: S string, N number, T wire timestamp yyyyMMddHHmmss (Vietnam
# local time), D date yyyy-MM-dd, L the loader's ISO-8601 NapLuc.
STRING, NUMBER, TIMESTAMP, DATE, LOADED_AT = "S", "N", "T", "D", "L"

# Code lists ("Code lists" and the table sections of raw_schema.md).
CODE_LISTS: dict[str, tuple[str, ...]] = {
    # TrangThaiHoSo, QuaTrinhXuLy.TrangThai: 1 new … 10 result returned
    "status": tuple(str(code) for code in range(1, 11)),
    # KenhThucHien: 1 in person, 2 online, 3 postal (missing = 1)
    "channel": ("1", "2", "3"),
    # MucDo: 2 information only, 3 online partial, 4 online full
    "service_level": ("2", "3", "4"),
    # DuocThanhToanTrucTuyen: 0 not paid online, 1 paid on DVCQG, 2 paid on a local gateway
    "payment": ("0", "1", "2"),
    # LoaiDoiTuong: 1 citizen, 2 business, 3 state agency, 4 other organisation
    "applicant_type": ("1", "2", "3", "4"),
    # LoaiDonVi
    "unit_type": ("BO", "TINH", "SO_NGANH", "HUYEN", "XA"),
    # DuocTaiSuDung: 0 no, 1 reused a component, 2 reused a result
    "reuse": ("0", "1", "2"),
    # 0/1 flags
    "flag": ("0", "1"),
    # DanhGia.Nguon, DanhGia.MucDanhGia
    "rating_source": ("DVCQG", "DIA_PHUONG"),
    "rating": ("LIKE", "DISLIKE", "RAT_HAI_LONG", "HAI_LONG", "KHONG_HAI_LONG"),
    # PhanAnhKienNghi.PhanLoai
    "petition_category": ("TTHC", "CAN_BO", "KHAC"),
    # ThuTuc.DonViTinh: unit of the time limit
    "time_unit": ("GIO", "NGAY", "NGAY_LAM_VIEC", "THANG"),
    # ThuTuc.TrangThaiCongKhai
    "publication_status": ("DANG_CONG_KHAI", "DANG_CONG_KHAI_SDBS", "BAI_BO", "CHUA_CONG_KHAI"),
    # QuyetDinhCongBo.LoaiCongBo
    "publication_type": ("MOI", "SUA_DOI", "BAI_BO"),
}


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
