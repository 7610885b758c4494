"""A unit in the terminal, from the published copy: `report`, `reconcile`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dvc_index import reconcile
from dvc_index.dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES
from dvc_index.report import ReportError, open_source, report


def register(commands: argparse._SubParsersAction) -> None:
    report_parser = commands.add_parser("report", help="print a unit's scorecard")
    report_parser.add_argument("--unit", required=True, help="unit code, e.g. H42 (VN: nation)")
    report_parser.add_argument(
        "--period", help="period label: 2026-09, 2026-Q3, 2026, 2026-YTD (default: year to date)"
    )
    _common(report_parser)
    report_parser.set_defaults(handler=_report)

    reconcile_parser = commands.add_parser(
        "reconcile", help="the warehouse's figures beside the portal's, largest differences first"
    )
    reconcile_parser.add_argument("--unit", required=True, help="unit code, e.g. H42")
    reconcile_parser.add_argument("--period", required=True, help="period label, e.g. 2026-Q2")
    _common(reconcile_parser)
    reconcile_parser.set_defaults(handler=_reconcile)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default=DEFAULT_LANGUAGE)
    parser.add_argument("--publish-dir", type=Path, default=None)


def _report(args: argparse.Namespace) -> int:
    try:
        print(report(args.unit, args.period, args.lang, args.publish_dir))
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _reconcile(args: argparse.Namespace) -> int:
    try:
        connection, source = open_source(args.publish_dir)
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        data = reconcile.collect(connection, args.unit, args.period)
    finally:
        connection.close()
    print(reconcile.render(data, args.unit.upper(), args.period, args.lang, source))
    return 0
