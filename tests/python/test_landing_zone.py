"""The landing zone contract: Parquet or CSV, optional tables may be missing, a missing required
table stops the run with its name, a file missing a column keeps its rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import build_zone, generate_zone

STAGING_ONLY = (
    "build",
    "--select",
    "+fct_quarantine_counts",
    "path:models/staging",
    "--exclude",
    "test_type:unit",
    "--indirect-selection",
    "cautious",
)


@pytest.fixture(scope="module")
def small_zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw_dir = tmp_path_factory.mktemp("small") / "raw"
    generate_zone(raw_dir, 3_000, 5, 0.02)
    return raw_dir


def _copy(zone: Path, tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(zone, target)
    return target


def _count(database: Path, relation: str) -> int:
    connection = duckdb.connect(str(database), read_only=True)
    try:
        return connection.execute(f"select count(*) from {relation}").fetchone()[0]
    finally:
        connection.close()


def test_missing_required_table_is_a_clear_error(small_zone: Path, tmp_path: Path) -> None:
    raw_dir = _copy(small_zone, tmp_path)
    shutil.rmtree(raw_dir / "LePhi")
    _, result = build_zone(raw_dir, tmp_path, STAGING_ONLY)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Required raw table(s) missing" in output
    assert "LePhi" in output


def test_missing_optional_tables_are_empty(small_zone: Path, tmp_path: Path) -> None:
    raw_dir = _copy(small_zone, tmp_path)
    shutil.rmtree(raw_dir / "ChiSoNgoai", ignore_errors=True)
    shutil.rmtree(raw_dir / "BaoCaoQuocGia", ignore_errors=True)
    database, result = build_zone(raw_dir, tmp_path, STAGING_ONLY)
    assert result.returncode == 0, result.stdout[-3000:]
    assert _count(database, "staging.stg_dvcqg__external_indicator_counts") == 0
    assert _count(database, "staging.stg_dvcqg__national_report_counts") == 0
    assert _count(database, "staging.stg_dvcqg__dossiers") > 1000


def test_csv_exports_stage_like_parquet(small_zone: Path, tmp_path: Path) -> None:
    parquet_db, parquet_build = build_zone(small_zone, tmp_path / "parquet", STAGING_ONLY)
    assert parquet_build.returncode == 0, parquet_build.stdout[-3000:]

    csv_dir = tmp_path / "csv_raw"
    connection = duckdb.connect()
    for table_dir in small_zone.iterdir():
        if not table_dir.is_dir():
            continue
        (csv_dir / table_dir.name).mkdir(parents=True)
        for number, part in enumerate(sorted(table_dir.glob("*.parquet"))):
            target = csv_dir / table_dir.name / f"part-{number:04d}.csv"
            connection.execute(
                f"copy (select * from read_parquet('{part}')) to '{target}' (header, delimiter ',')"
            )
    csv_db, csv_build = build_zone(csv_dir, tmp_path / "csv", STAGING_ONLY)
    assert csv_build.returncode == 0, csv_build.stdout[-3000:]

    for relation in (
        "staging.stg_dvcqg__dossiers",
        "staging.stg_dvcqg__processing_steps",
        "staging.stg_dvcqg__fee_lines",
        "marts.fct_quarantine_counts",
    ):
        assert _count(csv_db, relation) == _count(parquet_db, relation), relation
    totals = "select sum(rejected_rows) from marts.fct_quarantine_counts"
    connection_csv = duckdb.connect(str(csv_db), read_only=True)
    connection_parquet = duckdb.connect(str(parquet_db), read_only=True)
    assert (
        connection_csv.execute(totals).fetchone() == connection_parquet.execute(totals).fetchone()
    )


def test_file_without_a_column_keeps_its_rows(small_zone: Path, tmp_path: Path) -> None:
    raw_dir = _copy(small_zone, tmp_path)
    connection = duckdb.connect()
    extra = raw_dir / "DanhGia" / "part-9999.parquet"
    connection.execute(
        f"copy (select * exclude (Nguon) from read_parquet('{small_zone}/DanhGia/*.parquet') "
        f"limit 5) to '{extra}'"
    )
    database, result = build_zone(raw_dir, tmp_path, STAGING_ONLY)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "has no column Nguon" in result.stdout
    kept = duckdb.connect(str(database), read_only=True).execute(
        "select count(*) from staging.checked_dvcqg__ratings where source_file like '%part-9999%'"
    )
    assert kept.fetchone()[0] == 5
