"""Reference and catalogue tables of the demo zone: the reference relations every family
joins (build_reference), then DonVi, ThuTuc, ThuTucDonVi, QuyetDinhCongBo, NgayNghi and the
national report tables. A mixin of generator.Generator."""

from __future__ import annotations

from datetime import date

from dvc_index.demo.catalogues import build_groups, procedure_catalogue, unit_catalogue
from dvc_index.demo.reference_data import DEPARTMENTS, MINISTRIES, TET, _d, holidays
from dvc_index.demo.sql import _secs, _sql_list
from dvc_index.demo.tables import LAST_FORMER_DAY, MERGER_DATE, TABLE_COLUMNS


class CatalogueTables:
    """Writes the reference and catalogue tables (a mixin of Generator)."""

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
