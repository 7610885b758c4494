"""The dashboard's questions to the published copy, as plain functions of a DuckDB connection
(read-only, on publish/current/dvc_index.duckdb). No Streamlit here: tests use them too."""

from __future__ import annotations

import duckdb
import pandas as pd

SCORED_UNIT_TYPES = ("BO", "TINH", "SO_NGANH", "XA", "HUYEN")


def _df(connection: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    return connection.execute(sql, params or []).df()


def periods(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(
        connection,
        """
        select period_type, period_label, period_start_date, period_end_date, is_provisional,
               period_type_order
        from marts.dim_periods
        order by period_type_order, period_start_date desc
        """,
    )


def default_period(connection: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """The period the dashboard opens on: the year to date (as the main job shows it), else the
    latest period of the coarsest type."""
    row = connection.execute(
        """
        select period_type, period_label from marts.dim_periods
        order by case when period_type = 'to_date' then 0 else 1 end,
                 period_start_date desc, period_type_order desc
        limit 1
        """
    ).fetchone()
    if row is None:
        raise LookupError("dim_periods is empty")
    return row[0], row[1]


def ranking(
    connection: duckdb.DuckDBPyConnection, block: str, period_type: str, period_label: str
) -> pd.DataFrame:
    """A ranking block (provinces, ministries, or `<parent>:<type>`) for a period, best first."""
    return _df(
        connection,
        """
        select rank_in_block, unit_code, unit_name, total_points, total_points_shown,
               grade_code, grade_name_vi, grade_name_en, change_since_previous,
               ckmb_points, tdgq_points, clgq_points, tttt_points, mdsh_points, mdhl_points,
               units_in_block, national_average_province_total, is_provisional
        from marts.fct_unit_scorecard
        where ranking_block = ? and period_type = ? and period_label = ?
        order by rank_in_block, unit_code
        """,
        [block, period_type, period_label],
    )


def nation(
    connection: duckdb.DuckDBPyConnection, period_type: str, period_label: str
) -> dict | None:
    """The nation's pooled row and the plain average of province totals."""
    frame = _df(
        connection,
        """
        select total_points_shown, grade_name_vi, grade_name_en, national_average_province_total
        from marts.fct_unit_scorecard
        where unit_code = 'VN' and period_type = ? and period_label = ?
        """,
        [period_type, period_label],
    )
    return None if frame.empty else frame.iloc[0].to_dict()


def scored_units(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Units a page can open: ministries, current provinces, then their units."""
    return _df(
        connection,
        f"""
        select unit_code, unit_name, unit_type_code, parent_unit_code, root_unit_code
        from marts.dim_units
        where unit_type_code in {SCORED_UNIT_TYPES}
          and (unit_type_code not in ('BO', 'TINH') or is_block_root)
        order by case when is_block_root then 0 else 1 end, unit_type_code, unit_code
        """,
    )


def scorecard(
    connection: duckdb.DuckDBPyConnection, unit_code: str, period_type: str, period_label: str
) -> dict | None:
    frame = _df(
        connection,
        """
        select scorecard.*, parent.unit_name as parent_unit_name
        from marts.fct_unit_scorecard as scorecard
        left join marts.dim_units as parent on scorecard.parent_unit_code = parent.unit_code
        where scorecard.unit_code = ? and scorecard.period_type = ? and scorecard.period_label = ?
        """,
        [unit_code, period_type, period_label],
    )
    return None if frame.empty else frame.iloc[0].to_dict()


def groups(
    connection: duckdb.DuckDBPyConnection,
    unit_code: str,
    period_type: str,
    period_label: str,
    view: str = "portal",
) -> pd.DataFrame:
    """Group points in the portal (6 groups) or the legal (5 groups) view, with their names."""
    return _df(
        connection,
        """
        with names as (
            select distinct 'portal' as view, portal_group_code as group_code,
                   portal_group_name_vi as name_vi, portal_group_name_en as name_en,
                   min(sort_order) over (partition by portal_group_code) as sort_order
            from marts.dim_indicators
            union all
            select distinct 'legal', legal_group, legal_group_name_vi, legal_group_name_en,
                   min(sort_order) over (partition by legal_group)
            from marts.dim_indicators
        )
        select scores.group_code, names.name_vi, names.name_en, scores.points,
               scores.max_points
        from marts.fct_group_scores as scores
        left join names on scores.view = names.view and scores.group_code = names.group_code
        where scores.unit_code = ? and scores.period_type = ? and scores.period_label = ?
          and scores.view = ?
        order by names.sort_order, scores.group_code
        """,
        [unit_code, period_type, period_label, view],
    )


def components(
    connection: duckdb.DuckDBPyConnection, unit_code: str, period_type: str, period_label: str
) -> pd.DataFrame:
    """Every component of the unit's scorecard: counts, ratio, points and what was lost."""
    return _df(
        connection,
        """
        select indicators.indicator_number, scores.indicator_code, indicators.name_vi,
               indicators.name_en, indicators.portal_group_code, scores.numerator,
               scores.denominator, scores.ratio, scores.points, scores.max_points,
               lost.points_lost, lost.cause_count, lost.cause_kind, lost.cause_description_vi,
               lost.cause_description_en, scores.is_assumed, scores.source,
               indicators.is_display_only
        from marts.fct_indicator_scores as scores
        inner join marts.dim_indicators as indicators
            on scores.indicator_code = indicators.indicator_code
        left join marts.fct_points_lost as lost
            on scores.unit_code = lost.unit_code and scores.period_type = lost.period_type
            and scores.period_label = lost.period_label
            and scores.indicator_code = lost.indicator_code
        where scores.unit_code = ? and scores.period_type = ? and scores.period_label = ?
        order by indicators.sort_order
        """,
        [unit_code, period_type, period_label],
    )


def trend(connection: duckdb.DuckDBPyConnection, unit_code: str) -> pd.DataFrame:
    """The unit's total for every month, with the national average of province totals."""
    return _df(
        connection,
        """
        select scorecard.period_label, periods.period_start_date, scorecard.total_points,
               scorecard.national_average_province_total, scorecard.is_provisional
        from marts.fct_unit_scorecard as scorecard
        inner join marts.dim_periods as periods
            on scorecard.period_type = periods.period_type
            and scorecard.period_label = periods.period_label
        where scorecard.unit_code = ? and scorecard.period_type = 'month'
        order by periods.period_start_date
        """,
        [unit_code],
    )


def sub_unit_ranking(
    connection: duckdb.DuckDBPyConnection,
    unit_code: str,
    unit_type_code: str,
    period_type: str,
    period_label: str,
) -> pd.DataFrame:
    """The ranking of a ministry's or province's departments (SO_NGANH), communes (XA) or
    districts (HUYEN)."""
    return ranking(connection, f"{unit_code}:{unit_type_code}", period_type, period_label)


def points_lost(
    connection: duckdb.DuckDBPyConnection, unit_code: str, period_type: str, period_label: str
) -> pd.DataFrame:
    """The components that lost points, largest loss first."""
    return _df(
        connection,
        """
        select indicators.indicator_number, lost.indicator_code, indicators.name_vi,
               indicators.name_en, lost.points, lost.max_points, lost.points_lost,
               lost.cause_count, lost.cause_kind, lost.cause_description_vi,
               lost.cause_description_en, lost.listed_dossier_count, lost.source
        from marts.fct_points_lost as lost
        inner join marts.dim_indicators as indicators
            on lost.indicator_code = indicators.indicator_code
        where lost.unit_code = ? and lost.period_type = ? and lost.period_label = ?
          and lost.points_lost > 0
        order by lost.points_lost desc, indicators.sort_order
        """,
        [unit_code, period_type, period_label],
    )


def drill_down(
    connection: duckdb.DuckDBPyConnection,
    unit_code: str,
    period_type: str,
    period_label: str,
    indicator_code: str,
    limit: int | None = None,
) -> pd.DataFrame:
    """The codes of the dossiers that cost a component its points (no personal data)."""
    sql = """
        select dossier_code, reason, handling_unit_code, procedure_code
        from marts.fct_points_lost_dossiers
        where unit_code = ? and period_type = ? and period_label = ? and indicator_code = ?
        order by reason, handling_unit_code, dossier_code
    """
    params: list = [unit_code, period_type, period_label, indicator_code]
    if limit is not None:
        sql += " limit ?"
        params.append(limit)
    return _df(connection, sql, params)
