"""`dvc-index reconcile --unit CODE --period LABEL`: the warehouse's figures beside the portal's.

Reads fct_reconciliation and fct_reconciliation_dossiers (published copy, else the warehouse)
and lists the figures the portal published for the unit and period, the largest differences
first (points, then dossier counts), each with its status and, for dossier counts, how much of
the gap the dossier-level causes cover and which causes they are.
"""

from __future__ import annotations

import duckdb

from dvc_index.dashboard.i18n import t

ORDER = """
    case status when 'differs' then 0 when 'rounding' then 1 when 'not_computed' then 2
        when 'not_published' then 4 else 3 end,
    abs(coalesce(points_difference, 0)) desc,
    abs(coalesce(denominator_difference, 0)) + abs(coalesce(numerator_difference, 0)) desc,
    figure_code
"""


def collect(connection: duckdb.DuckDBPyConnection, unit: str, period: str) -> dict:
    """The unit-period's reconciliation rows (largest differences first) and cause counts."""
    cursor = connection.execute(
        f"""
        select * from marts.fct_reconciliation
        where upper(unit_code) = upper(?) and upper(period_label) = upper(?)
        order by {ORDER}
        """,
        [unit, period],
    )
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    causes = connection.execute(
        """
        select cause_code, count(*) from marts.fct_reconciliation_dossiers
        where upper(unit_code) = upper(?) and upper(period_label) = upper(?)
        group by cause_code order by count(*) desc, cause_code
        """,
        [unit, period],
    ).fetchall()
    return {"rows": rows, "causes": causes}


def _figure(row: dict, side: str) -> str:
    points = row[f"{side}_points" if side == "published" else "computed_points_shown"]
    text = "–" if points is None else f"{points:.2f}"
    numerator, denominator = row[f"{side}_numerator"], row[f"{side}_denominator"]
    if numerator is not None and denominator is not None:
        text = f"{numerator:,.0f}/{denominator:,.0f} = {text}"
    return text


def render(data: dict, unit: str, period: str, lang: str = "vi", source: str = "") -> str:
    lines = [t("reconciliation_title", lang), f"{unit} · {t('report_period', lang)} {period}", ""]
    published = [row for row in data["rows"] if row["status"] != "not_published"]
    if not published:
        return "\n".join([*lines, t("reconcile_none", lang)])
    read_at = max((row["published_at"] for row in published if row["published_at"]), default=None)
    if read_at is not None:
        lines += [f"{t('read_at', lang)}: {read_at:%Y-%m-%d %H:%M}", ""]
    lines.append(
        f"  {t('reconcile_figure', lang):<36} {t('status', lang):<13} {t('ours', lang):>24} "
        f"{t('portal', lang):>24} {t('reconcile_difference', lang):>8} {t('coverage', lang):>10}"
    )
    for row in data["rows"]:
        difference = row["points_difference"]
        covered = row["gap_coverage"]
        lines.append(
            f"  {row['figure_code'][:36]:<36} {row['status']:<13} {_figure(row, 'computed'):>24} "
            f"{_figure(row, 'published'):>24} "
            f"{('–' if difference is None else f'{difference:+.2f}'):>8} "
            f"{('–' if covered is None else f'{100 * covered:.0f}%'):>10}"
        )
    if data["causes"]:
        lines += ["", t("reconcile_causes", lang)]
        lines += [f"  {cause:<24} {count:>8,}" for cause, count in data["causes"]]
    if source:
        lines += ["", f"{t('source', lang)}: {source}"]
    return "\n".join(lines)
