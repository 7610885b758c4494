"""`dvc-index report`: a unit's scorecard in the terminal, from the published copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from dvc_index.cli import main
from dvc_index.publish import CURRENT_NAME, DATABASE_NAME


def cli_command() -> list[str]:
    """The installed console script (make install), else the package's module."""
    script = shutil.which("dvc-index", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-m", "dvc_index.cli"]


def published_facts(publish_dir: Path, period: str) -> tuple[dict, list[tuple]]:
    connection = duckdb.connect(str(publish_dir / CURRENT_NAME / DATABASE_NAME), read_only=True)
    try:
        cursor = connection.execute(
            """
            select unit_code, unit_name, total_points_shown, grade_name_vi, grade_name_en,
                   rank_in_block, units_in_block
            from marts.fct_unit_scorecard
            where ranking_block = 'provinces' and period_label = ?
            order by rank_in_block, unit_code limit 1
            """,
            [period],
        )
        names = [column[0] for column in cursor.description]
        card = dict(zip(names, cursor.fetchone(), strict=True))
        components = connection.execute(
            """
            select indicators.indicator_number, indicators.name_vi, scores.numerator,
                   scores.denominator, scores.points, scores.max_points
            from marts.fct_indicator_scores as scores
            inner join marts.dim_indicators as indicators using (indicator_code)
            where scores.unit_code = ? and scores.period_label = ?
            order by indicators.sort_order
            """,
            [card["unit_code"], period],
        ).fetchall()
        return card, components
    finally:
        connection.close()


def test_report_prints_the_scorecard(published_dirty):
    period = "2026-Q3"
    card, components = published_facts(published_dirty, period)
    result = subprocess.run(
        [
            *cli_command(),
            "report",
            "--unit",
            card["unit_code"].lower(),
            "--period",
            period,
            "--publish-dir",
            str(published_dirty),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"{card['unit_name']} ({card['unit_code']})" in out
    assert f"{card['total_points_shown']:.2f} / 100" in out
    assert card["grade_name_vi"] in out
    assert f"{card['rank_in_block']}/{card['units_in_block']} (provinces)" in out
    for group in ("CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"):
        assert f"  {group} " in out
    lines = out.splitlines()
    for number, name, numerator, denominator, points, max_points in components:
        line = next(line for line in lines if line.startswith(f"  {number:<5} {name[:44]}"))
        assert f"{numerator:,.0f}" in line and f"{denominator:,.0f}" in line, line
        assert f"{points:.2f} / {max_points:.0f}" in line, line
    assert str(published_dirty / CURRENT_NAME) in out


def test_report_in_english_and_errors(published_dirty, capsys):
    assert (
        main(["report", "--unit", "VN", "--publish-dir", str(published_dirty), "--lang", "en"]) == 0
    )
    out = capsys.readouterr().out
    assert "Total" in out and "Components" in out and "(VN)" in out
    assert main(["report", "--unit", "NO_SUCH", "--publish-dir", str(published_dirty)]) == 1
    assert "unknown unit" in capsys.readouterr().err
    assert (
        main(
            ["report", "--unit", "VN", "--period", "1999-Q1", "--publish-dir", str(published_dirty)]
        )
        == 1
    )
    assert "unknown period" in capsys.readouterr().err


def test_report_refuses_the_build_warehouse(dirty_zone, tmp_path, monkeypatch, capsys):
    """Nothing published: an error, never a read of the build warehouse (staging, quarantine)."""
    monkeypatch.setenv("DVC_DUCKDB_PATH", str(dirty_zone.database))
    empty_publish_dir = tmp_path / "nothing-published"
    code = main(
        ["report", "--unit", "VN", "--period", "2026", "--publish-dir", str(empty_publish_dir)]
    )
    assert code == 1
    error = capsys.readouterr().err
    assert "nothing published" in error and "never reads the build warehouse" in error
