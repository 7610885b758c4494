"""The main job's demo zone ends on the build day (Vietnam time), or on DVC_DEMO_END; and what
the job says when dbt was killed."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from dvc_index import pipeline


def test_demo_end_is_today_in_vietnam_unless_pinned() -> None:
    before = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    end = pipeline.demo_end({})
    assert before <= end <= datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    assert pipeline.demo_end({"DVC_DEMO_END": "2026-09-30"}) == date(2026, 9, 30)


def test_the_demo_zone_is_generated_up_to_its_end(monkeypatch, tmp_path) -> None:
    calls = []
    monkeypatch.setattr(pipeline.generate_raw, "main", calls.append)
    pipeline.generate_demo_zone(tmp_path, 1_000, date(2026, 12, 6))
    (args,) = calls
    assert args[args.index("--end") + 1] == "2026-12-06"


def test_a_build_killed_by_the_kernel_says_what_to_set() -> None:
    env = {"DVC_DUCKDB_TEMP_DIR": "/data/spill", "DVC_DUCKDB_MEMORY_LIMIT": "16GB"}
    reason = pipeline.explain_build_failure("", env, -9)
    assert reason.startswith("dbt was killed (SIGKILL)")
    assert "out-of-memory killer" in reason
    assert "Lower DVC_DUCKDB_MEMORY_LIMIT (it spills to /data/spill instead)" in reason
    # an ordinary failure (a test failed) has no such explanation
    assert pipeline.explain_build_failure("1 of 9 FAIL 3 assert_x", env, 1) is None
