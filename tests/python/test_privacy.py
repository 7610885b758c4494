"""Privacy by construction (issue 13): a dirty zone with planted personal values, built, gated,
published and reported under a random key, leaves neither the key nor a planted value anywhere.

- The key and its HMAC pads (key XOR ipad / opad, hex in either case, and as bytes) occur in no
  file under target/, logs/, reports/, the warehouse directory or the publish directory.
- No planted value (names, 9- and 12-digit ID numbers, phones, emails; in their own columns and
  in wrong ones) occurs in any stored relation of the warehouse outside the raw schema's views
  over the files, in the published copy, or in reports/.
- The applicant hash is Python's hmac.new(key, id, sha256), with the key id beside it.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import html
import os
import re
import secrets
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import generate_zone

from dvc_index.common import PROJECT_ROOT, dvc_environment, run_dbt
from dvc_index.privacy import ensure_key_file, mask_personal, mask_personal_sql


@dataclass
class PrivacyRun:
    workdir: Path
    key_hex: str
    planted: dict[str, str]
    valid_code: str
    build: subprocess.CompletedProcess

    @property
    def database(self) -> Path:
        return self.workdir / "warehouse" / "dvc.duckdb"


def _digits(count: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(count))


def _planted_values() -> dict[str, str]:
    tag = secrets.token_hex(3)
    return {
        "name_vi": "Phạm Thị Hồng Nhung",
        "name_ascii": f"Nguyen Van Plantedname{tag}",
        "name_handler": f"Tran Quoc Handler{tag}",
        "id12": "0" + _digits(11),
        "id12_in_timestamp": "0" + _digits(11),
        "id9_in_code": "3" + _digits(8),
        "id9_in_step": "2" + _digits(8),
        "phone": "09" + _digits(8),
        "phone_spaced": f"091 {_digits(3)} {_digits(4)}",
        "phone_in_code": f"+84 9{_digits(2)} {_digits(3)} {_digits(3)}",
        "email": f"planted.{tag}@example.vn",
        "email_in_unit": f"wrong.{tag}@mail.example.com",
    }


def _plant(raw_dir: Path, planted: dict[str, str]) -> str:
    """Write planted rows as CSV files beside the generated Parquet; returns the valid dossier's
    code (the row whose personal fields are in their own columns)."""
    connection = duckdb.connect()
    template = connection.execute(
        f"select * from read_parquet('{raw_dir}/HoSo/*.parquet') "
        'where "MaHoSoGoc" is null and "TrangThaiHoSo" = \'10\' limit 1'
    ).fetchdf()
    steps = connection.execute(
        f"select * from read_parquet('{raw_dir}/QuaTrinhXuLy/*.parquet') limit 1"
    ).fetchdf()
    connection.close()
    row = template.iloc[0].to_dict()
    prefix = row["MaHoSo"].rsplit("-", 1)[0]
    valid_code = f"{prefix}-9901"
    variants = [
        # personal fields in their own columns: a valid dossier
        {
            "MaHoSo": valid_code,
            "ChuHoSo": planted["name_vi"],
            "SoGiayToChuHoSo": planted["id12"],
            "SoDienThoai": planted["phone_spaced"],
            "Email": planted["email"],
        },
        # in wrong columns: a timestamp, a unit code, a coded column, the dossier code
        {"MaHoSo": f"{prefix}-9902", "NgayNopHoSo": planted["id12_in_timestamp"]},
        {"MaHoSo": f"{prefix}-9903", "MaDonVi": planted["email_in_unit"]},
        {"MaHoSo": f"{prefix}-9904", "LoaiDoiTuong": planted["phone_in_code"]},
        {"MaHoSo": f"{prefix}-9905", "MaDonVi": planted["name_ascii"]},
        {"MaHoSo": planted["id9_in_code"], "ChuHoSo": planted["name_ascii"]},
        {
            "MaHoSo": f"{prefix}-9906",
            "SoDienThoai": planted["phone"],
            "MaLinhVuc": planted["phone"],
        },
    ]
    (raw_dir / "HoSo" / "planted.csv").write_text(
        _csv([{**row, **change} for change in variants], list(template.columns))
    )
    step = steps.iloc[0].to_dict()
    step_rows = [
        {
            **step,
            "MaHoSo": valid_code,
            "NguoiXuLy": planted["name_handler"],
            "NoiDungXuLy": f"Gọi {planted['phone']} cho bà {planted['name_vi']}",
        },
        {**step, "MaHoSo": valid_code, "ThoiDiemXuLy": planted["id9_in_step"], "TrangThai": "4"},
    ]
    (raw_dir / "QuaTrinhXuLy" / "planted.csv").write_text(_csv(step_rows, list(steps.columns)))
    return valid_code


def _csv(rows: list[dict], columns: list[str]) -> str:
    from io import StringIO

    out = StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return out.getvalue()


@pytest.fixture(scope="module")
def privacy_run(tmp_path_factory: pytest.TempPathFactory) -> PrivacyRun:
    workdir = tmp_path_factory.mktemp("privacy")
    raw_dir = workdir / "raw"
    generate_zone(raw_dir, 1_500, 31, 0.02)
    planted = _planted_values()
    valid_code = _plant(raw_dir, planted)
    key_hex = secrets.token_hex(32)
    env = dvc_environment(
        {
            "DVC_RAW_DIR": raw_dir,
            "DVC_DUCKDB_PATH": workdir / "warehouse" / "dvc.duckdb",
            "DVC_DUCKDB_TEMP_DIR": workdir / "warehouse" / "tmp",
            "DVC_HMAC_KEY": key_hex,
            "DVC_REPORTS_DIR": workdir / "reports",
            "DVC_PUBLISH_DIR": workdir / "publish",
            "DBT_LOG_PATH": workdir / "logs",
        }
    )
    validate = [sys.executable, "-m", "dvc_index.gate.validate", "--stage"]
    # the raw gate may fail on the planted rows: its reports are what is checked here
    subprocess.run([*validate, "raw"], env=env, cwd=PROJECT_ROOT, capture_output=True, check=False)
    build = run_dbt(["build"], env, target_path=workdir / "target", capture=True)
    assert build.returncode == 0, build.stdout[-4000:]
    subprocess.run(
        [*validate, "marts"], env=env, cwd=PROJECT_ROOT, capture_output=True, check=False
    )
    from dvc_index.publish import publish

    publish(workdir / "warehouse" / "dvc.duckdb", workdir / "publish", keep=2, show_progress=False)
    report = subprocess.run(
        [sys.executable, "-m", "dvc_index_cli", "report", "--unit", "VN"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    (workdir / "reports" / "report.txt").write_text(report.stdout + report.stderr)
    return PrivacyRun(workdir, key_hex, planted, valid_code, build)


def _key_forms(key_hex: str) -> list[bytes]:
    key = bytes.fromhex(key_hex)
    block = key.ljust(64, b"\0")
    forms = []
    for material in (key, bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)):
        forms += [material.hex().encode(), material.hex().upper().encode(), material]
    return forms


def _files(run: PrivacyRun) -> list[Path]:
    roots = ["target", "logs", "reports", "warehouse", "publish"]
    files = [p for root in roots for p in (run.workdir / root).rglob("*") if p.is_file()]
    assert any(p.name == "partial_parse.msgpack" for p in files)
    assert any(p.suffix == ".log" for p in files)
    return files


def test_the_key_is_in_no_file_the_build_leaves(privacy_run: PrivacyRun) -> None:
    forms = _key_forms(privacy_run.key_hex)
    leaks = []
    for path in _files(privacy_run):
        content = path.read_bytes()
        leaks += [f"{path.relative_to(privacy_run.workdir)}" for form in forms if form in content]
    assert not leaks, sorted(set(leaks))


def _text_forms(content: bytes) -> str:
    text = content.decode("utf-8", "replace")
    unescaped = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text) + "\n" + html.unescape(unescaped)


def test_no_planted_value_in_reports(privacy_run: PrivacyRun) -> None:
    files = [p for p in (privacy_run.workdir / "reports").rglob("*") if p.is_file()]
    assert any("data-docs" in p.parts for p in files), "the raw gate wrote no Data Docs"
    leaks = []
    for path in files:
        text = _text_forms(path.read_bytes())
        leaks += [(path.name, k) for k, v in privacy_run.planted.items() if v in text]
    assert not leaks, leaks


def _relation_leaks(
    connection: duckdb.DuckDBPyConnection, relations: list[str], planted: dict[str, str]
) -> list[tuple[str, str]]:
    """(relation, planted value's name) for every planted value found in a relation's rows
    (each row as text: every column), one scan per relation."""
    names = list(planted)
    counts = ", ".join(f"count(*) filter (where contains(s, ${n + 1}))" for n in range(len(names)))
    leaks = []
    for relation in relations:
        row = connection.execute(
            f"select {counts} from (select cast(t as varchar) as s from {relation} as t)",
            [planted[name] for name in names],
        ).fetchone()
        leaks += [(relation, name) for name, hits in zip(names, row, strict=True) if hits]
    return leaks


def test_no_planted_value_in_the_warehouse(privacy_run: PrivacyRun) -> None:
    connection = duckdb.connect(str(privacy_run.database), read_only=True)
    relations = [
        f'"{schema}"."{name}"'
        for schema, name in connection.execute(
            "select schema_name, table_name from duckdb_tables() "
            "union all select schema_name, view_name from duckdb_views() "
            "where not internal and schema_name not in ('raw', 'main', 'information_schema', "
            "'pg_catalog')"
        ).fetchall()
    ]
    assert '"staging"."checked_dvcqg__dossiers"' in relations
    # the planted rows did reach the warehouse: quarantined, or staged under their hash
    assert _relation_leaks(connection, relations, privacy_run.planted) == []
    planted_rows = (
        "select count(*) from staging.quarantine_dvcqg__dossiers where source_file like ?"
    )
    assert connection.execute(planted_rows, ["%planted%"]).fetchone()[0] >= 5


def test_no_planted_value_in_the_published_copy(privacy_run: PrivacyRun) -> None:
    current = privacy_run.workdir / "publish" / "current"
    database = next(current.glob("*.duckdb"))
    connection = duckdb.connect(str(database), read_only=True)
    relations = [
        f'"{schema}"."{name}"'
        for schema, name in connection.execute(
            "select schema_name, table_name from duckdb_tables()"
        ).fetchall()
    ]
    relations += [f"read_parquet('{p}')" for p in current.rglob("*.parquet")]
    assert len(relations) > 5
    assert _relation_leaks(connection, relations, privacy_run.planted) == []


def test_the_applicant_hash_is_the_hmac_under_the_key_with_its_id(privacy_run: PrivacyRun) -> None:
    connection = duckdb.connect(str(privacy_run.database), read_only=True)
    row = connection.execute(
        "select applicant_id_hmac, applicant_id_key_id from staging.stg_dvcqg__dossiers "
        "where dossier_code = ?",
        [privacy_run.valid_code],
    ).fetchone()
    key = bytes.fromhex(privacy_run.key_hex)
    expected = hmac.new(key, privacy_run.planted["id12"].encode(), hashlib.sha256).hexdigest()
    assert row == (expected, hmac.new(key, b"dvc-index key id", hashlib.sha256).hexdigest()[:16])


def test_what_the_build_writes_is_private(privacy_run: PrivacyRun) -> None:
    """umask 0077 for the build: no file or directory it wrote is open to group or others."""
    roots = ["target", "logs", "reports", "warehouse"]
    paths = [p for root in roots for p in (privacy_run.workdir / root).rglob("*")]
    assert len(paths) > 20
    opened = [str(p.relative_to(privacy_run.workdir)) for p in paths if p.stat().st_mode & 0o077]
    assert not opened, opened[:10]


def test_quarantine_and_raw_gate_mask_alike(privacy_run: PrivacyRun) -> None:
    """The SQL macro (quarantine details) and the Python rule (raw gate) mask the same way."""
    planted = privacy_run.planted
    connection = duckdb.connect(str(privacy_run.database), read_only=True)
    details = dict(
        connection.execute(
            "select reject_rule || ':' || record_key, reject_detail "
            "from staging.quarantine_dvcqg__dossiers where source_file like '%planted%'"
        ).fetchall()
    )
    prefix = privacy_run.valid_code.rsplit("-", 1)[0]
    expected = {
        f"unparseable_timestamp:{prefix}-9902": f"NgayNopHoSo={planted['id12_in_timestamp']}",
        f"unknown_unit:{prefix}-9903": f"MaDonVi={planted['email_in_unit']}",
        f"unknown_code:{prefix}-9904": f"LoaiDoiTuong={planted['phone_in_code']}",
        f"unknown_unit:{prefix}-9905": f"MaDonVi={planted['name_ascii']}",
    }
    for key, detail in expected.items():
        assert details[key] == mask_personal(detail), (key, details)
    assert "<phone>" in details[f"unknown_code:{prefix}-9904"]
    # the rule's own: a 9-digit ID number as MaHoSo, and a phone as MaLinhVuc
    rules = connection.execute(
        "select count(*) from staging.quarantine_dvcqg__dossiers "
        "where source_file like '%planted%' and reject_rule = 'personal_identifier'"
    ).fetchone()[0]
    assert rules == 2
    gate = (privacy_run.workdir / "reports" / "validation" / "raw.json").read_text()
    assert mask_personal(planted["phone_in_code"]) in gate


SAMPLES = [
    "0912 345 678",
    "+84 912 345 678",
    "(028) 3823 4567",
    "079123456789",
    "a.b-c@mail.example.vn",
    "Nguyễn Văn An",
    "Tran Quoc Bao",
    "NgayNopHoSo=20261315083000",
    "MaDonVi=H56.14",
    "H02.008-250319-0000",
    "1.003560.000.00.00.H56",
    "MaLinhVuc=BGDĐT03",
    "MaHoSo, ThoiDiemXuLy or TrangThai is empty",
    "x" * 200,
]


def test_python_and_duckdb_masks_agree() -> None:
    connection = duckdb.connect()
    for sample in SAMPLES:
        sql = mask_personal_sql("$1")
        assert connection.execute(f"select {sql}", [sample]).fetchone()[0] == mask_personal(sample)
    assert mask_personal("0912 345 678") == "<phone>"
    assert mask_personal("H02.008-250319-0000") == "H02.008-250319-0000"
    assert len(mask_personal("x" * 200)) == 80


def test_key_file_is_created_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        key = ensure_key_file(tmp_path / ".hmac_key")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / ".hmac_key").stat().st_mode) == 0o600
    assert len(bytes.fromhex(key)) == 32
    assert ensure_key_file(tmp_path / ".hmac_key") == key
