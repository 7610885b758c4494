"""The marts suite: what the build publishes, checked before anyone reads it.

What is checked (`meta.rule`; tolerances in gate/thresholds.yml, none by default):

    `tables_present`              every mart exists; the index marts are not empty
    `points_within_max`           component, group and total points within [0, max]
    `sums_match`                  a group's points = the sum of its components' points (both
                                  views); a total = the sum of its groups (legal, portal and the
                                  scorecard's six group columns)
    `grade_matches_band`          the grade is the band (seed grade_bands) that holds the total as
                                  shown, and the total as shown is the total rounded by the SQL's
                                  own rule (macro `rounded_for_display`, rendered from
                                  macros/rounding.sql and run here in DuckDB: never a rounding
                                  of the gate's own, which disagrees with the SQL on ties)
    `components_complete`         every scored unit x period has a row for every component, and
                                  every ministry, current province and the nation is scored in
                                  every period
    `ratio_within_unit_interval`  ratios within [0, 1], display-only components exempt (2.2 is a
                                  mean in days)
    `national_average_within_range`  the national average of province totals within [0, 100]
    `no_personal_data_columns`    no column whose name suggests personal data in any mart

The warehouse is opened read-only just long enough to copy the marts (and the two seeds the
checks need) into an in-memory DuckDB (`snapshot`); the check columns are computed there and
written as one Parquet frame per batch, each with a `row_id` naming the row (unit, period,
component) so that the report shows which rows fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import jinja2
from great_expectations.expectations.row_conditions import Column

from dvc_index.common import PROJECT_ROOT
from dvc_index.gate.config import mostly
from dvc_index.gate.suites import Batch

STAGE = "marts"
MARTS = (
    "fct_indicator_scores",
    "fct_group_scores",
    "fct_unit_scorecard",
    "dim_units",
    "dim_periods",
    "dim_indicators",
    "fct_quarantine_counts",
)
# Marts that may legitimately be empty (no rejected row = no row).
MAY_BE_EMPTY = ("fct_quarantine_counts",)
SEEDS = ("grade_bands", "index_groups")
TABLES_BATCH = "marts_tables"
COLUMNS_BATCH = "marts_columns"
COMPLETENESS_BATCH = "scored_unit_periods"
RESULT_FORMAT_INDEX = ["row_id"]

# Column names that suggest personal data (matched, case-insensitive, against
# `table.column`): names of people, ID numbers, contacts, addresses, birth dates, staff who
# handled a dossier, hashed applicant IDs. Names of units, groups, grades and components
# (unit_name, name_vi, grade_name_en, ...) are not personal.
PII_COLUMN_PATTERNS = [
    r"(?i)\.(?:ten|name|ho_?ten|ho_?va_?ten|full_?name)$",
    r"(?i)(?:applicant|citizen|person|owner|staff|officer|handler|nguoi|cong_?dan|can_?bo)_?"
    r"(?:name|ten)",
    r"(?i)chu_?ho_?so",
    r"(?i)(?:so_?giay_?to|cccd|cmnd|can_?cuoc|passport|ho_?chieu|dinh_?danh)",
    r"(?i)(?:id_?number|identity_?(?:number|card)|national_?id|applicant_?id|id_?hash)",
    r"(?i)(?:phone|dien_?thoai|sdt|mobile)",
    r"(?i)e_?mail",
    r"(?i)(?:address|dia_?chi)",
    r"(?i)(?:birth|ngay_?sinh)",
    r"(?i)nguoi_?xu_?ly",
]

PORTAL_GROUP_COLUMNS = {
    "CKMB": "ckmb_points",
    "TDGQ": "tdgq_points",
    "CLGQ": "clgq_points",
    "TTTT": "tttt_points",
    "MDSH": "mdsh_points",
    "MDHL": "mdhl_points",
}


MACROS_DIR = PROJECT_ROOT / "macros"


def _lit(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def sql_rule(macro_file: str, macro: str, *args: object) -> str:
    """The SQL that a project macro (macros/<macro_file>) renders for DuckDB, with `args`.

    The gate checks a figure the build computed with the build's own rule: it reads the macro's
    text, not a copy of it, so the two cannot drift. The only dbt macro these rules call is the
    project's `type_double()`, which is `double` on DuckDB."""
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    template = environment.from_string((MACROS_DIR / macro_file).read_text(encoding="utf-8"))
    module = template.make_module({"type_double": lambda: "double"})
    return str(getattr(module, macro)(*args)).strip()


# The total as shown, by the rule of fct_unit_scorecard (decimal arithmetic, half up).
SHOWN_TOTAL_RULE = sql_rule("rounding.sql", "rounded_for_display", "c.total_points", 2)


# ---------------------------------------------------------------------------------------------
# Snapshot: copy what the checks need, close the warehouse at once
# ---------------------------------------------------------------------------------------------


def snapshot(con: duckdb.DuckDBPyConnection, database: Path) -> list[str]:
    """Copy the marts, the seeds the checks need and the marts' column list from the warehouse
    (attached read-only, detached before returning) into `con`. Returns what is missing
    (`fct_...`, `reference.grade_bands`)."""
    con.execute(f"attach {_lit(database)} as warehouse (read_only)")
    try:
        present = {
            (schema, name)
            for schema, name in con.execute(
                "select schema_name, table_name from duckdb_tables() "
                "where database_name = 'warehouse' union all "
                "select schema_name, view_name from duckdb_views() "
                "where database_name = 'warehouse'"
            ).fetchall()
        }
        missing = [name for name in MARTS if ("marts", name) not in present]
        missing += [f"reference.{name}" for name in SEEDS if ("reference", name) not in present]
        for schema, names in (("marts", MARTS), ("reference", SEEDS)):
            for name in names:
                if (schema, name) in present:
                    con.execute(f"create table {name} as select * from warehouse.{schema}.{name}")
        con.execute(
            "create table marts_column_list as "
            "select table_name, column_name from duckdb_columns() "
            "where database_name = 'warehouse' and schema_name = 'marts'"
        )
    finally:
        con.execute("detach warehouse")
    return missing


# ---------------------------------------------------------------------------------------------
# Frames
# ---------------------------------------------------------------------------------------------

FRAMES = {
    "fct_indicator_scores": """
        select
            s.unit_code || ' ' || s.period_label || ' ' || s.indicator_code as row_id,
            s.ratio, s.points, s.max_points,
            coalesce(i.is_display_only, false) as is_display_only
        from fct_indicator_scores s
        left join dim_indicators i on s.indicator_code = i.indicator_code""",
    "fct_group_scores": """
        with components as (
            select s.unit_code, s.period_type, s.period_label, 'legal' as view,
                i.legal_group as group_code, s.points
            from fct_indicator_scores s join dim_indicators i using (indicator_code)
            union all
            select s.unit_code, s.period_type, s.period_label, 'portal' as view,
                i.portal_group_code as group_code, s.points
            from fct_indicator_scores s join dim_indicators i using (indicator_code)
        ),
        sums as (
            select unit_code, period_type, period_label, view, group_code,
                sum(points) as component_points
            from components group by all
        )
        select
            g.unit_code || ' ' || g.period_label || ' ' || g.view || ':' || g.group_code
                as row_id,
            g.points, g.max_points,
            g.points - coalesce(sums.component_points, 0) as component_sum_difference
        from fct_group_scores g
        left join sums using (unit_code, period_type, period_label, view, group_code)""",
    "fct_unit_scorecard": f"""
        with group_totals as (
            select unit_code, period_type, period_label,
                sum(points) filter (where view = 'legal') as legal_total,
                sum(points) filter (where view = 'portal') as portal_total
            from fct_group_scores group by all
        )
        select
            c.unit_code || ' ' || c.period_label as row_id,
            c.total_points, c.total_points_shown, c.grade_code,
            c.ckmb_points, c.tdgq_points, c.clgq_points, c.tttt_points, c.mdsh_points,
            c.mdhl_points, c.national_average_province_total,
            bands.grade_code as band_grade_code,
            c.total_points - (c.ckmb_points + c.tdgq_points + c.clgq_points + c.tttt_points
                              + c.mdsh_points + c.mdhl_points) as group_columns_difference,
            c.total_points - coalesce(t.legal_total, 0) as legal_groups_difference,
            c.total_points - coalesce(t.portal_total, 0) as portal_groups_difference,
            case when c.total_points_shown is distinct from {SHOWN_TOTAL_RULE}
                then 'total ' || c.total_points || ' shown as ' || c.total_points_shown
                    || ', the SQL rule gives ' || {SHOWN_TOTAL_RULE}
            end as shown_not_sql_rounding
        from fct_unit_scorecard c
        left join group_totals t using (unit_code, period_type, period_label)
        left join grade_bands bands
            on c.total_points_shown >= bands.min_total
            and c.total_points_shown < bands.max_total_exclusive""",
    COMPLETENESS_BATCH: """
        with scored as (
            select unit_code, period_type, period_label from fct_unit_scorecard
            union
            select distinct unit_code, period_type, period_label from fct_indicator_scores
            union
            select u.unit_code, p.period_type, p.period_label
            from dim_units u cross join dim_periods p
            where u.is_block_root or u.unit_code = 'VN'
        ),
        expected as (
            select scored.*, i.indicator_code, i.sort_order
            from scored cross join dim_indicators i
        ),
        missing as (
            select e.unit_code, e.period_type, e.period_label,
                string_agg(e.indicator_code, ', ' order by e.sort_order) as codes,
                count(*) as n
            from expected e
            left join fct_indicator_scores s using (unit_code, period_type, period_label,
                                                    indicator_code)
            where s.unit_code is null
            group by all
        )
        select
            scored.unit_code || ' ' || scored.period_label as row_id,
            coalesce(missing.n, 0) as missing_component_count,
            scored.unit_code || ' ' || scored.period_label || ' lacks ' || missing.codes
                as missing_components
        from scored
        left join missing using (unit_code, period_type, period_label)""",
    COLUMNS_BATCH: """
        select table_name as row_id, table_name || '.' || column_name as qualified_column
        from marts_column_list""",
}


def prepare(con: duckdb.DuckDBPyConnection, missing: list[str], workdir: Path) -> dict[str, Path]:
    """Write the frames. When anything is missing only the table frame is written: every other
    check reads all the marts."""
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in [*MARTS, *(f"reference.{seed}" for seed in SEEDS)]:
        if name in missing:
            rows.append((name, name, f"{name} is missing", None))
            continue
        (count,) = con.execute(f"select count(*) from {name.split('.')[-1]}").fetchone()
        empty = count == 0 and name not in MAY_BE_EMPTY
        rows.append((name, name, None, f"{name} is empty" if empty else None))
    con.execute(
        f"create or replace temp table {TABLES_BATCH} "
        "(row_id varchar, table_name varchar, missing_table varchar, empty_table varchar)"
    )
    con.executemany(f"insert into {TABLES_BATCH} values (?, ?, ?, ?)", rows)
    frames = {TABLES_BATCH: workdir / f"{TABLES_BATCH}.parquet"}
    con.execute(f"copy {TABLES_BATCH} to {_lit(frames[TABLES_BATCH])} (format parquet)")
    if missing:
        return frames
    for name, sql in FRAMES.items():
        frames[name] = workdir / f"{name}.parquet"
        con.execute(f"copy ({sql}) to {_lit(frames[name])} (format parquet)")
    return frames


# ---------------------------------------------------------------------------------------------
# Suites
# ---------------------------------------------------------------------------------------------


def _within(column: str, tolerance: float, share: float, rule: str, text: str) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeBetween(
        column=column,
        min_value=-tolerance,
        max_value=tolerance,
        mostly=share,
        meta={"rule": rule},
        description=text,
    )


def suites(
    con: duckdb.DuckDBPyConnection, frames: Mapping[str, Path], thresholds: Mapping[str, Any]
) -> dict[str, gx.ExpectationSuite]:
    """The suite of each prepared frame."""

    def share(rule: str) -> float:
        return mostly(thresholds, STAGE, rule)

    tolerance = float(thresholds[STAGE].get("sum_tolerance", 1e-6))
    built: dict[str, list[gxe.Expectation]] = {
        TABLES_BATCH: [
            gxe.ExpectColumnValuesToBeNull(
                column="missing_table",
                meta={"rule": "tables_present"},
                description="Every mart (and the seeds the checks read) exists.",
            ),
            gxe.ExpectColumnValuesToBeNull(
                column="empty_table",
                meta={"rule": "tables_present"},
                description="The index marts hold rows.",
            ),
        ]
    }
    if "fct_indicator_scores" in frames:
        points = share("points_within_max")
        built["fct_indicator_scores"] = [
            gxe.ExpectColumnValuesToBeBetween(
                column="points",
                min_value=0,
                mostly=points,
                meta={"rule": "points_within_max"},
                description="Component points are not negative.",
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="max_points",
                column_B="points",
                or_equal=True,
                mostly=points,
                meta={"rule": "points_within_max"},
                description="Component points do not exceed the component's maximum.",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="ratio",
                min_value=0,
                max_value=1,
                row_condition=Column("is_display_only") == False,  # noqa: E712 (a GX condition)
                mostly=share("ratio_within_unit_interval"),
                meta={"rule": "ratio_within_unit_interval"},
                description=(
                    "Ratios are within [0, 1] (display-only components, e.g. the mean "
                    "processing time in days, are exempt)."
                ),
            ),
        ]
        built["fct_group_scores"] = [
            gxe.ExpectColumnValuesToBeBetween(
                column="points",
                min_value=0,
                mostly=points,
                meta={"rule": "points_within_max"},
                description="Group points are not negative.",
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="max_points",
                column_B="points",
                or_equal=True,
                mostly=points,
                meta={"rule": "points_within_max"},
                description="Group points do not exceed the group's maximum.",
            ),
            _within(
                "component_sum_difference",
                tolerance,
                share("sums_match"),
                "sums_match",
                "A group's points equal the sum of its components' points (legal and portal).",
            ),
        ]
        group_max = dict(
            con.execute(
                "select group_code, max_points from index_groups where view = 'portal'"
            ).fetchall()
        )
        scorecard = [
            gxe.ExpectColumnValuesToBeBetween(
                column="total_points",
                min_value=0,
                max_value=100,
                mostly=points,
                meta={"rule": "points_within_max"},
                description="Totals are within [0, 100].",
            ),
            *(
                gxe.ExpectColumnValuesToBeBetween(
                    column=column,
                    min_value=0,
                    max_value=float(group_max[code]),
                    mostly=points,
                    meta={"rule": "points_within_max"},
                    description=f"{code} points are within [0, {group_max[code]:g}].",
                )
                for code, column in PORTAL_GROUP_COLUMNS.items()
                if code in group_max
            ),
            _within(
                "group_columns_difference",
                tolerance,
                share("sums_match"),
                "sums_match",
                "The total equals the sum of the six portal-group columns.",
            ),
            _within(
                "legal_groups_difference",
                tolerance,
                share("sums_match"),
                "sums_match",
                "The total equals the sum of the five legal groups (fct_group_scores).",
            ),
            _within(
                "portal_groups_difference",
                tolerance,
                share("sums_match"),
                "sums_match",
                "The total equals the sum of the six portal groups (fct_group_scores).",
            ),
            gxe.ExpectColumnValuesToBeNull(
                column="shown_not_sql_rounding",
                mostly=share("grade_matches_band"),
                meta={"rule": "grade_matches_band"},
                description=(
                    "The total as shown is exactly the total rounded by the SQL's rule "
                    "(macro rounded_for_display: 2 decimals, decimal arithmetic, half up)."
                ),
            ),
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A="grade_code",
                column_B="band_grade_code",
                ignore_row_if="neither",
                mostly=share("grade_matches_band"),
                meta={"rule": "grade_matches_band"},
                description="The grade is the band (seed grade_bands) holding the total as shown.",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="national_average_province_total",
                min_value=0,
                max_value=100,
                mostly=share("national_average_within_range"),
                meta={"rule": "national_average_within_range"},
                description="The national average of province totals is within [0, 100].",
            ),
        ]
        built["fct_unit_scorecard"] = scorecard
        built[COMPLETENESS_BATCH] = [
            gxe.ExpectColumnValuesToBeNull(
                column="missing_components",
                mostly=share("components_complete"),
                meta={"rule": "components_complete"},
                description=(
                    "Every scored unit x period has every component; every ministry, current "
                    "province and the nation is scored in every period."
                ),
            )
        ]
        built[COLUMNS_BATCH] = [
            gxe.ExpectColumnValuesToNotMatchRegexList(
                column="qualified_column",
                regex_list=PII_COLUMN_PATTERNS,
                mostly=share("no_personal_data_columns"),
                meta={"rule": "no_personal_data_columns"},
                description=(
                    "No mart has a column whose name suggests personal data (names of people, "
                    "ID numbers, phones, emails, addresses, birth dates, handling staff)."
                ),
            )
        ]
    return {
        name: gx.ExpectationSuite(name=f"{STAGE}.{name}", expectations=expectations)
        for name, expectations in built.items()
        if name in frames
    }


def build(
    con: duckdb.DuckDBPyConnection,
    missing: list[str],
    workdir: Path,
    thresholds: Mapping[str, Any],
) -> list[Batch]:
    """The frames and suites of the marts, from a snapshot already taken into `con`."""
    frames = prepare(con, missing, workdir)
    built = suites(con, frames, thresholds)
    return [Batch(name, frames[name], suite) for name, suite in built.items()]
