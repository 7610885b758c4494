"""Reconciliation with the portal's published figures (fct_reconciliation, its drill-down and
`dvc-index reconcile`), on a small clean demo zone whose DiemCongBo differs from the computed
figures in the known ways dvc_index.demo.generate_published plants and records in the manifest:
the Hà Nam-profile province's 1.4 counts only the dossiers synced when the portal was read, one
province's 4.6 points are truncated instead of rounded, the other 4.6 figures are as computed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BuiltZone, build_zone, generate_zone

from dvc_index import cli
from dvc_index.publish import publish

RECONCILIATION_MARTS = ("build", "--exclude", "test_type:unit")


@pytest.fixture(scope="module")
def recon_zone(tmp_path_factory: pytest.TempPathFactory) -> BuiltZone:
    workdir = tmp_path_factory.mktemp("recon")
    raw_dir = workdir / "raw"
    # seed 6: the Hà Nam-profile province has dossiers the portal had not seen when it was read
    manifest = generate_zone(raw_dir, 3_000, 6)
    database, result = build_zone(raw_dir, workdir, RECONCILIATION_MARTS)
    assert result.returncode == 0, result.stdout[-4000:]
    # the command line reads only the published copy (README, Personal data)
    publish(database, workdir / "publish", keep=1, show_progress=False)
    return BuiltZone(raw_dir, database, manifest, result)


def test_the_generator_planted_an_unseen_gap_and_a_rounding(recon_zone: BuiltZone) -> None:
    planted = recon_zone.manifest["published"]
    assert planted["unseen_received"] - planted["unseen_seen_by_portal"] >= 1
    assert planted["rounding_unit"] and planted["equal_units"]


def test_the_marts_find_exactly_the_planted_differences(recon_zone: BuiltZone) -> None:
    planted = recon_zone.manifest["published"]
    rows = recon_zone.query(
        "select unit_code, figure_code, status from marts.fct_reconciliation "
        "where status <> 'not_published' and period_label = ?",
        [planted["period"]],
    )
    expected = {(planted["unseen_unit"], "DOSSIER_SYNC", "differs")}
    expected.add((planted["rounding_unit"], planted["rounding_figure"], "rounding"))
    expected |= {(unit, "ELECTRONIC_CERTIFIED_COPY", "equal") for unit in planted["equal_units"]}
    assert set(rows) == expected
    statuses = dict(
        recon_zone.query("select status, count(*) from marts.fct_reconciliation group by status")
    )
    assert statuses.get("not_computed", 0) == 0


def test_the_unseen_gap_is_explained_by_the_unseen_dossiers(recon_zone: BuiltZone) -> None:
    planted = recon_zone.manifest["published"]
    unit, period = planted["unseen_unit"], planted["period"]
    (row,) = recon_zone.query(
        "select computed_denominator, numerator_difference, denominator_difference, "
        "explained_dossier_count, gap_coverage, published_numerator "
        "from marts.fct_reconciliation "
        "where unit_code = ? and period_label = ? and figure_code = 'DOSSIER_SYNC'",
        [unit, period],
    )
    computed_denominator, numerator_gap, denominator_gap, explained, coverage, published = row
    assert published == planted["unseen_seen_by_portal"]
    # the warehouse counts as synced what was synced after the read; the portal had not seen it
    assert numerator_gap == planted["unseen_synced_after_read"]
    # the denominator gap: every unseen dossier, plus a national report count above the received
    report_excess = computed_denominator - planted["unseen_received"]
    assert report_excess >= 0
    assert denominator_gap == planted["unseen_received"] - planted["unseen_seen_by_portal"] + (
        report_excess
    )
    assert explained == denominator_gap and coverage == 1.0
    causes = dict(
        recon_zone.query(
            "select cause_code, count(*) from marts.fct_reconciliation_dossiers "
            "where unit_code = ? and period_label = ? group by cause_code",
            [unit, period],
        )
    )
    assert causes.get("NEVER_SYNCED", 0) == planted["unseen_never_synced"]
    assert causes.get("SYNCED_AFTER_READ", 0) == planted["unseen_synced_after_read"]
    # dossier codes only: no column of the drill-down carries anything personal
    columns = {
        name
        for (name,) in recon_zone.query(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_reconciliation_dossiers'"
        )
    }
    assert columns == {
        "unit_code", "period_type", "period_label", "cause_code", "dossier_code",
        "handling_unit_code", "received_at", "synced_at", "reject_rule",
    }  # fmt: skip


def test_reconcile_command_lists_the_largest_difference_first(
    recon_zone: BuiltZone, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    planted = recon_zone.manifest["published"]
    argv = ["reconcile", "--unit", planted["unseen_unit"], "--period", planted["period"]]
    argv += ["--lang", "en", "--publish-dir", str(recon_zone.database.parent / "publish")]
    assert cli.main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    figures = [line.split()[0] for line in lines if line.startswith("  ") and "differs" in line]
    assert figures[:1] == ["DOSSIER_SYNC"]
    first_figure_line = next(line for line in lines if line.startswith("  DOSSIER_SYNC"))
    assert lines.index(first_figure_line) < min(
        index for index, line in enumerate(lines) if "not_published" in line
    )


def test_report_shows_the_way_up_from_the_mart(
    recon_zone: BuiltZone, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unit, period = "H42", recon_zone.manifest["published"]["period"]
    argv = ["report", "--unit", unit, "--period", period, "--lang", "en"]
    argv += ["--publish-dir", str(recon_zone.database.parent / "publish")]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    path = recon_zone.query(
        "select path_items, item_en, next_grade_name_en from marts.fct_improvement_paths "
        "where unit_code = ? and period_label = ? and path_items > 0 order by path_rank",
        [unit, period],
    )
    assert path, "the demo's Hà Nam-profile province has a way up"
    items, name, grade = path[0]
    assert f"Way up to {grade}:" in out
    assert f"  + {items:,.0f} more {name} (" in out
