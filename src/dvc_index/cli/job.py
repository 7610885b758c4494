"""The main job and its parts: `run`, `build`, `validate`, `freshness`; and `docs`."""

from __future__ import annotations

import argparse

from dvc_index import pipeline
from dvc_index.common import dvc_environment, run_dbt
from dvc_index.gate import validate as gate_command


def register(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run",
        help="the main job: demo data if none, gate, dbt build, gate, publish, results",
    )
    pipeline.add_arguments(run)
    run.set_defaults(handler=pipeline.start)

    build = commands.add_parser(
        "build", help="the main job without demo data (the landing zone must exist)"
    )
    build.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild the incremental models from the whole landing zone",
    )
    build.set_defaults(handler=_build)

    validate = commands.add_parser(
        "validate", help="the data-quality gate alone (exit 1 when a check fails)"
    )
    gate_command.add_arguments(validate)
    validate.set_defaults(handler=gate_command.run)

    freshness = commands.add_parser(
        "freshness", help="how recently the loader wrote to the landing zone (dbt freshness)"
    )
    freshness.set_defaults(handler=_freshness)

    docs = commands.add_parser(
        "docs", help="dbt docs: target/index.html and the self-contained target/static_index.html"
    )
    docs.set_defaults(handler=_docs)


def _build(args: argparse.Namespace) -> int:
    args.no_generate = True
    return pipeline.start(args)


def _freshness(args: argparse.Namespace) -> int:
    return run_dbt(["source", "freshness"], dvc_environment()).returncode


def _docs(args: argparse.Namespace) -> int:
    return run_dbt(["docs", "generate", "--static"], dvc_environment()).returncode
