"""The dvc-index dashboard (Streamlit): rankings, a unit's breakdown and trend, and the points
lost down to the dossiers that cost them. Vietnamese by default, English on a switch.

It reads only the published copy (DVC_PUBLISH_DIR, default publish/; see src/dvc_index/publish.py):
`current` is resolved at every rerun and the version's DuckDB file is opened read-only, so a
new publication shows on the next interaction and the warehouse is never touched.

Start:  make dashboard     (or: .venv/bin/dvc-index dashboard --port 8501)
URL parameters (shareable links): page=ranking|unit|points_lost|reconciliation|way_up,
unit=CODE, period=LABEL, lang=vi|en, e.g. http://127.0.0.1:8501/?page=unit&unit=H42&period=2026-Q3
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import altair as alt
import duckdb
import pandas as pd
import streamlit as st

from dvc_index.dashboard import beyond, queries
from dvc_index.dashboard.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    kind_label,
    period_type_label,
    reason_label,
    t,
)
from dvc_index.publish import DATABASE_NAME, publish_dir_from_env, resolve_current

PAGES = ("ranking", "unit", "points_lost", "reconciliation", "way_up")
PERIOD_TYPES = ("to_date", "year", "quarter", "month")
GRADE_COLORS = {
    "XUAT_SAC": "#1a9850",
    "TOT": "#91cf60",
    "KHA": "#fee08b",
    "TRUNG_BINH": "#fc8d59",
    "YEU": "#d73027",
}
DRILL_DOWN_ROWS_SHOWN = 5000


# ---------------------------------------------------------------------------------------------
# Data: the published copy only
# ---------------------------------------------------------------------------------------------


@st.cache_resource(max_entries=3, show_spinner=False)
def _database(version: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per published version (old ones are evicted and closed)."""
    return duckdb.connect(str(Path(version) / DATABASE_NAME), read_only=True)


def open_published() -> tuple[duckdb.DuckDBPyConnection, Path] | None:
    publish_dir = publish_dir_from_env()
    try:
        version = resolve_current(publish_dir)
    except FileNotFoundError:
        return None
    # a cursor per rerun: DuckDB connections are not shared between threads
    return _database(str(version)).cursor(), version


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def param(name: str, default: str | None = None) -> str | None:
    value = st.query_params.get(name)
    return value if value else default


def link(lang: str, **values: str) -> str:
    """A relative URL to a page of this dashboard."""
    return "?" + urlencode({"lang": lang, **values})


def localized(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    return frame[f"{column}_{lang}"] if f"{column}_{lang}" in frame else frame[f"{column}_vi"]


def fmt(value: object, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{value:,.{digits}f}"


def signed(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{value:+,.2f}"


def ranking_table(frame: pd.DataFrame, lang: str, period_label: str) -> None:
    """A ranking as an interactive table whose names open the unit page."""
    table = pd.DataFrame(
        {
            t("rank", lang): frame["rank_in_block"],
            t("code", lang): frame["unit_code"],
            t("name", lang): frame["unit_name"],
            t("total", lang): frame["total_points_shown"],
            t("grade", lang): localized(frame, "grade_name", lang),
            # a first period has no change: "–", never a raw None
            t("change", lang): frame["change_since_previous"].map(signed),
            "CKMB": frame["ckmb_points"].round(2),
            "TDGQ": frame["tdgq_points"].round(2),
            "CLGQ": frame["clgq_points"].round(2),
            "TTTT": frame["tttt_points"].round(2),
            "MDSH": frame["mdsh_points"].round(2),
            "MDHL": frame["mdhl_points"].round(2),
            t("open", lang): [
                link(lang, page="unit", unit=code, period=period_label)
                for code in frame["unit_code"]
            ],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        use_container_width=True,
        column_config={
            t("total", lang): st.column_config.NumberColumn(format="%.2f"),
            t("open", lang): st.column_config.LinkColumn(display_text="→"),
        },
    )


def ranking_chart(frame: pd.DataFrame, lang: str) -> alt.Chart:
    data = frame.assign(
        grade=localized(frame, "grade_name", lang),
        label=frame["unit_name"],
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "total_points_shown:Q", title=t("total", lang), scale=alt.Scale(domain=[0, 100])
            ),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color(
                "grade_code:N",
                title=t("grade", lang),
                scale=alt.Scale(domain=list(GRADE_COLORS), range=list(GRADE_COLORS.values())),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("unit_code:N", title=t("code", lang)),
                alt.Tooltip("label:N", title=t("name", lang)),
                alt.Tooltip("total_points_shown:Q", title=t("total", lang), format=".2f"),
                alt.Tooltip("grade:N", title=t("grade", lang)),
                alt.Tooltip("rank_in_block:Q", title=t("rank", lang)),
            ],
        )
        .properties(height=max(160, 18 * len(data)))
    )


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def page_ranking(connection, lang: str, period_type: str, period_label: str) -> None:
    st.header(f"{t('ranking_title', lang)} · {period_label}")
    national = queries.nation(connection, period_type, period_label)
    provinces = queries.ranking(connection, "provinces", period_type, period_label)
    ministries = queries.ranking(connection, "ministries", period_type, period_label)
    columns = st.columns(3)
    if not provinces.empty:
        top = provinces.iloc[0]
        columns[0].metric(t("national_average", lang), fmt(top["national_average_province_total"]))
        columns[1].metric(t("ranking_provinces", lang), f"{len(provinces)}")
    if national:
        grade = national[f"grade_name_{lang}"]
        columns[2].metric(
            t("nation_pooled", lang), f"{fmt(national['total_points_shown'])} · {grade}"
        )
    for frame, block in ((provinces, "ranking_provinces"), (ministries, "ranking_ministries")):
        if not frame.empty:
            top = frame.iloc[0]
            st.success(
                f"**{t('top_unit', lang)} · {t(block, lang)}: {top['unit_name']} "
                f"({top['unit_code']})** · {top['total_points_shown']:.2f} · "
                f"{top[f'grade_name_{lang}']}"
            )
    tab_provinces, tab_ministries = st.tabs(
        [t("ranking_provinces", lang), t("ranking_ministries", lang)]
    )
    for tab, frame in ((tab_provinces, provinces), (tab_ministries, ministries)):
        with tab:
            if frame.empty:
                st.info(t("no_data", lang))
                continue
            # the leaders as plain text too (readable without scripts, and by screen readers)
            leaders = " · ".join(
                f"{row.rank_in_block}. {row.unit_name} ({row.unit_code}) "
                f"{row.total_points_shown:.2f}"
                for row in frame.head(3).itertuples()
            )
            st.markdown(f"**{leaders}**")
            chart, table = st.columns([2, 3])
            chart.altair_chart(ranking_chart(frame, lang), use_container_width=True)
            with table:
                ranking_table(frame, lang, period_label)


def page_unit(connection, lang: str, period_type: str, period_label: str, unit: str) -> None:
    card = queries.scorecard(connection, unit, period_type, period_label)
    if card is None:
        st.header(unit)
        st.info(t("no_data", lang))
        return
    st.header(f"{card['unit_name']} ({card['unit_code']}) · {period_label}")
    if card.get("parent_unit_code"):
        st.markdown(
            f"{t('parent', lang)}: [{card['parent_unit_name']} ({card['parent_unit_code']})]"
            f"({link(lang, page='unit', unit=card['parent_unit_code'], period=period_label)})"
        )
    component_frame = queries.components(connection, unit, period_type, period_label)
    # no dossier received (1.4's denominator is 0): the total would come from the "full if
    # empty" rules alone, so it is shown as N/A
    sync = component_frame[component_frame["indicator_code"] == "DOSSIER_SYNC"]
    has_data = sync.empty or float(sync.iloc[0]["denominator"]) > 0
    metrics = st.columns(4)
    metrics[0].metric(t("total", lang), fmt(card["total_points_shown"]) if has_data else "N/A")
    metrics[1].metric(t("grade", lang), (card[f"grade_name_{lang}"] or "–") if has_data else "N/A")
    if not has_data:
        st.info(t("no_dossiers_in_period", lang))
    metrics[2].metric(
        t("rank", lang),
        t("rank_of", lang, rank=int(card["rank_in_block"]), count=int(card["units_in_block"])),
    )
    change = card["change_since_previous"]
    metrics[3].metric(
        t("change", lang),
        fmt(change),
        delta=None if pd.isna(change) else round(float(change), 2),
    )

    st.subheader(t("groups", lang))
    view = st.radio(
        t("view", lang),
        ["portal", "legal"],
        format_func=lambda value: t(f"view_{value}", lang),
        horizontal=True,
        key="group_view",
    )
    group_frame = queries.groups(connection, unit, period_type, period_label, view)
    if not group_frame.empty:
        group_frame = group_frame.assign(
            group=group_frame["group_code"] + " · " + localized(group_frame, "name", lang)
        )
        base = alt.Chart(group_frame).encode(
            y=alt.Y("group:N", sort=None, title=None, axis=alt.Axis(labelLimit=320))
        )
        chart = base.mark_bar(color="#e0e0e0").encode(
            x=alt.X("max_points:Q", title=t("points", lang))
        ) + base.mark_bar(color="#2c7fb8").encode(
            x="points:Q",
            tooltip=[
                alt.Tooltip("group:N", title=t("group", lang)),
                alt.Tooltip("points:Q", title=t("points", lang), format=".2f"),
                alt.Tooltip("max_points:Q", title=t("max_points", lang)),
            ],
        )
        st.altair_chart(chart.properties(height=40 * len(group_frame)), use_container_width=True)

    st.subheader(t("components", lang))
    st.dataframe(
        pd.DataFrame(
            {
                t("number", lang): component_frame["indicator_number"],
                t("component", lang): localized(component_frame, "name", lang),
                t("group", lang): component_frame["portal_group_code"],
                t("numerator", lang): component_frame["numerator"],
                t("denominator", lang): component_frame["denominator"],
                # 2.2's "ratio" is the mean processing time in days (display only), the others a
                # share; an empty denominator shows N/A
                t("ratio", lang): [
                    "N/A"
                    if pd.isna(ratio)
                    else f"{ratio:.2f} {t('days', lang)}"
                    if display_only
                    else f"{100 * ratio:.2f} %"
                    for ratio, display_only in zip(
                        component_frame["ratio"], component_frame["is_display_only"], strict=True
                    )
                ],
                t("points", lang): component_frame["points"].round(2),
                t("max_points", lang): component_frame["max_points"],
                t("points_lost", lang): component_frame["points_lost"].round(2),
                t("cause", lang): localized(component_frame, "cause_description", lang),
            }
        ),
        hide_index=True,
        use_container_width=True,
        column_config={
            t("numerator", lang): st.column_config.NumberColumn(format="%d"),
            t("denominator", lang): st.column_config.NumberColumn(format="%d"),
        },
    )

    st.subheader(t("trend", lang))
    trend_frame = queries.trend(connection, unit)
    if not trend_frame.empty:
        long = pd.concat(
            [
                pd.DataFrame(
                    {
                        "month": trend_frame["period_label"],
                        "points": trend_frame["total_points"],
                        "series": f"{card['unit_name']} ({unit})",
                    }
                ),
                pd.DataFrame(
                    {
                        "month": trend_frame["period_label"],
                        "points": trend_frame["national_average_province_total"],
                        "series": t("national_average", lang),
                    }
                ),
            ]
        )
        st.altair_chart(
            alt.Chart(long)
            .mark_line(point=True)
            .encode(
                x=alt.X("month:O", title=t("month", lang)),
                y=alt.Y("points:Q", title=t("total", lang), scale=alt.Scale(domain=[0, 100])),
                color=alt.Color("series:N", title=t("series", lang)),
                tooltip=["month", alt.Tooltip("points:Q", format=".2f"), "series"],
            )
            .properties(height=280),
            use_container_width=True,
        )

    if card["unit_type_code"] in ("BO", "TINH"):
        st.subheader(t("sub_units", lang))
        tabs = []
        for unit_type, label in (
            ("SO_NGANH", "departments"),
            ("XA", "communes"),
            ("HUYEN", "districts"),
        ):
            frame = queries.sub_unit_ranking(connection, unit, unit_type, period_type, period_label)
            if not frame.empty or unit_type != "HUYEN":
                tabs.append((t(label, lang), frame))
        for tab, (_, frame) in zip(st.tabs([label for label, _ in tabs]), tabs, strict=True):
            with tab:
                if frame.empty:
                    st.info(t("no_sub_units", lang))
                else:
                    ranking_table(frame, lang, period_label)


def page_points_lost(connection, lang: str, period_type: str, period_label: str, unit: str):
    card = queries.scorecard(connection, unit, period_type, period_label)
    name = f"{card['unit_name']} ({unit})" if card else unit
    st.header(f"{t('points_lost_title', lang)} · {name} · {period_label}")
    lost = queries.points_lost(connection, unit, period_type, period_label)
    if lost.empty:
        st.success(t("no_points_lost", lang))
        return
    st.metric(t("total_lost", lang), fmt(lost["points_lost"].sum()))
    lost = lost.assign(
        component=lost["indicator_number"] + " " + localized(lost, "name", lang),
        cause=localized(lost, "cause_description", lang),
        kind=[kind_label(kind, lang) for kind in lost["cause_kind"]],
    )
    st.altair_chart(
        alt.Chart(lost)
        .mark_bar(color="#d7301f")
        .encode(
            x=alt.X("points_lost:Q", title=t("points_lost", lang)),
            y=alt.Y("component:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360)),
            tooltip=[
                alt.Tooltip("component:N", title=t("component", lang)),
                alt.Tooltip("points_lost:Q", title=t("points_lost", lang), format=".2f"),
                alt.Tooltip("cause_count:Q", title=t("cause_count", lang), format=",.0f"),
                alt.Tooltip("cause:N", title=t("cause", lang)),
            ],
        )
        .properties(height=28 * len(lost)),
        use_container_width=True,
    )
    st.dataframe(
        pd.DataFrame(
            {
                t("component", lang): lost["component"],
                t("points", lang): lost["points"].round(2),
                t("max_points", lang): lost["max_points"],
                t("points_lost", lang): lost["points_lost"].round(2),
                t("cause_count", lang): lost["cause_count"],
                t("cause_kind", lang): lost["kind"],
                t("cause", lang): lost["cause"],
                t("listed", lang): lost["listed_dossier_count"],
            }
        ),
        hide_index=True,
        use_container_width=True,
        column_config={t("cause_count", lang): st.column_config.NumberColumn(format="%d")},
    )

    st.subheader(t("drill_down", lang))
    drillable = lost[lost["listed_dossier_count"] > 0]
    if drillable.empty:
        st.info(t("no_drill_down", lang))
        return
    choices = {
        row.indicator_code: f"{row.component} ({int(row.listed_dossier_count):,})"
        for row in drillable.itertuples()
    }
    choice = st.selectbox(
        t("drill_component", lang),
        list(choices),
        format_func=choices.get,
        key="drill_component",
    )
    dossiers = queries.drill_down(connection, unit, period_type, period_label, choice)
    total = len(dossiers)
    shown = dossiers.head(DRILL_DOWN_ROWS_SHOWN)
    st.caption(t("rows_shown", lang, shown=f"{len(shown):,}", total=f"{total:,}"))
    st.dataframe(
        pd.DataFrame(
            {
                t("dossier_code", lang): shown["dossier_code"],
                t("reason", lang): [reason_label(reason, lang) for reason in shown["reason"]],
                t("handling_unit", lang): shown["handling_unit_code"],
                t("procedure", lang): shown["procedure_code"],
            }
        ),
        hide_index=True,
        use_container_width=True,
    )
    st.download_button(
        t("download", lang),
        dossiers.to_csv(index=False).encode("utf-8"),
        file_name=f"points_lost_{unit}_{period_label}_{choice}.csv",
        mime="text/csv",
    )


# ---------------------------------------------------------------------------------------------
# Layout: sidebar (language, page, period, unit) and routing
# ---------------------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="dvc-index", page_icon="📊", layout="wide")
    requested_lang = param("lang", DEFAULT_LANGUAGE)
    lang_options = list(LANGUAGES)
    lang = st.sidebar.radio(
        "Ngôn ngữ / Language",
        lang_options,
        index=lang_options.index(requested_lang) if requested_lang in LANGUAGES else 0,
        format_func=LANGUAGES.get,
        horizontal=True,
        key="lang",
    )
    st.title(t("app_title", lang))

    opened = open_published()
    if opened is None:
        st.warning(t("nothing_published", lang, path=publish_dir_from_env()))
        return
    connection, version = opened
    st.caption(t("app_caption", lang, version=version.name))

    requested_page = param("page") or ("unit" if param("unit") else "ranking")
    page = st.sidebar.radio(
        t("page", lang),
        PAGES,
        index=PAGES.index(requested_page) if requested_page in PAGES else 0,
        format_func=lambda value: t(f"page_{value}", lang),
        key="page",
    )

    period_frame = queries.periods(connection)
    default_type, default_label = queries.default_period(connection)
    requested_label = param("period")
    matching = period_frame[period_frame["period_label"] == requested_label]
    if not matching.empty:
        default_type, default_label = matching.iloc[0]["period_type"], requested_label
    types = [value for value in PERIOD_TYPES if value in set(period_frame["period_type"])]
    period_type = st.sidebar.selectbox(
        t("period_type", lang),
        types,
        index=types.index(default_type) if default_type in types else 0,
        format_func=lambda value: period_type_label(value, lang),
        key="period_type",
    )
    of_type = period_frame[period_frame["period_type"] == period_type]
    labels = list(of_type["period_label"])
    provisional = dict(zip(of_type["period_label"], of_type["is_provisional"], strict=True))
    period_label = st.sidebar.selectbox(
        t("period", lang),
        labels,
        index=labels.index(default_label) if default_label in labels else 0,
        format_func=lambda value: (
            f"{value} ({t('provisional', lang)})" if provisional.get(value) else value
        ),
        key=f"period_label_{period_type}",
    )

    unit = None
    if page != "ranking":
        units = queries.scored_units(connection)
        codes = list(units["unit_code"])
        names = dict(zip(units["unit_code"], units["unit_name"], strict=True))
        requested_unit = param("unit")
        if requested_unit not in names:
            top = queries.ranking(connection, "provinces", period_type, period_label)
            requested_unit = top.iloc[0]["unit_code"] if not top.empty else codes[0]
        unit = st.sidebar.selectbox(
            t("unit", lang),
            codes,
            index=codes.index(requested_unit),
            format_func=lambda code: f"{code} · {names.get(code, '')}",
            key=f"unit_{requested_unit}",
        )

    # keep the URL in step with what is shown, so that it can be shared
    wanted = {"lang": lang, "page": page, "period": period_label}
    if unit:
        wanted["unit"] = unit
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)

    if page == "ranking":
        page_ranking(connection, lang, period_type, period_label)
    elif page == "unit":
        page_unit(connection, lang, period_type, period_label, unit)
    elif page == "reconciliation":
        beyond.page_reconciliation(connection, lang, period_label, unit, link)
    elif page == "way_up":
        beyond.page_way_up(connection, lang, period_label, unit)
    else:
        page_points_lost(connection, lang, period_type, period_label, unit)


main()
