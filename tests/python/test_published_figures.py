"""The warehouse reproduces the portal: Phú Thọ's published 2026 counts (to 26 September),
fed through ChiSoNgoai, give the portal's group scores to within 0.01 (indicators.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import build_zone, generate_zone

PHU_THO = "H44"
PERIOD = "2026"

# indicators.md, "Known published figures": (indicator code, numerator, denominator)
PUBLISHED_COUNTS = [
    ("PUBLISH_ON_TIME", 0, 89),
    ("PUBLIC_UPDATE_ON_TIME", 0, 70),
    ("PUBLIC_CONTENT_FULL", 87, 89),
    ("DOSSIER_SYNC", 475053, 475053),
    ("ON_TIME_PROCESSING", 528684, 597918),
    ("ONLINE_SERVICE_PROVISION", 52, 89),
    ("ONLINE_SERVICE_USAGE", 516, 1884),
    ("ONLINE_DOSSIER", 589496, 597894),
    ("PAYMENT_PROCEDURE_TRANSACTED", 119, 313),
    ("PAYMENT_PROCEDURE_INTEGRATED", 68, 313),
    ("ONLINE_PAYMENT_DOSSIER", 309542, 358625),
    ("ORIGINAL_RESULT_AVAILABLE", 433356, 597918),
    ("SO_HOA_GIAY_TO_GIAI_QUYET", 145096, 597918),
    ("REUSED_DIGITIZED_DATA", 136827, 597918),
    ("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 0, 597918),
    ("CITIZEN_DATA_CONNECTED_FORMALITY", 396, 1300),
    ("CITIZEN_DATA_CONNECTED_DOSSIER", 325596, 597918),
    ("PETITION_PROCESSING_ON_TIME", 296, 570),
    ("PETITION_HANDLING_SATISFACTION", 230, 570),
    ("DOSSIER_RECEIVING_SATISFACTION", 528464, 597918),
]
PUBLISHED_GROUP_SCORES = {
    "CKMB": 7.96,
    "TDGQ": 17.68,
    "CLGQ": 8.56,
    "TTTT": 6.67,
    "MDSH": 9.59,
    "MDHL": 11.43,
}


@pytest.fixture(scope="module")
def phu_tho_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("phu_tho")
    raw_dir = workdir / "raw"
    generate_zone(raw_dir, 3_000, 3)
    shutil.rmtree(raw_dir / "ChiSoNgoai", ignore_errors=True)
    (raw_dir / "ChiSoNgoai").mkdir()
    lines = ["MaDonVi,KyBaoCao,MaChiSo,TuSo,MauSo"] + [
        f"{PHU_THO},{PERIOD},{code},{numerator},{denominator}"
        for code, numerator, denominator in PUBLISHED_COUNTS
    ]
    (raw_dir / "ChiSoNgoai" / "portal-2026-09-26.csv").write_text("\n".join(lines) + "\n")
    database, result = build_zone(
        raw_dir,
        workdir,
        (
            "build",
            "--select",
            "+path:models/marts",
            "--exclude",
            "test_type:unit",
            "--indirect-selection",
            "cautious",
        ),
        DVC_AS_OF="2026-09-26 23:59:59",
    )
    assert result.returncode == 0, result.stdout[-4000:]
    return database


def test_phu_tho_portal_group_scores(phu_tho_warehouse: Path) -> None:
    connection = duckdb.connect(str(phu_tho_warehouse), read_only=True)
    rows = connection.execute(
        """
        select group_code, points
        from marts.fct_group_scores
        where unit_code = ? and period_type = 'year' and period_label = ? and view = 'portal'
        """,
        [PHU_THO, PERIOD],
    ).fetchall()
    scores = dict(rows)
    assert set(scores) == set(PUBLISHED_GROUP_SCORES)
    for group, published in PUBLISHED_GROUP_SCORES.items():
        assert scores[group] == pytest.approx(published, abs=0.01), group


def test_phu_tho_figures_are_external_and_certified_copy_assumed(phu_tho_warehouse: Path) -> None:
    connection = duckdb.connect(str(phu_tho_warehouse), read_only=True)
    rows = connection.execute(
        """
        select indicator_code, source, is_assumed, points, max_points
        from marts.fct_indicator_scores
        where unit_code = ? and period_type = 'year' and period_label = ?
        """,
        [PHU_THO, PERIOD],
    ).fetchall()
    by_code = {
        code: (source, assumed, points, maximum) for code, source, assumed, points, maximum in rows
    }
    for code, _, _ in PUBLISHED_COUNTS:
        assert by_code[code][0] == "external", code
    assert by_code["ELECTRONIC_CERTIFIED_COPY"] == ("computed", True, 2.0, 2.0)
    (total,) = connection.execute(
        """
        select total_points_shown from marts.fct_unit_scorecard
        where unit_code = ? and period_type = 'year' and period_label = ?
        """,
        [PHU_THO, PERIOD],
    ).fetchone()
    assert total == pytest.approx(61.89, abs=0.01)
