"""Operators' tools: `benchmark`, `benchmark-hmac`, `repeat-builds`, `zone-batches`,
`spark-cluster` (each reads the rest of the command line with its own parser, so their
sub-subcommands and --help work as before), and `hmac-env`."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from dvc_index.privacy import HmacKeyError, spark_environment

# subcommand -> (module whose main(argv) runs it, help)
_TOOLS = {
    "benchmark": ("dvc_index.bench.benchmark", "time the build on a generated zone (JSON)"),
    "benchmark-hmac": (
        "dvc_index.bench.benchmark_hmac",
        "time the ways of keying the applicant-ID hash on DuckDB",
    ),
    "repeat-builds": (
        "dvc_index.bench.repeat_builds",
        "ten scheduled builds in a row on a growing zone (the operator's drill)",
    ),
    "zone-batches": (
        "dvc_index.demo.zone_batches",
        "split a landing zone by load time into an initial zone and load batches",
    ),
    "spark-cluster": (
        "dvc_index.spark.cluster",
        "start/stop a local Spark standalone cluster with a Thrift server, or build on it",
    ),
}


def _runner(name: str, module: str) -> Callable[[list[str]], int]:
    def run(argv: list[str]) -> int:
        # the tool's own parser names itself after argv[0]: `dvc-index NAME` in its usage
        sys.argv[0] = f"dvc-index {name}"
        return importlib.import_module(module).main(argv)

    return run


PASSED_THROUGH = {name: _runner(name, module) for name, (module, _) in _TOOLS.items()}


def register(commands: argparse._SubParsersAction) -> None:
    for name, (_, help_text) in _TOOLS.items():
        # listed for --help; main() hands the line to the tool before this parser sees it
        commands.add_parser(name, help=f"{help_text} (`dvc-index {name} --help`)")

    hmac_parser = commands.add_parser(
        "hmac-env",
        help="write DVC_HMAC_IPAD/OPAD/KEY_ID for a Spark Thrift server's environment "
        "(a new file, mode 0600; README, Personal data)",
    )
    hmac_parser.add_argument("file", type=Path)
    hmac_parser.set_defaults(handler=lambda args: write_hmac_env(args.file))


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
