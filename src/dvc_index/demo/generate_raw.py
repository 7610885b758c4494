"""Generate a synthetic, internally consistent raw landing zone for dvc-index.

Usage::

    python scripts/generate_raw.py --out DIR --dossiers N --seed S
        [--start 2025-01-01] [--end 2026-09-30] [--dirty-rate R] [--format parquet|csv]

It writes one sub-directory per raw table of ``raw_schema.md`` (``HoSo``, ``QuaTrinhXuLy``,
``HoSoBoSung``, ``TaiLieuNop``, ``GiayToKetQua``, ``LePhi``, ``DanhGia``, ``PhanAnhKienNghi``,
``DonVi``, ``ThuTuc``, ``ThuTucDonVi``, ``QuyetDinhCongBo``, ``NgayNghi``, ``BaoCaoQuocGia``,
``ChiSoNgoai``, ``DiemCongBo``: see scripts/generate_published.py), each holding
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
import json
import math
import os
import random
import shutil
import statistics
import sys
import time
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

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

# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------

# provinces_2025.csv: gso_code, name, kind, dvcqg_code, merged_from_gso_codes
PROVINCES_2025 = [
    ("01", "Thành phố Hà Nội", "central_city", "H26", "01"),
    ("04", "Cao Bằng", "province", "H14", "04"), ("08", "Tuyên Quang", "province", "H60", "02;08"),
    ("11", "Điện Biên", "province", "H18", "11"), ("12", "Lai Châu", "province", "H35", "12"),
    ("14", "Sơn La", "province", "H52", "14"), ("15", "Lào Cai", "province", "H38", "10;15"),
    ("19", "Thái Nguyên", "province", "H55", "06;19"), ("20", "Lạng Sơn", "province", "H37", "20"),
    ("22", "Quảng Ninh", "province", "H49", "22"), ("24", "Bắc Ninh", "province", "H05", "24;27"),
    ("25", "Phú Thọ", "province", "H44", "17;25;26"),
    ("31", "Thành phố Hải Phòng", "central_city", "H24", "30;31"),
    ("33", "Hưng Yên", "province", "H31", "33;34"),
    ("37", "Ninh Bình", "province", "H42", "35;36;37"),
    ("38", "Thanh Hóa", "province", "H56", "38"), ("40", "Nghệ An", "province", "H41", "40"),
    ("42", "Hà Tĩnh", "province", "H27", "42"), ("44", "Quảng Trị", "province", "H50", "44;45"),
    ("46", "Thành phố Huế", "central_city", "H57", "46"),
    ("48", "Thành phố Đà Nẵng", "central_city", "H17", "48;49"),
    ("51", "Quảng Ngãi", "province", "H48", "51;62"),
    ("52", "Gia Lai", "province", "H21", "52;64"), ("56", "Khánh Hòa", "province", "H32", "56;58"),
    ("66", "Đắk Lắk", "province", "H15", "54;66"),
    ("68", "Lâm Đồng", "province", "H36", "60;67;68"),
    ("75", "Đồng Nai", "province", "H19", "70;75"),
    ("79", "Thành phố Hồ Chí Minh", "central_city", "H29", "74;77;79"),
    ("80", "Tây Ninh", "province", "H53", "72;80"),
    ("82", "Đồng Tháp", "province", "H20", "82;87"),
    ("86", "Vĩnh Long", "province", "H61", "83;84;86"),
    ("91", "An Giang", "province", "H01", "89;91"),
    ("92", "Thành phố Cần Thơ", "central_city", "H13", "92;93;94"),
    ("96", "Cà Mau", "province", "H12", "95;96"),
]

# provinces_before_2025.csv: gso_code, name, successor_gso_code; plus population (millions,
# approximate, used as the dossier-volume weight).
PROVINCES_BEFORE_2025 = [
    ("01", "Thành phố Hà Nội", "01", 8.4), ("02", "Tỉnh Hà Giang", "08", 0.9),
    ("04", "Tỉnh Cao Bằng", "04", 0.55), ("06", "Tỉnh Bắc Kạn", "19", 0.33),
    ("08", "Tỉnh Tuyên Quang", "08", 0.8), ("10", "Tỉnh Lào Cai", "15", 0.77),
    ("11", "Tỉnh Điện Biên", "11", 0.64), ("12", "Tỉnh Lai Châu", "12", 0.48),
    ("14", "Tỉnh Sơn La", "14", 1.3), ("15", "Tỉnh Yên Bái", "15", 0.84),
    ("17", "Tỉnh Hoà Bình", "25", 0.88), ("19", "Tỉnh Thái Nguyên", "19", 1.34),
    ("20", "Tỉnh Lạng Sơn", "20", 0.8), ("22", "Tỉnh Quảng Ninh", "22", 1.37),
    ("24", "Tỉnh Bắc Giang", "24", 1.9), ("25", "Tỉnh Phú Thọ", "25", 1.5),
    ("26", "Tỉnh Vĩnh Phúc", "25", 1.2), ("27", "Tỉnh Bắc Ninh", "24", 1.5),
    ("30", "Tỉnh Hải Dương", "31", 1.95), ("31", "Thành phố Hải Phòng", "31", 2.1),
    ("33", "Tỉnh Hưng Yên", "33", 1.3), ("34", "Tỉnh Thái Bình", "33", 1.87),
    ("35", "Tỉnh Hà Nam", "37", 0.88), ("36", "Tỉnh Nam Định", "37", 1.88),
    ("37", "Tỉnh Ninh Bình", "37", 1.0), ("38", "Tỉnh Thanh Hóa", "38", 3.7),
    ("40", "Tỉnh Nghệ An", "40", 3.4), ("42", "Tỉnh Hà Tĩnh", "42", 1.3),
    ("44", "Tỉnh Quảng Bình", "44", 0.9), ("45", "Tỉnh Quảng Trị", "44", 0.65),
    ("46", "Thành phố Huế", "46", 1.16), ("48", "Thành phố Đà Nẵng", "48", 1.2),
    ("49", "Tỉnh Quảng Nam", "48", 1.5), ("51", "Tỉnh Quảng Ngãi", "51", 1.25),
    ("52", "Tỉnh Bình Định", "52", 1.5), ("54", "Tỉnh Phú Yên", "66", 0.88),
    ("56", "Tỉnh Khánh Hòa", "56", 1.25), ("58", "Tỉnh Ninh Thuận", "56", 0.6),
    ("60", "Tỉnh Bình Thuận", "68", 1.25), ("62", "Tỉnh Kon Tum", "51", 0.58),
    ("64", "Tỉnh Gia Lai", "52", 1.6), ("66", "Tỉnh Đắk Lắk", "66", 1.9),
    ("67", "Tỉnh Đắk Nông", "68", 0.67), ("68", "Tỉnh Lâm Đồng", "68", 1.33),
    ("70", "Tỉnh Bình Phước", "75", 1.03), ("72", "Tỉnh Tây Ninh", "80", 1.19),
    ("74", "Tỉnh Bình Dương", "79", 2.8), ("75", "Tỉnh Đồng Nai", "75", 3.2),
    ("77", "Tỉnh Bà Rịa - Vũng Tàu", "79", 1.2), ("79", "Thành phố Hồ Chí Minh", "79", 9.4),
    ("80", "Tỉnh Long An", "80", 1.7), ("82", "Tỉnh Tiền Giang", "82", 1.8),
    ("83", "Tỉnh Bến Tre", "86", 1.3), ("84", "Tỉnh Trà Vinh", "86", 1.0),
    ("86", "Tỉnh Vĩnh Long", "86", 1.0), ("87", "Tỉnh Đồng Tháp", "82", 1.6),
    ("89", "Tỉnh An Giang", "91", 1.9), ("91", "Tỉnh Kiên Giang", "91", 1.75),
    ("92", "Thành phố Cần Thơ", "92", 1.25), ("93", "Tỉnh Hậu Giang", "92", 0.73),
    ("94", "Tỉnh Sóc Trăng", "92", 1.2), ("95", "Tỉnh Bạc Liêu", "96", 0.92),
    ("96", "Tỉnh Cà Mau", "96", 1.2),
]
HA_NAM_GSO = "35"
NINH_BINH_CODE = "H42"

# Departments: number → (current name, name before 1/7/2025, sector code, dossier weight,
# procedures of the sector). "{p}" = "tỉnh X" / "thành phố X".
DEPARTMENTS = [
    (
        "Văn phòng Ủy ban nhân dân {p}", None, "VP", 2,
        [
            "Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính",
            "Cung cấp thông tin theo yêu cầu", "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Đặt tên, đổi tên đường, phố và công trình công cộng",
        ],
    ),
    (
        "Sở Nội vụ {p}", None, "NV", 5,
        [
            "Thành lập hội", "Phê duyệt điều lệ hội", "Công nhận ban vận động thành lập hội",
            "Cấp giấy phép lao động cho người nước ngoài", "Giải quyết hưởng trợ cấp thất nghiệp",
            "Xác nhận người có công với cách mạng", "Thi tuyển công chức",
            "Cấp giấy phép hoạt động dịch vụ việc làm",
        ],
    ),
    (
        "Sở Tư pháp {p}", None, "TP", 6,
        [
            "Cấp Phiếu lý lịch tư pháp", "Đăng ký hành nghề luật sư",
            "Thành lập Văn phòng công chứng", "Cấp thẻ công chứng viên",
            "Đăng ký hoạt động của Trung tâm trọng tài", "Xin thôi quốc tịch Việt Nam",
            "Cấp thẻ giám định viên tư pháp", "Đăng ký hành nghề thừa phát lại",
        ],
    ),
    (
        "Sở Tài chính {p}", "Sở Kế hoạch và Đầu tư {p}", "TC", 10,
        [
            "Đăng ký thành lập doanh nghiệp", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
            "Cấp Giấy chứng nhận đăng ký đầu tư", "Thông báo tạm ngừng kinh doanh",
            "Giải thể doanh nghiệp", "Chấp thuận chủ trương đầu tư",
            "Đăng ký thành lập chi nhánh, văn phòng đại diện", "Thẩm định giá đất cụ thể",
        ],
    ),
    (
        "Sở Công Thương {p}", None, "CT", 4,
        [
            "Cấp Giấy phép bán lẻ rượu",
            "Cấp Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu",
            "Cấp giấy phép hoạt động điện lực", "Đăng ký thực hiện khuyến mại",
            "Cấp Giấy phép bán lẻ sản phẩm thuốc lá",
            "Đăng ký tổ chức hội chợ, triển lãm thương mại",
        ],
    ),
    (
        "Sở Xây dựng {p}", "Sở Giao thông vận tải {p}", "XD", 12,
        [
            "Cấp giấy phép xây dựng", "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
            "Cấp chứng chỉ hành nghề hoạt động xây dựng", "Cấp mới giấy phép lái xe",
            "Đổi giấy phép lái xe", "Cấp phù hiệu xe kinh doanh vận tải",
            "Cấp Giấy phép kinh doanh vận tải bằng xe ô tô", "Đăng ký phương tiện thủy nội địa",
        ],
    ),
    (
        "Sở Nông nghiệp và Môi trường {p}", "Sở Tài nguyên và Môi trường {p}", "MT", 12,
        [
            "Đăng ký đất đai, tài sản gắn liền với đất lần đầu", "Đăng ký biến động đất đai",
            "Cấp đổi Giấy chứng nhận quyền sử dụng đất", "Cấp giấy phép môi trường",
            "Thẩm định báo cáo đánh giá tác động môi trường",
            "Cấp giấy phép khai thác nước dưới đất",
            "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản",
            "Cấp giấy phép khai thác khoáng sản",
        ],
    ),
    (
        "Sở Khoa học và Công nghệ {p}", "Sở Thông tin và Truyền thông {p}", "KH", 2,
        [
            "Cấp giấy phép bưu chính", "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",
            "Cấp giấy phép xuất bản tài liệu không kinh doanh",
            "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
            "Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ",
            "Cấp giấy phép tiến hành công việc bức xạ",
        ],
    ),
    (
        "Sở Giáo dục và Đào tạo {p}", None, "GD", 5,
        [
            "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Chỉnh sửa nội dung văn bằng, chứng chỉ",
            "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục",
            "Công nhận trường trung học đạt chuẩn quốc gia",
            "Chuyển trường đối với học sinh trung học phổ thông",
            "Xét tuyển sinh vào trường phổ thông dân tộc nội trú",
        ],
    ),
    (
        "Sở Y tế {p}", None, "YT", 6,
        [
            "Cấp giấy phép hành nghề khám bệnh, chữa bệnh",
            "Cấp giấy phép hoạt động cơ sở khám bệnh, chữa bệnh", "Cấp chứng chỉ hành nghề dược",
            "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược",
            "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "Trợ giúp xã hội khẩn cấp",
        ],
    ),
    (
        "Sở Văn hóa, Thể thao và Du lịch {p}", None, "VH", 2,
        [
            "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa",
            "Công nhận hạng cơ sở lưu trú du lịch", "Cấp thẻ hướng dẫn viên du lịch",
            "Tổ chức biểu diễn nghệ thuật",
            "Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
        ],
    ),
    (
        "Sở Dân tộc và Tôn giáo {p}", "Ban Dân tộc {p}", "DT", 1,
        [
            "Đăng ký sinh hoạt tôn giáo tập trung", "Thông báo người được phong phẩm chức sắc",
            "Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
            "Thông báo tổ chức lễ hội tín ngưỡng",
        ],
    ),
    (
        "Sở Ngoại vụ {p}", None, "NG", 1,
        [
            "Cho phép tổ chức hội nghị, hội thảo quốc tế",
            "Cho phép sử dụng thẻ đi lại doanh nhân APEC",
            "Tiếp nhận viện trợ phi chính phủ nước ngoài", "Xác nhận lãnh sự giấy tờ",
        ],
    ),
    (
        "Thanh tra {p}", None, "TTR", 1,
        [
            "Giải quyết khiếu nại lần đầu", "Giải quyết khiếu nại lần hai", "Giải quyết tố cáo",
            "Tiếp công dân",
        ],
    ),
    (
        "Công an {p}", None, "CA", 14,
        [
            "Cấp hộ chiếu phổ thông", "Đăng ký, cấp biển số xe",
            "Cấp giấy phép sử dụng vũ khí thể thao",
            "Cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự",
            "Thẩm duyệt thiết kế về phòng cháy và chữa cháy", "Cấp thẻ căn cước",
            "Cấp văn bản đồng ý cho người nước ngoài thường trú",
            "Khai báo tạm trú cho người nước ngoài",
        ],
    ),
    (
        "Ban Quản lý các khu công nghiệp {p}", None, "KCN", 3,
        [
            "Cấp Giấy chứng nhận đăng ký đầu tư trong khu công nghiệp",
            "Cấp giấy phép lao động cho người nước ngoài làm việc trong khu công nghiệp",
            "Cấp giấy chứng nhận xuất xứ hàng hóa",
            "Điều chỉnh dự án đầu tư trong khu công nghiệp",
        ],
    ),
    (
        "Bảo hiểm xã hội {p}", None, "BH", 6,
        [
            "Cấp sổ bảo hiểm xã hội", "Giải quyết hưởng chế độ thai sản",
            "Giải quyết hưởng lương hưu", "Cấp lại thẻ bảo hiểm y tế",
            "Đăng ký tham gia bảo hiểm xã hội tự nguyện",
            "Giải quyết hưởng bảo hiểm xã hội một lần",
        ],
    ),
    (
        "Thuế {p}", "Cục Thuế {p}", "THUE", 5,
        [
            "Đăng ký thuế lần đầu", "Khai lệ phí trước bạ", "Hoàn thuế giá trị gia tăng",
            "Xác nhận việc thực hiện nghĩa vụ thuế", "Miễn, giảm tiền sử dụng đất",
            "Đăng ký sử dụng hóa đơn điện tử",
        ],
    ),
    (
        "Trung tâm Phục vụ hành chính công {p}", None, "HCC", 3,
        [
            "Chứng thực bản sao điện tử từ bản chính", "Tiếp nhận hồ sơ liên thông",
            "Cấp bản sao điện tử từ sổ gốc", "Tra cứu tình trạng hồ sơ",
        ],
    ),
    (
        "Kho bạc Nhà nước khu vực {p}", "Kho bạc Nhà nước {p}", "KB", 1,
        [
            "Đăng ký và sử dụng tài khoản tại Kho bạc Nhà nước", "Kiểm soát thanh toán vốn đầu tư",
            "Đăng ký mẫu dấu, mẫu chữ ký",
        ],
    ),
]

PROVINCE_LEVEL_PROCEDURES = [
    "Chấp thuận chủ trương đầu tư của Ủy ban nhân dân tỉnh", "Giao đất, cho thuê đất",
    "Chuyển mục đích sử dụng đất", "Thu hồi đất", "Công nhận xã đạt chuẩn nông thôn mới",
    "Công nhận điểm du lịch", "Thành lập trường trung học phổ thông",
]

COMMUNE_PROCEDURES = [
    "Đăng ký khai sinh", "Đăng ký khai tử", "Đăng ký kết hôn", "Cấp bản sao trích lục hộ tịch",
    "Cấp Giấy xác nhận tình trạng hôn nhân", "Đăng ký nhận cha, mẹ, con", "Đăng ký giám hộ",
    "Chứng thực bản sao từ bản chính", "Chứng thực chữ ký", "Chứng thực hợp đồng, giao dịch",
    "Đăng ký thành lập hộ kinh doanh", "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký biến động quyền sử dụng đất", "Đăng ký đất đai lần đầu",
    "Hòa giải tranh chấp đất đai", "Trợ cấp xã hội hàng tháng", "Hỗ trợ chi phí mai táng",
    "Xác định mức độ khuyết tật", "Đăng ký thường trú", "Xác nhận thông tin về cư trú",
    "Xác nhận hộ nghèo, hộ cận nghèo", "Giải quyết chế độ người có công",
    "Liên thông đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    "Liên thông đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất",
]

# Ministries: code, name, abbreviation, dossier weight, agencies, procedures.
MINISTRIES = [
    (
        "G01", "Bộ Công an", "BCA", 6,
        [
            "Cục Quản lý xuất nhập cảnh", "Cục Cảnh sát giao thông",
            "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
            "Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        ],
        [
            "Cấp hộ chiếu phổ thông tại Cục Quản lý xuất nhập cảnh",
            "Cấp thị thực cho người nước ngoài", "Cấp thẻ tạm trú cho người nước ngoài",
            "Gia hạn tạm trú", "Đăng ký xe tại Cục Cảnh sát giao thông",
            "Cấp chứng chỉ huấn luyện nghiệp vụ phòng cháy và chữa cháy",
        ],
    ),
    (
        "G02", "Bộ Tư pháp", "BTP", 2,
        [
            "Trung tâm Lý lịch tư pháp quốc gia", "Cục Đăng ký quốc gia giao dịch bảo đảm",
            "Cục Bổ trợ tư pháp",
        ],
        [
            "Cấp Phiếu lý lịch tư pháp tại Trung tâm Lý lịch tư pháp quốc gia",
            "Đăng ký biện pháp bảo đảm", "Cấp chứng chỉ hành nghề đấu giá",
            "Cấp giấy phép thành lập Trung tâm trọng tài", "Nhập quốc tịch Việt Nam",
        ],
    ),
    (
        "G03", "Bộ Tài chính", "BTC", 5,
        [
            "Cục Hải quan", "Cục Thuế", "Ủy ban Chứng khoán Nhà nước",
            "Cục Quản lý, giám sát bảo hiểm",
        ],
        [
            "Thủ tục hải quan đối với hàng hóa xuất khẩu",
            "Thủ tục hải quan đối với hàng hóa nhập khẩu", "Cấp chứng chỉ kiểm toán viên",
            "Cấp chứng chỉ hành nghề chứng khoán",
            "Cấp giấy phép thành lập và hoạt động kinh doanh bảo hiểm",
            "Đăng ký mã số đơn vị có quan hệ với ngân sách",
        ],
    ),
    (
        "G04", "Bộ Công Thương", "BCT", 3,
        ["Cục Xuất nhập khẩu", "Cục Điện lực", "Cục Cạnh tranh và Bảo vệ người tiêu dùng"],
        [
            "Cấp Giấy chứng nhận xuất xứ hàng hóa ưu đãi (C/O)",
            "Cấp giấy phép nhập khẩu hàng hóa", "Cấp giấy phép hoạt động điện lực",
            "Đăng ký hợp đồng theo mẫu, điều kiện giao dịch chung",
        ],
    ),
    (
        "G05", "Bộ Xây dựng", "BXD", 3,
        [
            "Cục Đường bộ Việt Nam", "Cục Đăng kiểm Việt Nam",
            "Cục Hàng hải và Đường thủy Việt Nam", "Cục Quản lý hoạt động xây dựng",
        ],
        [
            "Cấp chứng chỉ năng lực hoạt động xây dựng hạng I", "Cấp giấy phép lái xe quốc tế",
            "Cấp Giấy chứng nhận kiểm định phương tiện", "Đăng ký tàu biển",
            "Cấp giấy phép vận tải quốc tế",
        ],
    ),
    (
        "G06", "Bộ Nông nghiệp và Môi trường", "BNNMT", 3,
        ["Cục Bảo vệ thực vật", "Cục Chăn nuôi và Thú y", "Cục Môi trường"],
        [
            "Cấp Giấy chứng nhận kiểm dịch thực vật xuất khẩu", "Cấp giấy phép môi trường",
            "Đăng ký thuốc bảo vệ thực vật", "Cấp Giấy chứng nhận kiểm dịch động vật",
            "Cấp giấy phép thăm dò nước dưới đất",
        ],
    ),
    (
        "G07", "Bộ Y tế", "BYT", 2,
        ["Cục Quản lý Dược", "Cục Hạ tầng và Thiết bị y tế", "Cục An toàn thực phẩm"],
        [
            "Cấp giấy đăng ký lưu hành thuốc", "Cấp số tiếp nhận Phiếu công bố sản phẩm mỹ phẩm",
            "Cấp giấy phép nhập khẩu trang thiết bị y tế", "Cấp chứng chỉ hành nghề dược",
            "Đăng ký bản công bố sản phẩm thực phẩm",
        ],
    ),
    (
        "G08", "Bộ Giáo dục và Đào tạo", "BGDĐT", 1,
        ["Cục Quản lý chất lượng", "Vụ Giáo dục Đại học", "Cục Hợp tác quốc tế"],
        [
            "Công nhận văn bằng do cơ sở giáo dục nước ngoài cấp",
            "Cho phép thành lập trường đại học tư thục",
            "Phê duyệt liên kết đào tạo với nước ngoài", "Phúc khảo bài thi tốt nghiệp",
        ],
    ),
]

VARIANTS = [
    "", " (cấp lại)", " (điều chỉnh, bổ sung)", " (gia hạn)", " (có yếu tố nước ngoài)",
    " (cấp đổi)", " (thực hiện liên thông)", " (trường hợp đặc biệt)",
]
PLACE_A = [
    "Tân", "Hòa", "An", "Phú", "Bình", "Đông", "Tây", "Nam", "Bắc", "Vĩnh", "Long", "Thạnh",
    "Hưng", "Quang", "Minh", "Thanh", "Xuân", "Yên", "Trung", "Hiệp", "Phước", "Mỹ", "Thuận",
    "Đức", "Cẩm", "Hải", "Kim", "Lạc", "Nghĩa", "Sơn",
]
PLACE_B = [
    "Lập", "Thành", "Lợi", "Thịnh", "Tiến", "Phong", "Lộc", "Điền", "Khánh", "Định", "Dương",
    "Giang", "Hà", "Hiếu", "Lâm", "Ninh", "Quý", "Tài", "Thắng", "Vinh",
]
FAMILY_NAMES = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Hoàng"] * 5
    + ["Huỳnh"] * 4
    + ["Phan"] * 4
    + ["Vũ"] * 4
    + ["Võ"] * 3
    + ["Đặng"] * 2
    + ["Bùi"] * 2
    + ["Đỗ"] * 2
    + ["Hồ"] * 2
    + ["Ngô"] * 2
    + ["Dương", "Lý", "Đinh", "Trịnh", "Mai"]
)
MIDDLE_MALE = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thanh", "Xuân", "Đình", "Ngọc"]
MIDDLE_FEMALE = [
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương", "Mai",
]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Hiếu", "Hoàng", "Huy", "Khánh", "Long", "Minh",
    "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Đạt", "Đức", "Tùng", "Kiên",
    "Lâm", "Nghĩa", "Phúc", "Quang", "Thành", "Vinh", "Hòa", "Tâm",
]
GIVEN_FEMALE = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Hường", "Lan", "Linh",
    "Mai", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy", "Trang", "Tuyết", "Vân",
    "Yến", "Loan", "My", "Nga", "Thu", "Huyền", "Hiền", "Trâm", "Uyên",
]
BUSINESS_SECTORS = [
    "Xây dựng", "Thương mại", "Dịch vụ", "Vận tải", "Công nghệ", "Nông sản", "Du lịch", "Đầu tư",
    "Thực phẩm", "Cơ khí", "Dược phẩm", "Môi trường",
]
PHONE_PREFIXES = [
    "090", "091", "093", "094", "096", "097", "098", "086", "088", "089", "032", "033", "034",
    "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081", "082", "083",
    "084", "085", "056", "058", "059",
]

# Lunar-calendar holidays, hard-coded: Tết Nguyên Đán (first day of the lunar year, official
# break start and end) and Giỗ Tổ Hùng Vương (10/3 lunar).
TET = {
    2016: ("2016-02-08", "2016-02-06", "2016-02-14"),
    2017: ("2017-01-28", "2017-01-26", "2017-02-01"),
    2018: ("2018-02-16", "2018-02-14", "2018-02-20"),
    2019: ("2019-02-05", "2019-02-02", "2019-02-10"),
    2020: ("2020-01-25", "2020-01-23", "2020-01-29"),
    2021: ("2021-02-12", "2021-02-10", "2021-02-16"),
    2022: ("2022-02-01", "2022-01-29", "2022-02-06"),
    2023: ("2023-01-22", "2023-01-20", "2023-01-26"),
    2024: ("2024-02-10", "2024-02-08", "2024-02-14"),
    2025: ("2025-01-29", "2025-01-25", "2025-02-02"),
    2026: ("2026-02-17", "2026-02-14", "2026-02-22"),
    2027: ("2027-02-06", "2027-02-05", "2027-02-10"),
    2028: ("2028-01-26", "2028-01-25", "2028-01-30"),
    2029: ("2029-02-13", "2029-02-12", "2029-02-17"),
    2030: ("2030-02-03", "2030-02-02", "2030-02-06"),
    2031: ("2031-01-23", "2031-01-22", "2031-01-26"),
    2032: ("2032-02-11", "2032-02-10", "2032-02-14"),
}
HUNG_KINGS = {
    2016: "2016-04-16", 2017: "2017-04-06", 2018: "2018-04-25", 2019: "2019-04-14",
    2020: "2020-04-02", 2021: "2021-04-21", 2022: "2022-04-10", 2023: "2023-04-29",
    2024: "2024-04-18", 2025: "2025-04-07", 2026: "2026-04-26", 2027: "2027-04-16",
    2028: "2028-04-04", 2029: "2029-04-23", 2030: "2030-04-12", 2031: "2031-04-01",
    2032: "2032-04-19",
}
# The day taken next to Quốc khánh (2/9); 1/9 unless the government chose 3/9.
NATIONAL_DAY_EXTRA = {2024: "09-03"}
# fmt: on


def _d(s: str) -> date:
    return date.fromisoformat(s)


def holidays(first_year: int, last_year: int) -> list[tuple[date, str]]:
    """Vietnamese public holidays (non-working days besides weekends), with substitute days."""
    out: dict[date, str] = {}
    for year in range(first_year, last_year + 1):
        if year not in TET or year not in HUNG_KINGS:
            raise SystemExit(f"no hard-coded Tết / Giỗ Tổ dates for {year} (have 2016-2032)")
        singles = [(date(year, 1, 1), "Tết Dương lịch")]
        singles.append((_d(HUNG_KINGS[year]), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"))
        singles.append((date(year, 4, 30), "Ngày Chiến thắng (30/4)"))
        singles.append((date(year, 5, 1), "Ngày Quốc tế Lao động (1/5)"))
        extra = NATIONAL_DAY_EXTRA.get(year, "09-01")
        singles.append((date(year, 9, 2), "Quốc khánh (2/9)"))
        singles.append((_d(f"{year}-{extra}"), "Quốc khánh (nghỉ liền kề)"))
        _, tet_from, tet_to = TET[year]
        day = _d(tet_from)
        while day <= _d(tet_to):
            out[day] = "Tết Nguyên Đán"
            day += timedelta(days=1)
        for day, name in singles:
            out.setdefault(day, name)
        # A fixed holiday on a weekend gives a substitute working day off.
        for day, name in singles:
            if day.weekday() >= 5:
                sub = day + timedelta(days=1)
                while sub.weekday() >= 5 or sub in out:
                    sub += timedelta(days=1)
                out[sub] = f"Nghỉ bù {name}"
    return sorted(out.items())


def _place_name(k: int, salt: int) -> tuple[str, str]:
    """Two-syllable place name number k (< 600) of a province: distinct for distinct k
    (k mod 30 fixes the first syllable, k div 30 the second)."""
    r, m = k % 30, k // 30
    return PLACE_A[(7 * r + salt) % 30], PLACE_B[(13 * r + 11 * m + salt) % 20]


def _lower_first(s: str) -> str:
    return s[0].lower() + s[1:]


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _solve_shift(values, weights, target, lo, hi, transform):
    """Find s such that the weighted mean of clip(transform(v + s)) equals target."""
    a, b = -10.0, 10.0
    for _ in range(200):
        m = (a + b) / 2
        mean = sum(
            w * min(hi_i, max(lo_i, transform(v + m)))
            for v, w, lo_i, hi_i in zip(values, weights, lo, hi, strict=True)
        ) / sum(weights)
        if mean < target:
            a = m
        else:
            b = m
    return (a + b) / 2


def build_groups() -> list[dict]:
    """Former provinces (g 0..62), current provinces (g 100..133), ministries (g 200..207),
    each with its unit data and performance profile."""
    nd = statistics.NormalDist()
    cur_by_gso = {p[0]: p for p in PROVINCES_2025}
    cur_index = {p[0]: n for n, p in enumerate(PROVINCES_2025)}
    groups: list[dict] = []

    def latent(code: str) -> dict[str, float]:
        r = _rng("profile", code)
        m = nd.inv_cdf(min(0.999, max(0.001, r.random())))
        return {
            "m": m,
            **{f"e{k}": nd.inv_cdf(min(0.999, max(0.001, r.random()))) for k in range(8)},
        }

    for fid, (gso, name, succ, pop) in enumerate(PROVINCES_BEFORE_2025):
        code = cur_by_gso[gso][3] if gso in cur_by_gso else f"HC{gso}"
        groups.append(
            {
                "g": fid,
                "kind": "TINH",
                "era": 0,
                "gso": gso,
                "code": code,
                "name": name,
                "succ_g": 100 + cur_index[succ],
                "succ_code": cur_by_gso[succ][3],
                "pop": pop,
                "n_lower": min(30, max(7, round(5 + 4 * pop))),
                "n_sub": 0,
                "hanam": gso == HA_NAM_GSO,
                "abbr": "UBND",
            }
        )
    pops = {p[0]: 0.0 for p in PROVINCES_2025}
    for _, _, succ, pop in PROVINCES_BEFORE_2025:
        pops[succ] += pop
    for cid, (gso, name, kind, code, _merged) in enumerate(PROVINCES_2025):
        full = name if kind == "central_city" else f"Tỉnh {name}"
        groups.append(
            {
                "g": 100 + cid,
                "kind": "TINH",
                "era": 1,
                "gso": gso,
                "code": code,
                "name": full,
                "succ_g": None,
                "succ_code": None,
                "pop": pops[gso],
                "n_lower": min(168, max(60, round(58 + 15 * pops[gso]))),
                "n_sub": 0,
                "hanam": code == NINH_BINH_CODE,
                "abbr": "UBND",
            }
        )
    for mid, (code, name, abbr, weight, agencies, _procs) in enumerate(MINISTRIES):
        groups.append(
            {
                "g": 200 + mid,
                "kind": "BO",
                "era": None,
                "gso": None,
                "code": code,
                "name": name,
                "succ_g": None,
                "succ_code": None,
                "pop": weight,
                "n_lower": 0,
                "n_sub": len(agencies),
                "hanam": False,
                "abbr": abbr,
            }
        )
    for grp in groups:
        grp.update(latent(grp["code"] + ("" if grp["era"] != 0 else "-old")))

    # The three calibrated shares: per era, provinces spread around the national figure.
    for era in (0, 1, None):
        members = [x for x in groups if x["era"] == era]
        free = [x for x in members if not x["hanam"]]
        fixed = [x for x in members if x["hanam"]]
        w_fixed = sum(x["pop"] for x in fixed)
        w_free = sum(x["pop"] for x in free)

        if era is None:  # ministries: no published target; below the provinces
            tg = {"online": 0.42, "paid_online": 0.10, "digitized": 0.50}
        else:  # what the non-Hà Nam provinces must average for the pooled national figure
            tg = {
                key: (NATIONAL_RATES[key] * (w_fixed + w_free) - HA_NAM_RATES[key] * w_fixed)
                / w_free
                for key in NATIONAL_RATES
            }

        # online (3.3): linear spread, sd ~ 13 points
        z33 = [0.8 * x["m"] + 0.6 * x["e0"] for x in free]
        s = _solve_shift(
            [0.13 * z for z in z33],
            [x["pop"] for x in free],
            tg["online"],
            [0.22] * len(free),
            [0.95] * len(free),
            lambda v, t=tg["online"]: t + v,
        )
        for x, z in zip(free, z33, strict=True):
            x["t33"] = min(0.95, max(0.22, tg["online"] + 0.13 * z + s))
        # digitized (4.2) ≥ online + 1 point (online dossiers are digitized)
        z42 = [0.8 * x["m"] + 0.6 * x["e1"] for x in free]
        lo42 = [x["t33"] + 0.01 for x in free]
        s = _solve_shift(
            [0.12 * z for z in z42],
            [x["pop"] for x in free],
            tg["digitized"],
            lo42,
            [0.985] * len(free),
            lambda v, t=tg["digitized"]: t + v,
        )
        for x, z, lo in zip(free, z42, lo42, strict=True):
            x["t42"] = min(0.985, max(lo, tg["digitized"] + 0.12 * z + s))
        # paid online (3.6): log-normal spread, at most 90 % of the online share
        z36 = [0.7 * x["m"] + 0.7 * x["e2"] for x in free]
        hi36 = [0.9 * x["t33"] for x in free]
        s = _solve_shift(
            [0.7 * z for z in z36],
            [x["pop"] for x in free],
            tg["paid_online"],
            [0.01] * len(free),
            hi36,
            lambda v, t=tg["paid_online"]: t * math.exp(v),
        )
        for x, z, hi in zip(free, z36, hi36, strict=True):
            x["t36"] = min(hi, max(0.01, tg["paid_online"] * math.exp(0.7 * z + s)))
        for x in fixed:
            x["t33"] = HA_NAM_RATES["online"]
            x["t36"] = HA_NAM_RATES["paid_online"]
            x["t42"] = HA_NAM_RATES["digitized"]

    def clip(v, lo, hi):
        return min(hi, max(lo, v))

    for x in groups:
        m, e = x["m"], [x[f"e{k}"] for k in range(8)]
        if x["hanam"]:
            m = 2.0
        x["p_ontime"] = clip(0.93 + 0.035 * m + 0.02 * e[3], 0.72, 0.995)
        x["p_supp"] = clip(0.07 + 0.025 * e[4], 0.02, 0.14)
        x["p_sync"] = clip(0.955 + 0.03 * m + 0.02 * e[5], 0.80, 1.0)
        x["p_rate"] = clip(0.12 + 0.05 * e[6], 0.03, 0.30)
        x["p_dissat"] = clip(0.04 - 0.015 * m, 0.005, 0.12)
        x["p_vneid"] = clip(0.60 + 0.15 * m, 0.20, 0.95)
        x["p_dc"] = clip(0.50 + 0.15 * m + 0.1 * e[7], 0.10, 0.90)
        x["p_reuse"] = clip(0.22 + 0.10 * m, 0.02, 0.60)
        x["p_kho"] = 0.0 if e[7] < -1.0 else clip(0.06 + 0.05 * e[5], 0.0, 0.30)
    return groups


def unit_catalogue(groups: list[dict], units_from: date) -> list[tuple]:
    """DonVi rows (MaDonVi, TenDonVi, LoaiDonVi, MaDonViCha, HieuLucTu, HieuLucDen,
    MaDonViKeThua); see the module docstring for the code scheme."""
    rows: list[tuple] = []
    by_g = {x["g"]: x for x in groups}
    f_from, f_to, c_from = units_from.isoformat(), LAST_FORMER_DAY.isoformat(), "2025-07-01"

    def locative(name: str) -> str:
        return _lower_first(name)

    for x in groups:
        code = x["code"]
        if x["kind"] == "BO":
            rows.append((code, x["name"], "BO", None, f_from, None, None))
            agencies = MINISTRIES[x["g"] - 200][4]
            for k, agency in enumerate(agencies, start=1):
                rows.append((f"{code}.{k:02d}", agency, "SO_NGANH", code, f_from, None, None))
            continue
        loc = locative(x["name"])
        if x["era"] == 0:
            succ = by_g[x["succ_g"]]
            rows.append((code, x["name"], "TINH", None, f_from, f_to, succ["code"]))
            for nn, dep in enumerate(DEPARTMENTS, start=1):
                name = (dep[1] or dep[0]).format(p=loc)
                rows.append(
                    (
                        f"{code}.{nn:02d}",
                        name,
                        "SO_NGANH",
                        code,
                        f_from,
                        f_to,
                        f"{succ['code']}.{nn:02d}",
                    )
                )
            for k in range(x["n_lower"]):
                a, b = _place_name(k, x["g"] + 50)
                kind = "Thành phố" if k == 0 else ("Thị xã" if k % 9 == 4 else "Huyện")
                commune = 101 + (k * 37 + x["g"]) % succ["n_lower"]
                rows.append(
                    (
                        f"{code}.{k + 1:03d}",
                        f"{kind} {a} {b}",
                        "HUYEN",
                        code,
                        f_from,
                        f_to,
                        f"{succ['code']}.{commune}",
                    )
                )
        else:
            rows.append((code, x["name"], "TINH", None, c_from, None, None))
            for nn, dep in enumerate(DEPARTMENTS, start=1):
                rows.append(
                    (f"{code}.{nn:02d}", dep[0].format(p=loc), "SO_NGANH", code, c_from, None, None)
                )
            urban = 0.5 if x["name"].startswith("Thành phố") else 0.2
            for k in range(x["n_lower"]):
                a, b = _place_name(k, x["g"])
                kind = "Phường" if k < urban * x["n_lower"] else "Xã"
                rows.append(
                    (f"{code}.{101 + k}", f"{kind} {a} {b}", "XA", code, c_from, None, None)
                )
    return rows


def procedure_catalogue() -> list[dict]:
    """ThuTuc rows plus the pool each procedure belongs to (pool 0 = province itself, 1..20 =
    department NN, 21 = commune/district, 100+m = ministry m) and its rank in the pool (rank 0 =
    most used)."""
    pools: list[tuple[int, str, str, list[str], str]] = []
    pools.append((0, "UB", "TINH", PROVINCE_LEVEL_PROCEDURES, "Ủy ban nhân dân cấp tỉnh"))
    for nn, dep in enumerate(DEPARTMENTS, start=1):
        pools.append((nn, dep[2], "TINH", dep[4], dep[0].format(p="cấp tỉnh")))
    pools.append((21, "XA", "XA", COMMUNE_PROCEDURES, "Ủy ban nhân dân cấp xã"))
    for mid, m in enumerate(MINISTRIES):
        pools.append((100 + mid, m[2], "BO", m[5], m[1]))

    out: list[dict] = []
    number = 1000
    for pool, abbr, level, bases, agency in pools:
        r = _rng("pool", pool)
        n_variants = {0: 3, 21: 5}.get(pool, 5 if pool < 100 else 7)
        names = [b + v for v in VARIANTS[:n_variants] for b in bases]
        size = len(names)
        for rank, name in enumerate(names):
            number += 1 + r.randrange(7)
            u = r.random()
            prefix = "1" if u < 0.6 else ("2" if u < 0.95 else "3")
            u = r.random()
            if u < 0.78:
                unit, limit = (
                    "NGAY_LAM_VIEC",
                    r.choice([1, 1, 2, 3, 3, 5, 5, 7, 10, 10, 12, 15, 15, 20, 30]),
                )
            elif u < 0.90:
                unit, limit = "NGAY", r.choice([7, 15, 20, 30, 45])
            elif u < 0.96:
                unit, limit = "GIO", r.choice([4, 8, 8, 24])
            else:
                unit, limit = "THANG", r.choice([1, 2, 3])
            if level == "TINH":
                cap = r.choices(["TINH", "BO,TINH", "TINH,XA"], [85, 5, 10])[0]
            elif level == "XA":
                cap = r.choices(["XA", "TINH,XA"], [80, 20])[0]
            else:
                cap = r.choices(["BO", "BO,TINH"], [85, 15])[0]
            if pool == 21:
                who = r.choices(
                    [
                        "CONG_DAN",
                        "CONG_DAN,NUOC_NGOAI",
                        "CONG_DAN,DOANH_NGHIEP",
                        "CONG_DAN,DOANH_NGHIEP,TO_CHUC",
                    ],
                    [70, 10, 12, 8],
                )[0]
            else:
                who = r.choices(
                    [
                        "CONG_DAN",
                        "CONG_DAN,DOANH_NGHIEP,TO_CHUC",
                        "DOANH_NGHIEP",
                        "CONG_DAN,DOANH_NGHIEP",
                        "TO_CHUC",
                        "DOANH_NGHIEP,TO_CHUC",
                        "CONG_DAN,NUOC_NGOAI",
                    ],
                    [40, 20, 15, 10, 5, 5, 5],
                )[0]
            if rank >= 0.75 * size:
                status = r.choices(
                    ["DANG_CONG_KHAI", "DANG_CONG_KHAI_SDBS", "BAI_BO", "CHUA_CONG_KHAI"],
                    [55, 15, 15, 15],
                )[0]
            else:
                status = r.choices(["DANG_CONG_KHAI", "DANG_CONG_KHAI_SDBS"], [85, 15])[0]
            unit_text = {
                "NGAY_LAM_VIEC": "ngày làm việc",
                "NGAY": "ngày",
                "GIO": "giờ",
                "THANG": "tháng",
            }[unit]
            who_text = "; ".join(
                {
                    "CONG_DAN": "Công dân Việt Nam",
                    "DOANH_NGHIEP": "Doanh nghiệp",
                    "TO_CHUC": "Tổ chức",
                    "NUOC_NGOAI": "Người nước ngoài",
                }[w]
                for w in who.split(",")
            )
            texts = {
                "TrinhTu": "Bước 1: Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định. Bước 2: Nộp "
                "hồ sơ tại Bộ phận Một cửa hoặc trực tuyến trên Cổng Dịch vụ công quốc gia. "
                "Bước 3: Cơ quan có thẩm quyền thẩm định, giải quyết và trả kết quả.",
                "CachThuc": r.choice(
                    [
                        "Trực tiếp; Trực tuyến; Dịch vụ bưu chính công ích",
                        "Trực tiếp; Trực tuyến",
                        "Trực tuyến",
                    ]
                ),
                "ThanhPhanHoSo": r.choice(
                    [
                        "Tờ khai theo mẫu; Bản sao giấy tờ tùy thân",
                        "Đơn đề nghị theo mẫu; Bản sao giấy tờ chứng minh; Giấy ủy quyền (nếu có)",
                        "Văn bản đề nghị; Hồ sơ kỹ thuật; Bản sao quyết định thành lập",
                    ]
                ),
                "ThoiHan": f"{limit} {unit_text} kể từ ngày nhận đủ hồ sơ hợp lệ",
                "DoiTuong": who_text,
                "CoQuanThucHien": agency,
            }
            if r.random() < 0.10:  # one mandatory part missing: 1.3 is not always full
                texts[r.choice(list(texts))] = None
            out.append(
                {
                    "pool": pool,
                    "rank": rank,
                    "psize": size,
                    "MaTTHC": f"{prefix}.{number:06d}",
                    "TenTTHC": name,
                    "MaLinhVuc": f"{abbr}{1 + (rank % len(bases)) % 3:02d}",
                    "CapThucHien": cap,
                    "ThoiHanGiaiQuyet": limit,
                    "DonViTinh": unit,
                    "YeuCauKetQuaGiay": "1" if r.random() < 0.45 else "0",
                    "CoPhiLePhi": "1" if r.random() < 0.50 else "0",
                    "DuDieuKienToanTrinh": "1" if r.random() < 0.45 else "0",
                    "DoiTuongThucHien": who,
                    "TrangThaiCongKhai": status,
                    **texts,
                    "fee_base": r.choice(
                        [5000, 10000, 20000, 30000, 50000, 100000, 150000, 200000, 500000, 1000000]
                    ),
                }
            )
    return out


# --------------------------------------------------------------------------------------------
# SQL helpers
# --------------------------------------------------------------------------------------------


def _column_type(column: str) -> str:
    if column in DECIMAL_COLUMNS:
        return "DOUBLE"
    return "BIGINT" if column in NUMBER_COLUMNS else "VARCHAR"


def _ascii(s: str) -> str:
    """Lower-case ASCII of a Vietnamese word (for e-mail addresses)."""
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(
        c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)
    ).lower()


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _ts(expr: str) -> str:
    """A TIMESTAMP as the wire format yyyyMMddHHmmss (arithmetic: much faster than strftime)."""
    return f"ts_wire({expr})"


def _secs(expr: str) -> str:
    """A number of seconds (double expression) as a whole-second INTERVAL."""
    return f"to_seconds(floor({expr})::BIGINT)"


class Generator:
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

    def build_reference(self) -> None:
        groups = build_groups()
        self.groups = groups
        grp_rows = []
        for x in groups:
            if x["kind"] == "BO":
                vf, vt = self.units_from, None
            elif x["era"] == 0:
                vf, vt = self.units_from, LAST_FORMER_DAY
            else:
                vf, vt = MERGER_DATE, None
            grp_rows.append(
                {
                    "g": x["g"],
                    "kind": x["kind"],
                    "era": x["era"],
                    "code": x["code"],
                    "name": x["name"],
                    "abbr": x["abbr"],
                    "gso": x["gso"] or "01",
                    "n_lower": x["n_lower"],
                    "n_sub": x["n_sub"],
                    "pop": float(x["pop"]),
                    "valid_from": vf,
                    "valid_to": vt,
                    **{
                        k: float(x[k])
                        for k in (
                            "t33",
                            "t36",
                            "t42",
                            "p_ontime",
                            "p_supp",
                            "p_sync",
                            "p_rate",
                            "p_dissat",
                            "p_vneid",
                            "p_dc",
                            "p_reuse",
                            "p_kho",
                        )
                    },
                }
            )
        self.register("grp", grp_rows)

        # Province choice by population (former provinces; after 1/7/2025 their successor).
        former = [x for x in groups if x["era"] == 0]
        total = sum(x["pop"] for x in former)
        rows, cum, k = [], 0.0, 0
        bounds = []
        for x in former:
            cum += x["pop"] / total
            bounds.append((cum, x))
        for b in range(100_000):
            p = (b + 0.5) / 100_000
            while k < len(bounds) - 1 and bounds[k][0] < p:
                k += 1
            rows.append((b, bounds[k][1]["g"], bounds[k][1]["succ_g"]))
        self.register("fbucket", rows, ["b", "fid", "g_cur"])

        def bucket(name: str, weights: list[float], col: str, base: int):
            tot, acc, out, idx = sum(weights), 0.0, [], 0
            cums = []
            for w in weights:
                acc += w / tot
                cums.append(acc)
            for b in range(1000):
                p = (b + 0.5) / 1000
                while idx < len(cums) - 1 and cums[idx] < p:
                    idx += 1
                out.append((b, base + idx))
            self.register(name, out, ["b", col])

        bucket("mbucket", [m[3] for m in MINISTRIES], "mid", 0)
        bucket("dbucket", [d[3] for d in DEPARTMENTS], "nn", 1)

        procs = procedure_catalogue()
        for pid, p in enumerate(procs):
            p["pid"] = pid
        self.procs = procs
        self.register(
            "proc",
            [
                {
                    "pid": p["pid"],
                    "pool": p["pool"],
                    "rnk": p["rank"],
                    "psize": p["psize"],
                    "nat": p["MaTTHC"],
                    "MaLinhVuc": p["MaLinhVuc"],
                    "lim": p["ThoiHanGiaiQuyet"],
                    "dvt": p["DonViTinh"],
                    "r": int(p["YeuCauKetQuaGiay"]),
                    "fee": int(p["CoPhiLePhi"]),
                    "toan_trinh": int(p["DuDieuKienToanTrinh"]),
                    "has_cd": "CONG_DAN" in p["DoiTuongThucHien"]
                    or "NUOC_NGOAI" in p["DoiTuongThucHien"],
                    "has_dn": "DOANH_NGHIEP" in p["DoiTuongThucHien"],
                    "has_tc": "TO_CHUC" in p["DoiTuongThucHien"],
                    "fee_base": p["fee_base"],
                }
                for p in procs
            ],
        )
        self.q("CREATE TABLE pools AS SELECT pool, max(psize) AS psize FROM proc GROUP BY pool")

        self.units = unit_catalogue(groups, self.units_from)
        # Calendar: working days (Mon-Fri minus NgayNghi) with a running working-day number.
        cal_from = date(self.start.year - 1, 1, 1)
        cal_to = date(self.end.year + 3, 12, 31)
        self.holidays = holidays(self.start.year - 1, self.end.year + 1)
        hol_all = holidays(cal_from.year, min(cal_to.year, max(TET)))
        self.register("hol", [(d, n) for d, n in hol_all], ["day", "name"])
        self.q(f"""
            CREATE TABLE cal AS
            WITH c AS (
                SELECT range::DATE AS day FROM range(DATE '{cal_from}', DATE '{cal_to}' + 1,
                                                     INTERVAL 1 DAY)
            )
            SELECT c.day, isodow(c.day) AS dow, hol.day IS NOT NULL AS is_hol,
                   isodow(c.day) <= 5 AND hol.day IS NULL AS is_work,
                   sum(CASE WHEN isodow(c.day) <= 5 AND hol.day IS NULL THEN 1 ELSE 0 END)
                       OVER (ORDER BY c.day) AS wd_no
            FROM c LEFT JOIN hol ON hol.day = c.day
        """)
        self.q("CREATE TABLE wdays AS SELECT wd_no, day FROM cal WHERE is_work")

        # Reception days: weekday/weekend/holiday seasonality, pre-Tết rush, growth, and a dip
        # in the first week after the merger; exact integer counts by cumulative rounding.
        tet_rows = [(_d(v[0]), _d(v[1]), _d(v[2])) for v in TET.values()]
        self.register("tet", tet_rows, ["tet", "b_from", "b_to"])
        month_f = _sql_list(
            [str(v) for v in (1.10, 0.90, 1.05, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.05, 1.05, 1.15)]
        )
        self.q(f"""
            CREATE TABLE days AS
            WITH w AS (
                SELECT c.day,
                    (CASE WHEN c.is_hol THEN 0.04
                          ELSE [1.10, 1.05, 1.0, 1.0, 0.95, 0.15, 0.05][c.dow] END)
                    * ({month_f}[month(c.day)])::DOUBLE
                    * (CASE WHEN EXISTS (SELECT 1 FROM tet WHERE c.day BETWEEN tet.tet - 20
                                                              AND tet.b_from - 1) THEN 1.25
                            WHEN EXISTS (SELECT 1 FROM tet WHERE c.day BETWEEN tet.b_to + 1
                                                              AND tet.b_to + 7) THEN 0.8
                            ELSE 1.0 END)
                    * (1 + 0.12 * (c.day - DATE '{self.start}') / 365.0)
                    * (CASE WHEN c.day BETWEEN DATE '{MERGER_DATE}' AND DATE '{MERGER_DATE}' + 6
                            THEN 0.6 ELSE 1.0 END) AS w
                FROM cal c WHERE c.day BETWEEN DATE '{self.start}' AND DATE '{self.end}'
            ), cw AS (
                SELECT day, sum(w) OVER (ORDER BY day) AS cum,
                       coalesce(sum(w) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING
                                                          AND 1 PRECEDING), 0) AS prev,
                       sum(w) OVER () AS tot
                FROM w
            )
            SELECT day, round({self.n} * prev / tot)::BIGINT AS first_i,
                   (round({self.n} * cum / tot) - round({self.n} * prev / tot))::BIGINT AS cnt
            FROM cw ORDER BY day
        """)
        self.q("""
            CREATE TABLE daybk AS
            SELECT bk, day, first_i, cnt FROM (
                SELECT day, first_i, cnt,
                    unnest(range(first_i // 4096, (first_i + cnt - 1) // 4096 + 1)) AS bk
                FROM days WHERE cnt > 0)
        """)
        max_cnt = self.q("SELECT max(cnt) FROM days").fetchone()[0] or 1
        self.width = max(4, len(str(max_cnt - 1)))

    # -- dossiers -----------------------------------------------------------------------------

    def build_dossiers(self, lo: int, hi: int) -> None:
        """The dossiers lo <= i < hi: table d0 (stage 1: unit, procedure, timeline, status),
        table kk (rank of each dossier in its stratum) and view d (stage 2: channel, payment,
        digitization, pushes, ...). Dossier lo - 1 is computed too, as a possible parent."""
        u, X = self.u, f"TIMESTAMP '{self.extract:%Y-%m-%d %H:%M:%S}'"
        W = self.width
        end_span = (
            "pspan + (CASE WHEN nsupp >= 1 THEN w1 ELSE 0 END)"
            " + (CASE WHEN nsupp = 2 THEN w2 ELSE 0 END)"
        )
        for name in ("d", "d0", "kk", "agg", "subs"):
            self.q(f"DROP TABLE IF EXISTS {name}")
        self.q(f"""
        CREATE TABLE d0 AS
        WITH a AS (
            SELECT r.range AS i, db.day, r.range - db.first_i AS j
            FROM range({max(0, lo - 1)}, {hi}) r
                JOIN daybk db ON db.bk = r.range // 4096
                             AND r.range >= db.first_i AND r.range < db.first_i + db.cnt
        ), b AS (
            SELECT a.*,
                (j > 0 AND {u("i", 1)} < {P_SUB}
                 AND NOT (j > 1 AND {u("i - 1", 1)} < {P_SUB})
                 AND {u("i - 1", 2)} >= {P_NOT_RECEIVED}) AS is_sub
            FROM a
        ), c AS (
            SELECT b.*, is_sub OR {u("i", 2)} >= {P_NOT_RECEIVED} AS recv,
                   CASE WHEN is_sub THEN i - 1 ELSE i END AS pidx
            FROM b
        ), e AS (
            SELECT c.*, {u("pidx", 3)} < {P_MINISTRY} AS is_min,
                floor({u("pidx", 4)} * 1000)::INTEGER AS mb,
                floor({u("pidx", 5)} * 100000)::INTEGER AS fb,
                floor({u("i", 7)} * 1000)::INTEGER AS db,
                day >= DATE '{MERGER_DATE}' AS era1
            FROM c
        ), f AS (
            SELECT e.*, dbk.nn,
                CASE WHEN is_min THEN 200 + mbk.mid WHEN era1 THEN fbk.g_cur ELSE fbk.fid END AS g
            FROM e JOIN fbucket fbk ON fbk.b = e.fb JOIN mbucket mbk ON mbk.b = e.mb
                   JOIN dbucket dbk ON dbk.b = e.db
        ), h AS (
            SELECT f.*, grp.code AS gcode, grp.gso, grp.n_lower, grp.n_sub, grp.p_ontime,
                grp.p_supp,
                CASE WHEN is_min THEN (CASE WHEN {u("i", 6)} < 0.1 THEN 3 ELSE 4 END)
                     WHEN is_sub THEN 1
                     WHEN {u("i", 6)} < 0.03 THEN 0 WHEN {u("i", 6)} < 0.40 THEN 1
                     ELSE 2 END AS lvl,
                floor(grp.n_lower * pow({u("i", 8)}, 1.3))::INTEGER AS lidx,
                1 + floor(greatest(grp.n_sub, 1) * {u("i", 8)})::INTEGER AS msub
            FROM f JOIN grp USING (g)
        ), k AS (
            SELECT h.*,
                CASE lvl WHEN 0 THEN 0 WHEN 1 THEN nn WHEN 2 THEN 21 ELSE g - 100 END AS pool,
                CASE lvl WHEN 0 THEN gcode
                    WHEN 1 THEN gcode || '.' || lpad(nn::VARCHAR, 2, '0')
                    WHEN 2 THEN (CASE WHEN era1 THEN gcode || '.' || (101 + lidx)::VARCHAR
                                      ELSE gcode || '.' || lpad((lidx + 1)::VARCHAR, 3, '0') END)
                    WHEN 3 THEN gcode
                    ELSE gcode || '.' || lpad(msub::VARCHAR, 2, '0') END AS MaDonVi
            FROM h
        ), m AS (
            SELECT k.*,
                CASE WHEN lvl = 4
                     THEN (msub - 1) + n_sub * floor(((pools.psize - msub + n_sub) // n_sub)
                                                     * pow({u("i", 9)}, 2.2))::INTEGER
                     ELSE floor(pools.psize * pow({u("i", 9)}, 2.2))::INTEGER END AS rnk
            FROM k JOIN pools USING (pool)
        ), p AS (
            SELECT m.*, proc.pid, proc.nat, proc.r, proc.fee, proc.dvt, proc.lim,
                proc.has_cd, proc.has_dn, proc.has_tc,
                m.day + {_secs("27000 + " + u("i", 10) + " * 34200")} AS t0,
                cal.wd_no
            FROM m JOIN proc USING (pool, rnk) JOIN cal ON cal.day = m.day
        ), q AS (
            SELECT p.*, p.t0 + {_secs("60 + " + u("i", 11) + " * 7200")} AS t_proc,
                CASE p.dvt
                    WHEN 'NGAY_LAM_VIEC' THEN wdays.day + (p.t0 - p.day::TIMESTAMP)
                    WHEN 'NGAY' THEN p.t0 + to_days(p.lim)
                    WHEN 'GIO' THEN p.t0 + to_hours(p.lim)
                    ELSE p.t0 + to_months(p.lim) END AS t_hen,
                {u("i", 12)} < p.p_ontime AS ontime,
                CASE WHEN {u("i", 13)} < p.p_supp
                     THEN (CASE WHEN {u("i", 14)} < 0.15 THEN 2 ELSE 1 END) ELSE 0 END AS nsupp,
                {u("i", 15)} < 0.10 AS wforever0,
                CASE WHEN {u("i", 16)} < 0.012 THEN 7 WHEN {u("i", 16)} < 0.02 THEN 8
                     ELSE 0 END AS term,
                {u("i", 17)} < 0.004 AS stuck,
                43200 + floor({u("i", 18)} * 14 * 86400) AS w1,
                43200 + floor({u("i", 19)} * 10 * 86400) AS w2,
                {u("i", 25)} < 0.7 AS rejected,
                {u("i", 26)} < 0.01 AS hen_missing
            FROM p LEFT JOIN wdays ON wdays.wd_no = p.wd_no + p.lim
        ), r AS (
            SELECT q.*, nsupp > 0 AND wforever0 AS wforever,
                (CASE WHEN ontime THEN 0.08 + 0.85 * {u("i", 20)}
                      ELSE 1.05 + 1.5 * {u("i", 20)} END)
                    * greatest(3600, epoch(t_hen) - epoch(t0)) AS pspan
            FROM q
        ), s1 AS (
            SELECT r.*,
                CASE WHEN nsupp >= 1
                     THEN greatest(office_hours(
                                       t_proc + {_secs(f"(0.1 + 0.3 * {u('i', 21)}) * pspan")},
                                       {u("i", 90)}),
                                   t_proc + INTERVAL 10 MINUTE) END AS s1r
            FROM r
        ), s2 AS (
            SELECT s1.*,
                CASE WHEN nsupp >= 1 AND NOT (wforever AND nsupp = 1)
                     THEN s1r + to_seconds(w1::BIGINT) END AS s1d
            FROM s1
        ), s3 AS (
            SELECT s2.*,
                CASE WHEN nsupp = 2
                     THEN greatest(office_hours(
                                       s1d + {_secs(f"(0.1 + 0.2 * {u('i', 22)}) * pspan")},
                                       {u("i", 91)}),
                                   s1d + INTERVAL 10 MINUTE) END AS s2r
            FROM s2
        ), s4 AS (
            SELECT s3.*,
                CASE WHEN nsupp = 2 AND NOT wforever THEN s2r + to_seconds(w2::BIGINT) END AS s2d
            FROM s3
        ), s5 AS (
            SELECT s4.*,
                CASE WHEN term = 0 AND NOT stuck AND NOT wforever
                     THEN greatest(
                        office_hours(t_proc + {_secs(end_span)}, {u("i", 92)}),
                        coalesce(s2d, s1d, t_proc) + INTERVAL 10 MINUTE) END AS t_end,
                CASE WHEN term > 0
                     THEN greatest(
                        office_hours(t_proc + {_secs(f"(0.2 + 0.6 * {u('i', 23)}) * pspan")},
                                     {u("i", 93)}),
                        coalesce(s2d, s2r, s1d, s1r, t_proc) + INTERVAL 10 MINUTE) END AS t_term
            FROM s4
        ), s6 AS (
            SELECT s5.*,
                greatest(
                    date_trunc('day', t_end)
                    + to_days(CASE WHEN {u("i", 24)} < 0.5 THEN 0 WHEN {u("i", 24)} < 0.75 THEN 1
                                   WHEN {u("i", 24)} < 0.9 THEN 2 ELSE 3 END)
                    + {_secs("28800 + " + u("i", 27) + " * 32400")},
                    t_end + INTERVAL 5 MINUTE) AS t_ret,
                t0 + {_secs("3600 + " + u("i", 28) + " * 172800")} AS t_rej
            FROM s5
        ), st AS (
            SELECT s6.*,
                CASE WHEN NOT recv THEN (CASE WHEN rejected AND t_rej <= {X} THEN 3 ELSE 1 END)
                     WHEN t_term <= {X} THEN term
                     WHEN t_end <= {X} THEN (CASE WHEN t_ret <= {X} THEN 10 ELSE 9 END)
                     WHEN (s1r <= {X} AND coalesce(s1d > {X}, true))
                       OR (s2r <= {X} AND coalesce(s2d > {X}, true)) THEN 5
                     ELSE 4 END AS status
            FROM s6
        ), fe AS (
            SELECT st.*, status IN (9, 10) AS fin,
                CASE WHEN recv AND NOT is_sub AND fee = 1
                     THEN (CASE WHEN {u("i", 29)} < 0.06 THEN 2 ELSE 1 END) ELSE 0 END AS feeclass
            FROM st
        )
        SELECT i, day, j, is_sub, recv, is_min, era1, g, gcode, gso, lvl, nn, lidx, msub,
            MaDonVi, MaDonVi || '-'
                || substr(((year(day) % 100 * 10000 + month(day) * 100 + dayofmonth(day))
                           + 1000000)::VARCHAR, 2)
                || '-' || lpad(j::VARCHAR, {W}, '0') AS MaHoSo,
            pid, nat, r, fee, has_cd, has_dn, has_tc, ontime, hen_missing,
            CASE WHEN NOT recv THEN t0 END AS t_sub0,
            CASE WHEN recv THEN t0 END AS t_rec,
            CASE WHEN recv THEN t_proc END AS t_proc,
            CASE WHEN recv THEN t_hen END AS t_hen,
            CASE WHEN recv AND s1r <= {X} THEN s1r END AS s1r,
            CASE WHEN recv AND s1d <= {X} THEN s1d END AS s1d,
            CASE WHEN recv AND s2r <= {X} THEN s2r END AS s2r,
            CASE WHEN recv AND s2d <= {X} THEN s2d END AS s2d,
            CASE WHEN recv AND status IN (9, 10) THEN t_end END AS t_end,
            CASE WHEN recv AND status = 10 THEN t_ret END AS t_ret,
            CASE WHEN recv AND status IN (7, 8) THEN t_term END AS t_term,
            CASE WHEN NOT recv AND status = 3 THEN t_rej END AS t_rej,
            status, fin, feeclass,
            CASE WHEN is_sub THEN 9 WHEN NOT recv THEN 8
                 ELSE (CASE WHEN r = 0 OR fin THEN 1 ELSE 0 END) + 2 * feeclass END AS cls
        FROM fe
        """)
        self.q(f"""
            CREATE TABLE agg AS
            SELECT g, avg(CASE WHEN cls % 2 = 1 THEN 1.0 ELSE 0.0 END) AS pe
            FROM d0 WHERE cls < 8 AND i >= {lo} GROUP BY g
        """)
        self.q(f"""
            CREATE TABLE subs AS
            SELECT s.i, p.MaHoSo AS goc FROM d0 s JOIN d0 p ON p.i = s.i - 1
            WHERE s.is_sub AND s.i >= {lo}
        """)
        self.q(f"""
            CREATE TABLE kk AS
            SELECT i, row_number() OVER (PARTITION BY g, cls ORDER BY i) - 1 AS k
            FROM d0 WHERE i >= {lo}
        """)
        self.q(f"""
        CREATE TABLE d AS
        WITH w AS (
            SELECT d0.*, kk.k FROM d0 JOIN kk USING (i)
        ), x AS (
            SELECT w.*, grp.t33, grp.t36, grp.t42, grp.p_sync, grp.p_rate, grp.p_dissat,
                grp.p_vneid, grp.p_dc, grp.p_reuse, grp.p_kho, coalesce(agg.pe, 1.0) AS pe,
                {u("g * 16 + cls", 40)} + k * 0.6180339887498949 AS sraw,
                cls < 8 AND cls % 2 = 1 AS E
            FROM w JOIN grp USING (g) LEFT JOIN agg USING (g)
        ), y AS (
            SELECT x.*, sraw - floor(sraw) AS s FROM x
        ), z AS (
            SELECT y.*,
                E AND s < t42 / pe AS a42,
                E AND s < t33 / pe AS a33,
                cls < 8 AND feeclass = 1 AND s < t36 AS paid
            FROM y
        ), z2 AS (
            SELECT z.*,
                fin AND (CASE WHEN r = 1 THEN a42 OR {u("i", 30)} < 0.35
                              ELSE {u("i", 30)} < 0.45 END) AS eres
            FROM z
        ), z3 AS (
            SELECT z2.*,
                CASE WHEN is_sub THEN '1'
                     WHEN NOT recv THEN (CASE WHEN {u("i", 31)} < 0.85 THEN '2' ELSE '1' END)
                     WHEN a33 THEN '2'
                     WHEN E AND (r = 0 OR eres)
                        THEN (CASE WHEN {u("i", 31)} < 0.87 THEN '1' ELSE '3' END)
                     WHEN {u("i", 31)} < t33 THEN '2'
                     WHEN {u("i", 31)} < t33 + (1 - t33) * 0.87 THEN '1'
                     ELSE '3' END AS ch
            FROM z2
        ), z4 AS (
            SELECT z3.*,
                CASE WHEN a42 THEN true
                     WHEN E AND (r = 0 OR eres) THEN false
                     WHEN ch = '2' THEN true
                     ELSE {u("i", 32)} < t42 END AS digi,
                CASE WHEN has_cd AND (NOT (has_dn OR has_tc) OR {u("i", 33)} < 0.8) THEN '1'
                     WHEN has_dn AND (NOT has_tc OR {u("i", 33)} < 0.9) THEN '2'
                     WHEN has_tc THEN (CASE WHEN {u("i", 34)} < 0.3 THEN '3' ELSE '4' END)
                     ELSE '1' END AS loai
            FROM z3
        ), z5 AS (
            SELECT z4.*,
                CASE WHEN NOT recv THEN t_sub0
                     WHEN is_sub THEN t_rec - INTERVAL 1 MINUTE
                     WHEN ch = '2' THEN t_rec - {_secs("600 + " + u("i", 44) + " * 172800")}
                     WHEN ch = '3' THEN t_rec - {_secs("86400 + " + u("i", 44) + " * 259200")}
                     ELSE t_rec - {_secs("30 + " + u("i", 44) + " * 600")} END AS t_sub,
                CASE WHEN recv THEN greatest(t_proc, s1r, s1d, s2r, s2d, t_end, t_ret, t_term)
                     WHEN status = 3 THEN t_rej ELSE t_sub0 END AS t_fin
            FROM z4
        ), z6 AS (
            SELECT z5.*,
                CASE WHEN recv THEN (
                        CASE WHEN {u("i", 45)} < 0.08 AND s1r IS NOT NULL AND t_fin > s1r THEN 3
                             WHEN {u("i", 45)} < 0.35 AND t_fin > t_proc THEN 2 ELSE 1 END)
                     WHEN status = 3 AND {u("i", 45)} < 0.3 THEN 2 ELSE 1 END AS npush
            FROM z5
        ), z7 AS (
            SELECT z6.*,
                CASE WHEN npush >= 2 THEN (CASE WHEN recv THEN t_proc ELSE t_sub END) END AS sn0,
                CASE WHEN npush = 3 THEN s1r END AS sn1,
                t_fin AS sn2
            FROM z6
        ), z8 AS (
            SELECT z7.*,
                sn0 + {_secs("30 + pow(" + u("i", 46) + ", 3) * 21600")} AS nl0
            FROM z7
        ), z9 AS (
            SELECT z8.*,
                greatest(sn1 + {_secs("30 + pow(" + u("i", 47) + ", 3) * 21600")},
                         nl0 + INTERVAL 1 MINUTE) AS nl1_raw
            FROM z8
        )
        SELECT i, day, j, is_sub, recv, era1, g, gcode, gso, lvl, MaDonVi, MaHoSo, pid, nat, r,
            hen_missing, t_sub, t_rec, t_proc, t_hen, s1r, s1d, s2r, s2d, t_end, t_ret, t_term,
            t_rej, status, fin, feeclass, ch, loai, digi, eres, paid, npush, sn0, sn1, sn2, nl0,
            CASE WHEN sn1 IS NOT NULL THEN nl1_raw END AS nl1,
            greatest(sn2 + {_secs("30 + pow(" + u("i", 48) + ", 3) * 21600")},
                     CASE WHEN sn1 IS NOT NULL THEN nl1_raw END + INTERVAL 1 MINUTE,
                     nl0 + INTERVAL 1 MINUTE) AS nl2,
            subs.goc,
            {u("i", 35)} < (CASE WHEN ch = '2' THEN p_vneid ELSE p_vneid * 0.3 END)
                AND loai = '1' AS vneid,
            loai = '1' AND {u("i", 36)} < p_dc AS dc,
            {u("i", 37)} < p_reuse AS reuse,
            ch = '2' AND {u("i", 38)} < p_kho AS kho,
            eres AND {u("i", 39)} < 2 * p_kho AS kqkho,
            {u("i", 41)} < p_sync AS synced,
            1 + floor({u("i", 42)} * 4)::INTEGER AS ncomp,
            {u("i", 43)} < 0.05 AS has_del,
            NOT is_sub AND status = 10 AND {u("i", 50)} < p_rate AS rated,
            {u("i", 54)} < (CASE WHEN ontime THEN p_dissat ELSE least(0.6, 5 * p_dissat) END)
                AS dissat,
            NOT eres AND fin AND r = 0 AND {u("i", 57)} < 0.2 AS kq_nolink,
            full_name(hash(MaDonVi, floor({u("i", 58)} * 3)::INTEGER, 82, {self.seed}::BIGINT))
                AS staff1,
            full_name(hash(MaDonVi, floor({u("i", 59)} * 3)::INTEGER, 83, {self.seed}::BIGINT))
                AS staff2
        FROM z9 LEFT JOIN subs USING (i)
        """)
        for name in ("d0", "kk", "agg", "subs"):
            self.q(f"DROP TABLE {name}")

    # -- writing ------------------------------------------------------------------------------

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

    def write_hoso(self, part: int, lo: int, hi: int) -> None:
        u = self.u
        hp, hq = f"hash(i, 80, {self.seed}::BIGINT)", f"hash(i, 81, {self.seed}::BIGINT)"
        body = f"""
        SELECT *, hash(_o1, _o2, 1001, {self.seed}::BIGINT) AS _rh FROM (
        SELECT
            d.MaHoSo, d.goc AS MaHoSoGoc, d.nat || '.000.00.00.' || d.gcode AS MaTTHC,
            proc.MaLinhVuc, d.MaDonVi,
            CASE WHEN d.ch = '1' AND {u("i", 70)} < 0.03 THEN NULL ELSE d.ch END AS KenhThucHien,
            d.loai AS LoaiDoiTuong,
            CASE d.loai WHEN '1' THEN full_name(hp)
                WHEN '2' THEN (CASE WHEN (hq >> 3) % 2 = 0 THEN 'Công ty TNHH '
                                    ELSE 'Công ty Cổ phần ' END)
                    || biz_sector(hq >> 4) || ' ' || place_a(hq >> 9) || ' ' || place_b(hq >> 14)
                WHEN '3' THEN 'Trường Tiểu học ' || place_a(hq >> 9) || ' ' || place_b(hq >> 14)
                ELSE 'Hợp tác xã ' || biz_sector(hq >> 4) || ' ' || place_a(hq >> 9) END AS ChuHoSo,
            '0' || lpad((d.gso::BIGINT * 1000000000
                         + (CASE WHEN (hp >> 27) % 100 <= 7 THEN 2 ELSE 0 END + (hp >> 8) % 2)
                           * 100000000
                         + ((hp >> 27) % 100) * 1000000 + (hp >> 34) % 1000000)::VARCHAR,
                        11, '0') AS SoGiayToChuHoSo,
            phone_prefix(hq >> 20) || lpad(((hq >> 26) % 10000000)::VARCHAR, 7, '0') AS SoDienThoai,
            CASE WHEN d.loai = '1' AND (hq >> 50) % 10 < 6
                    THEN given_ascii(hp) || '.' || fam_ascii(hp)
                         || ((hq >> 54) % 100)::VARCHAR || '@'
                         || ['gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com',
                             'yahoo.com', 'outlook.com', 'icloud.com']
                            [1 + ((hq >> 57) % 8)::INTEGER]
                 WHEN d.loai <> '1' AND (hq >> 50) % 10 < 8
                    THEN 'vanphong' || ((hq >> 54) % 1000)::VARCHAR || '@gmail.com'
                 END AS Email,
            {_ts("d.t_sub")} AS NgayNopHoSo,
            {_ts("d.t_rec")} AS NgayTiepNhan,
            CASE WHEN NOT d.hen_missing THEN {_ts("d.t_hen")} END AS NgayHenTra,
            CASE WHEN v = 2 THEN {_ts("coalesce(d.t_end, d.t_term)")} END AS NgayKetThucXuLy,
            CASE WHEN v = 2 THEN {_ts("d.t_ret")} END AS NgayTra,
            CASE v WHEN 0 THEN (CASE WHEN d.recv THEN '4' ELSE '1' END) WHEN 1 THEN '5'
                   ELSE d.status::VARCHAR END AS TrangThaiHoSo,
            CASE WHEN d.reuse THEN '1' ELSE '0' END AS HoSoCoThanhPhanSoHoa,
            CASE WHEN d.vneid THEN '1' ELSE '0' END AS TaiKhoanDuocXacThucVoiVNeID,
            CASE WHEN d.paid AND v = 2 THEN (CASE WHEN {u("i", 71)} < 0.4 THEN '1' ELSE '2' END)
                 ELSE '0' END AS DuocThanhToanTrucTuyen,
            nullif(concat_ws(',', CASE WHEN d.dc THEN 'DC' END,
                             CASE WHEN d.loai = '2' THEN 'DKDN' END,
                             CASE WHEN {u("i", 72)} < 0.08 THEN 'BHXH' END), '') AS MaCSDL,
            CASE WHEN d.synced THEN {
            _ts(
                "greatest(CASE v WHEN 0 THEN sn0 WHEN 1 THEN sn1 ELSE sn2 END, "
                "(CASE v WHEN 0 THEN nl0 WHEN 1 THEN nl1 ELSE nl2 END) - "
                + _secs("5 + " + u("i, v", 73) + " * 120")
                + ")"
            )
        } END AS DongBoLuc,
            {self.naplu("v")} AS NapLuc,
            i AS _o1, v AS _o2, d.t_rec AS _t_rec
        FROM (SELECT *, {hp} AS hp, {hq} AS hq FROM d WHERE i >= {{lo}} AND i < {{hi}}) d
            CROSS JOIN (VALUES (0), (1), (2)) vv(v)
            JOIN proc USING (pid)
        WHERE v = 2 OR (v = 0 AND npush >= 2) OR (v = 1 AND npush = 3)
        )"""
        h = "(_rh >> 20)"
        mods = {
            "unknown_unit": {"MaDonVi": "MaDonVi || '.99'"},
            "unknown_procedure": {"MaTTHC": "'4' || substr(MaTTHC, 2)"},
            "unparseable_timestamp": {
                "NgayTiepNhan": f"CASE WHEN NgayTiepNhan IS NOT NULL AND {h} % 10 < 6 "
                f"THEN bad_ts(NgayTiepNhan, {h} >> 4) ELSE NgayTiepNhan END",
                "NgayNopHoSo": f"CASE WHEN NgayTiepNhan IS NOT NULL AND {h} % 10 < 6 "
                f"THEN NgayNopHoSo ELSE bad_ts(NgayNopHoSo, {h} >> 4) END",
            },
            "received_after_returned": {
                "NgayTra": _ts("_t_rec - " + _secs(f"3600 + ({h} % 345600)")),
            },
            "unknown_code": {
                "TrangThaiHoSo": f"CASE WHEN {h} % 10 < 7 THEN '11' ELSE TrangThaiHoSo END",
                "KenhThucHien": f"CASE WHEN {h} % 10 = 7 THEN '4' ELSE KenhThucHien END",
                "LoaiDoiTuong": f"CASE WHEN {h} % 10 = 8 THEN '5' ELSE LoaiDoiTuong END",
                "DuocThanhToanTrucTuyen": (
                    f"CASE WHEN {h} % 10 = 9 THEN '3' ELSE DuocThanhToanTrucTuyen END"
                ),
            },
            "conflicting_version": {
                "SoDienThoai": f"'0' || (CASE WHEN SoDienThoai LIKE '09%' THEN '8' ELSE '9' END) "
                f"|| lpad(({h} % 100000000)::VARCHAR, 8, '0')",
                "Email": "CASE WHEN Email IS NULL THEN 'lienhe@gmail.com' END",
            },
        }
        elig = {"received_after_returned": "NgayTiepNhan IS NOT NULL AND NgayTra IS NOT NULL"}
        self.emit("HoSo", body, ["_o1", "_o2"], part, lo, hi, mods, elig)

    def write_steps(self, part: int, lo: int, hi: int) -> None:
        step_t = [
            "t_sub",
            "t_rec",
            "t_proc",
            "s1r",
            "s1d",
            "s2r",
            "s2d",
            "coalesce(t_end, t_term, t_rej)",
            "t_ret",
        ]
        step_s = [
            "'1'",
            "'2'",
            "'4'",
            "'5'",
            "'4'",
            "'5'",
            "'4'",
            "(CASE WHEN status IN (9, 10) THEN '9' ELSE status::VARCHAR END)",
            "'10'",
        ]
        t_expr = "CASE k " + " ".join(f"WHEN {n} THEN {t}" for n, t in enumerate(step_t)) + " END"
        s_expr = "CASE k " + " ".join(f"WHEN {n} THEN {s}" for n, s in enumerate(step_s)) + " END"
        exists = (
            "CASE k WHEN 0 THEN NOT recv OR ch IN ('2', '3') WHEN 1 THEN recv WHEN 2 THEN recv "
            "WHEN 3 THEN s1r IS NOT NULL WHEN 4 THEN s1d IS NOT NULL WHEN 5 THEN s2r IS NOT NULL "
            "WHEN 6 THEN s2d IS NOT NULL "
            "WHEN 7 THEN coalesce(t_end, t_term, t_rej) IS NOT NULL "
            "WHEN 8 THEN t_ret IS NOT NULL END"
        )
        texts = {
            "1": "CASE WHEN ch = '3' THEN 'Hồ sơ gửi qua dịch vụ bưu chính công ích' "
            "ELSE 'Công dân nộp hồ sơ trực tuyến' END",
            "2": "'Tiếp nhận hồ sơ'",
            "4": "CASE WHEN k = 2 THEN 'Chuyển hồ sơ đến phòng chuyên môn xử lý' "
            "ELSE 'Tiếp tục xử lý sau khi bổ sung hồ sơ' END",
            "5": "'Yêu cầu bổ sung, hoàn thiện hồ sơ'",
            "9": "'Hoàn thành xử lý, chờ trả kết quả'",
            "10": "'Đã trả kết quả'",
            "3": "'Từ chối tiếp nhận: hồ sơ chưa đầy đủ, hợp lệ'",
            "7": "'Công dân rút hồ sơ'",
            "8": "'Dừng xử lý hồ sơ'",
        }
        text_expr = "CASE sc " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in texts.items()) + " END"
        body = f"""
        SELECT *, hash(_o1, _o2, _o3, 1002, {self.seed}::BIGINT) AS _rh FROM (
        SELECT MaHoSo, {_ts("st")} AS ThoiDiemXuLy, sc AS TrangThai,
            CASE WHEN sc IN ('2', '3', '10') THEN staff1 WHEN sc <> '1' THEN staff2
                 END AS NguoiXuLy,
            {text_expr} AS NoiDungXuLy,
            {self.naplu("CASE WHEN c = 1 THEN 2 ELSE " + self.vsel("st") + " END")} AS NapLuc,
            i AS _o1, k AS _o2, c AS _o3
        FROM (
            SELECT d.*, x // 2 AS k, x % 2 AS c,
                {t_expr.replace("k ", "(x // 2) ", 1)} AS st,
                {s_expr.replace("k ", "(x // 2) ", 1)} AS sc
            FROM d CROSS JOIN range(18) r(x)
            WHERE i >= {{lo}} AND i < {{hi}}
              AND ({exists.replace("k ", "(x // 2) ", 1)})
        )
        WHERE c = 0 OR (npush >= 2 AND {self.u("i", 61)} < 0.5 AND {self.vsel("st")} < 2)
        )"""
        h = "(_rh >> 20)"
        mods = {
            "orphan_dossier": {"MaHoSo": "orphan_code(MaHoSo)"},
            "unparseable_timestamp": {"ThoiDiemXuLy": f"bad_ts(ThoiDiemXuLy, {h})"},
            "unknown_code": {"TrangThai": "'11'"},
        }
        self.emit("QuaTrinhXuLy", body, ["_o1", "_o2", "_o3"], part, lo, hi, mods)

    def write_supplements(self, part: int, lo: int, hi: int) -> None:
        body = f"""
        SELECT *, hash(_o1, _o2, 1003, {self.seed}::BIGINT) AS _rh FROM (
        SELECT MaHoSo, (i * 2 + q)::VARCHAR AS HoSoBoSungId, {_ts("rq")} AS NgayYeuCauBoSung,
            CASE WHEN early = 0 THEN {_ts("dn")} END AS NgayHoanThanhBoSung,
            {
            self.naplu(
                "CASE WHEN early = 1 THEN "
                + self.vsel("rq")
                + " ELSE "
                + self.vsel("coalesce(dn, rq)")
                + " END"
            )
        } AS NapLuc,
            i AS _o1, x AS _o2
        FROM (
            SELECT d.*, x, x % 2 AS q, x // 2 AS early,
                CASE WHEN x % 2 = 0 THEN s1r ELSE s2r END AS rq,
                CASE WHEN x % 2 = 0 THEN s1d ELSE s2d END AS dn
            FROM d CROSS JOIN range(4) r(x)
            WHERE i >= {{lo}} AND i < {{hi}} AND s1r IS NOT NULL
        )
        WHERE rq IS NOT NULL
          AND (early = 0 OR (dn IS NOT NULL AND {self.vsel("rq")} < {self.vsel("dn")}))
        )"""
        mods = {
            "orphan_dossier": {"MaHoSo": "orphan_code(MaHoSo)"},
            "unparseable_timestamp": {
                "NgayYeuCauBoSung": "CASE WHEN NgayHoanThanhBoSung IS NULL OR _rh % 2 = 0 "
                "THEN bad_ts(NgayYeuCauBoSung, _rh >> 20) "
                "ELSE NgayYeuCauBoSung END",
                "NgayHoanThanhBoSung": "CASE WHEN NgayHoanThanhBoSung IS NULL OR _rh % 2 = 0 "
                "THEN NgayHoanThanhBoSung "
                "ELSE bad_ts(NgayHoanThanhBoSung, _rh >> 20) END",
            },
        }
        self.emit("HoSoBoSung", body, ["_o1", "_o2"], part, lo, hi, mods)

    def write_documents(self, part: int, lo: int, hi: int) -> None:
        u = self.u
        body = f"""
        SELECT *, hash(_o1, _o2, 1004, {self.seed}::BIGINT) AS _rh FROM (
        SELECT MaHoSo, (i * 8 + x)::VARCHAR AS TepDinhKemId,
            'TP' || lpad(pid::VARCHAR, 4, '0') || '.' || (x + 1)::VARCHAR AS MaThanhPhanHoSo,
            CASE WHEN link THEN 'https://dichvucong.gov.vn/tailieu/' || strftime(day, '%Y/%m/')
                                || (i * 8 + x)::VARCHAR || '.pdf' END AS DuongDanTaiTepTin,
            CASE WHEN sohoa THEN '1' ELSE '0' END AS DuocSoHoa,
            CASE WHEN x = 0 AND reuse THEN (CASE WHEN {u("i", 62)} < 0.3 THEN '2' ELSE '1' END)
                 ELSE '0' END AS DuocTaiSuDung,
            CASE WHEN x = 0 AND kho THEN '1' ELSE '0' END AS DuocLayTuKhoDMQG,
            CASE WHEN deleted THEN '1' ELSE '0' END AS IsDeleted,
            {self.naplu(self.vsel("t_sub"))} AS NapLuc,
            i AS _o1, x AS _o2
        FROM (
            SELECT d.*, x, x = ncomp AS deleted,
                CASE WHEN x = ncomp THEN true
                     WHEN NOT digi THEN false
                     WHEN ch = '2' THEN {u("i, x", 63)} < 0.7
                     WHEN x = 0 THEN true
                     ELSE {u("i, x", 63)} < 0.5 END AS sohoa,
                CASE WHEN x = ncomp THEN true
                     WHEN NOT digi THEN false
                     WHEN ch = '2' THEN true
                     WHEN x = 0 THEN {u("i, x", 64)} < 0.5
                     ELSE false END AS link
            FROM d CROSS JOIN range(5) r(x)
            WHERE i >= {{lo}} AND i < {{hi}} AND (x < ncomp OR (x = ncomp AND has_del))
        ))"""
        mods = {"orphan_dossier": {"MaHoSo": "orphan_code(MaHoSo)"}}
        self.emit("TaiLieuNop", body, ["_o1", "_o2"], part, lo, hi, mods)

    def write_results(self, part: int, lo: int, hi: int) -> None:
        body = f"""
        SELECT *, hash(_o1, _o2, 1005, {self.seed}::BIGINT) AS _rh FROM (
        SELECT MaHoSo, (i * 4 + x)::VARCHAR AS GiayToId,
            'KQ.' || nat || '.' || (x + 1)::VARCHAR AS MaGiayToKetQua,
            CASE WHEN eres THEN 'https://dichvucong.gov.vn/ketqua/' || strftime(t_end, '%Y/%m/')
                                || (i * 4 + x)::VARCHAR || '.pdf' END AS DuongDanTepTinKetQua,
            CASE WHEN eres AND kqkho THEN '1' ELSE '0' END AS DongBoKhoCongDan,
            {self.naplu(self.vsel("t_end"))} AS NapLuc,
            i AS _o1, x AS _o2
        FROM d CROSS JOIN range(2) r(x)
        WHERE i >= {{lo}} AND i < {{hi}}
          AND ((eres AND (x = 0 OR {self.u("i", 65)} < 0.1)) OR (kq_nolink AND x = 0))
        )"""
        mods = {"orphan_dossier": {"MaHoSo": "orphan_code(MaHoSo)"}}
        self.emit("GiayToKetQua", body, ["_o1", "_o2"], part, lo, hi, mods)

    def write_fees(self, part: int, lo: int, hi: int) -> None:
        u = self.u
        body = f"""
        SELECT *, hash(_o1, _o2, 1006, {self.seed}::BIGINT) AS _rh FROM (
        SELECT MaHoSo,
            CASE WHEN x = 0 THEN 'LP' ELSE 'PH' END || lpad(pid::VARCHAR, 4, '0') AS MaPhiLePhi,
            CASE WHEN x = 0 AND feeclass = 2 THEN 'Lệ phí giải quyết thủ tục hành chính (miễn)'
                 WHEN x = 0 THEN 'Lệ phí giải quyết thủ tục hành chính'
                 WHEN {u("i", 66)} < 0.15 THEN 'Phí thẩm định hồ sơ (miễn)'
                 ELSE 'Phí thẩm định hồ sơ' END AS TenPhiLePhi,
            CASE WHEN x = 0 AND feeclass = 2 THEN 0
                 WHEN x = 0 THEN fee_base
                 WHEN {u("i", 66)} < 0.15 THEN 0
                 ELSE greatest(1000, round(fee_base / 2000) * 1000) END::BIGINT AS Gia,
            {self.naplu(self.vsel("t_rec"))} AS NapLuc,
            i AS _o1, x AS _o2
        FROM d CROSS JOIN range(2) r(x) JOIN proc USING (pid)
        WHERE i >= {{lo}} AND i < {{hi}} AND feeclass > 0
          AND (x = 0 OR (feeclass = 1 AND {u("i", 67)} < 0.35))
        )"""
        mods = {
            "orphan_dossier": {"MaHoSo": "orphan_code(MaHoSo)"},
            "negative_fee": {"Gia": "CASE WHEN Gia > 0 THEN -Gia ELSE -10000 END"},
        }
        self.emit("LePhi", body, ["_o1", "_o2"], part, lo, hi, mods)

    def write_ratings(self, part: int, lo: int, hi: int) -> None:
        u = self.u
        body = f"""
        SELECT *, hash(_o1, _o2, 1007, {self.seed}::BIGINT) AS _rh FROM (
        SELECT MaHoSo, nguon AS Nguon,
            CASE WHEN nguon = 'DVCQG' THEN (CASE WHEN bad THEN 'DISLIKE' ELSE 'LIKE' END)
                 WHEN bad THEN 'KHONG_HAI_LONG'
                 WHEN {u("i, x", 68)} < 0.5 THEN 'RAT_HAI_LONG' ELSE 'HAI_LONG' END AS MucDanhGia,
            {_ts("tr")} AS ThoiGianDanhGia,
            {self.nl_fmt("tr + " + _secs("60 + " + u("i, x", 69) + " * 3600"), "i, x + 10")}
                AS NapLuc,
            i AS _o1, x AS _o2
        FROM (
            SELECT d.*, x,
                CASE WHEN (ch = '2') = (x = 0) THEN 'DVCQG' ELSE 'DIA_PHUONG' END AS nguon,
                dissat AND (x = 0 OR {u("i", 55)} < 0.7) AS bad,
                t_ret + {_secs("600 + " + u("i", 52) + " * 432000")}
                    + (CASE WHEN x = 1 THEN {_secs("3600 + " + u("i", 53) + " * 259200")}
                            ELSE INTERVAL 0 SECOND END) AS tr
            FROM d CROSS JOIN range(2) r(x)
            WHERE i >= {{lo}} AND i < {{hi}} AND rated AND (x = 0 OR {u("i", 51)} < 0.2)
        ) WHERE tr <= TIMESTAMP '{self.extract:%Y-%m-%d %H:%M:%S}'
        )"""
        mods = {
            "orphan_dossier": {"MaHoSo": "orphan_code(MaHoSo)"},
            "unparseable_timestamp": {"ThoiGianDanhGia": "bad_ts(ThoiGianDanhGia, _rh >> 20)"},
        }
        self.emit("DanhGia", body, ["_o1", "_o2"], part, lo, hi, mods)

    def write_petitions(self) -> None:
        u, X = self.u, f"TIMESTAMP '{self.extract:%Y-%m-%d %H:%M:%S}'"
        ndays = (self.end - self.start).days + 1
        merger = f"TIMESTAMP '{MERGER_DATE} 00:00:00'"
        self.q(f"""
        CREATE TABLE pk AS
        WITH b AS (
            SELECT pk_t.p, pk_dos.dos, pk_dos.dunit, pk_dos.drec, pk_dos.dera
            FROM pk_t LEFT JOIN pk_dos USING (p)
        ), c AS (
            SELECT b.*,
                CASE WHEN dos IS NOT NULL THEN greatest(drec + INTERVAL 10 MINUTE, least(
                        drec + {_secs("86400 + " + u("p", 102) + " * 20 * 86400")},
                        CASE WHEN dera THEN {X} - INTERVAL 1 DAY
                             ELSE {merger} - INTERVAL 8 HOUR END))
                     ELSE DATE '{self.start}' + to_days(floor({u("p", 103)} * {ndays})::INTEGER)
                          + {_secs("25200 + " + u("p", 104) + " * 50400")} END AS tg,
                {u("p", 105)} < {P_MINISTRY} AS is_min,
                floor({u("p", 106)} * 100000)::INTEGER AS fb,
                floor({u("p", 107)} * 1000)::INTEGER AS mb,
                floor({u("p", 108)} * 1000)::INTEGER AS db
            FROM b
        ), e AS (
            SELECT c.*, dbk.nn,
                CASE WHEN is_min THEN 200 + mbk.mid WHEN tg >= {merger} THEN fbk.g_cur
                     ELSE fbk.fid END AS g
            FROM c JOIN fbucket fbk ON fbk.b = c.fb JOIN mbucket mbk ON mbk.b = c.mb
                   JOIN dbucket dbk ON dbk.b = c.db
        ), f AS (
            SELECT e.*, grp.code AS gcode, grp.n_lower, grp.n_sub,
                CASE WHEN dos IS NOT NULL THEN dunit
                     WHEN is_min THEN grp.code || '.'
                          || lpad((1 + floor({u("p", 109)} * grp.n_sub))::INTEGER::VARCHAR, 2, '0')
                     WHEN {u("p", 110)} < 0.2 THEN grp.code
                     WHEN {u("p", 110)} < 0.7 THEN grp.code || '.' || lpad(nn::VARCHAR, 2, '0')
                     WHEN tg >= {merger}
                        THEN grp.code || '.'
                             || (101 + floor({u("p", 111)} * grp.n_lower))::INTEGER::VARCHAR
                     ELSE grp.code || '.'
                          || lpad((1 + floor({u("p", 111)} * grp.n_lower))::INTEGER::VARCHAR,
                                  3, '0')
                     END AS unit
            FROM e JOIN grp USING (g)
        ), h AS (
            SELECT f.*,
                CASE WHEN tg < {merger}
                          AND tg + {_secs("3600 + " + u("p", 112) + " * 172800")} >= {merger}
                     THEN tg + INTERVAL 30 MINUTE
                     ELSE least(tg + {_secs("3600 + " + u("p", 112) + " * 172800")},
                                {X} - INTERVAL 1 MINUTE) END AS tn,
                {u("p", 113)} < 0.05 AS tuchoi,
                {u("p", 114)} < 0.08 AS never
            FROM f
        ), k AS (
            SELECT h.*,
                CASE WHEN never THEN NULL
                     WHEN tuchoi THEN tn + {_secs("7200 + " + u("p", 115) + " * 259200")}
                     ELSE tn + {_secs("3600 + pow(" + u("p", 116) + ", 1.5) * 40 * 86400")}
                     END AS tx0
            FROM h
        )
        SELECT k.*, CASE WHEN tx0 <= {X} THEN tx0 END AS tx,
            tn + {_secs("60 + pow(" + u("p", 125) + ", 3) * 21600")} AS nlp0,
            {_secs("60 + pow(" + u("p", 126) + ", 3) * 21600")} AS nl_delay,
            floor(pow({u("p", 117)}, 2) * 20)::BIGINT AS likes,
            {u("p", 118)} < 0.10 AS unhappy,
            CASE WHEN dos IS NOT NULL
                    THEN (CASE WHEN {u("p", 119)} < 0.7 THEN 'TTHC' ELSE 'CAN_BO' END)
                 WHEN {u("p", 119)} < 0.45 THEN 'TTHC' WHEN {u("p", 119)} < 0.6 THEN 'CAN_BO'
                 ELSE 'KHAC' END AS loai
        FROM k
        """)
        body = f"""
        SELECT *, hash(_o1, _o2, 1008, {self.seed}::BIGINT) AS _rh FROM (
        SELECT 'PAKN-' || strftime(tg, '%y%m%d') || '-' || lpad(p::VARCHAR, 6, '0') AS MaPAKN,
            unit AS MaDonViXuLy, dos AS MaHoSo, loai AS PhanLoai,
            {_ts("tg")} AS NgayGui, {_ts("tn")} AS NgayTiepNhan,
            CASE WHEN v = 1 THEN {_ts("tx")} END AS NgayXuLyXong,
            CASE WHEN tuchoi THEN '1' ELSE '0' END AS TuChoi,
            likes AS SoLike,
            CASE WHEN unhappy THEN likes + 1 + floor({u("p", 120)} * 5)::BIGINT
                 ELSE floor(pow({u("p", 121)}, 3) * likes)::BIGINT END AS SoDislike,
            CASE WHEN v = 1 AND {u("p", 122)} < 0.05 THEN '1' ELSE '0' END AS PhanAnhLai,
            {
            self.nl_fmt(
                "CASE WHEN v = 0 THEN nlp0 ELSE greatest(coalesce(tx, tn) + nl_delay, "
                "nlp0 + INTERVAL 1 MINUTE) END",
                "p, v + 20",
            )
        } AS NapLuc,
            p AS _o1, v AS _o2
        FROM pk CROSS JOIN (VALUES (0), (1)) vv(v)
        WHERE p >= {{lo}} AND p < {{hi}}
          AND (v = 1 OR (tx IS NOT NULL AND {u("p", 124)} < 0.4))
        )"""
        mods = {
            "unknown_unit": {"MaDonViXuLy": "MaDonViXuLy || '.99'"},
            "unparseable_timestamp": {"NgayGui": "bad_ts(NgayGui, _rh >> 20)"},
        }
        self.emit("PhanAnhKienNghi", body, ["_o1", "_o2"], 1, 0, self.n_pakn, mods=mods)

    def write_catalogues(self) -> None:
        seed = self.seed
        # DonVi
        self.register("dv", self.units, TABLE_COLUMNS["DonVi"])
        self.q("CREATE TABLE dv2 AS SELECT row_number() OVER () AS _o1, * FROM dv")
        self.emit("DonVi", f"SELECT *, hash(_o1, 1010, {seed}::BIGINT) AS _rh FROM dv2", ["_o1"])
        # ThuTuc
        cols = TABLE_COLUMNS["ThuTuc"]
        self.register("tt", [{**{c: p[c] for c in cols}, "_o1": p["pid"]} for p in self.procs])
        self.emit("ThuTuc", f"SELECT *, hash(_o1, 1011, {seed}::BIGINT) AS _rh FROM tt", ["_o1"])
        # NgayNghi
        self.register(
            "nn",
            [
                {"Ngay": d.isoformat(), "TenNgayNghi": n, "_o1": k}
                for k, (d, n) in enumerate(self.holidays)
            ],
        )
        self.emit("NgayNghi", f"SELECT *, hash(_o1, 1012, {seed}::BIGINT) AS _rh FROM nn", ["_o1"])

    def write_unit_procedures(self) -> None:
        u = self.u
        by_code = {x["code"]: x for x in self.groups}
        rows, seen = [], set()
        for code, _name, kind, *_ in self.units:
            if code in seen:
                continue
            seen.add(code)
            top = code.split(".")[0]
            grp = by_code[top]
            if kind == "BO":
                rows.append((code, 100 + grp["g"] - 200, 0, 1, top))
            elif kind == "SO_NGANH" and grp["kind"] == "BO":
                rows.append(
                    (code, 100 + grp["g"] - 200, int(code.split(".")[1]), grp["n_sub"], top)
                )
            elif kind == "TINH":
                rows.append((code, 0, 0, 1, top))
            elif kind == "SO_NGANH":
                rows.append((code, int(code.split(".")[1]), 0, 1, top))
            else:
                rows.append((code, 21, 0, 1, top))
        self.register(
            "up_units",
            [(k, *r) for k, r in enumerate(rows)],
            ["uid", "MaDonVi", "pool", "sub", "nsub", "pub"],
        )
        ndays = (self.end - self.start).days + 1
        self.q(f"""
        CREATE TABLE tdv AS
        SELECT uu.uid, uu.MaDonVi, uu.pub, proc.pid, proc.nat, proc.toan_trinh, proc.fee,
            {u("uu.uid, proc.pid", 130)} AS h1, {u("uu.uid, proc.pid", 131)} AS h2,
            {u("uu.uid, proc.pid", 132)} AS h3, {u("uu.uid, proc.pid", 133)} AS h4
        FROM up_units uu JOIN proc ON proc.pool = uu.pool
        WHERE uu.sub = 0 OR proc.rnk % uu.nsub = uu.sub - 1
        """)
        body = f"""
        SELECT *, hash(_o1, _o2, _o3, 1013, {self.seed}::BIGINT) AS _rh FROM (
        SELECT nat || '.000.00.00.' || pub AS MaTTHC, MaDonVi,
            CASE WHEN v = 1 THEN '4'
                 WHEN toan_trinh = 1
                    THEN (CASE WHEN h1 < 0.80 THEN '4' WHEN h1 < 0.95 THEN '3' ELSE '2' END)
                 ELSE (CASE WHEN h1 < 0.75 THEN '3' ELSE '2' END) END AS MucDo,
            CASE WHEN h2 < 0.88 THEN '1' ELSE '0' END AS CongKhai,
            CASE WHEN fee = 1 AND h3 < 0.65 THEN '1' ELSE '0' END AS TichHopThanhToanDVCQG,
            {
            self.nl_fmt(
                f"CASE WHEN v = 0 THEN TIMESTAMP '{self.start} 00:00:00' - INTERVAL 60 DAY"
                f" + {_secs('h4 * 50 * 86400')} ELSE TIMESTAMP '{self.start} 00:00:00' + "
                f"{_secs(f'h4 * {ndays} * 86400')} END",
                "uid, pid, v",
            )
        } AS NapLuc,
            uid AS _o1, pid AS _o2, v AS _o3
        FROM tdv CROSS JOIN (VALUES (0), (1)) vv(v)
        WHERE v = 0 OR (toan_trinh = 1 AND h1 >= 0.80 AND h1 < 0.95 AND h2 < 0.3)
        )"""
        mods = {
            "unknown_unit": {"MaDonVi": "MaDonVi || '.99'"},
            "unknown_procedure": {"MaTTHC": "'4' || substr(MaTTHC, 2)"},
        }
        self.emit("ThuTucDonVi", body, ["_o1", "_o2", "_o3"], mods=mods)

    def write_decisions(self) -> None:
        u = self.u
        s, e = self.start, self.end
        self.q("""
        CREATE TABLE pubproc AS
        SELECT CASE WHEN pool < 100 THEN -1 ELSE pool - 100 END AS pkey,
            row_number() OVER (PARTITION BY CASE WHEN pool < 100 THEN -1 ELSE pool - 100 END
                               ORDER BY pid) - 1 AS idx, pid, nat
        FROM proc
        """)
        self.q("CREATE TABLE pubsize AS SELECT pkey, count(*) AS psize FROM pubproc GROUP BY pkey")
        self.q(f"""
        CREATE TABLE qd AS
        WITH pubs AS (
            SELECT g, code, kind, abbr,
                CASE WHEN kind = 'BO' THEN g - 200 ELSE -1 END AS pkey,
                greatest(valid_from, DATE '{s}') AS a,
                least(coalesce(valid_to, DATE '{e}'), DATE '{e}') AS b
            FROM grp
        ), dec AS (
            SELECT pubs.*, unnest(range(greatest(1, round((b - a + 1) / 30.0)::BIGINT))) AS dk
            FROM pubs WHERE b >= a
        ), dec2 AS (
            SELECT dec.*, a + floor({u("g, dk", 140)} * (b - a + 1))::INTEGER AS qd_day,
                3 + floor({u("g, dk", 141)} * 22)::INTEGER AS nitems,
                {u("g, dk", 142)} < 0.25 AS late_dec,
                [1009, 1013, 1019, 1021][1 + floor({u("g, dk", 143)} * 4)::INTEGER] AS stride,
                floor({u("g, dk", 144)} * 1000)::INTEGER AS off
            FROM dec
        )
        SELECT dec2.*, row_number() OVER (PARTITION BY code ORDER BY qd_day, g, dk) AS seq
        FROM dec2
        """)
        body = f"""
        SELECT *, hash(_o1, _o2, _o3, 1014, {self.seed}::BIGINT) AS _rh FROM (
        SELECT (100 + 23 * seq + floor({u("g, dk", 145)} * 23)::INTEGER)::VARCHAR || '/QĐ-' || abbr
                AS SoQuyetDinh,
            code AS MaDonVi, pp.nat || '.000.00.00.' || code AS MaTTHC,
            CASE WHEN {u("g, dk, item", 146)} < 0.35 THEN 'MOI'
                 WHEN {u("g, dk, item", 146)} < 0.85 THEN 'SUA_DOI' ELSE 'BAI_BO' END AS LoaiCongBo,
            strftime(qd_day, '%Y-%m-%d') AS NgayQuyetDinh,
            strftime(CASE WHEN {u("g, dk, item", 147)} < (CASE WHEN late_dec THEN 0.7 ELSE 0.05 END)
                          THEN qd_day - 30 + floor({u("g, dk, item", 148)} * 33)::INTEGER
                          WHEN kind = 'BO' THEN qd_day + 30 + floor({u("g, dk", 149)} * 60)::INTEGER
                          ELSE qd_day + 10 + floor({u("g, dk", 149)} * 50)::INTEGER END,
                     '%Y-%m-%d') AS NgayHieuLucVanBan,
            CASE WHEN {u("g, dk, item", 150)} < 0.08 THEN NULL
                 WHEN {u("g, dk, item", 150)} < 0.22
                    THEN CASE WHEN qd_day + 10 + floor({u("g, dk, item", 151)} * 30)::INTEGER
                                   <= DATE '{e}'
                              THEN strftime(qd_day + 10
                                            + floor({u("g, dk, item", 151)} * 30)::INTEGER,
                                            '%Y-%m-%d') END
                 ELSE CASE WHEN qd_day + 1 + floor({u("g, dk", 152)} * 5)::INTEGER <= DATE '{e}'
                           THEN strftime(qd_day + 1 + floor({u("g, dk", 152)} * 5)::INTEGER,
                                         '%Y-%m-%d') END END AS NgayCongKhai,
            code AS _o1, seq AS _o2, item AS _o3
        FROM (
            SELECT qd.*, unnest(range(least(nitems, ps.psize))) AS item, ps.psize
            FROM qd JOIN pubsize ps USING (pkey)
        ) q JOIN pubproc pp ON pp.pkey = q.pkey AND pp.idx = (q.off + q.item * q.stride) % q.psize
        )"""
        self.emit("QuyetDinhCongBo", body, ["_o1", "_o2", "_o3"])

    def write_reports(self) -> None:
        u = self.u
        # Period labels of the data range: year, quarter, month.
        self.q("""
        CREATE TABLE labels AS
        SELECT DISTINCT lab, kind, p_from, p_to FROM (
            SELECT strftime(day, '%Y') AS lab, 'Y' AS kind, make_date(year(day), 1, 1) AS p_from,
                   make_date(year(day), 12, 31) AS p_to FROM days
            UNION ALL
            SELECT strftime(day, '%Y') || '-Q' || quarter(day), 'Q',
                   make_date(year(day), 3 * quarter(day) - 2, 1),
                   (make_date(year(day), 3 * quarter(day) - 2, 1) + INTERVAL 3 MONTH
                    - INTERVAL 1 DAY)::DATE FROM days
            UNION ALL
            SELECT strftime(day, '%Y-%m'), 'M', make_date(year(day), month(day), 1),
                   (make_date(year(day), month(day), 1) + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE
            FROM days
        )
        """)
        self.q("""
        CREATE TABLE day_lab AS
        SELECT days.day, labels.lab FROM days JOIN labels
            ON days.day BETWEEN labels.p_from AND labels.p_to
        """)
        self.q(f"""
        CREATE TABLE bc AS
        WITH per_g AS (
            SELECT g, day, sum(n) AS n FROM acc_g GROUP BY g, day
        ), per_u AS (
            SELECT g, MaDonVi, day, sum(n) AS n FROM acc_u GROUP BY g, MaDonVi, day
        ), rows AS (
            SELECT grp.code AS unit, per_g.g, dl.lab, sum(n) AS n
            FROM per_g JOIN grp USING (g) JOIN day_lab dl USING (day)
            WHERE {u("per_g.g", 161)} < 0.75
            GROUP BY ALL
            UNION ALL
            SELECT MaDonVi, per_u.g, dl.lab, sum(n) FROM per_u JOIN day_lab dl USING (day)
            GROUP BY ALL
        )
        SELECT rows.unit, rows.lab, rows.n, labels.p_from, labels.p_to
        FROM rows JOIN grp USING (g) JOIN labels USING (lab)
        WHERE labels.p_from >= grp.valid_from
          AND labels.p_to <= coalesce(grp.valid_to, DATE '9999-12-31')
        """)
        body = f"""
        SELECT unit AS MaDonVi, lab AS KyBaoCao,
            CASE WHEN h < 0.3 THEN ceil(n * (1.01 + 0.11 * h2))::BIGINT ELSE n END
                AS SoHoSoTiepNhan,
            unit AS _o1, lab AS _o2, hash(unit, lab, 1015, {self.seed}::BIGINT) AS _rh
        FROM (SELECT *, {u("unit, lab", 162)} AS h, {u("unit, lab", 163)} AS h2 FROM bc)
        """
        self.emit("BaoCaoQuocGia", body, ["_o1", "_o2"])

        # ChiSoNgoai: certified-copy counts (4.6) for some provinces, and the petition
        # system's on-time figure (5.2) for a couple, for the labels inside their validity.
        self.q(f"""
        CREATE TABLE csn AS
        WITH pick AS (
            SELECT g, code, valid_from, valid_to, kind,
                row_number() OVER (PARTITION BY era ORDER BY {u("g", 170)}) AS rk
            FROM grp WHERE kind = 'TINH'
        )
        SELECT pick.code AS unit, labels.lab, labels.kind AS lkind,
            CASE WHEN rk <= 2 AND labels.kind = 'Y' THEN 'PETITION_PROCESSING_ON_TIME'
                 ELSE 'ELECTRONIC_CERTIFIED_COPY' END AS code
        FROM pick JOIN labels ON labels.p_from >= pick.valid_from
            AND labels.p_to <= coalesce(pick.valid_to, DATE '9999-12-31')
        WHERE rk <= 8 AND labels.kind IN ('Y', 'Q')
        UNION ALL
        SELECT pick.code, labels.lab, labels.kind, 'ELECTRONIC_CERTIFIED_COPY'
        FROM pick JOIN labels ON labels.p_from >= pick.valid_from
            AND labels.p_to <= coalesce(pick.valid_to, DATE '9999-12-31')
        WHERE rk <= 2 AND labels.kind = 'Y'
        """)
        body = f"""
        SELECT unit AS MaDonVi, lab AS KyBaoCao, code AS MaChiSo,
            floor(mau * (0.3 + 0.7 * {u("unit, lab, code", 172)}))::BIGINT AS TuSo, mau AS MauSo,
            unit AS _o1, lab AS _o2, code AS _o3,
            hash(unit, lab, code, 1016, {self.seed}::BIGINT) AS _rh
        FROM (SELECT *, (CASE WHEN lkind = 'Y' THEN 4 ELSE 1 END
                         * (200 + floor({u("unit, lab, code", 171)} * 5000)))::BIGINT AS mau
              FROM csn)
        """
        self.emit("ChiSoNgoai", body, ["_o1", "_o2", "_o3"])

    # -- run ----------------------------------------------------------------------------------

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
        from generate_published import write_published_scores

        self.published = write_published_scores(self)
        self.con.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        for table, secs in self.seconds.items():
            rows = f"{self.row_counts[table]:>12,} rows" if table in self.row_counts else " " * 17
            self.log(f"  {table:<16} {rows}  {secs:6.1f}s")
        seconds = time.time() - t0
        manifest = {
            "generator": "scripts/generate_raw.py",
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
    args = ap.parse_args(argv)
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
