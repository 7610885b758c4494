"""The marts gate and the SQL agree on the total as shown, ties included.

fct_unit_scorecard rounds a unit's total for display with the macro `rounded_for_display`
(decimal arithmetic, half up); a total on a tie (x.xx5, common with thirds and sixths of points)
rounds up there, while the double's own rounding may go down. The gate renders the same macro
(dvc_index/gate/suites/marts.py, SHOWN_TOTAL_RULE) instead of rounding by itself, so it passes
what the SQL computed and fails what the SQL's own test (tests/dbt/assert_grade_matches_band.sql)
fails.

A built warehouse is copied and one unit's figures are moved, consistently through component,
groups and total, onto a tie whose double rounds the other way; then both the gate and the dbt
test judge the planted row, once as the SQL shows it and once with the double's rounding.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import BuiltZone, build_zone

from dvc_index.gate import validate
from dvc_index.gate.suites.marts import SHOWN_TOTAL_RULE

PERIOD = "2026"
GATE_RULE = ("fct_unit_scorecard", "grade_matches_band")


def plant_tie(database: Path) -> dict:
    """Move one unit's year total onto a tie (a double x.xx5 that rounds down as a double and up
    as the SQL rounds it), through one component with room, its two groups and the scorecard.
    Returns the unit, the total, the SQL's shown value and the double's rounding."""
    con = duckdb.connect(str(database))
    try:
        unit, indicator, group_column, total, room = con.execute(
            f"""
            select s.unit_code, s.indicator_code, lower(i.portal_group_code) || '_points',
                c.total_points, s.max_points - s.points
            from marts.fct_indicator_scores s
            join marts.dim_indicators i using (indicator_code)
            join marts.fct_unit_scorecard c using (unit_code, period_type, period_label)
            where s.period_label = '{PERIOD}' and s.max_points - s.points >= 1
                and c.total_points between 51 and 98
            order by s.unit_code, s.indicator_code
            limit 1
            """
        ).fetchone()
        # The first x.xx5 above the total (within one point) on which the two roundings differ.
        tie, double_rounding, shown = con.execute(
            f"""
            with candidates as (
                select (floor(? * 100) + k) / 100 + 0.005 as total_points
                from range(0, 100) as r(k)
            )
            select c.total_points, round(c.total_points, 2), {SHOWN_TOTAL_RULE}
            from candidates as c
            where c.total_points > ? and round(c.total_points, 2) <> {SHOWN_TOTAL_RULE}
            order by c.total_points
            limit 1
            """,
            [total, total],
        ).fetchone()
        delta = tie - total
        assert 0 < delta <= room
        key = "unit_code = ? and period_label = ?"
        con.execute(
            f"update marts.fct_indicator_scores set points = points + ? "
            f"where {key} and indicator_code = ?",
            [delta, unit, PERIOD, indicator],
        )
        con.execute(
            f"""
            update marts.fct_group_scores set points = points + ?
            where {key} and (
                (view = 'portal' and group_code = (select portal_group_code
                    from marts.dim_indicators where indicator_code = ?))
                or (view = 'legal' and group_code = (select cast(legal_group as varchar)
                    from marts.dim_indicators where indicator_code = ?)))
            """,
            [delta, unit, PERIOD, indicator, indicator],
        )
        con.execute(
            f"update marts.fct_unit_scorecard set total_points = ?, "
            f"{group_column} = {group_column} + ? where {key}",
            [tie, delta, unit, PERIOD],
        )
    finally:
        con.close()
    set_shown(database, unit, shown)
    return {"unit": unit, "total": tie, "shown": shown, "double_rounding": double_rounding}


def set_shown(database: Path, unit: str, shown: float) -> None:
    """Show the planted total as `shown`, with the grade of that value's band."""
    con = duckdb.connect(str(database))
    try:
        con.execute(
            """
            update marts.fct_unit_scorecard set total_points_shown = ?,
                grade_code = (select grade_code from reference.grade_bands
                    where ? >= min_total and ? < max_total_exclusive)
            where unit_code = ? and period_label = ?
            """,
            [shown, shown, shown, unit, PERIOD],
        )
    finally:
        con.close()


def gate(database: Path, reports: Path) -> tuple[int, dict[tuple[str, str], int]]:
    """The marts gate on `database`: exit code and bad rows per (batch, rule)."""
    code = validate.main(
        ["--stage", "marts", "--database", str(database), "--reports-dir", str(reports)]
        + ["--no-docs"]
    )
    summary = json.loads((reports / "validation" / "marts.json").read_text())
    found: dict[tuple[str, str], int] = {}
    for e in summary["expectations"]:
        key = (e["batch"], e["rule"])
        found[key] = found.get(key, 0) + (e["unexpected_count"] or 0)
    return code, found


def sql_test(zone: BuiltZone, workdir: Path) -> tuple[int, str]:
    """The SQL's own check of the same rule (dbt test assert_grade_matches_band) on the copy
    at workdir/dvc.duckdb."""
    _, result = build_zone(zone.raw_dir, workdir, ("test", "--select", "assert_grade_matches_band"))
    return result.returncode, result.stdout


@pytest.fixture(scope="module")
def planted(dirty_zone: BuiltZone, tmp_path_factory: pytest.TempPathFactory) -> dict:
    assert dirty_zone.build.returncode == 0, dirty_zone.build.stdout[-3000:]
    workdir = tmp_path_factory.mktemp("tie")
    database = workdir / "dvc.duckdb"
    shutil.copyfile(dirty_zone.database, database)
    return {"workdir": workdir, "database": database, **plant_tie(database)}


def test_gate_and_sql_agree_on_a_total_on_a_tie(
    dirty_zone: BuiltZone, planted: dict, tmp_path: Path
) -> None:
    # The plant is a real tie: the double alone rounds it the other way.
    assert planted["shown"] != planted["double_rounding"]
    assert abs(planted["shown"] - planted["double_rounding"]) == pytest.approx(0.01)
    assert round(planted["total"] * 1000) % 10 == 5
    code, found = gate(planted["database"], tmp_path / "tie")
    assert code == 0, found
    assert found[GATE_RULE] == 0
    returncode, output = sql_test(dirty_zone, planted["workdir"])
    assert returncode == 0, output[-3000:]


def test_gate_and_sql_both_refuse_the_double_rounding(
    dirty_zone: BuiltZone, planted: dict, tmp_path: Path
) -> None:
    set_shown(planted["database"], planted["unit"], planted["double_rounding"])
    try:
        code, found = gate(planted["database"], tmp_path / "double")
        assert code == 1
        assert found[GATE_RULE] == 1
        returncode, output = sql_test(dirty_zone, planted["workdir"])
        assert returncode == 1
        assert "assert_grade_matches_band" in output and "Got 1 result" in output
    finally:
        set_shown(planted["database"], planted["unit"], planted["shown"])
