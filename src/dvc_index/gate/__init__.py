"""The data-quality gate of dvc-index: Great Expectations suites kept as code.

- `contract`: the landing-zone contract of ../shared/spec/raw_schema.md (tables, columns, keys,
  value types, code lists), written once for the suites and their tests.
- `thresholds.yml`: the shares of bad rows the business tolerates (the `mostly` of each check)
  and the row-count bounds, with the reason for each.
- `suites.raw`, `suites.marts`: what is checked, as DuckDB preparation SQL plus GX expectations.
- `checkpoint`: runs a stage as one GX checkpoint, writes Data Docs, summarises the failures.

`validate` (`dvc-index validate --stage raw|marts`) is the command line.
"""

import os

# Nothing may reach the network at run time: GX reads this before its first import.
os.environ["GX_ANALYTICS_ENABLED"] = "false"
