"""A unit's scorecard as terminal text (`dvc-index report --unit H42 --period 2026-Q3`).

The report reads only the published copy (DVC_PUBLISH_DIR, default publish/current): never the
build warehouse, which holds staging and quarantine besides the marts (README, Personal data).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dvc_index import publish, way_up
from dvc_index.dashboard.i18n import t


class ReportError(RuntimeError):
    """The report cannot be made (no data, unknown unit or period)."""


# ---------------------------------------------------------------------------------------------
# Data source: the published copy only
# ---------------------------------------------------------------------------------------------


def open_source(publish_dir: Path | None = None) -> tuple[duckdb.DuckDBPyConnection, str]:
    """A read-only connection to the published copy and a description of it. With nothing
    published, an error: the build warehouse is not a source of reports (it holds the staging
    and quarantine relations, for the build and its operators only)."""
    publish_dir = publish_dir or publish.publish_dir_from_env()
    try:
        connection, version = publish.connect_published(publish_dir)
    except FileNotFoundError:
        raise ReportError(
            f"nothing published in {publish_dir}: run `make run` (or `dvc-index publish` after "
            "a build); the report never reads the build warehouse"
        ) from None
    return connection, f"{publish_dir / publish.CURRENT_NAME} ({version.name})"


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cursor = connection.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _resolve_period(connection: duckdb.DuckDBPyConnection, label: str | None) -> dict:
    if label is None:
        rows = _rows(
            connection,
            """
            select period_type, period_label, is_provisional from marts.dim_periods
            order by case when period_type = 'to_date' then 0 else 1 end,
                     period_start_date desc
            limit 1
            """,
            [],
        )
    else:
        rows = _rows(
            connection,
            """
            select period_type, period_label, is_provisional from marts.dim_periods
            where upper(period_label) = upper(?)
            """,
            [label],
        )
    if not rows:
        known = [
            row[0]
            for row in connection.execute(
                "select period_label from marts.dim_periods "
                "order by period_type_order, period_start_date desc limit 8"
            ).fetchall()
        ]
        raise ReportError(f"unknown period {label!r}; e.g. {', '.join(known)}")
    return rows[0]


def collect(
    connection: duckdb.DuckDBPyConnection, unit_code: str, period_label: str | None
) -> dict:
    """Everything the report shows, as plain data."""
    period = _resolve_period(connection, period_label)
    key = [period["period_type"], period["period_label"]]
    cards = _rows(
        connection,
        """
        select * from marts.fct_unit_scorecard
        where upper(unit_code) = upper(?) and period_type = ? and period_label = ?
        """,
        [unit_code, *key],
    )
    if not cards:
        exists = connection.execute(
            "select count(*) from marts.dim_units where upper(unit_code) = upper(?)", [unit_code]
        ).fetchone()[0]
        if not exists:
            raise ReportError(f"unknown unit {unit_code!r} (see marts.dim_units)")
        raise ReportError(f"unit {unit_code} is not scored in {period['period_label']}")
    card = cards[0]
    unit = card["unit_code"]
    groups = _rows(
        connection,
        """
        with names as (
            select portal_group_code as group_code, min(portal_group_name_vi) as name_vi,
                   min(portal_group_name_en) as name_en, min(sort_order) as sort_order
            from marts.dim_indicators
            group by portal_group_code
        )
        select scores.group_code, names.name_vi, names.name_en, scores.points,
               scores.max_points
        from marts.fct_group_scores as scores
        left join names on scores.group_code = names.group_code
        where scores.unit_code = ? and scores.period_type = ? and scores.period_label = ?
          and scores.view = 'portal'
        order by names.sort_order
        """,
        [unit, *key],
    )
    components = _rows(
        connection,
        """
        select indicators.indicator_number, scores.indicator_code, indicators.name_vi,
               indicators.name_en, indicators.portal_group_code, indicators.is_display_only,
               scores.numerator, scores.denominator, scores.ratio, scores.points,
               scores.max_points, scores.is_assumed, scores.source
        from marts.fct_indicator_scores as scores
        inner join marts.dim_indicators as indicators
            on scores.indicator_code = indicators.indicator_code
        where scores.unit_code = ? and scores.period_type = ? and scores.period_label = ?
        order by indicators.sort_order
        """,
        [unit, *key],
    )
    steps = way_up.collect(connection, unit, period["period_label"])
    return {
        "period": period,
        "card": card,
        "groups": groups,
        "components": components,
        "way_up": steps,
    }


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _bar(points: float, maximum: float, width: int = 20) -> str:
    if not maximum:
        return ""
    filled = round(width * max(0.0, min(1.0, points / maximum)))
    return "█" * filled + "░" * (width - filled)


def render(data: dict, lang: str = "vi", source: str = "") -> str:
    """The scorecard as terminal text."""
    card, period = data["card"], data["period"]
    provisional = f" ({t('provisional', lang)})" if period["is_provisional"] else ""
    lines = [
        t("report_title", lang),
        f"{card['unit_name']} ({card['unit_code']}) · {t('report_period', lang)} "
        f"{period['period_label']}{provisional}",
        "",
        f"  {t('total', lang):<28} {_number(card['total_points_shown'])} / 100",
        f"  {t('grade', lang):<28} {card[f'grade_name_{lang}'] or '–'}",
        f"  {t('rank', lang):<28} "
        + t("report_rank_of", lang).format(
            rank=card["rank_in_block"], count=card["units_in_block"], block=card["ranking_block"]
        ),
    ]
    if card["change_since_previous"] is not None:
        lines.append(f"  {t('report_change', lang):<28} {card['change_since_previous']:+.2f}")
    if card["national_average_province_total"] is not None:
        average = _number(card["national_average_province_total"])
        lines.append(f"  {t('national_average', lang):<28} {average}")
    lines += ["", t("report_groups", lang)]
    for group in data["groups"]:
        name = group[f"name_{lang}"] or ""
        lines.append(
            f"  {group['group_code']:<5} {name[:40]:<40} {group['points']:6.2f} / "
            f"{group['max_points']:>4.0f}  {_bar(group['points'], group['max_points'])}"
        )
    lines += [
        "",
        t("report_components", lang),
        f"  {t('number', lang):<5} {t('component', lang):<44} {t('numerator', lang):>12} "
        f"{t('denominator', lang):>12} {t('ratio', lang):>8} {t('points', lang):>13} "
        f"{t('report_lost', lang):>6}",
    ]
    for component in data["components"]:
        name = component[f"name_{lang}"] or component["indicator_code"]
        if component["is_display_only"]:
            ratio = _number(component["ratio"])
        elif component["ratio"] is None:
            ratio = "N/A"
        else:
            ratio = f"{100 * component['ratio']:.2f}%"
        lost = component["max_points"] - component["points"]
        note = ""
        if component["is_assumed"]:
            note = f"  ({t('report_assumed', lang)})"
        elif component["source"] == "external":
            note = f"  ({t('report_external', lang)})"
        lines.append(
            f"  {component['indicator_number']:<5} {name[:44]:<44} "
            f"{component['numerator']:>12,.0f} {component['denominator']:>12,.0f} {ratio:>8} "
            f"{component['points']:>6.2f} / {component['max_points']:<4.0f} "
            f"{(f'{lost:.2f}' if lost > 0.005 else ''):>6}{note}"
        )
    if "way_up" in data:
        lines += ["", *way_up.render_lines(data["way_up"], lang)]
    if source:
        lines += ["", f"{t('source', lang)}: {source}"]
    return "\n".join(lines)


def report(
    unit: str,
    period: str | None = None,
    lang: str = "vi",
    publish_dir: Path | None = None,
) -> str:
    connection, source = open_source(publish_dir)
    try:
        return render(collect(connection, unit, period), lang, source)
    finally:
        connection.close()
