"""The dossiers of a demo zone: the edge cases the index must handle are present, processing
steps agree with their dossiers, re-pushes carry the later state, and the calibrated rates land
on the published figures."""

from __future__ import annotations

from generate_raw_helpers import N_MAIN, latest_dossiers, one

from dvc_index.demo import generate_raw as gr


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
