"""The published copy and its readers' server: `publish`, `dashboard`."""

from __future__ import annotations

import argparse
import os

from dvc_index import publish
from dvc_index.common import PROJECT_ROOT
from dvc_index.dashboard.serve import dashboard_command, dashboard_environment


def register(commands: argparse._SubParsersAction) -> None:
    publish_parser = commands.add_parser(
        "publish",
        help="publish the marts (publish/current), list the kept versions, or roll back",
    )
    publish.build_parser(publish_parser)
    publish_parser.set_defaults(handler=publish.run)

    dashboard = commands.add_parser("dashboard", help="start the web dashboard")
    dashboard.add_argument("--port", type=int, default=8501)
    dashboard.add_argument("--address", default="127.0.0.1")
    dashboard.set_defaults(handler=_dashboard)


def _dashboard(args: argparse.Namespace) -> int:
    command = dashboard_command(args.port, args.address)
    print(f"dashboard on http://{args.address}:{args.port} (Ctrl+C stops it)", flush=True)
    # become Streamlit (signals reach it directly; no wrapper process is left behind)
    os.chdir(PROJECT_ROOT)
    os.execvpe(command[0], command, dashboard_environment())
