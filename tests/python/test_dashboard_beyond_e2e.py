"""End to end: the "Đối soát / Reconciliation" and "Lộ trình / Way up" pages, served from the
published dirty demo zone (its DiemCongBo is the generator's) and read in headless Chromium, in
Vietnamese and English. Screenshots go to reports/dashboard/."""

from __future__ import annotations

import time

import duckdb
import pytest
from headless_chromium import HeadlessChromium, find_chromium
from test_dashboard_e2e import IDLE, REPORTS_DIR, dashboard  # noqa: F401 (the fixture)

from dvc_index.publish import CURRENT_NAME, DATABASE_NAME

UNIT = "H42"  # the Hà Nam-profile province, whose figures the demo's portal read differs on


def expected(publish_dir) -> dict:
    """What the pages must show, from the published marts."""
    connection = duckdb.connect(str(publish_dir / CURRENT_NAME / DATABASE_NAME), read_only=True)
    try:
        (period,) = connection.execute(
            "select max(period_label) from marts.fct_reconciliation "
            "where unit_code = ? and status = 'differs'",
            [UNIT],
        ).fetchone()
        grade = connection.execute(
            "select next_grade_name_vi, next_grade_name_en from marts.fct_improvement_paths "
            "where unit_code = ? and period_label = ? limit 1",
            [UNIT, period],
        ).fetchone()
        return {"period": period, "grade_vi": grade[0], "grade_en": grade[1]}
    finally:
        connection.close()


def test_reconciliation_and_way_up_pages(published_dirty, dashboard):  # noqa: F811
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no chromium: `make browser` installs Debian's chromium (it could not here)")
    shown = expected(published_dirty)
    period = shown["period"]
    assert period, "the demo's portal read differs for the Hà Nam-profile province"
    pages = [
        (
            "reconciliation",
            "vi",
            [
                f"Đối soát với số liệu Cổng DVCQG công bố · {UNIT} · {period}",
                "khác",
                "Hồ sơ giải thích chênh lệch",
            ],
        ),
        (
            "reconciliation",
            "en",
            [
                f"Reconciliation with the portal's published figures · {UNIT} · {period}",
                "differs",
                "Dossiers that explain the differences",
            ],
        ),
        (
            "way_up",
            "vi",
            [f"Lộ trình lên {shown['grade_vi']}", "Chỉ số xếp theo điểm được thêm cho mỗi"],
        ),
        ("way_up", "en", [f"Way up to {shown['grade_en']}", "Components ranked by points"]),
    ]
    screenshots = []
    # (the tables are drawn on a canvas: only the text around them can be waited for)
    with HeadlessChromium(chromium, height=2000) as browser:
        for page, lang, texts in pages:
            browser.open(f"{dashboard}/?page={page}&unit={UNIT}&period={period}&lang={lang}")
            browser.wait_for_text(texts, idle_expression=IDLE)
            assert "None" not in browser.text().split(), (page, lang)
            time.sleep(1)
            screenshots.append(browser.screenshot(REPORTS_DIR / f"{page}_{lang}.png"))
    for png in screenshots:
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, png
