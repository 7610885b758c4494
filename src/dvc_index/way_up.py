"""The way up, as lines of text: the cheapest mix of items to the next grade band and what each
component alone would take (fct_improvement_paths). Shared by `dvc-index report` and the
dashboard's "Lộ trình / Way up" page; it formats the mart's figures and computes none."""

from __future__ import annotations

import duckdb

from dvc_index.dashboard.i18n import t


def collect(connection: duckdb.DuckDBPyConnection, unit: str, period: str) -> list[dict]:
    """The unit-period's rows of fct_improvement_paths, cheapest points first ([] when the
    mart is not there, e.g. a publication made before it existed)."""
    try:
        cursor = connection.execute(
            """
            select * from marts.fct_improvement_paths
            where upper(unit_code) = upper(?) and upper(period_label) = upper(?)
            order by path_rank
            """,
            [unit, period],
        )
    except duckdb.CatalogException:
        return []
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def render_lines(rows: list[dict], lang: str = "vi") -> list[str]:
    if not rows:
        return [t("way_up_none", lang)]
    first = rows[0]
    if first["next_grade_code"] is None:
        return [t("way_up_top", lang)]
    lines = [
        t("way_up_heading", lang).format(
            grade=first[f"next_grade_name_{lang}"], points=f"{first['points_to_next_grade']:.2f}"
        ),
        t("way_up_path", lang),
    ]
    for row in rows:
        if row["path_items"]:
            lines.append(
                t("way_up_item", lang).format(
                    items=row["path_items"],
                    name=row[f"item_{lang}"] or row["indicator_code"],
                    per=f"{row['points_per_item']:.3f}",
                    unit=t("way_up_unit", lang),
                )
            )
    alone = [
        t("way_up_option", lang).format(
            items=row["items_to_next_grade_alone"],
            name=row[f"item_{lang}"] or row["indicator_code"],
        )
        for row in sorted(rows, key=lambda r: r["items_to_next_grade_alone"] or 0)
        if row["items_to_next_grade_alone"] is not None
    ]
    if alone:
        lines.append(t("way_up_alone", lang).format(options=t("way_up_or", lang).join(alone[:3])))
    return lines
