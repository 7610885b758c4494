"""Primary-key tests over the rows written since the last build that passed them.

After a build whose data tests all passed, the main job runs the primary-key tests of incremental
models over the keys written since that build started (DVC_TESTS_ROWS_WRITTEN_SINCE), each key
checked against every stored row. These tests plant duplicate keys in a copy of a built
warehouse and show what such a test catches (a new row repeating a stored key), what it trusts
(rows stored before: they passed then), and when the job uses it."""

from __future__ import annotations

import argparse
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
from conftest import BuiltZone, build_zone

from dvc_index import pipeline

MODEL = "intermediate.int_dossier_timeliness_failures"
SELECT = "test_name:primary_key,int_dossier_timeliness_failures"


def _plant(database: Path, refreshed_at: datetime, offset: int) -> None:
    """A second copy of one stored row, written at `refreshed_at` (UTC, naive)."""
    connection = duckdb.connect(str(database))
    try:
        connection.execute(
            f"insert into {MODEL} select * replace (cast(? as timestamp) as refreshed_at) "
            f"from {MODEL} order by dossier_code, period_type, period_label, indicator_code "
            f"limit 1 offset {offset}",
            [refreshed_at.replace(tzinfo=None)],
        )
    finally:
        connection.close()


def _test(zone: BuiltZone, workdir: Path, since: str | None):
    return _test_select(zone, workdir, since, SELECT)


def _test_select(zone: BuiltZone, workdir: Path, since: str | None, select: str):
    env = {pipeline.TESTS_SINCE_ENV: since} if since else {}
    return build_zone(zone.raw_dir, workdir, ("test", "--select", select), **env)[1]


def test_keys_written_since_are_checked_against_every_stored_row(
    dirty_zone: BuiltZone, tmp_path: Path
) -> None:
    assert dirty_zone.build.returncode == 0
    shutil.copy(dirty_zone.database, tmp_path / "dvc.duckdb")
    database = tmp_path / "dvc.duckdb"
    # the last passing build: after the fixture's (its rows were all stored before)
    last_passing_build = datetime.now(UTC)
    since = str(last_passing_build.replace(tzinfo=None))

    # a row stored before the last passing build, repeated then: trusted (it passed then),
    # but a test over every row finds it
    _plant(database, last_passing_build - timedelta(hours=1), offset=10)
    result = _test(dirty_zone, tmp_path, since)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "PASS primary_key_int_dossier_timeliness_failures" in result.stdout
    result = _test(dirty_zone, tmp_path, None)
    assert result.returncode == 1 and "Got 1 result" in result.stdout, result.stdout[-2000:]

    # a row written since that repeats a key stored long before: found
    _plant(database, last_passing_build + timedelta(minutes=1), offset=20)
    result = _test(dirty_zone, tmp_path, since)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "FAIL 1 primary_key_int_dossier_timeliness_failures" in result.stdout


def test_the_job_checks_rows_written_since_only_after_a_passing_build(tmp_path: Path) -> None:
    env = {"DVC_DUCKDB_PATH": str(tmp_path / "dvc.duckdb"), pipeline.TESTS_SINCE_ENV: "stale"}
    args = argparse.Namespace(full_refresh=False)
    since = pipeline.TESTS_SINCE_ENV
    assert since not in pipeline.build_environment(args, env, "project-a")

    started = datetime(2026, 12, 7, 1, 2, 3, tzinfo=UTC)
    pipeline.write_data_tests_stamp(env, "project-a", started)
    # a second earlier than the build's start: its rows are checked again, never skipped
    assert pipeline.build_environment(args, env, "project-a")[since] == "2026-12-07 01:02:02"
    # another project (a model or test changed), or a full refresh: every row
    assert since not in pipeline.build_environment(args, env, "project-b")
    refresh = argparse.Namespace(full_refresh=True)
    assert since not in pipeline.build_environment(refresh, env, "project-a")


STEPS = "staging.checked_dvcqg__processing_steps"
STEPS_SELECT = "test_name:primary_key,stg_dvcqg__processing_steps"


def _plant_step_copy(
    database: Path, written_at: datetime, offset: int, whole_dossier: bool
) -> None:
    """A second latest copy of one stored processing step (another raw row), written at
    `written_at`; with `whole_dossier`, every row of its dossier is rewritten then too, as a run
    that touches the dossier does (delete+insert on dossier_code)."""
    connection = duckdb.connect(str(database))
    try:
        code, source_row = connection.execute(
            f"select dossier_code, source_row from {STEPS} where is_latest_version "
            f"order by dossier_code, source_file, source_row limit 1 offset {offset}"
        ).fetchone()
        stamp = written_at.replace(tzinfo=None)
        if whole_dossier:
            connection.execute(
                f"update {STEPS} set refreshed_at = ? where dossier_code = ?", [stamp, code]
            )
        connection.execute(
            f"insert into {STEPS} select * replace (source_row + 1000000000 as source_row, "
            f"cast(? as timestamp) as refreshed_at) from {STEPS} "
            "where dossier_code = ? and source_row = ? and is_latest_version",
            [stamp, code, source_row],
        )
    finally:
        connection.close()


def test_views_rewritten_whole_by_dossier_check_the_rows_written_since_in_one_scan(
    dirty_zone: BuiltZone, tmp_path: Path
) -> None:
    """stg_dvcqg__processing_steps (meta rows_rewritten_whole_by: dossier_code): after a passing
    build only the rows written since are grouped, in one scan. A run rewrites every row of a
    dossier it touches, so a repeated key written since is found; a copy written without its
    dossier's other rows (which no run does) is what the one scan trusts."""
    assert dirty_zone.build.returncode == 0
    shutil.copy(dirty_zone.database, tmp_path / "dvc.duckdb")
    database = tmp_path / "dvc.duckdb"
    last_passing_build = datetime.now(UTC)
    since = str(last_passing_build.replace(tzinfo=None))

    # a copy written since without its dossier's other rows: trusted over the rows written
    # since (two scans, as for an incremental model, would find it); every row finds it
    _plant_step_copy(database, last_passing_build + timedelta(minutes=1), 5, whole_dossier=False)
    result = _test_select(dirty_zone, tmp_path, since, STEPS_SELECT)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "PASS primary_key_stg_dvcqg__processing_steps" in result.stdout
    result = _test_select(dirty_zone, tmp_path, None, STEPS_SELECT)
    assert result.returncode == 1 and "Got 1 result" in result.stdout, result.stdout[-2000:]

    # a repeated key in a dossier rewritten whole since, as a run writes it: found
    _plant_step_copy(database, last_passing_build + timedelta(minutes=2), 50, whole_dossier=True)
    result = _test_select(
        dirty_zone,
        tmp_path,
        str(last_passing_build.replace(tzinfo=None) + timedelta(minutes=2)),
        STEPS_SELECT,
    )
    assert result.returncode == 1 and "Got 1 result" in result.stdout, result.stdout[-2000:]
    assert "FAIL 1 primary_key_stg_dvcqg__processing_steps" in result.stdout
