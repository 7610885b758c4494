"""The dossier tables of the demo zone: HoSo, QuaTrinhXuLy, HoSoBoSung, TaiLieuNop,
GiayToKetQua, LePhi, DanhGia (per chunk of dossiers) and PhanAnhKienNghi. A mixin of
generator.Generator."""

from __future__ import annotations

from dvc_index.demo.sql import _secs, _ts
from dvc_index.demo.tables import MERGER_DATE, P_MINISTRY


class DossierTables:
    """Writes the dossier tables (a mixin of Generator)."""

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
