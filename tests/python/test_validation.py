"""The data-quality gate (dvc_index.gate): clean data passes, every injected
fault is caught by the expectation meant for it with the right count, structural problems and
corrupted marts fail the gate, and the marts are never read while a build holds the lock."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import BuiltZone, build_zone, generate_zone

from dvc_index import pipeline
from dvc_index.common import PROJECT_ROOT, BuildLockBusy, build_lock, build_lock_path
from dvc_index.gate import validate
from dvc_index.gate.config import THRESHOLDS_FILE, load_thresholds
from dvc_index.gate.contract import CODE_LISTS, TABLES
from dvc_index.gate.suites import marts as marts_suite

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def run_gate(stage: str, reports: Path, *args: str) -> tuple[int, dict]:
    """dvc_index.gate.validate in-process (no Data Docs); returns the exit code and the summary."""
    code = validate.main(["--stage", stage, "--reports-dir", str(reports), "--no-docs", *args])
    return code, json.loads((reports / "validation" / f"{stage}.json").read_text())


def counts(summary: dict) -> dict[tuple[str, str, str | None], int]:
    """(batch, rule, column) → unexpected rows, for the row-level expectations."""
    found: dict[tuple[str, str, str | None], int] = {}
    for e in summary["expectations"]:
        if e["unexpected_count"] is not None:
            key = (e["batch"], e["rule"], e["column"])
            found[key] = found.get(key, 0) + e["unexpected_count"]
    return found


def by_rule(summary: dict) -> dict[tuple[str, str], int]:
    """(batch, rule) → unexpected rows summed over the rule's expectations."""
    found: dict[tuple[str, str], int] = {}
    for (batch, rule, _), n in counts(summary).items():
        found[(batch, rule)] = found.get((batch, rule), 0) + n
    return found


def failed(summary: dict) -> list[dict]:
    return [e for e in summary["expectations"] if not e["success"]]


def strict_thresholds(tmp_path: Path) -> Path:
    """thresholds.yml with no tolerated share: every bad row fails its expectation."""
    data = yaml.safe_load(THRESHOLDS_FILE.read_text())
    data["raw"]["mostly"] = dict.fromkeys(data["raw"]["mostly"], 1.0)
    data["raw"]["always_tolerated_rows"] = 0
    path = tmp_path / "strict.yml"
    path.write_text(yaml.safe_dump(data))
    return path


def rewrite(folder: Path, statements: list[str]) -> None:
    """Apply SQL statements to table `t` loaded from the folder's only Parquet file, write it
    back with the same column types."""
    (path,) = sorted(folder.glob("*.parquet"))
    con = duckdb.connect()
    try:
        con.execute(f"create table t as select * from read_parquet('{path}')")
        for statement in statements:
            con.execute(statement)
        path.unlink()
        con.execute(f"copy t to '{path}' (format parquet)")
    finally:
        con.close()


def pick(condition: str, offset: int, limit: int) -> str:
    """SQL: the rowids of `limit` rows of t meeting `condition`, from `offset` on."""
    return (
        f"rowid in (select rowid from t where {condition} order by rowid "
        f"limit {limit} offset {offset})"
    )


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean_zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw_dir = tmp_path_factory.mktemp("gx_clean") / "raw"
    generate_zone(raw_dir, 3_000, 3)
    return raw_dir


def copy_zone(zone: Path, tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(zone, target)
    return target


# --------------------------------------------------------------------------------------------
# The suites as code
# --------------------------------------------------------------------------------------------


def test_contract_matches_the_dbt_sources_and_the_generator() -> None:
    from dvc_index.demo import generate_raw

    sources = yaml.safe_load(
        (PROJECT_ROOT / "models/staging/dvcqg/_dvcqg__sources.yml").read_text()
    )
    declared = {t["name"]: t for t in sources["sources"][0]["tables"]}
    assert set(declared) == set(TABLES)
    for name, table in TABLES.items():
        assert list(table.columns) == [c["name"] for c in declared[name]["columns"]], name
        assert list(table.columns) == generate_raw.TABLE_COLUMNS[name], name
        assert table.optional == bool((declared[name].get("meta") or {}).get("optional")), name
        pii = {c["name"] for c in declared[name]["columns"] if (c.get("meta") or {}).get("pii")}
        assert set(table.pii) == pii, name
    # The code lists of raw_schema.md, once.
    assert CODE_LISTS["status"] == tuple(str(n) for n in range(1, 11))
    assert CODE_LISTS["channel"] == ("1", "2", "3")
    assert CODE_LISTS["service_level"] == ("2", "3", "4")
    assert CODE_LISTS["payment"] == ("0", "1", "2")
    assert CODE_LISTS["unit_type"] == ("BO", "TINH", "SO_NGANH", "HUYEN", "XA")
    assert CODE_LISTS["time_unit"] == ("GIO", "NGAY", "NGAY_LAM_VIEC", "THANG")


def test_thresholds_give_every_raw_row_rule_a_documented_share() -> None:
    thresholds = load_thresholds()
    text = THRESHOLDS_FILE.read_text()
    rules = set(thresholds["raw"]["mostly"])
    reject_rules = {
        line.split(",")[0]
        for line in (PROJECT_ROOT / "seeds/reject_rules.csv").read_text().splitlines()[1:]
    }
    # Every quarantine rule has its tolerated share in the file ...
    assert reject_rules <= rules
    lines = text.splitlines()
    for rule, share in thresholds["raw"]["mostly"].items():
        assert 0.5 <= share <= 1, rule
        # ... with a comment saying why, above it (rules may share one).
        n = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{rule}:"))
        while lines[n - 1].strip().split(":")[0] in rules:
            n -= 1
        assert lines[n - 1].strip().startswith("#"), rule
    assert all(share == 1.0 for share in thresholds["marts"]["mostly"].values())


def test_personal_data_column_patterns() -> None:
    patterns = [re.compile(p) for p in marts_suite.PII_COLUMN_PATTERNS]

    def flagged(name: str) -> bool:
        return any(p.search(name) for p in patterns)

    for name in [
        "dim_units.applicant_name",
        "fct_x.ten",
        "fct_x.ho_ten",
        "fct_x.chu_ho_so",
        "fct_x.so_giay_to_chu_ho_so",
        "fct_x.applicant_id_number",
        "fct_x.so_dien_thoai",
        "fct_x.phone",
        "fct_x.email",
        "fct_x.dia_chi",
        "fct_x.nguoi_xu_ly",
        "fct_x.applicant_id_hash",
    ]:
        assert flagged(name), name
    for name in [
        "dim_units.unit_name",
        "fct_unit_scorecard.grade_name_vi",
        "dim_indicators.name_vi",
        "dim_indicators.legal_group_name_en",
        "fct_indicator_scores.indicator_code",
        "dim_periods.period_label",
    ]:
        assert not flagged(name), name


# --------------------------------------------------------------------------------------------
# Raw stage
# --------------------------------------------------------------------------------------------


def test_clean_zone_passes_and_records_row_counts(clean_zone: Path, tmp_path: Path) -> None:
    code, summary = run_gate("raw", tmp_path, "--raw-dir", str(clean_zone))
    assert code == 0, failed(summary)
    assert summary["success"]
    assert all(n == 0 for n in counts(summary).values()), counts(summary)
    batches = {e["batch"] for e in summary["expectations"]}
    assert batches == {"landing_zone", *TABLES}
    recorded = json.loads((tmp_path / "validation" / "raw_row_counts.json").read_text())
    manifest = json.loads((clean_zone / "manifest.json").read_text())
    assert recorded[str(clean_zone)]["row_counts"] == manifest["row_counts"]

    # A second run compares with those counts, and passes on the same zone.
    code, summary = run_gate("raw", tmp_path, "--raw-dir", str(clean_zone))
    assert code == 0
    bounds = [e for e in summary["expectations"] if e["rule"] == "row_count_bounds"]
    assert {e["batch"] for e in bounds} >= {"HoSo", "QuaTrinhXuLy", "DonVi"}
    assert all(e["success"] for e in bounds)


def test_row_count_far_below_the_previous_run_fails(clean_zone: Path, tmp_path: Path) -> None:
    manifest = json.loads((clean_zone / "manifest.json").read_text())
    previous = dict(manifest["row_counts"])
    previous["HoSo"] *= 3  # the zone now holds a third of it: below the 0.5x bound
    path = tmp_path / "validation" / "raw_row_counts.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({str(clean_zone): {"row_counts": previous}}))
    code, summary = run_gate("raw", tmp_path, "--raw-dir", str(clean_zone))
    assert code == 1
    assert [(e["batch"], e["rule"]) for e in failed(summary)] == [("HoSo", "row_count_bounds")]
    (bad,) = failed(summary)
    assert bad["observed_value"] == manifest["row_counts"]["HoSo"]
    # A failing run does not overwrite the reference counts.
    assert json.loads(path.read_text())[str(clean_zone)]["row_counts"] == previous


def test_generator_faults_are_caught_with_the_manifest_counts(
    dirty_zone: BuiltZone, tmp_path: Path
) -> None:
    """Every bad row the generator injects (2 % per table) is counted by the expectation of
    its rule, exactly as the quarantine counts it; and the gate tolerates that share."""
    code, summary = run_gate("raw", tmp_path, "--raw-dir", str(dirty_zone.raw_dir))
    expected = {
        (table, rule): n
        for table, rules in dirty_zone.manifest["rejects"].items()
        for rule, n in rules.items()
        if n
    }
    assert sum(expected.values()) > 1000
    found = {key: n for key, n in by_rule(summary).items() if n}
    assert found == expected
    assert code == 0, failed(summary)


def test_targeted_faults_each_caught_by_their_expectation(clean_zone: Path, tmp_path: Path) -> None:
    raw_dir = copy_zone(clean_zone, tmp_path)
    ts = "'%Y%m%d%H%M%S'"
    rewrite(
        raw_dir / "HoSo",
        [
            # a stray status code
            f"update t set TrangThaiHoSo = '99' where {pick('TrangThaiHoSo is not null', 10, 3)}",
            # a timestamp that has 14 digits but no 30 February
            f"update t set NgayNopHoSo = '20250230120000' where {pick('true', 100, 2)}",
            # received a day after its own deadline
            "update t set NgayHenTra = strftime(strptime(NgayTiepNhan, "
            f"{ts}) - interval 1 day, {ts}) where "
            + pick("NgayTiepNhan is not null and NgayHenTra is not null", 200, 7),
        ],
    )
    rewrite(raw_dir / "LePhi", [f"update t set Gia = -1 where {pick('Gia > 0', 5, 4)}"])
    rewrite(
        raw_dir / "DanhGia", [f"update t set MaHoSo = 'X' || MaHoSo where {pick('true', 0, 5)}"]
    )
    rewrite(raw_dir / "TaiLieuNop", [f"insert into t select * from t where {pick('true', 50, 6)}"])
    rewrite(
        raw_dir / "GiayToKetQua",
        [
            "insert into t select * replace ('changed' as MaGiayToKetQua) from t "
            f"where {pick('true', 7, 1)}"
        ],
    )
    rewrite(
        raw_dir / "PhanAnhKienNghi",
        [f"update t set MaDonViXuLy = 'ZZ99' where {pick('true', 3, 2)}"],
    )
    rewrite(raw_dir / "HoSoBoSung", ["alter table t drop column NgayHoanThanhBoSung"])

    code, summary = run_gate(
        "raw", tmp_path, "--raw-dir", str(raw_dir), "--thresholds", str(strict_thresholds(tmp_path))
    )
    assert code == 1
    expected = {
        ("HoSo", "unknown_code", "TrangThaiHoSo"): 3,
        ("HoSo", "unparseable_timestamp", "_unparseable_timestamp"): 2,
        ("HoSo", "received_after_deadline", "_received_after_deadline"): 7,
        ("LePhi", "negative_fee", "Gia"): 4,
        ("DanhGia", "orphan_dossier", "_orphan_dossier"): 5,
        ("TaiLieuNop", "duplicate_row", "_duplicate_row"): 6,
        ("GiayToKetQua", "conflicting_version", "_conflicting_version"): 1,
        ("PhanAnhKienNghi", "unknown_unit", "_unknown_unit"): 2,
        ("landing_zone", "missing_required_column", "missing_required_columns"): 1,
    }
    assert {key: n for key, n in counts(summary).items() if n} == expected
    assert {(e["batch"], e["rule"], e["column"]) for e in failed(summary)} == set(expected)
    samples = {(e["batch"], e["rule"]): e["samples"] for e in failed(summary)}
    assert samples[("HoSo", "unknown_code")] == ["99"]
    # a run of 9+ digits is masked like an ID number, even a bad timestamp (README, Personal data)
    assert samples[("HoSo", "unparseable_timestamp")][0].startswith("NgayNopHoSo=<number> @ HoSo/")
    assert samples[("LePhi", "negative_fee")] == ["-1.0"]
    assert "NgayHoanThanhBoSung" in samples[("landing_zone", "missing_required_column")][0]

    # With the business's tolerances only the structural fault stops the gate (the 2 of 67
    # petitions with an unknown unit are within `always_tolerated_rows`).
    code, summary = run_gate("raw", tmp_path, "--raw-dir", str(raw_dir))
    assert code == 1
    assert [e["rule"] for e in failed(summary)] == ["missing_required_column"]


def test_new_files_are_validated_against_the_earlier_ones(clean_zone: Path, tmp_path: Path) -> None:
    """After a passing run, only the rows of new files are validated, each still checked
    against every file (its dossier, the earlier versions and copies of its key); the counts
    are those of validating every file again; a rewritten file brings every file back."""
    raw_dir = copy_zone(clean_zone, tmp_path)
    strict = str(strict_thresholds(tmp_path))
    reports = tmp_path / "reports"
    (earlier_documents,) = sorted((raw_dir / "TaiLieuNop").glob("*.parquet"))
    # an earlier row whose key has spaces around it: staging (and the gate) trim them, so the
    # same row sent later without the spaces is a duplicate of it
    one_row = (
        f"select * replace ('PADDED' as TepDinhKemId{{pad}}) "
        f"from read_parquet('{earlier_documents}') limit 1"
    )
    padded = ", '  ' || MaHoSo || ' ' as MaHoSo"
    duckdb.execute(
        f"copy ({one_row.format(pad=padded)}) to '{raw_dir}/TaiLieuNop/padded.parquet' "
        "(format parquet)"
    )
    code, _ = run_gate("raw", reports, "--raw-dir", str(raw_dir), "--thresholds", strict)
    assert code == 0
    duckdb.execute(
        f"copy ({one_row.format(pad='')}) to '{raw_dir}/TaiLieuNop/zz-unpadded.parquet' "
        "(format parquet)"
    )
    con = duckdb.connect()
    try:
        for folder, sql in {
            # 4 exact copies of earlier rows, and 2 rows sent again with other content
            "TaiLieuNop": "(select * from read_parquet('{f}') limit 4) union all "
            "(select * replace ('changed' as MaThanhPhanHoSo) from read_parquet('{f}') "
            "offset 9 limit 2)",
            # 3 ratings of dossiers no file sent
            "DanhGia": "select * replace ('X' || MaHoSo as MaHoSo) "
            "from read_parquet('{f}') limit 3",
        }.items():
            (earlier,) = [
                f
                for f in sorted((raw_dir / folder).glob("*.parquet"))
                if not f.name.startswith(("padded", "zz-"))
            ]
            target = raw_dir / folder / "zz-new.parquet"
            con.execute(f"copy ({sql.format(f=earlier)}) to '{target}' (format parquet)")
    finally:
        con.close()
    expected = {
        ("TaiLieuNop", "duplicate_row"): 4 + 1,
        ("TaiLieuNop", "conflicting_version"): 2,
        ("DanhGia", "orphan_dossier"): 3,
    }
    code, summary = run_gate("raw", reports, "--raw-dir", str(raw_dir), "--thresholds", strict)
    assert code == 1
    assert {key: n for key, n in by_rule(summary).items() if n} == expected
    assert summary["rows_validated"] == 4 + 2 + 3 + 1
    assert len(summary["files_validated_before"]) == len(list(raw_dir.glob("*/*.parquet"))) - 3
    bounds = [e for e in summary["expectations"] if e["rule"] == "row_count_bounds"]
    assert {e["batch"] for e in bounds} >= {"HoSo", "TaiLieuNop"} and all(
        e["success"] for e in bounds
    )

    # every file validated again: the same bad rows
    code, summary = run_gate(
        "raw", reports, "--raw-dir", str(raw_dir), "--thresholds", strict, "--all-files"
    )
    assert code == 1
    assert {key: n for key, n in by_rule(summary).items() if n} == expected
    assert summary["rows_validated"] == sum(summary["row_counts"].values())

    # a failing run records nothing: without the new files, the zone is the one validated
    (raw_dir / "DanhGia" / "zz-new.parquet").unlink()
    (raw_dir / "TaiLieuNop" / "zz-new.parquet").unlink()
    (raw_dir / "TaiLieuNop" / "zz-unpadded.parquet").unlink()
    code, summary = run_gate("raw", reports, "--raw-dir", str(raw_dir), "--thresholds", strict)
    assert code == 0 and summary["rows_validated"] == 0
    # an earlier file rewritten in place: every file again
    rewrite(raw_dir / "LePhi", [f"update t set Gia = -1 where {pick('Gia > 0', 5, 4)}"])
    code, summary = run_gate("raw", reports, "--raw-dir", str(raw_dir), "--thresholds", strict)
    assert code == 1 and by_rule(summary)[("LePhi", "negative_fee")] == 4
    assert summary["files_validated_before"] == []


def test_missing_table_and_empty_dossiers_fail_the_gate(clean_zone: Path, tmp_path: Path) -> None:
    raw_dir = copy_zone(clean_zone, tmp_path)
    shutil.rmtree(raw_dir / "NgayNghi")
    shutil.rmtree(raw_dir / "ChiSoNgoai")  # optional: may be missing
    rewrite(raw_dir / "HoSo", ["delete from t"])
    code, summary = run_gate("raw", tmp_path, "--raw-dir", str(raw_dir))
    assert code == 1
    problems = {(e["batch"], e["rule"]): e for e in failed(summary)}
    assert problems[("landing_zone", "missing_required_table")]["unexpected_count"] == 1
    assert "NgayNghi" in problems[("landing_zone", "missing_required_table")]["samples"][0]
    assert problems[("HoSo", "non_empty")]["observed_value"] == 0


def test_validate_cli_exits_non_zero_and_names_the_failure(
    clean_zone: Path, tmp_path: Path
) -> None:
    raw_dir = copy_zone(clean_zone, tmp_path)
    rewrite(raw_dir / "ThuTucDonVi", ["update t set MucDo = '5'"])  # every service level stray
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dvc_index.gate.validate",
            "--stage",
            "raw",
            "--raw-dir",
            str(raw_dir),
            "--reports-dir",
            str(tmp_path / "reports"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "raw gate FAILED" in result.stdout
    (line,) = [line for line in result.stdout.splitlines() if "ThuTucDonVi" in line]
    assert "unknown_code" in line and "MucDo" in line and "100.00%" in line and " 5" in line
    docs = tmp_path / "reports" / "data-docs"
    assert (docs / "index.html").exists() and (docs / "raw" / "index.html").exists()
    pages = list((docs / "raw").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:  # the report loads nothing from the network
        text = page.read_text()
        assert not re.search(r"(src|href)=\"https?://", text), page
        assert not re.search(r"url\(\s*['\"]?https?://", text), page


def test_run_pipeline_stops_before_building_when_the_raw_gate_fails(
    clean_zone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    raw_dir = copy_zone(clean_zone, tmp_path)
    shutil.rmtree(raw_dir / "DonVi")
    database = tmp_path / "warehouse" / "dvc.duckdb"
    monkeypatch.setenv("DVC_RAW_DIR", str(raw_dir))
    monkeypatch.setenv("DVC_DUCKDB_PATH", str(database))
    monkeypatch.setenv("DVC_DUCKDB_TEMP_DIR", str(tmp_path / "tmp"))
    monkeypatch.setenv("DVC_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("DVC_HMAC_KEY", "00" * 32)
    assert pipeline.main(["--no-generate"]) == 1
    output = capsys.readouterr()
    assert "nothing is built or published" in output.err
    assert "published ==" not in output.out
    assert not database.exists()


# --------------------------------------------------------------------------------------------
# Marts stage
# --------------------------------------------------------------------------------------------


def test_built_marts_pass(dirty_zone: BuiltZone, tmp_path: Path) -> None:
    assert dirty_zone.build.returncode == 0
    code, summary = run_gate("marts", tmp_path, "--database", str(dirty_zone.database))
    assert code == 0, failed(summary)
    assert all(n == 0 for n in counts(summary).values()), counts(summary)
    # The exemption matters: display-only ratios (mean days) do exceed 1.
    [(over_one,)] = dirty_zone.query(
        """
        select count(*) from marts.fct_indicator_scores s
        join marts.dim_indicators i using (indicator_code)
        where i.is_display_only and s.ratio > 1
        """
    )
    assert over_one > 0


def test_the_prepared_marts_gate_reads_nothing_until_started(
    dirty_zone: BuiltZone, tmp_path: Path
) -> None:
    """The main job starts the marts gate while dbt builds: it waits, reading nothing (a build
    in between changes nothing it reports), and validates only once told to start."""
    env = {
        **os.environ,
        "DVC_RAW_DIR": str(dirty_zone.raw_dir),
        "DVC_DUCKDB_PATH": str(dirty_zone.database),
        "DVC_REPORTS_DIR": str(tmp_path / "cancelled"),
    }
    cancelled = pipeline.prepare_gate("marts", env)
    pipeline.cancel_prepared_gate(cancelled)
    assert cancelled.returncode == validate.EXIT_UNAVAILABLE
    assert not (tmp_path / "cancelled" / "validation" / "marts.json").exists()

    env["DVC_REPORTS_DIR"] = str(tmp_path / "started")
    gate = pipeline.prepare_gate("marts", env)
    # the warehouse is not open in the child: a writer can open it meanwhile
    duckdb.connect(str(dirty_zone.database)).close()
    assert pipeline.run_prepared_gate("marts", gate) == validate.EXIT_PASSED
    summary = json.loads((tmp_path / "started" / "validation" / "marts.json").read_text())
    assert summary["success"] and summary["database"] == str(dirty_zone.database)


def test_corrupted_marts_fail_with_the_right_counts(dirty_zone: BuiltZone, tmp_path: Path) -> None:
    database = tmp_path / "corrupt.duckdb"
    shutil.copyfile(dirty_zone.database, database)
    con = duckdb.connect(str(database))
    try:
        units = [
            row[0]
            for row in con.execute(
                "select unit_code from marts.fct_unit_scorecard where period_label = '2026' "
                "and unit_type_code = 'XA' order by unit_code limit 6"
            ).fetchall()
        ]
        scored = "period_label = '2026' and indicator_code = 'ON_TIME_PROCESSING' and unit_code = ?"
        con.execute(
            f"update marts.fct_indicator_scores set points = max_points + 1 where {scored}",
            [units[0]],
        )
        con.execute(f"update marts.fct_indicator_scores set ratio = 1.5 where {scored}", [units[1]])
        [(deleted_points,)] = con.execute(
            f"select points from marts.fct_indicator_scores where {scored}", [units[2]]
        ).fetchall()
        con.execute(f"delete from marts.fct_indicator_scores where {scored}", [units[2]])
        con.execute(
            "update marts.fct_unit_scorecard set grade_code = case grade_code when 'YEU' "
            "then 'TOT' else 'YEU' end where period_label = '2026' and unit_code = ?",
            [units[3]],
        )
        con.execute(
            "update marts.fct_unit_scorecard set national_average_province_total = 150 "
            "where period_label = '2026' and unit_code = ?",
            [units[4]],
        )
        con.execute("alter table marts.dim_units add column applicant_phone varchar")
    finally:
        con.close()

    code, summary = run_gate("marts", tmp_path, "--database", str(database))
    assert code == 1
    found = counts(summary)
    assert found[("fct_indicator_scores", "points_within_max", "max_points vs points")] == 1
    assert found[("fct_indicator_scores", "ratio_within_unit_interval", "ratio")] == 1
    assert found[("scored_unit_periods", "components_complete", "missing_components")] == 1
    assert found[("fct_unit_scorecard", "grade_matches_band", "grade_code vs band_grade_code")] == 1
    assert (
        found[
            (
                "fct_unit_scorecard",
                "national_average_within_range",
                "national_average_province_total",
            )
        ]
        == 1
    )
    assert found[("marts_columns", "no_personal_data_columns", "qualified_column")] == 1
    samples = {(e["batch"], e["rule"], e["column"]): e["samples"] for e in failed(summary)}
    assert samples[("marts_columns", "no_personal_data_columns", "qualified_column")] == [
        "dim_units: dim_units.applicant_phone"
    ]
    (missing,) = samples[("scored_unit_periods", "components_complete", "missing_components")]
    assert units[2] in missing and "ON_TIME_PROCESSING" in missing
    # The changed and the deleted component no longer add up to their groups (legal group 2
    # and portal TDGQ); the other faults leave the sums alone.
    expected_groups = 2 + (2 if deleted_points else 0)
    assert found[("fct_group_scores", "sums_match", "component_sum_difference")] == expected_groups
    assert found[("fct_group_scores", "points_within_max", "max_points vs points")] == 0


def test_a_missing_mart_fails(dirty_zone: BuiltZone, tmp_path: Path) -> None:
    database = tmp_path / "partial.duckdb"
    shutil.copyfile(dirty_zone.database, database)
    con = duckdb.connect(str(database))
    con.execute("drop table marts.fct_group_scores")
    con.close()
    code, summary = run_gate("marts", tmp_path, "--database", str(database))
    assert code == 1
    (bad,) = failed(summary)
    assert bad["rule"] == "tables_present"
    assert bad["samples"] == ["fct_group_scores: fct_group_scores is missing"]


def test_marts_validation_refuses_while_a_build_holds_the_lock(
    dirty_zone: BuiltZone, tmp_path: Path
) -> None:
    env = {"DVC_DUCKDB_PATH": str(dirty_zone.database)}
    assert build_lock_path(env) == dirty_zone.database.parent / ".build.lock"
    command = [
        sys.executable,
        "-m",
        "dvc_index.gate.validate",
        "--stage",
        "marts",
        "--database",
        str(dirty_zone.database),
        "--reports-dir",
        str(tmp_path),
        "--no-docs",
    ]
    with build_lock(env):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 3, result.stdout + result.stderr
        assert "build lock" in result.stderr and "build pid" in result.stderr
        # A second build is refused as well.
        with pytest.raises(BuildLockBusy), build_lock(env, wait_seconds=0.3):
            pass
    # Released: a reader's shared lock does not stop the next build for long.
    with open(build_lock_path(env)) as handle:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(handle, fcntl.LOCK_UN)
    with build_lock(env, wait_seconds=0):
        pass


# --------------------------------------------------------------------------------------------
# Freshness
# --------------------------------------------------------------------------------------------


def test_source_freshness_runs_the_raw_hook(dirty_zone: BuiltZone, tmp_path: Path) -> None:
    today = date.today()
    fresh = tmp_path / "fresh"
    # Loads run a few days past today, so that every table's latest NapLuc is at most hours old
    # whatever the time of day: with loads ending today, 1,000 dossiers gave DanhGia (ratings
    # follow completion) a latest row 26.6 hours old one morning, and the test warned.
    generate_zone(
        fresh,
        3_000,
        9,
        0.0,
        "--start",
        (today - timedelta(days=40)).isoformat(),
        "--end",
        (today + timedelta(days=3)).isoformat(),
    )
    _, result = build_zone(fresh, tmp_path / "fresh_build", ("source", "freshness"))
    assert result.returncode == 0, result.stdout[-3000:]
    assert "on-run-start" in result.stdout
    sources = json.loads((tmp_path / "fresh_build" / "target" / "sources.json").read_text())
    checked = {r["unique_id"].split(".")[-1]: r["status"] for r in sources["results"]}
    # every table the loader writes with a NapLuc; DiemCongBo (read from the portal per period)
    # has no freshness rule
    loaded = {name for name, t in TABLES.items() if t.version_column} - {"DiemCongBo"}
    assert set(checked) == loaded
    assert set(checked.values()) == {"pass"}

    # The demo zone ends on 30/9/2026: stale.
    _, stale = build_zone(dirty_zone.raw_dir, tmp_path / "stale_build", ("source", "freshness"))
    assert stale.returncode != 0
    assert "ERROR STALE" in stale.stdout
