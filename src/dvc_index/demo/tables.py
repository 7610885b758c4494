"""The landing zone's contract as the generator writes it (tables and columns, number
columns, the bad-row kinds injected per table) and the generator's calibration: the
published rates it aims at and the shares of dossier kinds."""

from __future__ import annotations

from datetime import date

# --------------------------------------------------------------------------------------------
# Contract
# --------------------------------------------------------------------------------------------

# fmt: off
TABLE_COLUMNS: dict[str, list[str]] = {
    "HoSo": [
        "MaHoSo", "MaHoSoGoc", "MaTTHC", "MaLinhVuc", "MaDonVi", "KenhThucHien", "LoaiDoiTuong",
        "ChuHoSo", "SoGiayToChuHoSo", "SoDienThoai", "Email", "NgayNopHoSo", "NgayTiepNhan",
        "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "TrangThaiHoSo", "HoSoCoThanhPhanSoHoa",
        "TaiKhoanDuocXacThucVoiVNeID", "DuocThanhToanTrucTuyen", "MaCSDL", "DongBoLuc", "NapLuc",
    ],
    "QuaTrinhXuLy": ["MaHoSo", "ThoiDiemXuLy", "TrangThai", "NguoiXuLy", "NoiDungXuLy", "NapLuc"],
    "HoSoBoSung": ["MaHoSo", "HoSoBoSungId", "NgayYeuCauBoSung", "NgayHoanThanhBoSung", "NapLuc"],
    "TaiLieuNop": [
        "MaHoSo", "TepDinhKemId", "MaThanhPhanHoSo", "DuongDanTaiTepTin", "DuocSoHoa",
        "DuocTaiSuDung", "DuocLayTuKhoDMQG", "IsDeleted", "NapLuc",
    ],
    "GiayToKetQua": [
        "MaHoSo", "GiayToId", "MaGiayToKetQua", "DuongDanTepTinKetQua", "DongBoKhoCongDan",
        "NapLuc",
    ],
    "LePhi": ["MaHoSo", "MaPhiLePhi", "TenPhiLePhi", "Gia", "NapLuc"],
    "DanhGia": ["MaHoSo", "Nguon", "MucDanhGia", "ThoiGianDanhGia", "NapLuc"],
    "PhanAnhKienNghi": [
        "MaPAKN", "MaDonViXuLy", "MaHoSo", "PhanLoai", "NgayGui", "NgayTiepNhan", "NgayXuLyXong",
        "TuChoi", "SoLike", "SoDislike", "PhanAnhLai", "NapLuc",
    ],
    "DonVi": [
        "MaDonVi", "TenDonVi", "LoaiDonVi", "MaDonViCha", "HieuLucTu", "HieuLucDen",
        "MaDonViKeThua",
    ],
    "ThuTuc": [
        "MaTTHC", "TenTTHC", "MaLinhVuc", "CapThucHien", "ThoiHanGiaiQuyet", "DonViTinh",
        "YeuCauKetQuaGiay", "CoPhiLePhi", "DuDieuKienToanTrinh", "DoiTuongThucHien",
        "TrangThaiCongKhai", "TrinhTu", "CachThuc", "ThanhPhanHoSo", "ThoiHan", "DoiTuong",
        "CoQuanThucHien",
    ],
    "ThuTucDonVi": ["MaTTHC", "MaDonVi", "MucDo", "CongKhai", "TichHopThanhToanDVCQG", "NapLuc"],
    "QuyetDinhCongBo": [
        "SoQuyetDinh", "MaDonVi", "MaTTHC", "LoaiCongBo", "NgayQuyetDinh", "NgayHieuLucVanBan",
        "NgayCongKhai",
    ],
    "NgayNghi": ["Ngay", "TenNgayNghi"],
    "BaoCaoQuocGia": ["MaDonVi", "KyBaoCao", "SoHoSoTiepNhan"],
    "ChiSoNgoai": ["MaDonVi", "KyBaoCao", "MaChiSo", "TuSo", "MauSo"],
    "DiemCongBo": [
        "MaDonVi", "KyBaoCao", "MaChiSo", "TuSo", "MauSo", "Diem", "ThoiDiemCongBo", "NapLuc",
    ],
}
NUMBER_COLUMNS = {
    "Diem", "Gia", "MauSo", "SoDislike", "SoHoSoTiepNhan", "SoLike", "ThoiHanGiaiQuyet", "TuSo",
}
DECIMAL_COLUMNS = {"Diem"}  # numbers with decimals (points as published): DOUBLE, not BIGINT

# Bad-row kinds injected per table with --dirty-rate (rule names of seeds/reject_rules.csv).
DIRTY_KINDS: dict[str, list[str]] = {
    "HoSo": [
        "unknown_unit", "unknown_procedure", "unparseable_timestamp", "received_after_returned",
        "unknown_code", "duplicate_row", "conflicting_version",
    ],
    "QuaTrinhXuLy": ["orphan_dossier", "unparseable_timestamp", "unknown_code", "duplicate_row"],
    "HoSoBoSung": ["orphan_dossier", "unparseable_timestamp", "duplicate_row"],
    "TaiLieuNop": ["orphan_dossier", "duplicate_row"],
    "GiayToKetQua": ["orphan_dossier", "duplicate_row"],
    "LePhi": ["orphan_dossier", "negative_fee", "duplicate_row"],
    "DanhGia": ["orphan_dossier", "unparseable_timestamp", "duplicate_row"],
    "PhanAnhKienNghi": ["unknown_unit", "unparseable_timestamp", "duplicate_row"],
    "ThuTucDonVi": ["unknown_unit", "unknown_procedure", "duplicate_row"],
    "DonVi": ["duplicate_row"], "ThuTuc": ["duplicate_row"], "QuyetDinhCongBo": ["duplicate_row"],
    "NgayNghi": ["duplicate_row"], "BaoCaoQuocGia": ["duplicate_row"], "ChiSoNgoai": [],
    "DiemCongBo": [],
}
EXTRA_ROW_KINDS = {"duplicate_row", "conflicting_version"}

MERGER_DATE = date(2025, 7, 1)
LAST_FORMER_DAY = date(2025, 6, 30)
UNITS_VALID_FROM = date(2010, 1, 1)

# Published 2022 figures (indicators.md, "Known published figures").
HA_NAM_RATES = {"online": 0.863, "paid_online": 0.578, "digitized": 0.93}
NATIONAL_RATES = {"online": 0.582, "paid_online": 0.128, "digitized": 0.637}

# Shares of dossier kinds (of all dossiers).
P_SUB = 0.02  # inter-agency sub-dossier (MaHoSoGoc set)
P_NOT_RECEIVED = 0.025  # never received (status 1, or 3 = refused at reception)
P_MINISTRY = 0.06  # handled by a ministry
PAKN_PER_DOSSIER = 0.004
# fmt: on
