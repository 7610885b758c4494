"""The demo zone's files have the contract's tables, columns and types (parsed from
raw_schema.md), and the embedded provinces are the shared CSVs."""

from __future__ import annotations

import csv
import re

import pytest
from generate_raw_helpers import _shared_dir, connect

from dvc_index.demo.reference_data import PROVINCES_2025, PROVINCES_BEFORE_2025
from dvc_index.demo.sql import _column_type
from dvc_index.demo.tables import NUMBER_COLUMNS, TABLE_COLUMNS


def test_contract_parsed_as_expected(contract):
    tables, numbers = contract
    assert len(tables) == 16
    assert tables["HoSo"][:3] == ["MaHoSo", "MaHoSoGoc", "MaTTHC"]
    assert "SoDienThoai" in tables["HoSo"] and "Email" in tables["HoSo"]
    assert numbers == NUMBER_COLUMNS


def test_generator_columns_are_the_contract(contract):
    tables, _ = contract
    assert tables == TABLE_COLUMNS


def test_files_have_contract_columns_and_types(clean_dir, contract):
    tables, numbers = contract
    con = connect(clean_dir)
    for table, cols in tables.items():
        files = sorted((clean_dir / table).glob("part-*.parquet"))
        assert files, table
        assert all(re.fullmatch(r"part-\d{4}\.parquet", f.name) for f in files)
        desc = con.execute(f"DESCRIBE {table}").fetchall()
        assert [d[0] for d in desc] == cols, table
        for col, typ, *_ in desc:
            assert typ == _column_type(col), (table, col, typ)
            assert (col in numbers) == (typ != "VARCHAR"), (table, col, typ)


def test_embedded_provinces_match_shared_csvs():
    data = _shared_dir("data")
    if data is None:
        pytest.skip("shared/data not found")
    with open(data / "provinces_2025.csv", encoding="utf-8") as fh:
        current = [
            (r["gso_code"], r["name"], r["kind"], r["dvcqg_code"], r["merged_from_gso_codes"])
            for r in csv.DictReader(fh)
        ]
    assert current == [tuple(p) for p in PROVINCES_2025]
    with open(data / "provinces_before_2025.csv", encoding="utf-8") as fh:
        former = [(r["gso_code"], r["name"], r["successor_gso_code"]) for r in csv.DictReader(fh)]
    assert former == [p[:3] for p in PROVINCES_BEFORE_2025]


# --------------------------------------------------------------------------------------------
# clean data breaks no rule of seeds/reject_rules.csv
# --------------------------------------------------------------------------------------------
