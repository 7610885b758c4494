"""The foundation: a dirty generated zone builds green, every injected bad row is quarantined
under the rule it broke, and no personal data gets past staging."""

from __future__ import annotations

import hashlib
import hmac

import duckdb
from conftest import TEST_HMAC_KEY, BuiltZone

PII_COLUMNS = {
    "HoSo": ["ChuHoSo", "SoGiayToChuHoSo", "SoDienThoai", "Email"],
    "QuaTrinhXuLy": ["NguoiXuLy"],
}


def test_dirty_zone_builds_green(dirty_zone: BuiltZone) -> None:
    build = dirty_zone.build
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-2000:]
    assert "ERROR=0" in build.stdout


def test_reject_counts_equal_the_generator_manifest(dirty_zone: BuiltZone) -> None:
    expected = {
        (table, rule): count
        for table, rules in dirty_zone.manifest["rejects"].items()
        for rule, count in rules.items()
        if count
    }
    found = {
        (table, rule): count
        for table, rule, count in dirty_zone.query(
            "select raw_table, reject_rule, rejected_rows from marts.fct_quarantine_counts"
        )
    }
    assert sum(expected.values()) > 0, "the generator injected nothing"
    assert found == expected


def test_every_quarantined_row_points_at_its_file_and_row(dirty_zone: BuiltZone) -> None:
    rows = dirty_zone.query(
        """
        select source_file, source_row, record_key, reject_rule
        from staging.quarantine_dvcqg__dossiers
        order by source_file, source_row
        limit 25
        """
    )
    assert rows
    connection = duckdb.connect()
    for source_file, source_row, record_key, rule in rows:
        assert source_file.startswith(str(dirty_zone.raw_dir)), source_file
        (dossier_code,) = connection.execute(
            "select MaHoSo from read_parquet(?, file_row_number = true) where file_row_number = ?",
            [source_file, source_row - 1],
        ).fetchone()
        assert record_key == (dossier_code or ""), (rule, source_file, source_row)


def _pii_values(zone: BuiltZone) -> list[str]:
    connection = duckdb.connect()
    values: set[str] = set()
    for table, columns in PII_COLUMNS.items():
        for column in columns:
            found = connection.execute(
                f"select distinct cast({column} as varchar) "
                f"from read_parquet('{zone.raw_dir}/{table}/*.parquet') "
                f"where {column} is not null"
            ).fetchall()
            values.update(value for (value,) in found if value and len(value) >= 4)
    return sorted(values)


def test_no_personal_data_in_any_stored_relation(dirty_zone: BuiltZone) -> None:
    pii = _pii_values(dirty_zone)
    assert len(pii) > 1000, "expected the generator to fill names, IDs, phones and emails"
    connection = duckdb.connect(str(dirty_zone.database), read_only=True)
    try:
        connection.execute("create temp table pii as select unnest(?) as value", [pii])
        columns = connection.execute(
            """
            select table_schema, table_name, column_name
            from information_schema.columns
            where table_catalog != 'temp'
              and table_schema not in ('raw', 'information_schema', 'pg_catalog')
              and data_type = 'VARCHAR'
            """
        ).fetchall()
        schemas = {schema for schema, _, _ in columns}
        assert {"staging", "intermediate", "marts"} <= schemas
        leaks = []
        for schema, table, column in columns:
            (count,) = connection.execute(
                f'select count(*) from "{schema}"."{table}" as t '
                f'join pii on t."{column}" = pii.value'
            ).fetchone()
            if count:
                leaks.append(f"{schema}.{table}.{column}: {count}")
        assert not leaks, leaks
    finally:
        connection.close()


def test_applicant_id_is_an_hmac_under_the_environment_key(dirty_zone: BuiltZone) -> None:
    connection = duckdb.connect()
    samples = connection.execute(
        f"""
        select MaHoSo, SoGiayToChuHoSo
        from read_parquet('{dirty_zone.raw_dir}/HoSo/*.parquet')
        where SoGiayToChuHoSo is not null
        order by MaHoSo
        limit 200
        """
    ).fetchall()
    staged = dict(
        dirty_zone.query("select dossier_code, applicant_id_hmac from staging.stg_dvcqg__dossiers")
    )
    key = bytes.fromhex(TEST_HMAC_KEY)
    checked = 0
    for dossier_code, id_number in samples:
        if dossier_code in staged:
            expected = hmac.new(key, id_number.encode(), hashlib.sha256).hexdigest()
            assert staged[dossier_code] == expected
            assert staged[dossier_code] != hashlib.sha256(id_number.encode()).hexdigest()
            checked += 1
    assert checked > 50
