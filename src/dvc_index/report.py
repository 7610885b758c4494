"""`dvc-index`: the command line of the index for people who read it.

    dvc-index report --unit H42 --period 2026-Q3 [--lang en]   a unit's scorecard in the terminal
    dvc-index reconcile --unit H42 --period 2026-Q2 [--lang en]  ours beside the portal's figures
    dvc-index publish [--keep N | --list | --rollback [VERSION]]  the published copy (publish.py)
    dvc-index dashboard [--port 8501]                            start the web dashboard
    dvc-index hmac-env FILE                 the key's pads for a Spark Thrift server (mode 0600)

`report` reads only the published copy (DVC_PUBLISH_DIR, default publish/current): never the
build warehouse, which holds staging and quarantine besides the marts (README, Personal data).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import duckdb
import dvc_reconcile
import dvc_way_up
import publish
from dvc_common import PROJECT_ROOT
from dvc_privacy import HmacKeyError, spark_environment

LABELS = {
    "vi": {
        "title": "Kết quả chỉ số phục vụ người dân, doanh nghiệp",
        "period": "Kỳ",
        "provisional": "tạm tính",
        "total": "Tổng điểm",
        "grade": "Xếp loại",
        "rank": "Hạng",
        "rank_of": "{rank}/{count} ({block})",
        "change": "So với kỳ trước",
        "average": "Trung bình cả nước (tỉnh)",
        "groups": "Nhóm chỉ số (Cổng DVCQG)",
        "components": "Chỉ số thành phần",
        "number": "Số",
        "component": "Chỉ số",
        "numerator": "Tử số",
        "denominator": "Mẫu số",
        "ratio": "Tỷ lệ",
        "points": "Điểm",
        "lost": "Mất",
        "source": "Nguồn",
        "assumed": "mặc định đủ điểm",
        "external": "số liệu ngoài",
    },
    "en": {
        "title": "Public-service quality index scorecard",
        "period": "Period",
        "provisional": "provisional",
        "total": "Total",
        "grade": "Grade",
        "rank": "Rank",
        "rank_of": "{rank} of {count} ({block})",
        "change": "Change since previous period",
        "average": "National average (provinces)",
        "groups": "Groups (portal view)",
        "components": "Components",
        "number": "No.",
        "component": "Component",
        "numerator": "Numerator",
        "denominator": "Denominator",
        "ratio": "Ratio",
        "points": "Points",
        "lost": "Lost",
        "source": "Source",
        "assumed": "assumed full",
        "external": "outside figure",
    },
}


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
    way_up = dvc_way_up.collect(connection, unit, period["period_label"])
    return {
        "period": period,
        "card": card,
        "groups": groups,
        "components": components,
        "way_up": way_up,
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
    label = LABELS[lang]
    card, period = data["card"], data["period"]
    provisional = f" ({label['provisional']})" if period["is_provisional"] else ""
    lines = [
        label["title"],
        f"{card['unit_name']} ({card['unit_code']}) · {label['period']} "
        f"{period['period_label']}{provisional}",
        "",
        f"  {label['total']:<28} {_number(card['total_points_shown'])} / 100",
        f"  {label['grade']:<28} {card[f'grade_name_{lang}'] or '–'}",
        f"  {label['rank']:<28} "
        + label["rank_of"].format(
            rank=card["rank_in_block"], count=card["units_in_block"], block=card["ranking_block"]
        ),
    ]
    if card["change_since_previous"] is not None:
        lines.append(f"  {label['change']:<28} {card['change_since_previous']:+.2f}")
    if card["national_average_province_total"] is not None:
        lines.append(f"  {label['average']:<28} {_number(card['national_average_province_total'])}")
    lines += ["", label["groups"]]
    for group in data["groups"]:
        name = group[f"name_{lang}"] or ""
        lines.append(
            f"  {group['group_code']:<5} {name[:40]:<40} {group['points']:6.2f} / "
            f"{group['max_points']:>4.0f}  {_bar(group['points'], group['max_points'])}"
        )
    lines += [
        "",
        label["components"],
        f"  {label['number']:<5} {label['component']:<44} {label['numerator']:>12} "
        f"{label['denominator']:>12} {label['ratio']:>8} {label['points']:>13} {label['lost']:>6}",
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
            note = f"  ({label['assumed']})"
        elif component["source"] == "external":
            note = f"  ({label['external']})"
        lines.append(
            f"  {component['indicator_number']:<5} {name[:44]:<44} "
            f"{component['numerator']:>12,.0f} {component['denominator']:>12,.0f} {ratio:>8} "
            f"{component['points']:>6.2f} / {component['max_points']:<4.0f} "
            f"{(f'{lost:.2f}' if lost > 0.005 else ''):>6}{note}"
        )
    if "way_up" in data:
        lines += ["", *dvc_way_up.render_lines(data["way_up"], lang)]
    if source:
        lines += ["", f"{label['source']}: {source}"]
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


# ---------------------------------------------------------------------------------------------
# The dashboard's start command (also used by the end-to-end test)
# ---------------------------------------------------------------------------------------------


def dashboard_command(port: int = 8501, address: str = "127.0.0.1") -> list[str]:
    """Streamlit, headless, offline (no usage statistics), bound to `address`."""
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    return [
        streamlit,
        "run",
        str(PROJECT_ROOT / "dashboard" / "app.py"),
        "--server.headless",
        "true",
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--server.fileWatcherType",
        "none",
    ]


def dashboard_environment(publish_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    if publish_dir is not None:
        env["DVC_PUBLISH_DIR"] = str(publish_dir)
    return env


# ---------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------


def write_hmac_env(path: Path) -> int:
    """The pads and key id, as `NAME=value` lines, in a new file only its owner can read (the
    operator loads it into the Thrift server's environment). Never printed."""
    env = {"DVC_HMAC_KEY": os.environ.get("DVC_HMAC_KEY", "")}
    try:
        spark_environment(env)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except (HmacKeyError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    with os.fdopen(descriptor, "w") as handle:
        for name in ("DVC_HMAC_IPAD", "DVC_HMAC_OPAD", "DVC_HMAC_KEY_ID"):
            handle.write(f"{name}={env[name]}\n")
    print(f"wrote {path} (mode 0600): key id {env['DVC_HMAC_KEY_ID']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dvc-index", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    report_parser = commands.add_parser("report", help="print a unit's scorecard")
    report_parser.add_argument("--unit", required=True, help="unit code, e.g. H42 (VN: nation)")
    report_parser.add_argument(
        "--period", help="period label: 2026-09, 2026-Q3, 2026, 2026-YTD (default: year to date)"
    )
    report_parser.add_argument("--lang", choices=sorted(LABELS), default="vi")
    report_parser.add_argument("--publish-dir", type=Path, default=None)

    reconcile_parser = commands.add_parser(
        "reconcile", help="the warehouse's figures beside the portal's, largest differences first"
    )
    reconcile_parser.add_argument("--unit", required=True, help="unit code, e.g. H42")
    reconcile_parser.add_argument("--period", required=True, help="period label, e.g. 2026-Q2")
    reconcile_parser.add_argument("--lang", choices=sorted(LABELS), default="vi")
    reconcile_parser.add_argument("--publish-dir", type=Path, default=None)

    publish.build_parser(
        commands.add_parser("publish", help="publish the marts (see scripts/publish.py)")
    )

    hmac_parser = commands.add_parser(
        "hmac-env",
        help="write DVC_HMAC_IPAD/OPAD/KEY_ID for a Spark Thrift server's environment "
        "(a new file, mode 0600; README, Personal data)",
    )
    hmac_parser.add_argument("file", type=Path)

    dashboard_parser = commands.add_parser("dashboard", help="start the web dashboard")
    dashboard_parser.add_argument("--port", type=int, default=8501)
    dashboard_parser.add_argument("--address", default="127.0.0.1")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "report":
        try:
            print(report(args.unit, args.period, args.lang, args.publish_dir))
        except ReportError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        return 0
    if args.command == "reconcile":
        try:
            connection, source = open_source(args.publish_dir)
        except ReportError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        try:
            data = dvc_reconcile.collect(connection, args.unit, args.period)
        finally:
            connection.close()
        print(dvc_reconcile.render(data, args.unit.upper(), args.period, args.lang, source))
        return 0
    if args.command == "publish":
        return publish.run(args)
    if args.command == "hmac-env":
        return write_hmac_env(args.file)
    command = dashboard_command(args.port, args.address)
    print(f"dashboard on http://{args.address}:{args.port} (Ctrl+C stops it)", flush=True)
    # become Streamlit (signals reach it directly; no wrapper process is left behind)
    os.chdir(PROJECT_ROOT)
    os.execvpe(command[0], command, dashboard_environment())


if __name__ == "__main__":
    raise SystemExit(main())
