"""The demo landing zone: `generate` (`zone-batches`, which reads its own arguments, is in
tools)."""

from __future__ import annotations

import argparse

from dvc_index.demo import generate_raw


def register(commands: argparse._SubParsersAction) -> None:
    generate = commands.add_parser(
        "generate", help="write a demo landing zone (synthetic, deterministic per seed)"
    )
    generate_raw.add_arguments(generate)
    generate.set_defaults(handler=generate_raw.run)
