"""The way up, as lines of text: the cheapest mix of items to the next grade band and what each
component alone would take (fct_improvement_paths). Shared by `dvc-index report` and the
dashboard's "Lộ trình / Way up" page; it formats the mart's figures and computes none."""

from __future__ import annotations

import duckdb

LABELS = {
    "vi": {
        "title": "Lộ trình lên {grade}: cần thêm {points} điểm",
        "top": "Đã ở hạng cao nhất.",
        "none": "Không còn chỉ số nào có thể tăng điểm.",
        "path": "Cách ít hồ sơ/thủ tục nhất:",
        "item": "  + {items:,.0f} {name} ({per} điểm mỗi {unit})",
        "unit": "đơn vị",
        "alone": "Hoặc chỉ một chỉ số: {options}",
        "or": " hoặc ",
        "option": "{items:,.0f} {name}",
    },
    "en": {
        "title": "Way up to {grade}: {points} more points",
        "top": "Already in the top band.",
        "none": "No component can win more points.",
        "path": "Fewest items:",
        "item": "  + {items:,.0f} more {name} ({per} points each)",
        "unit": "item",
        "alone": "Or one component alone: {options}",
        "or": ", or ",
        "option": "{items:,.0f} more {name}",
    },
}


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
    label = LABELS[lang]
    if not rows:
        return [label["none"]]
    first = rows[0]
    if first["next_grade_code"] is None:
        return [label["top"]]
    lines = [
        label["title"].format(
            grade=first[f"next_grade_name_{lang}"], points=f"{first['points_to_next_grade']:.2f}"
        ),
        label["path"],
    ]
    for row in rows:
        if row["path_items"]:
            lines.append(
                label["item"].format(
                    items=row["path_items"],
                    name=row[f"item_{lang}"] or row["indicator_code"],
                    per=f"{row['points_per_item']:.3f}",
                    unit=label["unit"],
                )
            )
    alone = [
        label["option"].format(
            items=row["items_to_next_grade_alone"],
            name=row[f"item_{lang}"] or row["indicator_code"],
        )
        for row in sorted(rows, key=lambda r: r["items_to_next_grade_alone"] or 0)
        if row["items_to_next_grade_alone"] is not None
    ]
    if alone:
        lines.append(label["alone"].format(options=label["or"].join(alone[:3])))
    return lines
