"""`dvc-index`: the one command of the project; the Makefile's targets call its subcommands.

    dvc-index run | build [--full-refresh]      the main job: gate, dbt build, gate, publish
    dvc-index validate --stage raw|marts        the data-quality gate alone
    dvc-index freshness | docs                  when the loader last wrote; dbt docs
    dvc-index generate --out DIR --dossiers N --seed S     a demo landing zone
    dvc-index publish [--list | --rollback [VERSION]]      the published copy
    dvc-index report | reconcile --unit CODE --period LABEL   a unit in the terminal
    dvc-index dashboard [--port 8501]           the web dashboard
    dvc-index benchmark | benchmark-hmac | repeat-builds | zone-batches | spark-cluster ...
    dvc-index hmac-env FILE                     the key's pads for a Spark Thrift server

One module per group of subcommands (job, demo, publication, reading, tools); each adds its
parsers with `register(commands)` and gives each a `handler(args) -> exit code`.
"""

from __future__ import annotations

import argparse
import sys

from dvc_index.cli import demo, job, publication, reading, tools

GROUPS = (job, demo, publication, reading, tools)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dvc-index",
        description="Vietnam's public-service quality index (Decision 766/QĐ-TTg): "
        "build, check, publish and read it.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in tools.PASSED_THROUGH:
        # tools with their own parsers (and sub-subcommands) read the rest of the line
        return tools.PASSED_THROUGH[argv[0]](argv[1:])
    args = build_parser().parse_args(argv)
    return args.handler(args)
