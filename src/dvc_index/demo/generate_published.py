"""The demo's DiemCongBo: what the national portal published, as a province would read it.

Called by generate_raw.py once the other tables are written. It writes the portal's figures for
one closed period, the quarter before the one that holds the zone's last day, read from the
portal the morning after the quarter ended, so that they differ from what the warehouse computes
in exactly two known ways (and equal it elsewhere):

* the Hà Nam-profile province (``H42``): the portal counts only the dossiers synced to it when
  its figure was read, so its 1.4 (DOSSIER_SYNC) is ``seen / seen`` = 6.00 points, while the
  warehouse counts every dossier received in the quarter (never synced ones, and ones synced
  after the read, as well as any national report count above them) in the denominator;
* one province's 4.6 (ELECTRONIC_CERTIFIED_COPY, taken by the warehouse from ChiSoNgoai) is
  published with its points truncated to 2 decimals where the warehouse rounds: the counts are
  equal, the points differ by less than 0.01;
* the other provinces' 4.6 figures for the quarter are published exactly as computed.

What was planted is recorded in the manifest (``"published"``), so that a test can check that
the reconciliation marts find and explain exactly that.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

UNSEEN_UNIT = "H42"
CERTIFIED_COPY = "ELECTRONIC_CERTIFIED_COPY"
CERTIFIED_COPY_MAX_POINTS = 2  # the portal's 4.6 maximum (target 1.0)
SYNC_MAX_POINTS = 6  # the portal's 1.4 maximum (target 1.0)
CENT = Decimal("0.01")


def read_quarter(end: date) -> tuple[str, date, date]:
    """The quarter before the one that holds `end`: (label, first day, last day)."""
    first_of_current = date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    last = first_of_current - timedelta(days=1)
    first = date(last.year, 3 * ((last.month - 1) // 3) + 1, 1)
    return f"{first.year}-Q{(first.month - 1) // 3 + 1}", first, last


def _points_text(points: Decimal) -> str:
    return f"{points:.2f}"


def write_published_scores(gen: Any) -> dict:
    """Write DiemCongBo through the generator `gen` (its DuckDB connection and writer); return
    what was planted, for the manifest."""
    from dvc_index.demo.generate_raw import NAPLUC_EPOCH, table_source

    label, first, last = read_quarter(gen.end)
    read_at = datetime.combine(last + timedelta(days=1), time(8, 0))
    read_text = f"{read_at:%Y-%m-%dT%H:%M:%S}+07:00"
    loaded_text = f"{read_at + timedelta(hours=1):%Y-%m-%dT%H:%M:%S}+07:00"
    hoso = table_source(gen.out, "HoSo")
    received, seen, never, late = gen.con.execute(
        f"""
        WITH latest AS (
            SELECT * FROM (SELECT *, {NAPLUC_EPOCH} AS _nl FROM {hoso})
            QUALIFY row_number() OVER (PARTITION BY MaHoSo ORDER BY _nl DESC) = 1
        ), received AS (
            SELECT try_strptime(DongBoLuc, '%Y%m%d%H%M%S') AS synced_at
            FROM latest
            WHERE MaHoSoGoc IS NULL
              AND (MaDonVi = ? OR MaDonVi LIKE ? || '.%')
              AND CAST(try_strptime(NgayTiepNhan, '%Y%m%d%H%M%S') AS DATE) BETWEEN ? AND ?
        )
        SELECT count(*),
            count(*) FILTER (WHERE synced_at < ?),
            count(*) FILTER (WHERE synced_at IS NULL),
            count(*) FILTER (WHERE synced_at >= ?)
        FROM received
        """,
        [UNSEEN_UNIT, UNSEEN_UNIT, first, last, read_at, read_at],
    ).fetchone()
    rows = [
        (
            UNSEEN_UNIT,
            "DOSSIER_SYNC",
            seen,
            seen,
            _points_text(Decimal(SYNC_MAX_POINTS if seen else 0)),
        )
    ]
    outside = gen.con.execute(
        f"""
        SELECT MaDonVi, TuSo, MauSo FROM {table_source(gen.out, "ChiSoNgoai")}
        WHERE KyBaoCao = ? AND MaChiSo = ? AND MaDonVi <> ? AND MauSo > 0
        ORDER BY MaDonVi
        """,
        [label, CERTIFIED_COPY, UNSEEN_UNIT],
    ).fetchall()
    rounding_unit = None
    equal_units = []
    for unit, numerator, denominator in outside:
        if (200 * numerator) % denominator * 2 == denominator:
            continue  # an exact tie at the third decimal: left out, rounding rules differ there
        points = Decimal(CERTIFIED_COPY_MAX_POINTS * numerator) / Decimal(denominator)
        shown = points.quantize(CENT, ROUND_HALF_UP)
        truncated = points.quantize(CENT, ROUND_DOWN)
        if rounding_unit is None and truncated != shown:
            rounding_unit = unit
            rows.append((unit, CERTIFIED_COPY, numerator, denominator, _points_text(truncated)))
        else:
            equal_units.append(unit)
            rows.append((unit, CERTIFIED_COPY, numerator, denominator, _points_text(shown)))
    values = ", ".join(
        f"('{unit}', '{code}', {numerator}, {denominator}, '{points}', {k})"
        for k, (unit, code, numerator, denominator, points) in enumerate(rows)
    )
    body = f"""
        SELECT MaDonVi, '{label}' AS KyBaoCao, MaChiSo, TuSo, MauSo, CAST(Diem AS DOUBLE) AS Diem,
            '{read_text}' AS ThoiDiemCongBo, '{loaded_text}' AS NapLuc,
            k AS _o1, hash(MaDonVi, MaChiSo, 1017, {gen.seed}::BIGINT) AS _rh
        FROM (VALUES {values}) AS v(MaDonVi, MaChiSo, TuSo, MauSo, Diem, k)
    """
    gen.emit("DiemCongBo", body, ["_o1"])
    return {
        "period": label,
        "read_at": read_text,
        "unseen_unit": UNSEEN_UNIT,
        "unseen_received": received,
        "unseen_seen_by_portal": seen,
        "unseen_never_synced": never,
        "unseen_synced_after_read": late,
        "rounding_unit": rounding_unit,
        "rounding_figure": CERTIFIED_COPY if rounding_unit else None,
        "equal_units": equal_units,
    }
