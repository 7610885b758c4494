"""The national row VN in the optional tables (raw_schema.md and indicators.md, revision 2026-12).

VN is not a DonVi unit, yet it is a valid MaDonVi in BaoCaoQuocGia and ChiSoNgoai: its own
national-report count raises VN's 1.4 denominator when it is larger than the provinces' pooled
count (and leaves it when smaller), and its own ChiSoNgoai row replaces VN's figure. Before the
revision such rows were quarantined as `unknown_unit` and never reached the index.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import build_zone, generate_zone

LARGE_COUNT = 50_000_000  # larger than any pooled count of a 3,000-dossier zone
SMALL_COUNT = 1  # smaller than any non-empty pooled count
LARGE_PERIOD, SMALL_PERIOD, EXTERNAL_PERIOD = "2026-Q1", "2025-Q3", "2026-Q2"


def _plant_national_rows(raw_dir: Path) -> None:
    """Add one landing file per optional table holding only VN rows."""
    connection = duckdb.connect()
    try:
        connection.execute(
            f"""
            copy (
                select * from (values
                    ('VN', '{LARGE_PERIOD}', {LARGE_COUNT}::bigint),
                    ('VN', '{SMALL_PERIOD}', {SMALL_COUNT}::bigint)
                ) as t("MaDonVi", "KyBaoCao", "SoHoSoTiepNhan")
            ) to '{raw_dir / "BaoCaoQuocGia" / "part-vn.parquet"}' (format parquet)
            """
        )
        (raw_dir / "ChiSoNgoai").mkdir(exist_ok=True)
        connection.execute(
            f"""
            copy (
                select * from (values
                    ('VN', '{EXTERNAL_PERIOD}', 'ONLINE_DOSSIER', 7::bigint, 10::bigint)
                ) as t("MaDonVi", "KyBaoCao", "MaChiSo", "TuSo", "MauSo")
            ) to '{raw_dir / "ChiSoNgoai" / "part-vn.parquet"}' (format parquet)
            """
        )
    finally:
        connection.close()


@pytest.fixture(scope="module")
def national_zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("national")
    raw_dir = workdir / "raw"
    generate_zone(raw_dir, 3_000, 5)
    _plant_national_rows(raw_dir)
    database, result = build_zone(
        raw_dir,
        workdir,
        ("build", "--exclude", "test_type:unit"),
        DVC_AS_OF="2026-10-01 00:00:00",
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return database


def _rows(database: Path, sql: str) -> list[tuple]:
    connection = duckdb.connect(str(database), read_only=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _sync_figure(database: Path, period_label: str) -> tuple[float, float]:
    rows = _rows(
        database,
        f"""
        select numerator, denominator from marts.fct_indicator_scores
        where unit_code = 'VN' and indicator_code = 'DOSSIER_SYNC'
            and period_label = '{period_label}'
        """,
    )
    assert len(rows) == 1, rows
    return rows[0]


def _pooled_province_denominator(database: Path, period_label: str) -> float:
    """The provinces' pooled 1.4 denominators summed: VN's figure when no report raises it."""
    return _rows(
        database,
        f"""
        select sum(scores.denominator)
        from marts.fct_indicator_scores as scores
        inner join marts.dim_units as units on scores.unit_code = units.unit_code
        where units.unit_type_code = 'TINH' and units.is_block_root
            and scores.indicator_code = 'DOSSIER_SYNC' and scores.period_label = '{period_label}'
        """,
    )[0][0]


def test_national_rows_are_staged_not_quarantined(national_zone: Path) -> None:
    staged = _rows(
        national_zone,
        "select period_label, received_dossier_count from staging.stg_dvcqg__national_report_counts"
        " where unit_code = 'VN' order by 1",
    )
    assert staged == [(SMALL_PERIOD, SMALL_COUNT), (LARGE_PERIOD, LARGE_COUNT)]
    external = _rows(
        national_zone,
        "select period_label, indicator_code from staging.stg_dvcqg__external_indicator_counts"
        " where unit_code = 'VN'",
    )
    assert external == [(EXTERNAL_PERIOD, "ONLINE_DOSSIER")]
    quarantined = _rows(
        national_zone,
        """
        select raw_table, reject_rule from staging.quarantine_dvcqg__national_report_counts
        where source_file like '%part-vn.parquet'
        union all
        select raw_table, reject_rule from staging.quarantine_dvcqg__external_indicator_counts
        where source_file like '%part-vn.parquet'
        """,
    )
    assert quarantined == []


def test_larger_national_report_raises_vn_sync_denominator(national_zone: Path) -> None:
    numerator, denominator = _sync_figure(national_zone, LARGE_PERIOD)
    pooled = _pooled_province_denominator(national_zone, LARGE_PERIOD)
    assert 0 < pooled < LARGE_COUNT
    assert denominator == LARGE_COUNT
    assert 0 < numerator <= pooled


def test_smaller_national_report_leaves_vn_sync_denominator(national_zone: Path) -> None:
    _, denominator = _sync_figure(national_zone, SMALL_PERIOD)
    pooled = _pooled_province_denominator(national_zone, SMALL_PERIOD)
    assert pooled > SMALL_COUNT
    assert denominator == pooled


def test_vn_outside_figure_replaces_the_national_figure(national_zone: Path) -> None:
    rows = _rows(
        national_zone,
        f"""
        select numerator, denominator, source from marts.fct_indicator_scores
        where unit_code = 'VN' and indicator_code = 'ONLINE_DOSSIER'
            and period_label = '{EXTERNAL_PERIOD}'
        """,
    )
    assert rows == [(7.0, 10.0, "external")]
