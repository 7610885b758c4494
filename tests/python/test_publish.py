"""Publication (dvc_index.publish): complete copies, an atomic switch, pruning, rollback, and
never a read of a warehouse that a build holds."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from dvc_index.common import BuildLockBusy, build_lock
from dvc_index.publish import (
    CURRENT_NAME,
    DATABASE_NAME,
    MANIFEST_NAME,
    PublishError,
    WarehouseBusy,
    list_versions,
    prune,
    publish,
    resolve_current,
    rollback,
)


def small_warehouse(path: Path, value: int) -> Path:
    """A tiny warehouse with three marts, one a view (fast publications for the switch and
    pruning tests)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path))
    try:
        connection.execute("create schema if not exists marts")
        connection.execute(
            "create or replace table marts.fct_a as select range as id, ? as v from range(1000)",
            [value],
        )
        connection.execute("create or replace table marts.dim_b as select 'x' as code")
        connection.execute(
            "create or replace view marts.fct_c as select id, v * 2 as w from marts.fct_a "
            "where id < 10"
        )
        connection.execute("create schema if not exists staging")
        connection.execute("create or replace table staging.not_published as select 1 as x")
    finally:
        connection.close()
    return path


def test_published_copies_equal_the_warehouse_marts(dirty_zone, published_dirty):
    version = resolve_current(published_dirty)
    assert (published_dirty / CURRENT_NAME).is_symlink()
    assert not os.readlink(published_dirty / CURRENT_NAME).startswith("/"), "relative symlink"
    database = version / DATABASE_NAME
    assert stat.S_IMODE(database.stat().st_mode) == 0o444, "the published file is read-only"
    manifest = json.loads((version / MANIFEST_NAME).read_text())

    connection = duckdb.connect()
    try:
        # attached under its own name: the views of its marts name their catalog
        wh = dirty_zone.database.stem
        connection.execute(f"attach '{dirty_zone.database}' as {wh} (read_only)")
        connection.execute(f"attach '{database}' as pub (read_only)")
        marts = [
            row[0]
            for row in connection.execute(
                f"select table_name from duckdb_tables() where database_name = '{wh}' "
                "and schema_name = 'marts' union all "
                f"select view_name from duckdb_views() where database_name = '{wh}' "
                "and schema_name = 'marts' order by 1"
            ).fetchall()
        ]
        assert {"fct_points_lost", "fct_points_lost_dossiers", "fct_unit_scorecard"} <= set(marts)
        assert sorted(manifest["marts"]) == marts
        for mart in marts:
            # (the listing: a file per period, in period_type=…/period_label=… directories)
            parquet_files = sorted((version / "marts" / mart).glob("**/*.parquet"))
            assert parquet_files, f"no Parquet for {mart}"
            files = version / "marts" / mart / "**" / "*.parquet"
            parquet = f"read_parquet('{files}', hive_partitioning = false)"
            rows = connection.execute(f"select count(*) from {wh}.marts.{mart}").fetchone()[0]
            assert manifest["marts"][mart]["rows"] == rows
            # the same rows (a multiset fingerprint: count, sum and xor of row hashes) and the
            # same column names and types, in the DuckDB copy and in the Parquet files
            fingerprint = (
                "select count(*), sum(hash(t)), bit_xor(hash(t)), "
                "(select typeof(s) from {source} as s limit 1) from {source} as t"
            )
            expected = connection.execute(
                fingerprint.format(source=f"{wh}.marts.{mart}")
            ).fetchone()
            assert expected[0] == rows
            for copy in (f"pub.marts.{mart}", parquet):
                assert connection.execute(fingerprint.format(source=copy)).fetchone() == expected, (
                    f"{mart}: {copy} differs from the warehouse"
                )
        # only the marts are published, and dbt's column docs travel with them
        schemas = connection.execute(
            "select distinct schema_name from duckdb_tables() where database_name = 'pub'"
        ).fetchall()
        assert schemas == [("marts",)]
        undocumented = connection.execute(
            "select table_name, column_name from duckdb_columns() where database_name = 'pub' "
            "and (comment is null or comment = '')"
        ).fetchall()
        assert undocumented == []
    finally:
        connection.close()
    # readers open it read-only
    reader = duckdb.connect(str(published_dirty / CURRENT_NAME / DATABASE_NAME), read_only=True)
    try:
        assert reader.execute("select count(*) from marts.dim_units").fetchone()[0] > 0
    finally:
        reader.close()


def test_switch_is_atomic_and_old_versions_are_pruned(tmp_path):
    warehouse = small_warehouse(tmp_path / "wh" / "dvc.duckdb", 0)
    publish_dir = tmp_path / "publish"
    first = publish(warehouse, publish_dir, keep=2, show_progress=False)

    # a reader holds the first version open for the whole test
    held = duckdb.connect(str(publish_dir / CURRENT_NAME / DATABASE_NAME), read_only=True)
    problems: list[str] = []
    seen: set[str] = set()
    stop = threading.Event()

    def watch() -> None:
        # resolve `current` again and again while versions are switched and pruned: it must
        # always exist and name a complete version (manifest and database present)
        while not stop.is_set():
            version = None
            try:
                version = resolve_current(publish_dir)
                manifest = json.loads((version / MANIFEST_NAME).read_text())
                if manifest["version"] != version.name or not (version / DATABASE_NAME).is_file():
                    problems.append(f"incomplete {version}")
                seen.add(version.name)
            except FileNotFoundError as error:
                # tolerable only when that version was superseded and pruned meanwhile
                if version is None or resolve_current(publish_dir) == version:
                    problems.append(f"current missing or incomplete: {error}")
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                problems.append(repr(error))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        versions = [first]
        for value in (1, 2, 3):
            small_warehouse(warehouse, value)
            versions.append(publish(warehouse, publish_dir, keep=2, show_progress=False))
    finally:
        stop.set()
        watcher.join()

    assert problems == []
    assert len(seen) >= 2
    kept = list_versions(publish_dir)
    assert [path.name for path in kept] == [path.name for path in versions[-2:]]
    assert resolve_current(publish_dir) == versions[-1]
    assert not list((publish_dir / "versions").glob(".tmp-*")), "no temporary directory left"
    assert not [path for path in publish_dir.iterdir() if path.name.startswith(".current-")]
    assert not [path for path in (publish_dir / "versions").iterdir() if path.is_symlink()]
    # the pruned first version's tables are still readable through the connection that held
    # it; its view read its own Parquet file, pruned with it (the documented trade)
    assert not first.exists()
    assert held.execute("select sum(v), count(*) from marts.fct_a").fetchone() == (0, 1000)
    with pytest.raises(duckdb.IOException):
        held.execute("select count(*) from marts.fct_c").fetchone()
    held.close()
    fresh = duckdb.connect(str(publish_dir / CURRENT_NAME / DATABASE_NAME), read_only=True)
    assert fresh.execute("select sum(v) from marts.fct_a").fetchone()[0] == 3000
    # a view of the marts is published as Parquet only, read by a view of the published file
    # from its own version's directory
    newest = versions[-1]
    assert fresh.execute("select sum(w), count(*) from marts.fct_c").fetchone() == (60, 10)
    sql = fresh.execute(
        "select sql from duckdb_views() where view_name = 'fct_c' and not internal"
    ).fetchone()[0]
    assert str(newest / "marts" / "fct_c" / "data_0.parquet") in sql
    manifest = json.loads((newest / MANIFEST_NAME).read_text())
    assert manifest["marts"]["fct_c"] == {"rows": 10, "stored": "parquet"}
    assert manifest["marts"]["fct_a"] == {"rows": 1000, "stored": "table"}
    fresh.close()


def test_keep_comes_from_the_environment_and_never_prunes_current(tmp_path, monkeypatch):
    warehouse = small_warehouse(tmp_path / "wh" / "dvc.duckdb", 0)
    publish_dir = tmp_path / "publish"
    monkeypatch.setenv("DVC_PUBLISH_KEEP", "3")
    made = [publish(warehouse, publish_dir, show_progress=False) for _ in range(4)]
    assert list_versions(publish_dir) == made[-3:]

    # roll back to the oldest kept version, then publish with keep=1: current survives
    assert rollback(publish_dir, made[1].name) == made[1]
    assert resolve_current(publish_dir) == made[1]
    newest = publish(warehouse, publish_dir, keep=1, show_progress=False)
    assert resolve_current(publish_dir) == newest
    assert list_versions(publish_dir) == [newest]
    # the default rollback goes one version back
    second = publish(warehouse, publish_dir, keep=2, show_progress=False)
    assert rollback(publish_dir) == newest
    assert resolve_current(publish_dir) == newest
    assert second.exists()


def test_publication_never_reads_a_warehouse_being_built(tmp_path):
    warehouse = small_warehouse(tmp_path / "wh" / "dvc.duckdb", 7)
    publish_dir = tmp_path / "publish"
    before = publish(warehouse, publish_dir, show_progress=False)
    with build_lock({"DVC_DUCKDB_PATH": str(warehouse)}), pytest.raises(BuildLockBusy):
        publish(warehouse, publish_dir, show_progress=False)
    assert resolve_current(publish_dir) == before
    assert list_versions(publish_dir) == [before]
    assert not list((publish_dir / "versions").glob(".tmp-*"))
    assert not [path for path in (publish_dir / "versions").glob("*") if path.is_symlink()]


def test_publication_never_waits_for_nor_reads_a_warehouse_open_for_writing(tmp_path):
    """A build run without the build lock (plain `dbt build`) holds DuckDB's own file lock."""
    warehouse = small_warehouse(tmp_path / "wh" / "dvc.duckdb", 7)
    publish_dir = tmp_path / "publish"
    before = publish(warehouse, publish_dir, show_progress=False)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(60)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "open"
        with pytest.raises(WarehouseBusy):
            publish(warehouse, publish_dir, show_progress=False)
    finally:
        writer.kill()
        writer.wait()
    assert resolve_current(publish_dir) == before
    assert list_versions(publish_dir) == [before]
    assert not list((publish_dir / "versions").glob(".tmp-*"))
    assert not [path for path in (publish_dir / "versions").glob("*") if path.is_symlink()]


def test_failed_publication_changes_nothing(tmp_path):
    publish_dir = tmp_path / "publish"
    with pytest.raises(PublishError):
        publish(tmp_path / "missing.duckdb", publish_dir, show_progress=False)
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(PublishError):
        publish(empty, publish_dir, show_progress=False)
    assert list_versions(publish_dir) == []
    assert not (publish_dir / CURRENT_NAME).exists()
    assert not list((publish_dir / "versions").glob(".tmp-*"))
    assert not [path for path in (publish_dir / "versions").glob("*") if path.is_symlink()]


def test_publish_cli_lists_and_rolls_back(tmp_path, capsys):
    from dvc_index.publish import main

    warehouse = small_warehouse(tmp_path / "wh" / "dvc.duckdb", 1)
    publish_dir = tmp_path / "publish"
    assert main(["--warehouse", str(warehouse), "--publish-dir", str(publish_dir)]) == 0
    time.sleep(0.01)
    assert main(["--warehouse", str(warehouse), "--publish-dir", str(publish_dir)]) == 0
    first, second = list_versions(publish_dir)
    capsys.readouterr()
    assert main(["--publish-dir", str(publish_dir), "--list"]) == 0
    listing = capsys.readouterr().out
    assert f"* {second.name}" in listing and f"  {first.name}" in listing
    assert main(["--publish-dir", str(publish_dir), "--rollback"]) == 0
    assert resolve_current(publish_dir) == first


def listing_warehouse(path: Path, rows: list[tuple[str, int]], view_sql: str) -> Path:
    """A warehouse with the partitioned view fct_points_lost_dossiers over `rows` (period_label,
    value) and the signature relation the publication reads (publish_partitions): one row per
    period, its count and sum."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path))
    try:
        for schema in ("marts", "intermediate"):
            connection.execute(f"create schema if not exists {schema}")
        connection.execute("create or replace table marts.dim_b as select 'x' as code")
        connection.execute(
            "create or replace table intermediate.failures (period_label varchar, v integer)"
        )
        connection.execute("delete from intermediate.failures")
        connection.executemany("insert into intermediate.failures values (?, ?)", rows)
        connection.execute(f"create or replace view marts.fct_points_lost_dossiers as {view_sql}")
        connection.execute("""
            create or replace table intermediate.int_points_lost_dossiers_partitions as
            select period_type, period_label, count(v) as n, coalesce(sum(v), 0) as total
            from (select 'month' as period_type, unnest(['2026-01', '2026-02', '2026-03'])
                  as period_label) as periods
            left join intermediate.failures using (period_label)
            group by all
        """)
    finally:
        connection.close()
    return path


def test_the_listing_links_the_partitions_that_did_not_change(tmp_path):
    view = "select 'month' as period_type, period_label, v from intermediate.failures"
    warehouse = tmp_path / "wh" / "dvc_index.duckdb"
    publish_dir = tmp_path / "publish"
    rows = [("2026-01", 1), ("2026-01", 2), ("2026-02", 5)]
    listing_warehouse(warehouse, rows, view)
    first = publish(warehouse, publish_dir, keep=1, show_progress=False)
    entry = json.loads((first / MANIFEST_NAME).read_text())["marts"]["fct_points_lost_dossiers"]
    assert entry["partitions_reused"] == 0 and entry["rows"] == 3
    assert entry["partitioned_by"] == ["period_type", "period_label"]

    def part(version: Path, label: str) -> Path:
        listing = version / "marts" / "fct_points_lost_dossiers"
        return listing / "period_type=month" / f"period_label={label}" / "data_0.parquet"

    # every period has its file, an empty period too (2026-03)
    assert all(part(first, label).is_file() for label in ("2026-01", "2026-02", "2026-03"))

    # one more row in February: January and March are linked, February written again
    listing_warehouse(warehouse, [*rows, ("2026-02", 7)], view)
    second = publish(warehouse, publish_dir, keep=2, show_progress=False)
    entry = json.loads((second / MANIFEST_NAME).read_text())["marts"]["fct_points_lost_dossiers"]
    assert entry["partitions_reused"] == 2 and entry["rows"] == 4
    assert part(second, "2026-01").stat().st_ino == part(first, "2026-01").stat().st_ino
    assert part(second, "2026-02").stat().st_ino != part(first, "2026-02").stat().st_ino
    # the first version pruned: its names go, the files linked from it stay readable
    assert prune(publish_dir, 1) == [first] and not first.exists()
    reader = duckdb.connect(str(second / DATABASE_NAME), read_only=True)
    try:
        assert reader.execute(
            "select period_label, list(v order by v) from marts.fct_points_lost_dossiers "
            "group by 1 order by 1"
        ).fetchall() == [("2026-01", [1, 2]), ("2026-02", [5, 7])]
    finally:
        reader.close()

    # a changed definition writes every partition again
    listing_warehouse(warehouse, [*rows, ("2026-02", 7)], view + " where v > 1")
    third = publish(warehouse, publish_dir, keep=1, show_progress=False)
    entry = json.loads((third / MANIFEST_NAME).read_text())["marts"]["fct_points_lost_dossiers"]
    assert entry["partitions_reused"] == 0 and entry["rows"] == 3
