"""End to end: the dashboard served on localhost from a published copy, read in Debian's
headless Chromium. Screenshots go to reports/dashboard/ (DVC_REPORTS_DIR moves reports/)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from headless_chromium import HeadlessChromium, find_chromium

from dvc_index.common import PROJECT_ROOT
from dvc_index.dashboard import queries
from dvc_index.dashboard.serve import dashboard_command, dashboard_environment
from dvc_index.publish import CURRENT_NAME, DATABASE_NAME

REPORTS_DIR = Path(os.environ.get("DVC_REPORTS_DIR") or PROJECT_ROOT / "reports") / "dashboard"
# Streamlit shows its status widget ("Running…", "Stop") while the script runs: wait it out
# so that no element of the previous page is read
IDLE = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the dashboard exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"the dashboard did not answer on {url} within {timeout:.0f} s")


@pytest.fixture
def dashboard(published_dirty, tmp_path):
    port = free_port()
    log = (tmp_path / "streamlit.log").open("w")
    environment = dashboard_environment(published_dirty)
    environment["HOME"] = str(tmp_path)  # Streamlit's ~/.streamlit stays out of the way
    process = subprocess.Popen(
        dashboard_command(port),
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def expected_leaders(publish_dir: Path) -> dict:
    """What the ranking page must show, from the published fct_unit_scorecard."""
    connection = duckdb.connect(str(publish_dir / CURRENT_NAME / DATABASE_NAME), read_only=True)
    try:
        period_type, period_label = queries.default_period(connection)
        provinces = queries.ranking(connection, "provinces", period_type, period_label)
        ministries = queries.ranking(connection, "ministries", period_type, period_label)
        top = provinces.iloc[0]
        return {
            "period": period_label,
            "code": top["unit_code"],
            "name": top["unit_name"],
            "total": f"{top['total_points_shown']:.2f}",
            "ministry": f"{ministries.iloc[0]['unit_name']} ({ministries.iloc[0]['unit_code']})",
        }
    finally:
        connection.close()


def test_dashboard_ranking_and_unit_pages(published_dirty, dashboard):
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no chromium: `make browser` installs Debian's chromium (it could not here)")
    top = expected_leaders(published_dirty)
    leader = f"{top['name']} ({top['code']})"
    with HeadlessChromium(chromium, height=2600) as browser:
        browser.open(f"{dashboard}/")
        # every text the page must show is waited for: Streamlit draws in steps
        browser.wait_for_text(
            [
                f"Bảng xếp hạng · {top['period']}",
                f"1. {leader} {top['total']}",  # the top province leads the ranking
                f"Dẫn đầu · Tỉnh, thành phố: {leader}",
                top["ministry"],
                "Trung bình cả nước (tỉnh)",
            ],
            idle_expression=IDLE,
        )
        time.sleep(2)  # let the charts draw
        ranking_png = browser.screenshot(REPORTS_DIR / "ranking.png")

        browser.open(f"{dashboard}/?page=unit&unit={top['code']}")
        browser.wait_for_text(
            [
                f"{leader} · {top['period']}",
                "Tổng điểm",
                f"\n{top['total']}\n",
                "Hạng 1/",
                "Điểm theo nhóm",
                "Điểm theo chỉ số thành phần",
                "Diễn biến theo tháng",
                "Sở, ban, ngành",
                "Xã, phường",
            ],
            idle_expression=IDLE,
        )
        time.sleep(2)
        unit_png = browser.screenshot(REPORTS_DIR / "unit.png")

        browser.open(f"{dashboard}/?page=points_lost&unit={top['code']}&lang=en")
        browser.wait_for_text(
            ["Points lost and why", leader, "Dossiers that cost the points"], idle_expression=IDLE
        )
        time.sleep(2)
        lost_png = browser.screenshot(REPORTS_DIR / "points_lost_en.png")

    for png in (ranking_png, unit_png, lost_png):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, png
