"""Expectation suites as code: `raw` (the landing zone, before dbt) and `marts` (after it).

Each stage has two halves that are reviewed together:

- a DuckDB preparation that reads the data once and writes one Parquet frame per batch: the
  columns the expectations read, plus check columns for what needs a join or a parse (a child
  row's dossier, a key's other versions, a timestamp) holding the offending value or NULL;
- the GX expectations over those frames, with `mostly` from gate/thresholds.yml.

Every expectation's `meta.rule` names the rule it enforces (for the raw stage the rule names of
seeds/reject_rules.csv where one exists), so the report and the tests can find it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import great_expectations as gx


@dataclass
class Batch:
    """One prepared frame and the suite that validates it."""

    name: str
    path: Path
    suite: gx.ExpectationSuite


def tolerance_note(mostly: float) -> str:
    """Text for a description: the share of rows a check lets through (Data Docs show the
    description instead of the expectation's own wording)."""
    if mostly >= 1:
        return ""
    return f" Tolerated: up to {100 * (1 - mostly):.3g} % of the rows."
