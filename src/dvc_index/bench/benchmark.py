"""Benchmark the warehouse build at a given size: full build, incremental refresh, and the floor.

Run (from the project root):

    dvc-index benchmark --dossiers 1000000
    dvc-index benchmark --dossiers 200000 --batches 3 --changed 20000 --keep

Steps and the figures they report:

- generation s: `src/dvc_index/demo/generate_raw.py` writing a landing zone of N dossiers (seed 42) into
  WORK/source. Then the rows loaded last, about `--changed` distinct dossiers (default 80,000:
  one day of pushes at the national rate; capped at 10 % of N for small zones), are held back
  (src/dvc_index/demo/zone_batches.py) into K load batches of about equal size; WORK/zone is the initial
  landing zone. That split is not part of any figure (its time is printed).
- full build s / full build peak GB: a fresh warehouse, `dbt build` (models, seeds and tests)
  over the initial zone with DVC_AS_OF fixed at 2026-10-01 00:00:00. Peak = the greatest
  resident set size of the dbt process tree.
- incremental run s (per batch) / incremental peak GB: each batch appended to the zone in turn,
  then `dbt run` (no --full-refresh) on the warehouse left by the previous step: the time to
  refresh the models after one load.
- incremental build s (per batch): the same again from a copy of the warehouse taken right after
  the full build, with `dbt build` (refresh + tests) after each batch.
- floor s / floor peak GB: the run time of one hand-written DuckDB statement over the final
  landing zone (the Parquet files themselves, not the warehouse), in a fresh DuckDB process with
  the same threads and memory limit as dbt: it reads every dossier table once, keeps the latest
  version per key and computes, per unit and period (each month, the as_of year and its year to
  date), the numerators and denominators of the dossier-based components (1.4, 2.1, 3.3, 3.6,
  4.1, 4.2, 4.3, 4.4, 4.5b, 5.4). It is what the computation costs without staging,
  quarantine, marts and tests: the lower bound the full build is compared with (ratio full
  build / floor). Its peak is that of the whole process (Python, DuckDB and the statement).
  The floor's figures are compared with the warehouse's unit-level figures
  (intermediate.int_indicator_counts) after the last incremental build, and the number of exact
  matches printed: informative only, the floor simplifies a few rules (see floor_sql()).

Results are printed as a markdown table and written to
reports/benchmarks/benchmark-<N>-<timestamp>.json with the machine and the settings used.
Everything else goes under --work (default /tmp/dvc-benchmark-<N>-<timestamp>): the zone,
batches, warehouse, dbt target and logs; without --keep the zone, batches and warehouses are
removed at the end (the logs stay).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

from dvc_index.common import PROJECT_ROOT, dvc_environment, run_dbt
from dvc_index.demo.zone_batches import (
    _parsed_loaded_at,
    apply_batch,
    cutoff_for_changed_dossiers,
    hold_back,
)

AS_OF = "2026-10-01 00:00:00"
INDEX_START = "2025-01-01"  # dbt var index_start_date
GNU_TIME = "/usr/bin/time"
DOSSIER_TABLES = [
    "HoSo",
    "QuaTrinhXuLy",
    "HoSoBoSung",
    "TaiLieuNop",
    "GiayToKetQua",
    "LePhi",
    "DanhGia",
]
GB = 1024**3


# ---------------------------------------------------------------------------------------------
# Measuring a child process tree
# ---------------------------------------------------------------------------------------------


def measured(command: list[str], env: dict[str, str], log_file: Path) -> dict:
    """Run `command` (stdout and stderr to `log_file`); wall seconds, exit code and the peak
    resident set size of its process tree (the largest process, in bytes).

    With GNU time the peak comes from its wait4() rusage, which covers the child and every
    descendant it waited for; without it, an intermediary Python process reports
    getrusage(RUSAGE_CHILDREN) after waiting for the command (the same quantity)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as handle:
        rss_file = Path(handle.name)
    if Path(GNU_TIME).exists():
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *command]
        method = "GNU time %M (max RSS of the process tree's largest process)"
    else:
        wrapped = [sys.executable, __file__, "--_rusage", str(rss_file), "--", *command]
        method = "getrusage(RUSAGE_CHILDREN) in an intermediary process"
    start = time.perf_counter()
    with open(log_file, "w") as log:
        rc = subprocess.run(
            wrapped, env=env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, check=False
        ).returncode
    seconds = time.perf_counter() - start
    try:
        lines = [x for x in rss_file.read_text().split() if x.strip().isdigit()]
        peak_kb = int(lines[-1]) if lines else 0
    finally:
        rss_file.unlink(missing_ok=True)
    return {"seconds": seconds, "rc": rc, "peak_bytes": peak_kb * 1024, "rss_method": method}


def _rusage_child(rss_file: str, command: list[str]) -> int:
    rc = subprocess.run(command, check=False).returncode
    Path(rss_file).write_text(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\n")
    return rc


def _dbt_child(target_path: str, args: list[str]) -> int:
    """Intermediary for one dbt command: the project's run_dbt with the inherited environment."""
    return run_dbt(args, dict(os.environ), target_path=target_path).returncode


# ---------------------------------------------------------------------------------------------
# The floor: one statement over the landing zone
# ---------------------------------------------------------------------------------------------


def _wire_ts(column: str) -> str:
    """`yyyyMMddHHmmss` text (Vietnam local) to a timestamp, NULL when empty or unparseable."""
    text = f"nullif(trim({column}), '')"
    return (
        f"CASE WHEN regexp_full_match({text}, '[0-9]{{14}}') "
        f"THEN try_strptime({text}, '%Y%m%d%H%M%S') END"
    )


def _txt(column: str) -> str:
    return f"nullif(trim(CAST({column} AS VARCHAR)), '')"


def floor_sql(zone: Path, out_file: Path, as_of: str = AS_OF) -> str:
    """The floor statement: COPY (one SELECT over the zone's files) TO out_file.

    Simplified against the warehouse (the reason figures may differ on dirty data):
    - no quarantine: rows with unknown units/procedures/codes, negative fees or unparseable
      timestamps are not rejected (a key's latest version is chosen among all its rows);
    - ties between versions with the same NapLuc: greatest hash of the columns used, not the
      warehouse's content hash (any deterministic rule);
    - BaoCaoQuocGia floors the 1.4 denominator of sub-units only, recognised by a dot in the unit
      code (QĐ 20/2020 codes), without reading DonVi;
    - periods: months from index_start_date to as_of, the as_of year and its year to date (no
      quarters, no earlier years); unit-level figures only (no roll-up, no ChiSoNgoai).
    """
    as_of_ts = datetime.fromisoformat(as_of)
    a = f"TIMESTAMP '{as_of_ts:%Y-%m-%d %H:%M:%S}'"
    year = as_of_ts.year
    ytd_end = f"(DATE '{as_of_ts.date()}' + INTERVAL 1 DAY)::TIMESTAMP"

    def src(table: str) -> str:
        return f"read_parquet('{zone / table}/*.parquet', union_by_name = true)"

    nl = _parsed_loaded_at()
    known = f"(_nl IS NULL OR _nl <= {a})"  # rows loaded after as_of were not known yet
    version = "coalesce(_nl, TIMESTAMP '1900-01-01')"
    return f"""
COPY (
WITH
hoso AS (  -- latest push per MaHoSo
    SELECT dossier_code, max_by(v, ({version}, hash(v))) AS v
    FROM (
        SELECT {_txt("MaHoSo")} AS dossier_code, {nl} AS _nl,
            {{'parent': {_txt("MaHoSoGoc")}, 'proc': {_txt("MaTTHC")}, 'unit': {_txt("MaDonVi")},
             'channel': {_txt("KenhThucHien")}, 'rec': NgayTiepNhan, 'due': NgayHenTra,
             'ended': NgayKetThucXuLy, 'digi': {_txt("HoSoCoThanhPhanSoHoa")},
             'vneid': {_txt("TaiKhoanDuocXacThucVoiVNeID")},
             'pay': {_txt("DuocThanhToanTrucTuyen")}, 'csdl': MaCSDL, 'sync': DongBoLuc}} AS v
        FROM {src("HoSo")}
    )
    WHERE dossier_code IS NOT NULL AND {known}
    GROUP BY dossier_code
),
dossiers AS (
    SELECT dossier_code, v.unit AS unit_code,
        split_part(v.proc, '.', 1) || '.' || split_part(v.proc, '.', 2) AS procedure_code,
        coalesce(v.channel, '1') AS channel_code,
        {_wire_ts("v.rec")} AS received_at, {_wire_ts("v.due")} AS due_at,
        {_wire_ts("v.ended")} AS source_ended_at,
        coalesce(v.digi = '1', false) AS has_digitized_component,
        coalesce(v.vneid = '1', false) AS is_vneid_verified,
        coalesce(v.pay IN ('1', '2'), false) AS is_paid_online,
        ',' || replace(coalesce(v.csdl, ''), ' ', '') || ',' LIKE '%,DC,%' AS has_dc_lookup,
        {_wire_ts("v.sync")} AS synced_at
    FROM hoso
    WHERE v.parent IS NULL
),
steps AS (  -- end of processing: first status 9, else 10, else 3/7/8
    SELECT dossier_code,
        min(step_at) FILTER (WHERE status = '9') AS first_9,
        min(step_at) FILTER (WHERE status = '10') AS first_10,
        min(step_at) FILTER (WHERE status IN ('3', '7', '8')) AS first_stop
    FROM (
        SELECT {_txt("MaHoSo")} AS dossier_code, {_txt("TrangThai")} AS status,
            {_wire_ts("ThoiDiemXuLy")} AS step_at, {nl} AS _nl
        FROM {src("QuaTrinhXuLy")}
    )
    WHERE step_at <= {a} AND {known}
    GROUP BY dossier_code
),
supplements AS (  -- latest version per (MaHoSo, HoSoBoSungId), requested by as_of
    SELECT dossier_code, request_id, {_wire_ts("v.req")} AS requested_at,
        CASE WHEN {_wire_ts("v.done")} <= {a} THEN {_wire_ts("v.done")} END AS completed_at
    FROM (
        SELECT dossier_code, request_id, max_by(v, ({version}, hash(v))) AS v
        FROM (
            SELECT {_txt("MaHoSo")} AS dossier_code, {_txt("HoSoBoSungId")} AS request_id,
                {nl} AS _nl, {{'req': NgayYeuCauBoSung, 'done': NgayHoanThanhBoSung}} AS v
            FROM {src("HoSoBoSung")}
        )
        WHERE {known}
        GROUP BY ALL
    )
),
supplement_summary AS (
    SELECT dossier_code,
        min(requested_at) AS first_requested_at,
        min_by(completed_at, (requested_at, request_id)) AS first_completed_at,
        list_sort(list({{'t': requested_at, 'id': request_id}}))[2].t AS second_requested_at
    FROM supplements
    WHERE requested_at <= {a}
    GROUP BY dossier_code
),
documents AS (  -- latest version per (MaHoSo, TepDinhKemId), not deleted
    SELECT dossier_code,
        bool_or(v.digi = '1' OR v.link IS NOT NULL) AS has_digitized_document,
        bool_or(coalesce(v.reuse, '0') IN ('1', '2')) AS has_reused_document,
        bool_or(v.store = '1') AS has_citizen_store_document
    FROM (
        SELECT dossier_code, max_by(v, ({version}, hash(v))) AS v
        FROM (
            SELECT {_txt("MaHoSo")} AS dossier_code, {_txt("TepDinhKemId")} AS doc_id,
                {nl} AS _nl,
                {{'link': {_txt("DuongDanTaiTepTin")}, 'digi': {_txt("DuocSoHoa")},
                 'reuse': {_txt("DuocTaiSuDung")}, 'store': {_txt("DuocLayTuKhoDMQG")},
                 'del': {_txt("IsDeleted")}}} AS v
            FROM {src("TaiLieuNop")}
        )
        WHERE {known}
        GROUP BY dossier_code, doc_id
    )
    WHERE NOT coalesce(v.del = '1', false)
    GROUP BY dossier_code
),
results AS (  -- latest version per (MaHoSo, GiayToId)
    SELECT dossier_code,
        bool_or(v.link IS NOT NULL) AS has_electronic_result,
        bool_or(v.pushed = '1') AS has_result_in_citizen_store
    FROM (
        SELECT dossier_code, max_by(v, ({version}, hash(v))) AS v
        FROM (
            SELECT {_txt("MaHoSo")} AS dossier_code, {_txt("GiayToId")} AS result_id,
                {nl} AS _nl,
                {{'link': {_txt("DuongDanTepTinKetQua")},
                 'pushed': {_txt("DongBoKhoCongDan")}}} AS v
            FROM {src("GiayToKetQua")}
        )
        WHERE {known}
        GROUP BY dossier_code, result_id
    )
    GROUP BY dossier_code
),
fees AS (  -- latest version per (MaHoSo, MaPhiLePhi)
    SELECT dossier_code, count(*) AS fee_line_count, bool_or(v > 0) AS has_nonzero_fee
    FROM (
        SELECT dossier_code, max_by(v, ({version}, hash(v))) AS v
        FROM (
            SELECT {_txt("MaHoSo")} AS dossier_code, {_txt("MaPhiLePhi")} AS fee_code,
                {nl} AS _nl, try_cast({_txt("Gia")} AS BIGINT) AS v
            FROM {src("LePhi")}
        )
        WHERE {known}
        GROUP BY dossier_code, fee_code
    )
    GROUP BY dossier_code
),
dissatisfaction AS (  -- first dissatisfied rating or petition about the dossier, by as_of
    SELECT dossier_code, min(event_at) AS first_dissatisfied_at
    FROM (
        SELECT dossier_code, rated_at AS event_at
        FROM (
            SELECT dossier_code, rated_at, max_by(v, ({version}, hash(v))) AS v
            FROM (
                SELECT {_txt("MaHoSo")} AS dossier_code, {_wire_ts("ThoiGianDanhGia")} AS rated_at,
                    {nl} AS _nl, {_txt("MucDanhGia")} AS v
                FROM {src("DanhGia")}
            )
            WHERE {known}
            GROUP BY dossier_code, rated_at
        )
        WHERE v IN ('DISLIKE', 'KHONG_HAI_LONG') AND rated_at <= {a}
        UNION ALL
        SELECT v.dossier_code, coalesce(v.rec, v.sent)
        FROM (
            SELECT petition_code, max_by(v, ({version}, hash(v))) AS v
            FROM (
                SELECT {_txt("MaPAKN")} AS petition_code, {nl} AS _nl,
                    {{'dossier_code': {_txt("MaHoSo")}, 'rec': {_wire_ts("NgayTiepNhan")},
                     'sent': {_wire_ts("NgayGui")}}} AS v
                FROM {src("PhanAnhKienNghi")}
            )
            WHERE {known}
            GROUP BY petition_code
        )
        WHERE v.dossier_code IS NOT NULL AND coalesce(v.rec, v.sent) <= {a}
    )
    GROUP BY dossier_code
),
procedures AS (
    SELECT procedure_code, max_by(v, hash(v)) AS v
    FROM (
        SELECT split_part({_txt("MaTTHC")}, '.', 1) || '.' || split_part({_txt("MaTTHC")}, '.', 2)
                AS procedure_code,
            {{'time_limit': try_cast({_txt("ThoiHanGiaiQuyet")} AS DOUBLE),
             'time_unit': {_txt("DonViTinh")},
             'paper': coalesce({_txt("YeuCauKetQuaGiay")} = '1', false),
             'fee': coalesce({_txt("CoPhiLePhi")} = '1', false)}} AS v
        FROM {src("ThuTuc")}
    )
    GROUP BY procedure_code
),
calendar AS (  -- working days: Monday-Friday minus NgayNghi
    SELECT day, is_working_day,
        sum(is_working_day::INTEGER) OVER (ORDER BY day) AS working_day_index
    FROM (
        SELECT d::DATE AS day, isodow(d) <= 5 AND h.day IS NULL AS is_working_day
        FROM range(DATE '{INDEX_START}' - INTERVAL 400 DAY,
                   DATE '{as_of_ts.date()}' + INTERVAL 800 DAY, INTERVAL 1 DAY) AS t(d)
        LEFT JOIN (
            SELECT DISTINCT try_strptime({_txt("Ngay")}, '%Y-%m-%d')::DATE AS day
            FROM {src("NgayNghi")}
        ) AS h ON h.day = d::DATE
    )
),
joined AS (
    SELECT d.dossier_code, d.unit_code, d.channel_code,
        CASE WHEN d.received_at <= {a} THEN d.received_at END AS received_at,
        d.due_at,
        coalesce(s.first_9, s.first_10, s.first_stop,
                 CASE WHEN d.source_ended_at <= {a} THEN d.source_ended_at END)
            AS processing_ended_at,
        ss.first_requested_at, ss.first_completed_at, ss.second_requested_at,
        p.v.time_limit AS time_limit, p.v.time_unit AS time_unit,
        coalesce(p.v.paper, false) AS requires_paper_result,
        coalesce(p.v.fee, false) AS is_fee_bearing_procedure,
        coalesce(r.has_electronic_result, false) AS has_electronic_result,
        coalesce(r.has_result_in_citizen_store, false) AS has_result_in_citizen_store,
        coalesce(doc.has_digitized_document, false) AS has_digitized_document,
        coalesce(doc.has_reused_document, false) OR d.has_digitized_component AS has_reused_data,
        coalesce(doc.has_citizen_store_document, false) AS has_citizen_store_document,
        coalesce(f.fee_line_count, 0) AS fee_line_count,
        coalesce(f.has_nonzero_fee, false) AS has_nonzero_fee,
        d.is_paid_online, d.is_vneid_verified, d.has_dc_lookup,
        CASE WHEN d.synced_at <= {a} THEN d.synced_at END AS synced_at,
        ds.first_dissatisfied_at
    FROM dossiers AS d
    LEFT JOIN steps AS s USING (dossier_code)
    LEFT JOIN supplement_summary AS ss USING (dossier_code)
    LEFT JOIN documents AS doc USING (dossier_code)
    LEFT JOIN results AS r USING (dossier_code)
    LEFT JOIN fees AS f USING (dossier_code)
    LEFT JOIN dissatisfaction AS ds USING (dossier_code)
    LEFT JOIN procedures AS p ON p.procedure_code = d.procedure_code
    WHERE d.received_at <= {a}
),
enriched AS (  -- counted dossiers (received, not sub-dossiers) with their facts and deadline
    SELECT j.*,
        coalesce(j.due_at, CASE j.time_unit
            WHEN 'NGAY_LAM_VIEC' THEN (dl.day + 1)::TIMESTAMP - INTERVAL 1 SECOND
            WHEN 'NGAY' THEN j.received_at + to_days(CAST(j.time_limit AS INTEGER))
            WHEN 'GIO' THEN j.received_at + to_hours(CAST(j.time_limit AS INTEGER))
            WHEN 'THANG' THEN j.received_at + to_months(CAST(j.time_limit AS INTEGER))
        END) AS base_due_at,
        j.channel_code = '2' AND (NOT j.requires_paper_result OR j.has_electronic_result)
            AS is_online,
        j.has_digitized_document AND (NOT j.requires_paper_result OR j.has_electronic_result)
            AS is_digitized,
        j.has_citizen_store_document OR j.has_result_in_citizen_store AS is_store_synced,
        j.is_vneid_verified OR j.has_dc_lookup OR j.has_citizen_store_document
            AS uses_population_data,
        j.is_fee_bearing_procedure AND j.has_nonzero_fee AS is_fee_bearing
    FROM joined AS j
    LEFT JOIN calendar AS rc
        ON j.due_at IS NULL AND rc.day = j.received_at::DATE
    LEFT JOIN calendar AS dl
        ON dl.is_working_day
        AND dl.working_day_index = rc.working_day_index + CAST(j.time_limit AS INTEGER)
),
received AS (  -- each dossier in its month, and in the as_of year and year to date
    SELECT unit_code, p.t AS period_type, p.l AS period_label,
        count(*) AS received_n,
        count(*) FILTER (WHERE synced_at IS NOT NULL) AS synced_n,
        count(*) FILTER (WHERE is_online) AS online_n,
        count(*) FILTER (WHERE is_fee_bearing) AS fee_n,
        count(*) FILTER (WHERE is_fee_bearing AND is_paid_online) AS paid_n,
        count(*) FILTER (WHERE requires_paper_result) AS paper_n,
        count(*) FILTER (WHERE requires_paper_result AND has_electronic_result) AS paper_e_n,
        count(*) FILTER (WHERE is_digitized) AS digitized_n,
        count(*) FILTER (WHERE has_reused_data) AS reused_n,
        count(*) FILTER (WHERE is_store_synced) AS store_n,
        count(*) FILTER (WHERE uses_population_data) AS population_data_n
    FROM (
        SELECT *, unnest(
            CASE WHEN received_at >= TIMESTAMP '{INDEX_START}'
                 THEN [{{'t': 'month', 'l': strftime(received_at, '%Y-%m')}}] ELSE [] END
            || CASE WHEN year(received_at) = {year}
                    THEN [{{'t': 'year', 'l': '{year}'}}, {{'t': 'to_date', 'l': '{year}-YTD'}}]
                    ELSE [] END
        ) AS p
        FROM enriched
    )
    GROUP BY ALL
),
population AS (  -- 2.1 (revision 2026-12): the dossiers received in P, judged by its judged_at
    SELECT e.*, p.t AS period_type, p.l AS period_label, p.e AS period_end,
        least(p.e, {a}) AS judged_at
    FROM (
        SELECT *, unnest(
            CASE WHEN received_at >= TIMESTAMP '{INDEX_START}'
                 THEN [{{'t': 'month', 'l': strftime(received_at, '%Y-%m'),
                         'e': date_trunc('month', received_at) + INTERVAL 1 MONTH}}]
                 ELSE [] END
            || CASE WHEN year(received_at) = {year}
                    THEN [{{'t': 'year', 'l': '{year}', 'e': TIMESTAMP '{year + 1}-01-01'}},
                          {{'t': 'to_date', 'l': '{year}-YTD', 'e': {ytd_end}}}]
                    ELSE [] END
        ) AS p
        FROM enriched
    ) AS e
),
judged AS (
    SELECT *,
        CASE WHEN second_requested_at < end_or_judged_at THEN 2
             WHEN first_requested_at < end_or_judged_at THEN 1 ELSE 0 END AS requests_before,
        coalesce(first_completed_at <= end_or_judged_at, false) AS is_supplement_completed
    FROM (
        SELECT *,
            CASE WHEN is_ended_in_period THEN processing_ended_at ELSE judged_at END
                AS end_or_judged_at
        FROM (
            SELECT *,
                coalesce(processing_ended_at < period_end AND processing_ended_at <= judged_at,
                         false) AS is_ended_in_period
            FROM population
        )
    )
),
timeliness AS (
    SELECT unit_code, period_type, period_label,
        count(*) AS population_n,
        count(*) FILTER (WHERE on_time) AS on_time_n,
        count(*) FILTER (WHERE on_time AND NOT coalesce(
            first_dissatisfied_at < period_end AND first_dissatisfied_at <= judged_at, false))
            AS satisfied_n
    FROM (
        SELECT *,
            CASE
                WHEN requests_before >= 2 THEN false
                WHEN base_due_at IS NULL THEN true
                WHEN requests_before = 1 AND NOT is_supplement_completed
                    THEN first_requested_at <= base_due_at
                WHEN is_ended_in_period THEN processing_ended_at <= effective_due_at
                ELSE judged_at <= effective_due_at
            END AS on_time
        FROM (
            SELECT *,
                base_due_at + to_seconds(CASE
                    WHEN requests_before = 1 AND is_supplement_completed
                         AND first_completed_at > first_requested_at
                        THEN date_diff('second', first_requested_at, first_completed_at)
                    ELSE 0 END) AS effective_due_at
            FROM judged
        )
    )
    GROUP BY ALL
),
reports AS (  -- BaoCaoQuocGia floors a sub-unit's 1.4 denominator for exactly that label
    SELECT unit_code, period_label, max(n) AS report_n
    FROM (
        SELECT {_txt("MaDonVi")} AS unit_code, {_txt("KyBaoCao")} AS period_label,
            try_cast({_txt("SoHoSoTiepNhan")} AS BIGINT) AS n
        FROM {src("BaoCaoQuocGia")}
    )
    WHERE contains(unit_code, '.')
    GROUP BY ALL
),
figures AS (
    SELECT coalesce(c.unit_code, t.unit_code) AS unit_code,
        coalesce(c.period_type, t.period_type) AS period_type,
        coalesce(c.period_label, t.period_label) AS period_label,
        c.* EXCLUDE (unit_code, period_type, period_label),
        t.* EXCLUDE (unit_code, period_type, period_label)
    FROM received AS c
    FULL JOIN timeliness AS t
        ON c.unit_code = t.unit_code AND c.period_type = t.period_type
        AND c.period_label = t.period_label
),
with_reports AS (
    SELECT coalesce(f.unit_code, r.unit_code) AS unit_code,
        coalesce(f.period_type, CASE WHEN length(r.period_label) = 4 THEN 'year' ELSE 'month' END)
            AS period_type,
        coalesce(f.period_label, r.period_label) AS period_label,
        f.* EXCLUDE (unit_code, period_type, period_label),
        greatest(coalesce(f.received_n, 0), coalesce(r.report_n, 0)) AS sync_denominator
    FROM figures AS f
    FULL JOIN (
        SELECT * FROM reports
        WHERE period_label = '{year}'
           OR (regexp_full_match(period_label, '[0-9]{{4}}-[0-9]{{2}}')
               AND period_label BETWEEN '{INDEX_START[:7]}' AND '{as_of_ts:%Y-%m}')
    ) AS r ON f.unit_code = r.unit_code AND f.period_label = r.period_label
)
SELECT unit_code, period_type, period_label, x.code AS indicator_code,
    x.num::DOUBLE AS numerator, x.den::DOUBLE AS denominator
FROM (
    SELECT unit_code, period_type, period_label, unnest([
        {{'code': 'DOSSIER_SYNC', 'num': synced_n, 'den': sync_denominator}},
        {{'code': 'ON_TIME_PROCESSING', 'num': on_time_n, 'den': population_n}},
        {{'code': 'ONLINE_DOSSIER', 'num': online_n, 'den': received_n}},
        {{'code': 'ONLINE_PAYMENT_DOSSIER', 'num': paid_n, 'den': fee_n}},
        {{'code': 'ORIGINAL_RESULT_AVAILABLE', 'num': paper_e_n, 'den': paper_n}},
        {{'code': 'SO_HOA_GIAY_TO_GIAI_QUYET', 'num': digitized_n, 'den': received_n}},
        {{'code': 'REUSED_DIGITIZED_DATA', 'num': reused_n, 'den': received_n}},
        {{'code': 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'num': store_n, 'den': received_n}},
        {{'code': 'CITIZEN_DATA_CONNECTED_DOSSIER', 'num': population_data_n, 'den': received_n}},
        {{'code': 'DOSSIER_RECEIVING_SATISFACTION', 'num': satisfied_n, 'den': population_n}}
    ]) AS x
    FROM with_reports
)
WHERE coalesce(x.num, 0) > 0 OR coalesce(x.den, 0) > 0
) TO '{out_file}' (FORMAT parquet)
"""


def _floor_child(spec_file: str) -> int:
    """Intermediary for the floor: a fresh DuckDB with dbt's threads and memory limit, then the
    one statement. Writes its own timing next to the spec."""
    import duckdb

    spec = json.loads(Path(spec_file).read_text())
    con = duckdb.connect()
    con.execute(f"SET threads = {int(spec['threads'])}")
    con.execute(f"SET memory_limit = '{spec['memory_limit']}'")
    con.execute(f"SET temp_directory = '{spec['temp_directory']}'")
    con.execute("SET preserve_insertion_order = false")
    sql = floor_sql(Path(spec["zone"]), Path(spec["out_file"]), spec["as_of"])
    start = time.perf_counter()
    (rows,) = con.execute(sql).fetchone()
    seconds = time.perf_counter() - start
    Path(spec["result_file"]).write_text(json.dumps({"rows": rows, "seconds": seconds}))
    return 0


# ---------------------------------------------------------------------------------------------
# Comparing the floor with the warehouse
# ---------------------------------------------------------------------------------------------


def compare_with_warehouse(floor_file: Path, warehouse: Path) -> dict:
    """How many (unit, period, component) rows of the floor the warehouse has with exactly the
    same numerator and denominator. Informative only."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"ATTACH '{warehouse}' AS wh (READ_ONLY)")
    candidates = [("intermediate", "int_indicator_counts"), ("marts", "fct_indicator_scores")]
    relation = None
    for schema, name in candidates:
        columns = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_catalog = 'wh' AND table_schema = ? AND table_name = ?",
                [schema, name],
            ).fetchall()
        }
        needed = {"unit_code", "period_type", "period_label", "indicator_code"}
        if needed | {"numerator", "denominator"} <= columns:
            relation = (schema, name, "figure_level" in columns)
            break
    if relation is None:
        con.close()
        return {"relation": None, "note": "no relation with the figures in the warehouse"}
    schema, name, has_level = relation
    level = "WHERE figure_level = 'unit'" if has_level else ""
    con.execute(f"""
        CREATE TEMP TABLE cmp AS
        SELECT f.indicator_code, f.numerator AS f_num, f.denominator AS f_den,
            w.numerator AS w_num, w.denominator AS w_den, w.unit_code IS NOT NULL AS in_warehouse
        FROM read_parquet('{floor_file}') AS f
        LEFT JOIN (SELECT * FROM wh."{schema}"."{name}" {level}) AS w
            ON w.unit_code = f.unit_code AND w.period_type = f.period_type
            AND w.period_label = f.period_label AND w.indicator_code = f.indicator_code
    """)
    per_indicator = {
        code: {"floor_rows": n, "in_warehouse": present, "exact": exact}
        for code, n, present, exact in con.execute("""
            SELECT indicator_code, count(*), count(*) FILTER (WHERE in_warehouse),
                count(*) FILTER (WHERE f_num = w_num AND f_den = w_den)
            FROM cmp GROUP BY ALL ORDER BY ALL
        """).fetchall()
    }
    (missing_in_floor,) = con.execute(f"""
        SELECT count(*) FROM (SELECT * FROM wh."{schema}"."{name}" {level}) AS w
        WHERE (w.numerator > 0 OR w.denominator > 0)
          AND (w.period_type, w.period_label) IN (
              SELECT DISTINCT (period_type, period_label) FROM read_parquet('{floor_file}'))
          AND w.indicator_code IN (SELECT DISTINCT indicator_code FROM read_parquet('{floor_file}'))
          AND NOT EXISTS (
              SELECT 1 FROM read_parquet('{floor_file}') AS f
              WHERE f.unit_code = w.unit_code AND f.period_type = w.period_type
                AND f.period_label = w.period_label AND f.indicator_code = w.indicator_code)
    """).fetchone()
    con.close()
    total = {
        k: sum(v[k] for v in per_indicator.values())
        for k in ("floor_rows", "in_warehouse", "exact")
    }
    return {
        "relation": f"{schema}.{name}" + (" (figure_level = 'unit')" if has_level else ""),
        **total,
        "warehouse_rows_missing_in_floor": missing_in_floor,
        "per_indicator": per_indicator,
        "note": (
            "floor rows without a warehouse row: the own dossiers of ministries and provinces "
            "(scored only pooled) and units not scored in that period (closed by a merger)"
        ),
    }


# ---------------------------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------------------------


def _gb(n: float | None) -> str:
    return "-" if n is None else f"{n / GB:.2f}"


def _s(n: float | None) -> str:
    return "-" if n is None else f"{n:.1f}"


def _total_ram() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return 0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _zone_rows(zone: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect()
    rows = {}
    for table_dir in sorted(p for p in zone.iterdir() if p.is_dir()):
        files = sorted(table_dir.glob("*.parquet"))
        if files:
            listed = ", ".join(f"'{f}'" for f in files)
            (n,) = con.execute(
                f"SELECT sum(num_rows) FROM parquet_file_metadata([{listed}])"
            ).fetchone()
            rows[table_dir.name] = int(n or 0)
    con.close()
    return rows


def _remove_batch_files(zone: Path) -> None:
    for f in zone.glob("*/batch-*.parquet"):
        f.unlink()


def _copy_warehouse(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for f in dst.glob(src.name + "*"):
        f.unlink()
    for f in src.parent.glob(src.name + "*"):  # the file and a .wal if one was left
        if f.is_file():
            shutil.copy2(f, dst / f.name)


def _step(name: str, result: dict, log: Path) -> dict:
    status = "ok" if result["rc"] == 0 else f"FAILED (exit {result['rc']}, see {log})"
    print(
        f"  {name}: {result['seconds']:.1f} s, peak {_gb(result['peak_bytes'])} GB  {status}",
        flush=True,
    )
    if result["rc"] != 0 and log.exists():
        tail = log.read_text(errors="replace").splitlines()[-15:]
        print("    " + "\n    ".join(tail))
    return {**result, "log": str(log)}


def run_floor(args, result, work, zone, env, logs, warehouse, full, builds) -> None:
    """Step d: the floor statement over the final zone, compared with the warehouse."""
    print("d. floor (one DuckDB statement over the final landing zone) ...", flush=True)
    floor_dir = work / "floor"
    (floor_dir / "tmp").mkdir(parents=True, exist_ok=True)
    spec = {
        "zone": str(zone),
        "out_file": str(floor_dir / "floor.parquet"),
        "result_file": str(floor_dir / "result.json"),
        "as_of": AS_OF,
        "threads": args.threads,
        "memory_limit": args.memory_limit,
        "temp_directory": str(floor_dir / "tmp"),
    }
    (floor_dir / "spec.json").write_text(json.dumps(spec))
    (floor_dir / "floor.sql").write_text(floor_sql(zone, floor_dir / "floor.parquet", AS_OF))
    floor_log = logs / "floor.out"
    floor = measured(
        [sys.executable, __file__, "--_floor", str(floor_dir / "spec.json")], env, floor_log
    )
    result["floor"] = _step("floor", floor, floor_log)
    if floor["rc"] == 0:
        inner = json.loads((floor_dir / "result.json").read_text())
        # the floor is the statement; the process (Python and DuckDB start-up) is kept beside
        result["floor"]["process_seconds"] = floor["seconds"]
        result["floor"]["seconds"] = inner["seconds"]
        result["floor"]["rows"] = inner["rows"]
        builds_ok = full["rc"] == 0 and all(b["rc"] == 0 for b in builds)
        if builds_ok and warehouse.exists():
            try:
                result["floor_vs_warehouse"] = compare_with_warehouse(
                    floor_dir / "floor.parquet", warehouse
                )
            except Exception as exc:  # informative only
                result["floor_vs_warehouse"] = {"error": str(exc)}
        else:
            result["floor_vs_warehouse"] = {
                "note": "not compared: no successful build of the final landing zone"
            }


def run_benchmark(args: argparse.Namespace) -> dict:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    work = Path(args.work or Path(tempfile.gettempdir()) / f"dvc-benchmark-{args.dossiers}-{stamp}")
    work = work.resolve()
    source, zone, batches = work / "source", work / "zone", work / "batches"
    wh_dir, wh_copy_dir = work / "warehouse", work / "warehouse_after_full"
    warehouse = wh_dir / "dvc_index.duckdb"
    target, logs = work / "target", work / "logs"
    reuse = (
        args.reuse and (work / "generation.json").exists() and (batches / "batches.json").exists()
    )
    kept = (source, zone, batches) if reuse else ()
    for path in (source, zone, batches, wh_dir, wh_copy_dir, target, work / "floor"):
        if path not in kept:
            shutil.rmtree(path, ignore_errors=True)
    logs.mkdir(parents=True, exist_ok=True)
    print(f"work directory {work}", flush=True)

    settings = {
        "threads": args.threads,
        "memory_limit": args.memory_limit,
        "temp_directory": str(wh_dir / "tmp"),
        "preserve_insertion_order": False,
        "as_of": AS_OF,
    }
    overrides = {
        "DVC_RAW_DIR": zone,
        "DVC_DUCKDB_PATH": warehouse,
        "DVC_DUCKDB_TEMP_DIR": wh_dir / "tmp",
        "DVC_AS_OF": AS_OF,
        "DVC_THREADS": args.threads,
        "DVC_DUCKDB_MEMORY_LIMIT": args.memory_limit,
        # a throw-away key, so that no key file is written into the project
        "DVC_HMAC_KEY": os.environ.get("DVC_HMAC_KEY") or secrets.token_hex(32),
    }
    env = dvc_environment(overrides)
    result: dict = {
        "dossiers": args.dossiers,
        "seed": args.seed,
        "batches_requested": args.batches,
        "started": datetime.now().isoformat(timespec="seconds"),
        "work": str(work),
    }

    # a. generation, then the held-back load batches
    if reuse:
        # --reuse: the zone and batches of an earlier run of the same work directory, with the
        # generation figures measured then (the zone is back to its state before the batches)
        print("a. reusing the generated zone and batches of this work directory", flush=True)
        result["generation"] = json.loads((work / "generation.json").read_text())
        held = json.loads((batches / "batches.json").read_text())
        _remove_batch_files(zone)
        result["raw_rows"] = json.loads((work / "raw_rows.json").read_text())
        result["raw_rows_total"] = sum(result["raw_rows"].values())
        result["cutoffs"] = held["cutoffs"]
        result["split"] = split = held["batches"]
        result["reused_zone"] = True
    else:
        split = _generate_and_hold_back(args, result, source, zone, batches, env, logs, work)
    return _build_and_measure(
        args,
        result,
        split,
        zone,
        batches,
        env,
        logs,
        work,
        target,
        warehouse,
        wh_dir,
        wh_copy_dir,
        settings,
        source,
    )


def _generate_and_hold_back(args, result, source, zone, batches, env, logs, work) -> list:
    """Step a: generate the zone (timed) and hold back the load batches (not timed)."""
    print(f"a. generating {args.dossiers:,} dossiers ...", flush=True)
    gen_log = logs / "generate.log"
    generation = measured(
        [
            sys.executable,
            "-m",
            "dvc_index.demo.generate_raw",
            "--out",
            str(source),
            "--dossiers",
            str(args.dossiers),
            "--seed",
            str(args.seed),
            "--quiet",
        ],
        env,
        gen_log,
    )
    result["generation"] = _step("generation", generation, gen_log)
    if generation["rc"] != 0:
        raise SystemExit("generation failed")
    (work / "generation.json").write_text(json.dumps(result["generation"]))
    source_rows = _zone_rows(source)
    (work / "raw_rows.json").write_text(json.dumps(source_rows))
    result["raw_rows"] = source_rows
    result["raw_rows_total"] = sum(source_rows.values())

    if args.full_build_only:
        # the whole zone is built in full: no batch is held back, no refresh is measured
        source.rename(zone)
        source = zone
        args.batches = 0
        result["split"] = [{"batch": 0, "rows": source_rows, "dossiers": args.dossiers}]
        split = result["split"]
        # recorded like held-back batches, so that --reuse finds this zone again
        batches.mkdir(parents=True, exist_ok=True)
        (batches / "batches.json").write_text(json.dumps({"cutoffs": [], "batches": split}))
        print("  --full-build-only: nothing held back")
    changed = args.changed
    if args.full_build_only:
        pass
    elif changed > args.dossiers // 10:
        changed = max(1, args.dossiers // 10)
        print(
            f"  --changed {args.changed:,} is more than 10 % of the zone: holding back {changed:,}"
        )
    result["changed_requested"] = args.changed
    result["changed_target"] = 0 if args.full_build_only else changed
    start = time.perf_counter()
    cutoffs = [
        cutoff_for_changed_dossiers(source, changed * (args.batches - k) // args.batches)
        for k in range(args.batches)
    ]
    if not args.full_build_only:
        split = hold_back(source, zone, batches, cutoffs)
    split_seconds = time.perf_counter() - start
    if not args.full_build_only:
        print(
            f"  held back {sum(b['dossiers'] for b in split[1:]):,} changed dossiers in "
            f"{args.batches} batch(es) after {cutoffs[0]} ({split_seconds:.1f} s, not timed)"
        )
    for b in split[1:]:
        print(
            f"    batch {b['batch']}: {b['dossiers']:,} dossiers, {sum(b['rows'].values()):,} rows"
        )
    result["cutoffs"] = cutoffs
    result["hold_back_seconds"] = split_seconds
    result["split"] = split
    return split


def _build_and_measure(
    args,
    result,
    split,
    zone,
    batches,
    env,
    logs,
    work,
    target,
    warehouse,
    wh_dir,
    wh_copy_dir,
    settings,
    source,
) -> dict:
    """Steps b to d: full build, incremental refreshes, floor."""
    # b. full build over the initial zone
    print("b. full build (dbt build, fresh warehouse) ...", flush=True)
    full_log = logs / "full_build.out"
    full = measured(
        [
            sys.executable,
            __file__,
            "--_dbt",
            str(target),
            "--",
            "build",
            "--log-path",
            str(logs / "full_build"),
        ],
        env,
        full_log,
    )
    result["full_build"] = _step("full build", full, full_log)
    # the copy is the starting point of the refresh-with-tests variant: not for --full-build-only
    # (at 30 M the warehouse is 31 GB, and the copy filled the disk after a successful build)
    with_builds = full["rc"] == 0 and not args.no_incremental_build and not args.full_build_only
    if with_builds:
        _copy_warehouse(warehouse, wh_copy_dir)

    # c. incremental: dbt run after each batch, then dbt build after each batch from the copy
    print("c. incremental refresh ...", flush=True)
    runs, builds = [], []
    if full["rc"] != 0:
        print("  skipped: the full build failed")
    for k in range(1, args.batches + 1 if full["rc"] == 0 else 1):
        apply_batch(batches, k, zone)
        log = logs / f"incremental_run_{k}.out"
        r = measured(
            [
                sys.executable,
                __file__,
                "--_dbt",
                str(target),
                "--",
                "run",
                "--log-path",
                str(logs / f"incremental_run_{k}"),
            ],
            env,
            log,
        )
        runs.append(
            {"batch": k, "dossiers": split[k]["dossiers"], **_step(f"run after batch {k}", r, log)}
        )
    if with_builds:
        _copy_warehouse(wh_copy_dir / warehouse.name, wh_dir)
        _remove_batch_files(zone)
    for k in range(1, args.batches + 1 if with_builds else 1):
        apply_batch(batches, k, zone)
        log = logs / f"incremental_build_{k}.out"
        r = measured(
            [
                sys.executable,
                __file__,
                "--_dbt",
                str(target),
                "--",
                "build",
                "--log-path",
                str(logs / f"incremental_build_{k}"),
            ],
            env,
            log,
        )
        builds.append(
            {
                "batch": k,
                "dossiers": split[k]["dossiers"],
                **_step(f"build after batch {k}", r, log),
            }
        )
    result["incremental_runs"] = runs
    result["incremental_builds"] = builds

    if full["rc"] != 0:
        for k in range(1, args.batches + 1):
            apply_batch(batches, k, zone)

    # d. the floor over the final zone
    if args.no_floor:
        result["floor"] = {"rc": None, "seconds": None, "peak_bytes": None, "skipped": True}
    else:
        run_floor(args, result, work, zone, env, logs, warehouse, full, builds)
    result["machine"] = {
        "cpu_count": os.cpu_count(),
        "total_ram_bytes": _total_ram(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": _version("duckdb"),
        "dbt_core": _version("dbt-core"),
        "dbt_duckdb": _version("dbt-duckdb"),
    }
    result["duckdb_settings"] = settings
    result["zone_batches_memory_limit"] = os.environ.get("ZONE_BATCHES_MEMORY_LIMIT", "8GB")
    result["rss_method"] = result["generation"].get("rss_method")
    result["finished"] = datetime.now().isoformat(timespec="seconds")

    if not args.keep:
        for path in (source, zone, batches, wh_dir, wh_copy_dir, target, work / "floor"):
            shutil.rmtree(path, ignore_errors=True)
        print(f"removed the zone and warehouses (logs kept in {logs})")
    return result


def summary_rows(result: dict) -> list[tuple[str, str]]:
    runs, builds = result["incremental_runs"], result["incremental_builds"]
    full, floor = result["full_build"], result["floor"]
    ratio = (
        full["seconds"] / floor["seconds"]
        if floor.get("rc") == 0 and full.get("rc") == 0 and (floor.get("seconds") or 0) > 0
        else None
    )
    result["ratio_full_build_to_floor"] = ratio
    incr_peak = max((r["peak_bytes"] for r in runs + builds), default=None)
    result["figures"] = {
        "dossiers": result["dossiers"],
        "raw_rows_total": result["raw_rows_total"],
        "changed_dossiers_per_batch": [r["dossiers"] for r in runs],
        "generation_s": result["generation"]["seconds"],
        "full_build_s": full["seconds"],
        "full_build_peak_gb": full["peak_bytes"] / GB,
        "incremental_run_s": [r["seconds"] for r in runs],
        "incremental_build_s": [r["seconds"] for r in builds],
        "incremental_peak_gb": None if incr_peak is None else incr_peak / GB,
        "floor_s": floor["seconds"],
        "floor_peak_gb": None if floor.get("peak_bytes") is None else floor["peak_bytes"] / GB,
        "ratio_full_build_to_floor": ratio,
        "all_steps_ok": all(
            x.get("rc") == 0
            for x in [full, *runs, *builds, *([] if floor.get("skipped") else [floor])]
        ),
    }

    def status(step: dict) -> str:
        return "" if step.get("rc") == 0 else " (failed)"

    return [
        ("dossiers", f"{result['dossiers']:,}"),
        ("raw rows in total", f"{result['raw_rows_total']:,}"),
        ("changed dossiers per batch", " / ".join(f"{r['dossiers']:,}" for r in runs) or "-"),
        ("generation s", _s(result["generation"]["seconds"])),
        ("full build s", _s(full["seconds"]) + status(full)),
        ("full build peak GB", _gb(full["peak_bytes"])),
        (
            "incremental run s (per batch)",
            " / ".join(_s(r["seconds"]) + status(r) for r in runs) or "-",
        ),
        (
            "incremental build s (per batch)",
            " / ".join(_s(r["seconds"]) + status(r) for r in builds) or "-",
        ),
        ("incremental peak GB", _gb(incr_peak)),
        ("floor s", _s(floor["seconds"]) + status(floor)),
        ("floor peak GB", _gb(floor["peak_bytes"])),
        ("ratio full build / floor", "-" if ratio is None else f"{ratio:.1f}"),
    ]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # internal modes: the measured intermediaries
    if argv[:1] == ["--_rusage"]:
        return _rusage_child(argv[1], argv[3:])
    if argv[:1] == ["--_dbt"]:
        return _dbt_child(argv[1], argv[3:])
    if argv[:1] == ["--_floor"]:
        return _floor_child(argv[1])

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dossiers", type=int, required=True, help="dossiers to generate")
    ap.add_argument("--batches", type=int, default=1, help="load batches held back (default 1)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--work", help="work directory (default /tmp/dvc-benchmark-<N>-<time>)")
    ap.add_argument(
        "--changed",
        type=int,
        default=80_000,
        help="changed dossiers held back over all batches (default 80,000: a national day)",
    )
    ap.add_argument("--threads", type=int, default=int(os.environ.get("DVC_THREADS", "2")))
    ap.add_argument("--memory-limit", default=os.environ.get("DVC_DUCKDB_MEMORY_LIMIT", "16GB"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory's data")
    ap.add_argument(
        "--full-build-only",
        action="store_true",
        help="build the whole zone in full and measure no refresh (no hold-back: long at 30M)",
    )
    ap.add_argument("--no-floor", action="store_true", help="skip the floor statement")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the zone and batches an earlier run left in --work (with --keep or after a "
        "failure), with the generation figures measured then",
    )
    ap.add_argument(
        "--no-incremental-build",
        action="store_true",
        help="skip the refresh-with-tests variant (it copies the warehouse: long at 30M)",
    )
    args = ap.parse_args(argv)
    if args.batches < 1 or args.dossiers < 1:
        ap.error("--dossiers and --batches must be positive")

    result = run_benchmark(args)
    rows = summary_rows(result)
    comparison = result.get("floor_vs_warehouse") or {}
    print()
    print("| figure | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    if comparison.get("relation"):
        print(
            f"\nfloor vs {comparison['relation']}: {comparison['exact']:,} of "
            f"{comparison['floor_rows']:,} floor rows match exactly "
            f"({comparison['in_warehouse']:,} have a warehouse row; "
            f"{comparison['warehouse_rows_missing_in_floor']:,} non-empty warehouse rows of the "
            "same components and periods are missing from the floor)"
        )
        for code, c in comparison["per_indicator"].items():
            print(
                f"  {code:<36} {c['exact']:>8,} / {c['floor_rows']:>8,}"
                f"  (present {c['in_warehouse']:,})"
            )
    elif comparison:
        print(f"\nfloor vs warehouse: {comparison.get('note') or comparison.get('error')}")
    result["summary"] = dict(rows)
    out_dir = PROJECT_ROOT / "reports" / "benchmarks"
    out_dir.mkdir(parents=True, exist_ok=True)
    out_file = out_dir / f"benchmark-{args.dossiers}-{datetime.now():%Y%m%d-%H%M%S}.json"
    out_file.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"\nwrote {out_file.relative_to(PROJECT_ROOT)}")
    failed = [
        s
        for s in [
            result["full_build"],
            *result["incremental_runs"],
            *result["incremental_builds"],
            result["floor"],
        ]
        if s["rc"]
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
