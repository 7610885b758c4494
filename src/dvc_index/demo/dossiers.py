"""The dossier model of the demo zone: one relation of dossiers with every attribute the
dossier tables are written from (kinds, units, channels, timestamps, outcomes). A mixin of
generator.Generator."""

from __future__ import annotations

from dvc_index.demo.sql import _secs
from dvc_index.demo.tables import MERGER_DATE, P_MINISTRY, P_NOT_RECEIVED, P_SUB


class DossierModel:
    """Builds the dossiers of a chunk (a mixin of Generator)."""

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
