"""Publish the marts for BI readers: a lock-free, read-only copy that is switched atomically.

Layout of the publish directory (DVC_PUBLISH_DIR, default publish/):

    publish/
      current -> versions/20261125T231500123456Z     a relative symlink, switched atomically
      versions/
        20261125T231500123456Z/
          dvc_index.duckdb                           every mart, schema `marts`, read-only file
          marts/<mart>/data_0.parquet                 the same marts as Parquet, a directory each
          marts/fct_points_lost_dossiers/period_type=…/period_label=…/data_0.parquet
                                                     the listing, a file per period (some linked
                                                     from the previous version: publish_partitions)
          manifest.json                              version, time, row counts per mart
        .tmp-<version>-<pid>/                        a version being written (never read)
      .publish.lock                                  one publisher at a time

How a version is made (publish()):

1. Under the publish lock (an exclusive flock: one publisher at a time), a new directory
   `versions/.tmp-<id>` is created.
2. The warehouse is opened read-only and only for the copy: a new DuckDB file in the temporary
   directory ATTACHes it READ_ONLY, copies every table of schema `marts` (with the column
   comments dbt persisted) in one transaction, and DETACHes it (seconds). A view of `marts`
   (the dossier listing fct_points_lost_dossiers, about 22 rows per dossier) is written, in
   the same transaction, only as its Parquet file, and the new DuckDB file gets a view of the
   same name and comments that reads that file from the version's own directory (by its final
   path, `versions/<id>` being a symlink to the temporary directory until step 3): the rows
   are written once instead of twice, which was most of a publication's time. While it copies, the
   warehouse's build lock is held shared and without waiting (common.warehouse_read_lock),
   so a publication never reads a half-built warehouse: if a build holds the lock, publish
   fails at once with BuildLockBusy and nothing changes. A caller that already holds the build
   lock itself (the main job, after its build) passes lock=False.
3. The Parquet directories of the tables are written from that new file (the warehouse is
   already closed), every file is fsynced and made read-only (0444), and the directory is
   renamed to `versions/<id>` (replacing the symlink): a version directory without the `.tmp-`
   prefix is always complete (list_versions() never lists the symlink).
4. `current` is switched: a new symlink is created under a temporary name and renamed onto
   `current` (rename(2) replaces it atomically). A reader resolving `current` sees either the
   previous complete version or the new complete one, never a mixture or a half-written file.
5. Versions beyond the newest `keep` (default 5, env DVC_PUBLISH_KEEP) are deleted, never the
   one `current` points to; leftover `.tmp-*` directories of crashed publications go too.

Why a reader is never disturbed: readers open `current/dvc_index.duckdb` read-only (or its
Parquet files). DuckDB resolves the symlink when it opens the file and keeps that file open, so
a reader keeps its version for as long as its connection lives, whatever happens to `current`.
Pruning a version a reader still holds only unlinks the directory entries: on Linux an unlinked
file stays readable through every open descriptor until the last one is closed. The trade of the
listing's view: it opens its Parquet file when queried, so a version that another process
holds open (DuckDB keeps a lock on the file while connected, seen with F_GETLK) is not pruned
until a publication after it was closed; a reader in the publishing process itself is not seen
(POSIX locks do not conflict within a process) and loses the listing of a pruned version. The
listing reads its version's directory by its absolute path: a published directory moved
elsewhere must be published again. No reader ever
holds a lock a publication or a build has to wait for: the BI tool never touches the
warehouse, and the published files are never written again once they are visible. A reader
that reads several files (Parquet) should resolve `current` once (resolve_current()) and read
all of them from that version directory.

CLI exit codes: 0 published (or listed, rolled back); 1 nothing published (no warehouse, no
marts, another error); 3 the warehouse is being built (its build lock, or DuckDB's own file
lock, is held): try again after the build.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import struct
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dvc_index.common import (
    DEFAULT_DUCKDB_PATH,
    PROJECT_ROOT,
    BuildLockBusy,
    duckdb_config,
    warehouse_read_lock,
)
from dvc_index.common import sql_identifier as _quote
from dvc_index.common import sql_literal as _literal
from dvc_index.publish_partitions import glob_pattern, partitioning, write_partitions

DEFAULT_PUBLISH_DIR = PROJECT_ROOT / "publish"
DEFAULT_KEEP = 5
DATABASE_NAME = "dvc_index.duckdb"
MANIFEST_NAME = "manifest.json"
CURRENT_NAME = "current"
VERSIONS_NAME = "versions"
TMP_PREFIX = ".tmp-"
LOCK_NAME = ".publish.lock"
MARTS_SCHEMA = "marts"


class PublishError(RuntimeError):
    """The publication could not be made; the previous version stays current."""


class WarehouseBusy(PublishError):
    """DuckDB's own file lock: a process (a build started without the build lock) is writing
    the warehouse. Nothing was read; try again after it."""


# ---------------------------------------------------------------------------------------------
# Paths for readers
# ---------------------------------------------------------------------------------------------


def publish_dir_from_env(env: dict[str, str] | None = None) -> Path:
    """DVC_PUBLISH_DIR (relative to the project root), default publish/."""
    value = (env if env is not None else os.environ).get("DVC_PUBLISH_DIR")
    if not value:
        return DEFAULT_PUBLISH_DIR
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def resolve_current(publish_dir: Path | str) -> Path:
    """The version directory `current` points to now (resolve once, then read from it).

    Raises FileNotFoundError when nothing has been published yet."""
    current = Path(publish_dir) / CURRENT_NAME
    if not current.is_symlink() and not current.exists():
        raise FileNotFoundError(f"nothing published in {publish_dir} (no {CURRENT_NAME})")
    return current.resolve(strict=True)


def connect_published(publish_dir: Path | str) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """A read-only connection to the current version's DuckDB file, and that version's path."""
    version = resolve_current(publish_dir)
    connection = duckdb.connect(str(version / DATABASE_NAME), read_only=True)
    return connection, version


def list_versions(publish_dir: Path | str) -> list[Path]:
    """Complete versions, oldest first (names are UTC timestamps, so they sort by age)."""
    versions = Path(publish_dir) / VERSIONS_NAME
    if not versions.is_dir():
        return []
    return sorted(
        path
        for path in versions.iterdir()
        if path.is_dir() and not path.is_symlink() and not path.name.startswith(".")
    )


# ---------------------------------------------------------------------------------------------
# Publishing
# ---------------------------------------------------------------------------------------------


@contextmanager
def _publish_lock(publish_dir: Path, wait_seconds: float = 600) -> Iterator[None]:
    """One publisher at a time (an exclusive flock on publish/.publish.lock)."""
    publish_dir.mkdir(parents=True, exist_ok=True)
    with open(publish_dir / LOCK_NAME, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PublishError(f"another publication holds {handle.name}") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _new_version_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _connection_config() -> dict[str, object]:
    """The build's limits (common.duckdb_config): the copy of the largest mart (the dossier
    listing, written as a table) once peaked above the build's own limit at 10 M dossiers under
    DuckDB's default. Insertion order is not kept: a table has no order."""
    return {**duckdb_config(), "preserve_insertion_order": False}


def _parquet_file(marts_dir: Path, relation: str) -> Path:
    return marts_dir / relation / "data_0.parquet"


def _copy_marts(
    warehouse: Path, version: Path, final: Path, previous: Path | None = None
) -> tuple[dict[str, int], list[str], dict[str, dict]]:
    """Copy every table of the warehouse's `marts` schema with dbt's comments into a new DuckDB
    file in `version`, and write every view of `marts` as Parquet in `version`/marts, read by a
    view of the new file that names the version's `final` path; returns the row counts, the
    views and, per partitioned view, its manifest fields (publish_partitions: a partition
    unchanged since the `previous` version is linked from it). The warehouse is attached
    read-only only for as long as the copy takes, under its own catalog name, so that a view
    finds the relations it names."""
    target = version / DATABASE_NAME
    # the warehouse is attached under its own catalog name: the views of its marts name it
    catalog = Path(warehouse).stem
    connection = duckdb.connect(config=_connection_config())
    try:
        try:
            connection.execute(
                f"attach {_literal(str(warehouse))} as {_quote(catalog)} (read_only)"
            )
        except duckdb.IOException as error:
            raise WarehouseBusy(
                f"the warehouse {warehouse} is open for writing by another process: {error}"
            ) from None
        connection.execute(f"use {_quote(catalog)}")
        listed = connection.execute(
            """
            select table_name, false from duckdb_tables()
            where database_name = ? and schema_name = ?
            union all
            select view_name, true from duckdb_views()
            where database_name = ? and schema_name = ? and not internal
            order by 1
            """,
            [catalog, MARTS_SCHEMA, catalog, MARTS_SCHEMA],
        ).fetchall()
        relations = [name for name, _ in listed]
        views = [name for name, is_view in listed if is_view]
        if not relations:
            raise PublishError(f"the warehouse {warehouse} has no tables in schema marts")
        comments = connection.execute(
            """
            select table_name, column_name, comment from duckdb_columns()
            where database_name = ? and schema_name = ? and comment is not null
            """,
            [catalog, MARTS_SCHEMA],
        ).fetchall()
        table_comments = connection.execute(
            """
            select table_name, comment from duckdb_tables()
            where database_name = ? and schema_name = ? and comment is not null
            union all
            select view_name, comment from duckdb_views()
            where database_name = ? and schema_name = ? and comment is not null
            """,
            [catalog, MARTS_SCHEMA, catalog, MARTS_SCHEMA],
        ).fetchall()
        connection.execute(f"attach {_literal(str(target))} as published")
        specs = {view: partitioning(connection, catalog, view) for view in views}
        partitioned: dict[str, dict] = {}
        # one transaction: one consistent snapshot of the warehouse's marts
        connection.execute("begin transaction")
        try:
            connection.execute(f"create schema published.{MARTS_SCHEMA}")
            for relation in relations:
                name = f"{MARTS_SCHEMA}.{_quote(relation)}"
                if specs.get(relation):
                    partitioned[relation] = write_partitions(
                        connection,
                        catalog,
                        relation,
                        specs[relation],
                        version / "marts" / relation,
                        previous,
                    )
                elif relation in views:
                    parquet = _parquet_file(version / "marts", relation)
                    parquet.parent.mkdir(parents=True)
                    connection.execute(
                        f"copy (select * from {name}) to {_literal(str(parquet))} "
                        "(format parquet, compression zstd)"
                    )
                else:
                    connection.execute(f"create table published.{name} as select * from {name}")
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise
        connection.execute("detach published")
    finally:
        connection.close()
    connection = duckdb.connect(str(target), config=_connection_config())
    try:
        for view in views:
            if view in partitioned:
                columns = tuple(partitioned[view]["partitioned_by"])
                files = glob_pattern(final / "marts" / view, columns)
                reader = f"read_parquet({_literal(files)}, hive_partitioning = false)"
            else:
                reader = f"read_parquet({_literal(str(_parquet_file(final / 'marts', view)))})"
            connection.execute(
                f"create view {MARTS_SCHEMA}.{_quote(view)} as select * from {reader}"
            )
        for table, comment in table_comments:
            kind = "view" if table in views else "table"
            connection.execute(
                f"comment on {kind} {MARTS_SCHEMA}.{_quote(table)} is {_literal(comment)}"
            )
        for table, column, comment in comments:
            connection.execute(
                f"comment on column {MARTS_SCHEMA}.{_quote(table)}.{_quote(column)} "
                f"is {_literal(comment)}"
            )
        counts = {
            table: connection.execute(
                f"select count(*) from {MARTS_SCHEMA}.{_quote(table)}"
            ).fetchone()[0]
            for table in relations
        }
        connection.execute("checkpoint")
        return counts, views, partitioned
    finally:
        connection.close()


def _export_parquet(database: Path, marts_dir: Path, tables: list[str], progress) -> None:
    """Each mart as a directory of Parquet files, written from the new copy (not the warehouse)."""
    connection = duckdb.connect(str(database), read_only=True, config=_connection_config())
    try:
        for table in tables:
            out = marts_dir / table
            out.mkdir(parents=True)
            connection.execute(
                f"copy (select * from {MARTS_SCHEMA}.{_quote(table)}) "
                f"to {_literal(str(out / 'data_0.parquet'))} (format parquet, compression zstd)"
            )
            progress.update(1)
    finally:
        connection.close()


def _fsync_tree_read_only(root: Path) -> None:
    """fsync every file and directory under root, and make the files read-only (0444)."""
    for directory, _, files in os.walk(root):
        for name in files:
            path = Path(directory) / name
            path.chmod(0o444)
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
        _fsync_directory(Path(directory))


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _switch_current(publish_dir: Path, version: Path) -> None:
    """Point `current` at version atomically: a new symlink renamed onto the old one."""
    current = publish_dir / CURRENT_NAME
    if current.exists() and not current.is_symlink():
        raise PublishError(f"{current} exists and is not a symlink: move it away first")
    temporary = publish_dir / f".{CURRENT_NAME}-{version.name}-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(Path(VERSIONS_NAME) / version.name, temporary)
    os.replace(temporary, current)
    _fsync_directory(publish_dir)


def _remove_tree(path: Path) -> None:
    # the files are 0444; removing them needs write permission on their directory only
    for directory, _, _ in os.walk(path):
        Path(directory).chmod(0o755)
    shutil.rmtree(path, ignore_errors=True)


# struct flock on Linux: l_type, l_whence, (padding), l_start, l_len, l_pid, (padding)
_FLOCK = "hhxxxxqqixxxx"


def _open_by_a_reader(version: Path) -> bool:
    """Whether a process holds the version's DuckDB file open: DuckDB keeps a lock on the
    whole file while a connection is open (shared when read-only). Asked with F_GETLK, which
    takes no lock, so a reader opening the file meanwhile is never refused."""
    try:
        descriptor = os.open(version / DATABASE_NAME, os.O_RDONLY)
    except OSError:
        return False
    try:
        query = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(descriptor, fcntl.F_GETLK, query)
        return struct.unpack(_FLOCK, answer)[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        os.close(descriptor)


def prune(publish_dir: Path | str, keep: int) -> list[Path]:
    """Delete complete versions beyond the newest `keep`, never the current one nor one a
    reader in another process holds open (its listing view reads its Parquet file when queried:
    such a version goes at the first publication after it was closed); and leftover temporary
    directories (call under the publish lock). Returns what was removed."""
    publish_dir = Path(publish_dir)
    keep = max(1, keep)
    try:
        current = resolve_current(publish_dir)
    except FileNotFoundError:
        current = None
    versions = list_versions(publish_dir)
    removed = []
    for version in versions[: max(0, len(versions) - keep)]:
        if current is not None and version.resolve() == current:
            continue
        if _open_by_a_reader(version):
            continue
        _remove_tree(version)
        removed.append(version)
    for leftover in (publish_dir / VERSIONS_NAME).glob(TMP_PREFIX + "*"):
        _remove_tree(leftover)
        removed.append(leftover)
    for link in (publish_dir / VERSIONS_NAME).glob("*"):  # the final path of a crashed one
        if link.is_symlink():
            link.unlink()
            removed.append(link)
    for link in publish_dir.glob(f".{CURRENT_NAME}-*"):  # a switch interrupted by a crash
        link.unlink(missing_ok=True)
        removed.append(link)
    return removed


def publish(
    warehouse_path: Path | str,
    publish_dir: Path | str,
    keep: int | None = None,
    *,
    lock: bool = True,
    show_progress: bool | None = None,
) -> Path:
    """Publish the warehouse's marts as a new version and make it current; returns the new
    version directory. See the module docstring for the steps and the guarantees.

    keep: how many versions to keep for rollback (default env DVC_PUBLISH_KEEP, else 5).
    lock: take the warehouse's build lock shared while copying (False when the caller holds
    the build lock itself). show_progress: a progress bar (default: when stderr is a terminal).
    """
    from dvc_index.progress import progress_bar

    warehouse = Path(warehouse_path).resolve()
    publish_dir = Path(publish_dir).resolve()
    if keep is None:
        keep = int(os.environ.get("DVC_PUBLISH_KEEP") or DEFAULT_KEEP)
    if not warehouse.is_file():
        raise PublishError(f"no warehouse at {warehouse}: build it first")

    with _publish_lock(publish_dir):
        versions_dir = publish_dir / VERSIONS_NAME
        versions_dir.mkdir(parents=True, exist_ok=True)
        version_id = _new_version_id()
        while (versions_dir / version_id).exists():  # two publications in one microsecond
            time.sleep(0.001)
            version_id = _new_version_id()
        temporary = versions_dir / f"{TMP_PREFIX}{version_id}-{os.getpid()}"
        temporary.mkdir()
        final = versions_dir / version_id
        # the final path exists while the version is written, as a symlink (never listed), for
        # the views that read their Parquet by it
        os.symlink(temporary.name, final)
        try:
            read_lock = (
                warehouse_read_lock({"DVC_DUCKDB_PATH": str(warehouse)}) if lock else nullcontext()
            )
            current = publish_dir / CURRENT_NAME
            previous = current.resolve() if current.is_symlink() else None
            with read_lock:
                counts, views, partitioned = _copy_marts(warehouse, temporary, final, previous)
            marts = sorted(counts)
            tables = [mart for mart in marts if mart not in views]
            with progress_bar(
                total=len(tables), description="publish", unit="mart", enabled=show_progress
            ) as bar:
                _export_parquet(temporary / DATABASE_NAME, temporary / "marts", tables, bar)
            manifest = {
                "version": version_id,
                "published_at_utc": datetime.now(UTC).isoformat(timespec="seconds"),
                "warehouse": str(warehouse),
                "database": DATABASE_NAME,
                "marts": {
                    mart: {
                        "rows": counts[mart],
                        "stored": "parquet" if mart in views else "table",
                        **partitioned.get(mart, {}),
                    }
                    for mart in marts
                },
            }
            (temporary / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
            _fsync_tree_read_only(temporary)
            final.unlink()
            os.rename(temporary, final)
            _fsync_directory(versions_dir)
        except BaseException:
            if final.is_symlink():
                final.unlink()
            _remove_tree(temporary)
            raise
        _switch_current(publish_dir, final)
        prune(publish_dir, keep)
        return final


def rollback(publish_dir: Path | str, version: str | None = None) -> Path:
    """Point `current` at an older kept version: the one named, else the one before current."""
    publish_dir = Path(publish_dir).resolve()
    with _publish_lock(publish_dir):
        versions = list_versions(publish_dir)
        if version is not None:
            matches = [path for path in versions if path.name == version]
            if not matches:
                raise PublishError(f"no version {version} in {publish_dir / VERSIONS_NAME}")
            target = matches[0]
        else:
            current = resolve_current(publish_dir)
            older = [path for path in versions if path.name < current.name]
            if not older:
                raise PublishError("no older version to roll back to")
            target = older[-1]
        _switch_current(publish_dir, target)
        return target


# ---------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="the warehouse file (default: DVC_DUCKDB_PATH, else warehouse/dvc_index.duckdb)",
    )
    parser.add_argument(
        "--publish-dir",
        type=Path,
        default=None,
        help="where to publish (default: DVC_PUBLISH_DIR, else publish/)",
    )
    parser.add_argument(
        "--keep",
        type=int,
        default=None,
        help=f"versions kept for rollback (default: DVC_PUBLISH_KEEP, else {DEFAULT_KEEP})",
    )
    parser.add_argument(
        "--rollback",
        nargs="?",
        const="",
        metavar="VERSION",
        help="switch current back to VERSION (default: the version before current) and stop",
    )
    parser.add_argument("--list", action="store_true", help="list the kept versions and stop")
    return parser


def run(args: argparse.Namespace) -> int:
    publish_dir = args.publish_dir or publish_dir_from_env()
    if not publish_dir.is_absolute():
        publish_dir = PROJECT_ROOT / publish_dir
    if args.list:
        try:
            current = resolve_current(publish_dir)
        except FileNotFoundError:
            current = None
        for version in list_versions(publish_dir):
            print(f"{'*' if version == current else ' '} {version.name}")
        return 0
    try:
        if args.rollback is not None:
            target = rollback(publish_dir, args.rollback or None)
            print(f"current -> {target.name}")
            return 0
        warehouse = args.warehouse or Path(os.environ.get("DVC_DUCKDB_PATH") or DEFAULT_DUCKDB_PATH)
        if not warehouse.is_absolute():
            warehouse = PROJECT_ROOT / warehouse
        version = publish(warehouse, publish_dir, args.keep)
    except (BuildLockBusy, WarehouseBusy) as busy:
        print(f"error: {busy}: nothing published, try again after the build", file=sys.stderr)
        return 3
    except (PublishError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"published {version.name}: {publish_dir / CURRENT_NAME} -> {version}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
