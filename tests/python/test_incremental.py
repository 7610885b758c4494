"""Incremental runs give exactly what a full refresh gives.

A generated zone (2 % bad rows) is cut by load time (NapLuc) into an initial zone and three later
batches (dvc_index.demo.zone_batches), and a fourth, hand-made batch re-pushes dossiers so that they
move to another unit and an earlier month, closes open dossiers with a new status-10 step and
deletes submitted components (IsDeleted = 1). The warehouse is built in full on the initial zone,
then each batch is appended to the landing zone and `dbt run` refreshes incrementally, with as_of
moving forward each time (one run's as_of leaves some of its batch's rows for the next run). At
the end every relation of staging, intermediate and marts must equal, row for row, a full build
of the final landing zone at the final as_of.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from conftest import build_zone, generate_zone

from dvc_index.demo.zone_batches import apply_batch, hold_back
from dvc_index.publish import DATABASE_NAME, MANIFEST_NAME, publish

# the batch cut-offs (NapLuc, Vietnam local time) and the as_of of each run after them
CUTOFFS = ["2026-06-30 23:59:59", "2026-08-15 00:00:00", "2026-09-20 00:00:00"]
AS_OF = [
    "2026-07-01 00:00:00",  # full build of the initial zone
    "2026-08-10 00:00:00",  # batch 1; rows loaded 10–15 August wait for the next run
    "2026-09-20 00:00:00",  # batch 2
    "2026-10-01 00:00:00",  # batch 3 (everything loaded after 20 September)
    "2026-10-02 12:00:00",  # the hand-made re-pushes
]
REPUSH_LOADED_AT = "2026-10-02T08:00:00+07:00"
MOVED_DOSSIERS = 12
CLOSED_DOSSIERS = 10
DELETED_COMPONENTS = 10

# columns that say when or from what a row was written, not what it says
# (evaluated_as_of: the as_of of the run that last wrote the row)
BOOKKEEPING_COLUMNS = {
    "refreshed_at",
    "evaluated_as_of",
    "previous_unit_code",
    "previous_received_at",
}


def write_repush_batch(zone: Path, batch_dir: Path) -> dict[str, list[str]]:
    """Hand-made re-pushes over the zone's latest valid rows; returns the dossier codes touched."""
    con = duckdb.connect()
    hoso = f"read_parquet('{zone}/HoSo/*.parquet', union_by_name = true)"
    latest = f"""
        select * from {hoso}
        where try_strptime("NgayTiepNhan", '%Y%m%d%H%M%S') is not null
          and "MaHoSoGoc" is null
        qualify row_number() over (partition by "MaHoSo" order by "NapLuc" desc, "MaTTHC") = 1
    """
    con.execute(f"create table latest as {latest}")
    # move: another unit (one that other dossiers use) and received 40 days earlier
    con.execute(f"""
        create table moved as
        select * replace (
            (select "MaDonVi" from latest where "MaDonVi" <> l."MaDonVi" order by "MaHoSo" limit 1)
                as "MaDonVi",
            strftime(strptime("NgayTiepNhan", '%Y%m%d%H%M%S') - interval 40 day, '%Y%m%d%H%M%S')
                as "NgayTiepNhan",
            strftime(strptime(coalesce("NgayNopHoSo", "NgayTiepNhan"), '%Y%m%d%H%M%S')
                - interval 40 day, '%Y%m%d%H%M%S') as "NgayNopHoSo",
            '{REPUSH_LOADED_AT}' as "NapLuc"
        )
        from latest as l
        where "TrangThaiHoSo" in ('9', '10') and "NgayTiepNhan" >= '20260301'
        order by hash("MaHoSo")
        limit {MOVED_DOSSIERS}
    """)
    # close: an open dossier gets its result returned (a new step, status 10)
    con.execute(f"""
        create table closed as
        select "MaHoSo" from latest
        where "TrangThaiHoSo" in ('2', '4') and "NgayTiepNhan" < '20260920'
          and "MaHoSo" not in (select "MaHoSo" from moved)
        order by hash("MaHoSo", 1)
        limit {CLOSED_DOSSIERS}
    """)
    steps = f"read_parquet('{zone}/QuaTrinhXuLy/*.parquet', union_by_name = true)"
    con.execute(f"""
        create table closing_steps as
        select * replace (
            '20261001100000' as "ThoiDiemXuLy",
            '10' as "TrangThai",
            '{REPUSH_LOADED_AT}' as "NapLuc"
        )
        from {steps}
        where "MaHoSo" in (select "MaHoSo" from closed)
        qualify row_number() over (partition by "MaHoSo" order by "ThoiDiemXuLy" desc) = 1
    """)
    # delete: a submitted component withdrawn by a later push
    documents = f"read_parquet('{zone}/TaiLieuNop/*.parquet', union_by_name = true)"
    con.execute(f"""
        create table deleted_documents as
        select * replace ('1' as "IsDeleted", '{REPUSH_LOADED_AT}' as "NapLuc")
        from {documents}
        where "IsDeleted" = '0'
          and ("DuocSoHoa" = '1' or nullif("DuongDanTaiTepTin", '') is not null)
          and "MaHoSo" in (select "MaHoSo" from latest)
        qualify row_number() over (partition by "MaHoSo" order by "TepDinhKemId") = 1
        order by hash("MaHoSo", 2)
        limit {DELETED_COMPONENTS}
    """)
    # re-point: a petition re-pushed about another dossier (one without petitions), so the
    # dossier it left and the one it names now both change, and no other dossier does
    petitions = f"read_parquet('{zone}/PhanAnhKienNghi/*.parquet', union_by_name = true)"
    con.execute(f"""
        create table repointed_petition as
        select * replace (
            (select "MaHoSo" from latest
             where "MaHoSo" not in (select "MaHoSo" from {petitions} where "MaHoSo" is not null)
               and "MaHoSo" not in (select "MaHoSo" from moved)
               and "MaHoSo" not in (select "MaHoSo" from closed)
             order by hash("MaHoSo", 3) limit 1) as "MaHoSo",
            '{REPUSH_LOADED_AT}' as "NapLuc"
        )
        from {petitions}
        where "MaHoSo" in (select "MaHoSo" from latest)
          and "MaHoSo" not in (select "MaHoSo" from moved)
          and "MaHoSo" not in (select "MaHoSo" from closed)
          and try_strptime("NgayGui", '%Y%m%d%H%M%S') is not null
          and try_strptime("NgayTiepNhan", '%Y%m%d%H%M%S') is not null
        qualify row_number() over (partition by "MaPAKN" order by "NapLuc" desc) = 1
        order by hash("MaPAKN", 4)
        limit 1
    """)
    con.execute(f"""
        create table repointed_dossiers as
        select "MaHoSo" from repointed_petition
        union all
        select "MaHoSo" from {petitions}
        where "MaPAKN" = (select "MaPAKN" from repointed_petition)
        qualify row_number() over (order by "NapLuc" desc) = 1
    """)
    written = {}
    for table, relation in [
        ("HoSo", "moved"),
        ("QuaTrinhXuLy", "closing_steps"),
        ("TaiLieuNop", "deleted_documents"),
        ("PhanAnhKienNghi", "repointed_petition"),
    ]:
        folder = batch_dir / table
        folder.mkdir(parents=True, exist_ok=True)
        con.execute(f"copy {relation} to '{folder / 'batch-9000.parquet'}' (format parquet)")
        written[table] = sorted(
            row[0] for row in con.execute(f'select distinct "MaHoSo" from {relation}').fetchall()
        )
    written["repointed"] = sorted(
        row[0] for row in con.execute('select "MaHoSo" from repointed_dossiers').fetchall()
    )
    con.close()
    assert len(written["repointed"]) == 2 and len(set(written["repointed"])) == 2
    assert len(written["HoSo"]) == MOVED_DOSSIERS
    assert len(written["QuaTrinhXuLy"]) == CLOSED_DOSSIERS
    assert len(written["TaiLieuNop"]) == DELETED_COMPONENTS
    return written


def relations(database: Path) -> list[tuple[str, str]]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute("""
            select table_schema, table_name from information_schema.tables
            where table_schema in ('staging', 'intermediate', 'marts')
            order by 1, 2
        """).fetchall()
    finally:
        con.close()


def differences(incremental: Path, full: Path, schema: str, table: str) -> tuple[int, int, int]:
    """(rows only in the incremental build, rows only in the full build, full row count). Each
    side is read in its own database (views name their database) and compared as Parquet
    copies, exactly: every figure, doubles included, must have the same bits (sums that are
    shown do not depend on the order of addition: whole seconds for 2.2, decimal roll-ups)."""
    copies = []
    for database in (incremental, full):
        con = duckdb.connect(str(database), read_only=True)
        try:
            columns = [
                name
                for (name,) in con.execute(
                    """
                    select column_name from information_schema.columns
                    where table_schema = ? and table_name = ? order by ordinal_position
                    """,
                    [schema, table],
                ).fetchall()
                if name not in BOOKKEEPING_COLUMNS
            ]
            select_list = ", ".join(f'"{name}"' for name in columns)
            copy = database.parent / f"compare-{schema}-{table}.parquet"
            relation = f'"{schema}"."{table}"'
            con.execute(f"copy (select {select_list} from {relation}) to '{copy}' (format parquet)")
            copies.append(copy)
        finally:
            con.close()
    con = duckdb.connect()
    try:
        inc, ful = (f"read_parquet('{copy}')" for copy in copies)
        only_inc = con.execute(
            f"select count(*) from (select * from {inc} except all select * from {ful})"
        ).fetchone()[0]
        only_full = con.execute(
            f"select count(*) from (select * from {ful} except all select * from {inc})"
        ).fetchone()[0]
        total = con.execute(f"select count(*) from {ful}").fetchone()[0]
    finally:
        con.close()
        for copy in copies:
            copy.unlink(missing_ok=True)
    return only_inc, only_full, total


LISTING_FINGERPRINT = "select count(*), sum(hash(t)), bit_xor(hash(t)) from {listing} as t"


def publish_listing(database: Path, publish_dir: Path) -> dict:
    """Publish after a run: the published dossier listing (partitions linked from the previous
    version when their signature did not change) and the warehouse's view, fingerprinted."""
    version = publish(database, publish_dir, keep=2, show_progress=False)
    con = duckdb.connect()
    try:
        con.execute(f"attach '{database}' as {database.stem} (read_only)")
        con.execute(f"attach '{version / DATABASE_NAME}' as pub (read_only)")
        fingerprints = [
            con.execute(
                LISTING_FINGERPRINT.format(listing=f"{db}.marts.fct_points_lost_dossiers")
            ).fetchone()
            for db in (database.stem, "pub")
        ]
    finally:
        con.close()
    manifest = json.loads((version / MANIFEST_NAME).read_text())
    entry = manifest["marts"]["fct_points_lost_dossiers"]
    return {
        "warehouse": fingerprints[0],
        "published": fingerprints[1],
        "reused": entry["partitions_reused"],
        "partitions": len(entry["partitions"]),
    }


@pytest.fixture(scope="module")
def incremental_and_full(tmp_path_factory: pytest.TempPathFactory) -> dict:
    workdir = tmp_path_factory.mktemp("incremental")
    source = workdir / "source"
    generate_zone(source, 6_000, 23, 0.02)
    zone, batches = workdir / "zone", workdir / "batches"
    counts = hold_back(source, zone, batches, CUTOFFS)
    assert all(batch["rows"].get("HoSo", 0) > 0 for batch in counts), counts

    inc_dir = workdir / "inc"
    runs, listings = [], []
    build_zone(zone, inc_dir, ("seed",), DVC_AS_OF=AS_OF[0])
    database, result = build_zone(zone, inc_dir, ("run",), DVC_AS_OF=AS_OF[0])
    runs.append(result)
    listings.append(publish_listing(database, workdir / "publish"))
    for k in (1, 2, 3):
        apply_batch(batches, k, zone)
        database, result = build_zone(zone, inc_dir, ("run",), DVC_AS_OF=AS_OF[k])
        runs.append(result)
        listings.append(publish_listing(database, workdir / "publish"))
    repush_dir = workdir / "repush"
    touched = write_repush_batch(zone, repush_dir)
    for folder in repush_dir.iterdir():
        target = zone / folder.name
        for file in folder.iterdir():
            (target / file.name).write_bytes(file.read_bytes())
    database, result = build_zone(zone, inc_dir, ("run",), DVC_AS_OF=AS_OF[4])
    runs.append(result)
    listings.append(publish_listing(database, workdir / "publish"))

    build_zone(zone, workdir / "full", ("seed",), DVC_AS_OF=AS_OF[4])
    full_database, full_result = build_zone(zone, workdir / "full", ("run",), DVC_AS_OF=AS_OF[4])
    return {
        "runs": runs,
        "incremental": database,
        "full": full_database,
        "full_result": full_result,
        "touched": touched,
        "counts": counts,
        "listings": listings,
    }


def test_every_run_succeeds(incremental_and_full: dict) -> None:
    for result in [*incremental_and_full["runs"], incremental_and_full["full_result"]]:
        assert result.returncode == 0, result.stdout[-4000:]


def test_runs_were_incremental(incremental_and_full: dict) -> None:
    """The later runs did not rebuild: rows written by the first run are still there, and no
    run said it had to rebuild in full."""
    for result in incremental_and_full["runs"][1:]:
        assert "cannot follow this change" not in result.stdout
    con = duckdb.connect(str(incremental_and_full["incremental"]), read_only=True)
    try:
        tables = ("staging.checked_dvcqg__processing_steps", "intermediate.int_dossiers_enriched")
        for table in tables:
            stamps = con.execute(f"select count(distinct refreshed_at) from {table}").fetchone()[0]
            assert stamps >= 3, (table, stamps)
        untouched = con.execute("""
            select count(*) from intermediate.int_dossiers_enriched
            where refreshed_at = (select min(refreshed_at) from intermediate.int_dossiers_enriched)
        """).fetchone()[0]
        total = con.execute("select count(*) from intermediate.int_dossiers_enriched").fetchone()[0]
        assert 0 < untouched < total
    finally:
        con.close()


def test_repushes_took_effect(incremental_and_full: dict) -> None:
    """The hand-made batch really moved, closed and stripped dossiers (else equality proves
    little)."""
    touched = incremental_and_full["touched"]
    con = duckdb.connect(str(incremental_and_full["incremental"]), read_only=True)
    try:
        moved = con.execute(
            """
            select count(*) from intermediate.int_dossiers_enriched
            where dossier_code in (select unnest(?))
              and previous_unit_code is not null
              and (previous_unit_code <> unit_code
                   or date_trunc('month', previous_received_at) <> date_trunc('month', received_at))
            """,
            [touched["HoSo"]],
        ).fetchone()[0]
        assert moved == MOVED_DOSSIERS
        closed = con.execute(
            """
            select count(*) from intermediate.int_dossiers_enriched
            where dossier_code in (select unnest(?)) and is_completed
            """,
            [touched["QuaTrinhXuLy"]],
        ).fetchone()[0]
        assert closed == CLOSED_DOSSIERS
        deleted = con.execute(
            """
            select count(*) from staging.stg_dvcqg__submitted_documents
            where dossier_code in (select unnest(?)) and is_deleted
              and loaded_at = timestamp '2026-10-02 08:00:00'
            """,
            [touched["TaiLieuNop"]],
        ).fetchone()[0]
        assert deleted == DELETED_COMPONENTS
    finally:
        con.close()


def test_only_dossiers_whose_petitions_changed_are_refreshed(incremental_and_full: dict) -> None:
    """Petitions are rebuilt every run; the last run recomputed the two dossiers the re-pointed
    petition left and now names, not every dossier that has a petition."""
    repointed = incremental_and_full["touched"]["repointed"]
    staged = " union ".join(
        f"select dossier_code from staging.stg_dvcqg__{name} where refreshed_at = {{last_run}}"
        for name in (
            "dossiers",
            "processing_steps",
            "supplement_requests",
            "submitted_documents",
            "result_documents",
            "fee_lines",
            "ratings",
        )
    )
    con = duckdb.connect(str(incremental_and_full["incremental"]), read_only=True)
    try:
        last_run = "(select max(refreshed_at) from intermediate.int_dossiers_enriched)"
        refreshed = con.execute(
            f"""
            select dossier_code from intermediate.int_dossiers_enriched
            where dossier_code in (select unnest(?)) and refreshed_at = {last_run}
            """,
            [repointed],
        ).fetchall()
        assert len(refreshed) == 2, refreshed
        # a dossier with petitions and no staged row written by the last run, whose events all
        # precede the earlier as_of: not recomputed by the last run
        with_petitions, refreshed_anyway = con.execute(
            f"""
            select
                count(*),
                count(*) filter (where refreshed_at = {last_run})
            from intermediate.int_dossiers_enriched
            where petitions_fingerprint is not null
              and dossier_code not in (select unnest(?))
              and dossier_code not in ({staged.format(last_run=last_run)})
              and last_event_at <= timestamp '{AS_OF[3]}'
            """,
            [repointed],
        ).fetchone()
        assert with_petitions > 10
        assert refreshed_anyway == 0
    finally:
        con.close()


def test_incremental_equals_full_refresh(incremental_and_full: dict) -> None:
    incremental, full = incremental_and_full["incremental"], incremental_and_full["full"]
    assert relations(incremental) == relations(full)
    compared, mismatched = 0, []
    for schema, table in relations(full):
        only_inc, only_full, total = differences(incremental, full, schema, table)
        compared += 1
        if only_inc or only_full:
            mismatched.append(
                f"{schema}.{table}: {only_inc} only incremental, {only_full} only full"
            )
    assert not mismatched, "\n".join(mismatched)
    assert compared > 60
    # the marts are not empty: the comparison has something to compare
    _, _, scores = differences(incremental, full, "marts", "fct_indicator_scores")
    assert scores > 1000


def test_published_listing_equals_the_warehouse_after_every_run(incremental_and_full: dict) -> None:
    """After every run the publication links the listing's periods whose signature did not
    change and writes the others: the published listing is the warehouse's, row for row."""
    listings = incremental_and_full["listings"]
    for number, listing in enumerate(listings):
        assert listing["warehouse"][0] > 0
        assert listing["published"] == listing["warehouse"], number
    assert listings[0]["reused"] == 0
    # the later runs touched some periods only (they move as_of: the periods still open then
    # are judged anew), so some periods were linked and some written
    assert all(0 < listing["reused"] < listing["partitions"] for listing in listings[1:])
