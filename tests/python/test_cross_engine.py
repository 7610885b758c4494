"""The same project on DuckDB and on Spark gives the same index (issue: scale out on Spark).

One small generated zone, with injected bad rows so that the quarantine paths run too, is built
with `dbt build` on the embedded DuckDB and on Spark: a standalone cluster on this machine (master,
two workers) through its Thrift server, profiles.yml target `spark_cluster` (conftest's
spark_cluster_build, the test run's one Spark build, shared with test_spark_cluster; the local
session target `spark` runs the same SQL in one JVM). The marts must agree:

- fct_indicator_scores: the same rows; denominators equal; numerators that are whole numbers
  (every count) equal, fractional ones (2.2's days, fractional outside figures) within a relative
  1e-12; ratios and points within 1e-9. Roll-ups add in decimal arithmetic, so on one engine no
  sum depends on the order it adds in (incremental = full to the bit), but DuckDB converts a
  double to a decimal from its exact binary value and Spark from its shortest decimal form, so a
  fractional sum can differ in its last bit between the two.
- fct_unit_scorecard: the same rows; grades and ranks identical; totals within 1e-9.
- fct_quarantine_counts: the same rejected rows per table and rule.
- stg_dvcqg__dossiers: the applicant hash is Python's hmac.new(key, id, sha256) on both engines,
  with the same key id (the key reaches each engine out of band: README, Personal data).

Spark's tables are Parquet files under its warehouse directory; DuckDB reads them for the
comparison after the cluster has stopped.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import duckdb
import pytest
from conftest import TEST_HMAC_KEY, ClusterBuild, EngineZone

from dvc_index.privacy import key_id

SCORE_KEYS = ("unit_code", "period_type", "period_label", "indicator_code")
SCORECARD_KEYS = ("unit_code", "period_type", "period_label")


def spark_table(warehouse: Path, schema: str, table: str) -> str:
    files = warehouse / "tables" / f"{schema}.db" / table
    assert any(files.glob("*.parquet")), f"Spark wrote no Parquet files for {schema}.{table}"
    return f"read_parquet('{files}/*.parquet')"


def score_differences(connection: duckdb.DuckDBPyConnection, left: str, right: str) -> dict:
    """Counts of the rows of two fct_indicator_scores relations that disagree, by kind."""
    keys = ", ".join(SCORE_KEYS)
    row = connection.execute(
        f"""
        select
            count(*) filter (where l.unit_code is null or r.unit_code is null) as unmatched,
            count(*) filter (
                where (l.numerator is null) <> (r.numerator is null)
                or (
                    l.numerator = floor(l.numerator) and r.numerator = floor(r.numerator)
                    and l.numerator <> r.numerator
                )
                or abs(l.numerator - r.numerator) > 1e-12 * greatest(abs(l.numerator), 1)
            ) as numerator,
            count(*) filter (where l.denominator is distinct from r.denominator) as denominator,
            count(*) filter (
                where (l.points is null) <> (r.points is null) or abs(l.points - r.points) > 1e-9
            ) as points,
            count(*) filter (
                where (l.ratio is null) <> (r.ratio is null) or abs(l.ratio - r.ratio) > 1e-9
            ) as ratio,
            count(*) filter (
                where l.max_points is distinct from r.max_points
                or l.is_assumed is distinct from r.is_assumed
                or l.source is distinct from r.source
            ) as other
        from {left} as l
        full outer join {right} as r using ({keys})
        """
    ).fetchone()
    names = ("unmatched", "numerator", "denominator", "points", "ratio")
    return dict(zip((*names, "other"), row, strict=True))


def scorecard_differences(connection: duckdb.DuckDBPyConnection, left: str, right: str) -> dict:
    keys = ", ".join(SCORECARD_KEYS)
    row = connection.execute(
        f"""
        select
            count(*) filter (where l.unit_code is null or r.unit_code is null) as unmatched,
            count(*) filter (where l.grade_code is distinct from r.grade_code) as grade,
            count(*) filter (where l.rank_in_block is distinct from r.rank_in_block) as rank,
            count(*) filter (where l.units_in_block is distinct from r.units_in_block) as block,
            count(*) filter (
                where (l.total_points is null) <> (r.total_points is null)
                or abs(l.total_points - r.total_points) > 1e-9
            ) as total,
            count(*) filter (
                where l.total_points_shown is distinct from r.total_points_shown
            ) as shown
        from {left} as l
        full outer join {right} as r using ({keys})
        """
    ).fetchone()
    return dict(zip(("unmatched", "grade", "rank", "block", "total", "shown"), row, strict=True))


def quarantine_differences(
    connection: duckdb.DuckDBPyConnection, left: str, right: str
) -> tuple[int, int, int]:
    """Rows of two fct_quarantine_counts relations found only in the left, only in the right
    (every column compared), and the left's row count."""
    columns = [
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_quarantine_counts'"
        ).fetchall()
    ]
    listed = ", ".join(columns)
    return connection.execute(
        f"""
        select
            (select count(*) from (select {listed} from {left}
                                   except all select {listed} from {right})),
            (select count(*) from (select {listed} from {right}
                                   except all select {listed} from {left})),
            (select count(*) from {left})
        """
    ).fetchone()


@pytest.fixture(scope="module")
def two_engines(engine_zone: EngineZone, spark_cluster_build: ClusterBuild) -> dict:
    """The zone built on DuckDB and on the Spark cluster (both shared, conftest)."""
    return {
        "duckdb": engine_zone.build,
        "spark": spark_cluster_build.build,
        "database": engine_zone.database,
        "warehouse": spark_cluster_build.warehouse,
        "raw_dir": engine_zone.raw_dir,
    }


def test_both_builds_pass(two_engines: dict) -> None:
    for engine in ("duckdb", "spark"):
        result = two_engines[engine]
        assert result.returncode == 0, f"{engine} build failed:\n{result.stdout[-4000:]}"
        assert "ERROR=0" in result.stdout and "PASS=" in result.stdout


def test_indicator_scores_agree(two_engines: dict) -> None:
    connection = duckdb.connect(str(two_engines["database"]), read_only=True)
    spark = spark_table(two_engines["warehouse"], "marts", "fct_indicator_scores")
    counts = connection.execute(
        f"""
        select
            (select count(*) from marts.fct_indicator_scores),
            (select count(*) from {spark}),
            (select count(*) from {spark} where denominator > 0 and points > 0),
            (select count(distinct indicator_code) from {spark} where denominator > 0)
        """
    ).fetchone()
    assert counts[0] == counts[1] and counts[0] > 10_000, counts
    # a zone that exercises the index: scored figures in most components
    assert counts[2] > 1_000 and counts[3] >= 15, counts
    differences = score_differences(connection, "marts.fct_indicator_scores", spark)
    assert differences == dict.fromkeys(differences, 0), differences


def test_scorecards_agree(two_engines: dict) -> None:
    connection = duckdb.connect(str(two_engines["database"]), read_only=True)
    spark = spark_table(two_engines["warehouse"], "marts", "fct_unit_scorecard")
    grades, ranked = connection.execute(
        f"select count(distinct grade_code), count(*) filter (where rank_in_block > 1) from {spark}"
    ).fetchone()
    assert grades >= 2 and ranked > 100, (grades, ranked)
    differences = scorecard_differences(connection, "marts.fct_unit_scorecard", spark)
    assert differences == dict.fromkeys(differences, 0), differences


def test_quarantine_counts_agree(two_engines: dict) -> None:
    connection = duckdb.connect(str(two_engines["database"]), read_only=True)
    spark = spark_table(two_engines["warehouse"], "marts", "fct_quarantine_counts")
    duck_only, spark_only, total = quarantine_differences(
        connection, "marts.fct_quarantine_counts", spark
    )
    assert total > 5, "the dirty zone must reject rows in several tables and rules"
    assert (duck_only, spark_only) == (0, 0)


def test_applicant_hash_is_the_python_hmac_on_both_engines(two_engines: dict) -> None:
    connection = duckdb.connect(str(two_engines["database"]), read_only=True)
    # dossiers sent with one ID number in every push: the staged hash is that number's
    raw = connection.execute(
        f"""
        select "MaHoSo", any_value("SoGiayToChuHoSo")
        from read_parquet('{two_engines["raw_dir"]}/HoSo/*.parquet')
        where "SoGiayToChuHoSo" is not null
        group by all having count(distinct "SoGiayToChuHoSo") = 1
        """
    ).fetchall()
    key = bytes.fromhex(TEST_HMAC_KEY)
    expected = {
        (code, hmac.new(key, number.encode(), hashlib.sha256).hexdigest(), key_id(key))
        for code, number in raw
    }
    spark = spark_table(two_engines["warehouse"], "staging", "stg_dvcqg__dossiers")
    for relation in ("staging.stg_dvcqg__dossiers", spark):
        staged = set(
            connection.execute(
                f"select dossier_code, applicant_id_hmac, applicant_id_key_id from {relation} "
                f"where dossier_code in (select unnest(?))",
                [[code for code, _ in raw]],
            ).fetchall()
        )
        assert len(staged) > 500, (relation, len(staged))
        assert staged <= expected, (relation, sorted(staged - expected)[:3])


def test_comparison_catches_a_planted_difference(two_engines: dict) -> None:
    """The comparison can fail: one numerator, one point and one grade changed are each found."""
    connection = duckdb.connect(str(two_engines["database"]), read_only=True)
    scores = "marts.fct_indicator_scores"
    planted = connection.execute(
        f"select unit_code, period_label, indicator_code from {scores} "
        "where denominator > 1 and points > 0 and indicator_code <> 'AVG_PROCESSING_TIME' limit 1"
    ).fetchone()
    condition = (
        f"unit_code = '{planted[0]}' and period_label = '{planted[1]}' "
        f"and indicator_code = '{planted[2]}'"
    )
    changed = (
        f"(select * replace ("
        f"case when {condition} then numerator + 1 else numerator end as numerator, "
        f"case when {condition} then points + 1e-6 else points end as points) from {scores})"
    )
    differences = score_differences(connection, scores, changed)
    assert differences["numerator"] >= 1 and differences["points"] >= 1, differences
    card = "marts.fct_unit_scorecard"
    regraded = (
        f"(select * replace (case when unit_code = (select min(unit_code) from {card}) "
        f"then 'X' else grade_code end as grade_code) from {card})"
    )
    assert scorecard_differences(connection, card, regraded)["grade"] >= 1
