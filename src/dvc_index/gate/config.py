"""Loading gate/thresholds.yml (the one file of tolerated shares and bounds)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.yml"


def load_thresholds(path: str | os.PathLike | None = None) -> dict[str, Any]:
    """The thresholds, from `path` or gate/thresholds.yml. Every `mostly` must be a share
    in [0, 1]."""
    data = yaml.safe_load(Path(path or THRESHOLDS_FILE).read_text(encoding="utf-8"))
    for stage in ("raw", "marts"):
        for rule, value in data[stage]["mostly"].items():
            if not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ValueError(f"thresholds: {stage}.mostly.{rule} = {value} is not in [0, 1]")
    return data


def mostly(thresholds: dict[str, Any], stage: str, rule: str) -> float:
    """The `mostly` of a rule; a rule missing from the file is not tolerated at all (1.0)."""
    return float(thresholds[stage]["mostly"].get(rule, 1.0))
