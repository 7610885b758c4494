"""A BI reader holds the published DuckDB file open and queries it while a full dbt build of
the warehouse and a publication run: the build succeeds, and every answer the reader gets is
the complete answer of one published version."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from conftest import TEST_HMAC_KEY, BuiltZone

from dvc_index.common import build_lock, dvc_environment
from dvc_index.progress import run_dbt_with_progress
from dvc_index.publish import CURRENT_NAME, DATABASE_NAME, list_versions, publish, resolve_current

# The reader: one connection held from start to end (it keeps the version it opened), plus a
# fresh connection every few rounds (a BI tool refreshing: it picks up the new version).
READER = r"""
import json, sys, time
from pathlib import Path
import duckdb

publish_dir, out, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
QUERY = '''
    select sum(cast(round(total_points * 1000000) as bigint)), count(*),
           (select sum(cast(round(points_lost * 1000000) as bigint)) from marts.fct_points_lost),
           (select count(*) from marts.fct_points_lost_dossiers)
    from marts.fct_unit_scorecard
'''

def answer(connection, version, kind):
    row = connection.execute(QUERY).fetchone()
    return {"version": version, "kind": kind, "answer": [int(value) for value in row]}

held_version = (publish_dir / "current").resolve()
held = duckdb.connect(str(held_version / "dvc_index.duckdb"), read_only=True)
with out.open("w") as log:
    rounds = 0
    while not stop.exists() or rounds < 3:
        record = answer(held, held_version.name, "held")
        log.write(json.dumps(record) + "\n")
        if rounds % 5 == 0:
            version = (publish_dir / "current").resolve()
            fresh = duckdb.connect(str(version / "dvc_index.duckdb"), read_only=True)
            log.write(json.dumps(answer(fresh, version.name, "fresh")) + "\n")
            fresh.close()
        log.flush()
        rounds += 1
        time.sleep(0.05)
held.close()
"""

# in integer micro-points: a parallel sum of doubles may differ in its last bits between runs
QUERY = """
    select sum(cast(round(total_points * 1000000) as bigint)), count(*),
           (select sum(cast(round(points_lost * 1000000) as bigint)) from marts.fct_points_lost),
           (select count(*) from marts.fct_points_lost_dossiers)
    from marts.fct_unit_scorecard
"""


def version_answer(version: Path) -> list:
    connection = duckdb.connect(str(version / DATABASE_NAME), read_only=True)
    try:
        row = connection.execute(QUERY).fetchone()
        return [int(value) for value in row]
    finally:
        connection.close()


def test_reader_never_disturbs_a_build_nor_sees_a_half_built_state(
    dirty_zone: BuiltZone, tmp_path: Path
):
    assert dirty_zone.build.returncode == 0
    # our own warehouse (the session's dirty zone stays as it is for the other tests)
    workdir = tmp_path / "wh"
    workdir.mkdir()
    warehouse = workdir / "dvc.duckdb"
    shutil.copy(dirty_zone.database, warehouse)
    publish_dir = tmp_path / "publish"
    first = publish(warehouse, publish_dir, keep=1, show_progress=False)
    first_answer = version_answer(first)

    out, stop = tmp_path / "reader.jsonl", tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(publish_dir), str(out), str(stop)])
    try:
        deadline = time.monotonic() + 60
        while (not out.exists() or not out.read_text().strip()) and time.monotonic() < deadline:
            assert reader.poll() is None, "the reader died"
            time.sleep(0.1)
        # a full build of the same warehouse (an earlier as_of: other figures), with the
        # warehouse's build lock and the progress helper, then a publication with keep=1: the
        # version the reader holds open is kept (its listing view reads its Parquet file)
        env = dvc_environment(
            {
                "DVC_RAW_DIR": dirty_zone.raw_dir,
                "DVC_DUCKDB_PATH": warehouse,
                "DVC_DUCKDB_TEMP_DIR": workdir / "tmp",
                "DVC_HMAC_KEY": TEST_HMAC_KEY,
                "DVC_AS_OF": "2026-06-30 23:59:59",
            }
        )
        with build_lock(env):
            build = run_dbt_with_progress(
                ["build"], env, target_path=workdir / "target", enabled=True
            )
        assert build.returncode == 0, build.stdout[-5000:]
        assert "Completed successfully" in build.stdout
        second = publish(warehouse, publish_dir, keep=1, show_progress=False)
        time.sleep(1.5)  # the reader's fresh connections pick up the new version
    finally:
        stop.touch()
        reader.wait(timeout=60)
    assert reader.returncode == 0

    assert resolve_current(publish_dir) == second
    assert list_versions(publish_dir) == [first, second], "the held version was kept"
    second_answer = version_answer(second)
    assert second_answer != first_answer, "the rebuild changed the figures"
    expected = {first.name: first_answer, second.name: second_answer}

    records = [json.loads(line) for line in out.read_text().splitlines()]
    held = [record for record in records if record["kind"] == "held"]
    fresh = [record for record in records if record["kind"] == "fresh"]
    assert len(held) > 20, "the reader queried throughout the build"
    for record in records:
        assert record["version"] in expected, record
        assert record["answer"] == expected[record["version"]], record
    # the held connection kept the first version from start to end, listing included
    assert {record["version"] for record in held} == {first.name}
    assert fresh[0]["version"] == first.name and fresh[-1]["version"] == second.name
    assert not (publish_dir / CURRENT_NAME).resolve().name.startswith(".")
    # closed now: the next publication prunes it
    third = publish(warehouse, publish_dir, keep=1, show_progress=False)
    assert list_versions(publish_dir) == [third]
