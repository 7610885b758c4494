"""The dashboard's pages beyond the portal: "Đối soát / Reconciliation" (fct_reconciliation and
its dossier drill-down) and "Lộ trình / Way up" (fct_improvement_paths). The figures and their
order come from the marts and the command line's own modules (dvc_index.reconcile,
dvc_index.way_up); nothing is computed here."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dvc_index import reconcile, way_up
from dvc_index.dashboard.i18n import t

DRILL_DOWN_ROWS_SHOWN = 5000


def _names(connection, lang: str) -> dict[str, str]:
    """Component and portal group names by code, for the reconciliation table."""
    rows = connection.execute(
        f"""
        select indicator_code, indicator_number || ' ' || name_{lang} from marts.dim_indicators
        union all
        select distinct portal_group_code, portal_group_code || ' ' || portal_group_name_{lang}
        from marts.dim_indicators
        """
    ).fetchall()
    return {code: name for code, name in rows} | {"TONG": t("total", lang)}


def _figure(row: dict, side: str) -> str:
    points = row["published_points" if side == "published" else "computed_points_shown"]
    if points is None or pd.isna(points):
        return "–"
    numerator, denominator = row[f"{side}_numerator"], row[f"{side}_denominator"]
    if numerator is None or pd.isna(numerator) or denominator is None or pd.isna(denominator):
        return f"{points:.2f}"
    return f"{numerator:,.0f}/{denominator:,.0f} → {points:.2f}"


def _signed(value: object, digits: int = 2, percent: bool = False) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{100 * value:.0f} %" if percent else f"{value:+,.{digits}f}"


def page_reconciliation(connection, lang: str, period_label: str, unit: str, link) -> None:
    st.header(f"{t('reconciliation_title', lang)} · {unit} · {period_label}")
    data = reconcile.collect(connection, unit, period_label)
    published = [row for row in data["rows"] if row["status"] != "not_published"]
    if not published:
        st.info(t("no_published_figures", lang))
        labels = [
            label
            for (label,) in connection.execute(
                "select distinct period_label from marts.fct_reconciliation "
                "where unit_code = ? and status <> 'not_published' order by 1 desc",
                [unit],
            ).fetchall()
        ]
        if labels:
            st.markdown(
                t("published_periods", lang)
                + " "
                + " · ".join(
                    f"[{label}]({link(lang, page='reconciliation', unit=unit, period=label)})"
                    for label in labels
                )
            )
        return
    read_at = max((row["published_at"] for row in published if row["published_at"]), default=None)
    if read_at is not None:
        st.caption(f"{t('read_at', lang)}: {read_at:%Y-%m-%d %H:%M}")
    statuses = [row["status"] for row in data["rows"]]
    metrics = st.columns(4)
    for column, status in zip(
        metrics, ("differs", "rounding", "equal", "not_published"), strict=True
    ):
        column.metric(t(f"status_{status}", lang), statuses.count(status))
    names = _names(connection, lang)
    st.dataframe(
        pd.DataFrame(
            {
                t("figure", lang): [
                    names.get(r["figure_code"], r["figure_code"]) for r in data["rows"]
                ],
                t("status", lang): [t(f"status_{r['status']}", lang) for r in data["rows"]],
                t("ours", lang): [_figure(r, "computed") for r in data["rows"]],
                t("portal", lang): [_figure(r, "published") for r in data["rows"]],
                t("difference", lang): [_signed(r["points_difference"]) for r in data["rows"]],
                t("count_difference", lang): [
                    _signed(r["denominator_difference"], 0) for r in data["rows"]
                ],
                t("coverage", lang): [
                    _signed(r["gap_coverage"], percent=True) for r in data["rows"]
                ],
            }
        ),
        hide_index=True,
        use_container_width=True,
    )
    st.subheader(t("reconciliation_causes", lang))
    if data["causes"]:
        st.dataframe(
            pd.DataFrame(
                {
                    t("cause", lang): [t(f"recon_cause_{c}", lang) for c, _ in data["causes"]],
                    t("cause_count", lang): [n for _, n in data["causes"]],
                }
            ),
            hide_index=True,
        )
        dossiers = connection.execute(
            f"""
            select dossier_code, cause_code, handling_unit_code, received_at, synced_at,
                   reject_rule
            from marts.fct_reconciliation_dossiers
            where unit_code = ? and period_label = ?
            order by cause_code, received_at, dossier_code
            limit {DRILL_DOWN_ROWS_SHOWN}
            """,
            [unit, period_label],
        ).df()
        st.dataframe(
            pd.DataFrame(
                {
                    t("dossier_code", lang): dossiers["dossier_code"],
                    t("cause", lang): [t(f"recon_cause_{c}", lang) for c in dossiers["cause_code"]],
                    t("handling_unit", lang): dossiers["handling_unit_code"],
                    t("received_at", lang): dossiers["received_at"],
                    t("synced_at", lang): dossiers["synced_at"],
                    t("reject_rule", lang): dossiers["reject_rule"].fillna("–"),
                }
            ).fillna("–"),
            hide_index=True,
            use_container_width=True,
        )
    else:
        st.write("–")


def page_way_up(connection, lang: str, period_label: str, unit: str) -> None:
    st.header(f"{t('way_up_title', lang)} · {unit} · {period_label}")
    rows = way_up.collect(connection, unit, period_label)
    lines = way_up.render_lines(rows, lang)
    st.markdown(f"**{lines[0]}**")
    for line in lines[1:]:
        st.text(line)
    if not rows:
        return
    st.subheader(t("way_up_ranked", lang))
    names = _names(connection, lang)
    st.dataframe(
        pd.DataFrame(
            {
                t("component", lang): [names.get(r["indicator_code"]) for r in rows],
                t("item", lang): [r[f"item_{lang}"] for r in rows],
                t("points", lang): [f"{r['points']:.2f} / {r['max_points']:.0f}" for r in rows],
                t("points_per_item", lang): [f"{r['points_per_item']:.3f}" for r in rows],
                t("items_to_cap", lang): [f"{r['items_to_cap']:,.0f}" for r in rows],
                t("points_to_cap", lang): [f"{r['points_to_cap']:.2f}" for r in rows],
                t("items_alone", lang): [
                    "–"
                    if r["items_to_next_grade_alone"] is None
                    or pd.isna(r["items_to_next_grade_alone"])
                    else f"{r['items_to_next_grade_alone']:,.0f}"
                    for r in rows
                ],
                t("path_items", lang): [f"{r['path_items']:,.0f}" for r in rows],
            }
        ),
        hide_index=True,
        use_container_width=True,
    )
