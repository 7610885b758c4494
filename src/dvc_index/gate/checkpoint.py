"""Run one stage of the gate as a GX checkpoint and summarise it.

(Importing this module runs dvc_index/gate/__init__.py first, which turns GX's usage statistics off
before GX is imported.)

GX has no DuckDB datasource (its SQL datasource over `duckdb:///…` sees an empty database unless
it keeps one persistent connection). The gate therefore lets DuckDB prepare one Parquet frame per
batch in a scratch directory, and GX validates those frames through a pandas filesystem
datasource: one Parquet asset and batch definition per frame, one validation definition per
suite, all in one checkpoint whose action writes the Data Docs. The context is ephemeral (suites
are code; nothing of GX's is kept but the Data Docs) and never reaches the network: usage
statistics off (env GX_ANALYTICS_ENABLED, context `analytics_enabled`), and the Data Docs pages
are rewritten to use no remote script, stylesheet or image.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import great_expectations as gx
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

from dvc_index.gate.suites import Batch

SITE_NAME = "dvc_index"
SAMPLES = 3


@dataclass
class Finding:
    """One expectation's outcome, in the terms of the report."""

    batch: str
    rule: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int | None = None
    element_count: int | None = None
    unexpected_percent: float | None = None
    mostly: float | None = None
    observed_value: Any = None
    samples: list[str] = field(default_factory=list)
    error: str | None = None
    description: str | None = None


@dataclass
class GateResult:
    stage: str
    success: bool
    findings: list[Finding]
    docs_index: Path | None

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if not f.success]

    def find(self, batch: str, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.batch == batch and f.rule == rule]


def _context(docs_dir: Path | None) -> Any:
    sites = {}
    if docs_dir is not None:
        sites[SITE_NAME] = {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites=sites,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def run_checkpoint(
    stage: str,
    batches: list[Batch],
    frames_dir: Path,
    docs_dir: Path | None,
    index_columns: list[str] | None = None,
) -> GateResult:
    """Validate every batch in one checkpoint named after the stage; write the Data Docs of
    this run to `docs_dir` (replacing the previous run's)."""
    if docs_dir is not None and docs_dir.exists():
        shutil.rmtree(docs_dir)
    context = _context(docs_dir)
    datasource = context.data_sources.add_pandas_filesystem(
        name=f"{stage}_frames", base_directory=frames_dir
    )
    definitions = []
    for batch in batches:
        asset = datasource.add_parquet_asset(name=batch.name)
        batch_definition = asset.add_batch_definition_path(
            name=batch.name, path=batch.path.relative_to(frames_dir)
        )
        suite = context.suites.add(batch.suite)
        definitions.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(
                    name=f"{stage}.{batch.name}", data=batch_definition, suite=suite
                )
            )
        )
    result_format: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
    if index_columns:
        result_format["unexpected_index_column_names"] = index_columns
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=stage,
            validation_definitions=definitions,
            actions=[],
            result_format=result_format,
        )
    )
    run_id = RunIdentifier(run_name=f"{stage}-gate", run_time=datetime.now(UTC))
    result = checkpoint.run(run_id=run_id)
    if docs_dir is not None:
        _build_docs_once(context, result)
    findings = []
    for validation_result in result.run_results.values():
        batch = validation_result.suite_name.split(".", 1)[1]
        for expectation_result in validation_result.results:
            findings.append(_finding(batch, expectation_result, index_columns))
    outcome = GateResult(stage, bool(result.success), findings, None)
    if docs_dir is not None:
        make_docs_offline(docs_dir)
        outcome.docs_index = write_site_index(docs_dir, outcome)
    return outcome


def _build_docs_once(context: Any, result: Any) -> None:
    """Render the site once for every result of the run. (GX's UpdateDataDocsAction rebuilds
    the site, index included, once per validation result: 17 times for the raw stage, about
    6 s of a 1 M-dossier gate.)"""
    identifiers: list[Any] = []
    for identifier, validation_result in result.run_results.items():
        identifiers += [identifier, ExpectationSuiteIdentifier(name=validation_result.suite_name)]
    context.build_data_docs(
        site_names=[SITE_NAME], resource_identifiers=identifiers, dry_run=False, build_index=True
    )


def _finding(batch: str, result: Any, index_columns: list[str] | None) -> Finding:
    config = result.expectation_config
    kwargs = config.kwargs
    column = kwargs.get("column") or (
        f"{kwargs['column_A']} vs {kwargs['column_B']}" if "column_A" in kwargs else None
    )
    details = result.result or {}
    samples = []
    index_list = details.get("partial_unexpected_index_list") or []
    if index_columns and index_list and isinstance(index_list[0], dict):
        for item in index_list[:SAMPLES]:
            where = " ".join(str(item.get(c)) for c in index_columns)
            values = [str(v) for k, v in item.items() if k not in index_columns]
            samples.append(f"{where}: {', '.join(values)}" if values else where)
    else:
        # Distinct values, in order of appearance (GX's partial counts cover only its sample).
        values = dict.fromkeys(str(v) for v in details.get("partial_unexpected_list") or [])
        samples = list(values)[:SAMPLES]
    error = None
    info = result.exception_info or {}
    if info.get("raised_exception"):
        error = info.get("exception_message")
    else:
        for value in info.values():
            if isinstance(value, dict) and value.get("raised_exception"):
                error = value.get("exception_message")
                break
    return Finding(
        batch=batch,
        rule=(config.meta or {}).get("rule", config.type),
        expectation=config.type,
        column=column,
        success=bool(result.success),
        unexpected_count=details.get("unexpected_count"),
        element_count=details.get("element_count"),
        unexpected_percent=details.get("unexpected_percent"),
        mostly=kwargs.get("mostly"),
        observed_value=details.get("observed_value"),
        samples=samples,
        error=error,
        description=config.description,
    )


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def _cell(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(result: GateResult, seconds: float | None = None, verbose: bool = False) -> str:
    """The compact table of failed expectations (with `verbose`, also those that passed with
    tolerated bad rows)."""
    total = len(result.findings)
    failed = result.failed
    tolerated = [f for f in result.findings if f.success and (f.unexpected_count or 0) > 0]
    took = f" in {seconds:.1f} s" if seconds is not None else ""
    status = "PASSED" if result.success else "FAILED"
    lines = [
        f"{result.stage} gate {status}{took}: {total - len(failed)} of {total} expectations met"
        + (f", {len(tolerated)} with tolerated bad rows" if tolerated else "")
    ]
    shown = failed + (tolerated if verbose else [])
    if shown:
        header = (
            f"  {'':1} {'batch':<22} {'rule':<27} {'column':<28} {'bad rows':>9} {'share':>7} "
            f"{'allowed':>7}  sample values / observed"
        )
        lines.append(header)
        for f in shown:
            if f.error:
                share, allowed, bad = "", "", "error"
                sample = f.error
            elif f.unexpected_count is None:
                share, allowed, bad = "", "", "-"
                sample = f"observed {f.observed_value}"
                if f.description:
                    sample += f"; {f.description}"
            else:
                bad = f"{f.unexpected_count:,}"
                share = f"{f.unexpected_percent or 0:.2f}%"
                allowed = f"{100 * (1 - (f.mostly if f.mostly is not None else 1)):.1f}%"
                sample = "; ".join(f.samples)
            mark = "x" if not f.success else "~"
            lines.append(
                f"  {mark} {_cell(f.batch, 22):<22} {_cell(f.rule, 27):<27} "
                f"{_cell(f.column or '(table)', 28):<28} {bad:>9} {share:>7} {allowed:>7}  "
                f"{_cell(sample, 110)}"
            )
    if result.docs_index is not None:
        lines.append(f"  Data Docs: {result.docs_index}")
    return "\n".join(lines)


def write_summary(result: GateResult, path: Path, extra: dict[str, Any] | None = None) -> None:
    """The run as JSON (for schedulers and dashboards)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "stage": result.stage,
        "success": result.success,
        "validated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "data_docs": str(result.docs_index) if result.docs_index else None,
        **(extra or {}),
        "expectations": [asdict(f) for f in result.findings],
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


# ---------------------------------------------------------------------------------------------
# Data Docs without the network
# ---------------------------------------------------------------------------------------------

_REMOTE_TAG = re.compile(
    r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>|<link[^>]*\bhref=\"https?://[^\"]*\"[^>]*/?>",
    re.IGNORECASE,
)
_REMOTE_IMAGE = re.compile(r"\bsrc=\"https?://[^\"]*?(logo[^\"/]*?\.png|full_logo[^\"/]*)[^\"]*\"")
_REMOTE_LINK = re.compile(r"\bhref=\"https?://[^\"]*\"")
_FOOTER = re.compile(r"<footer>\s*<p>Stay current on everything GX.*?</footer>", re.DOTALL)
_REMOTE_URL = re.compile(r"url\(\s*['\"]?https?://[^)]*\)")
_OFFLINE_CSS = """/* dvc-index: the Data Docs pages load no remote stylesheet or script. */
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; text-align: left; }
.text-danger, .fa-times { color: #b00020; }
.text-success, .fa-check-circle { color: #1b7f3b; }
.nav, .navbar { list-style: none; padding: 0; }
img { max-height: 2rem; }
.d-none, .modal, .tooltip-text { display: none; }
.fas { font-style: normal; font-weight: bold; }
.fa-check-circle::before { content: "\\2713"; }
.fa-times::before { content: "\\2717"; }
"""


def write_site_index(docs_dir: Path, result: GateResult) -> Path:
    """A static home page for the stage's Data Docs (GX's own lists its results with
    JavaScript from a CDN): every batch with its outcome, its result page and its suite."""
    pages = {
        p.relative_to(docs_dir / "validations").parts[1]: p
        for p in (docs_dir / "validations").rglob("*.html")
    }
    rows = []
    for batch in dict.fromkeys(f.batch for f in result.findings):
        findings = [f for f in result.findings if f.batch == batch]
        bad = [f for f in findings if not f.success]
        status = "passed" if not bad else f"FAILED ({len(bad)} of {len(findings)})"
        page = pages.get(batch)
        suite = docs_dir / "expectations" / result.stage / f"{batch}.html"
        link = f'<a href="{page.relative_to(docs_dir)}">result</a>' if page else ""
        suite_link = f'<a href="{suite.relative_to(docs_dir)}">suite</a>' if suite.exists() else ""
        css = "text-success" if not bad else "text-danger"
        rows.append(
            f'<tr><td>{html.escape(batch)}</td><td class="{css}">{status}</td>'
            f"<td>{link}</td><td>{suite_link}</td></tr>"
        )
    overall = "passed" if result.success else "FAILED"
    index = docs_dir / "index.html"
    index.write_text(
        "<!doctype html>\n<html><head><meta charset='utf-8'>"
        f"<title>dvc-index {result.stage} gate</title>"
        '<link rel="stylesheet" href="static/styles/offline.css"></head><body>'
        f"<h1>dvc-index data-quality gate: {result.stage} {overall}</h1>"
        f"<p>{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC. One validation result per batch "
        "(a raw table, a mart, or a frame of checks over them); a result page lists every "
        "expectation with the share of unexpected rows and sample values.</p>"
        "<table><tr><th>batch</th><th>outcome</th><th>validation result</th>"
        "<th>expectation suite</th></tr>" + "".join(rows) + "</table></body></html>\n",
        encoding="utf-8",
    )
    return index


def make_docs_offline(docs_dir: Path) -> None:
    """Drop the pages' CDN scripts and stylesheets (bootstrap, jQuery, vega, fonts), point
    logos at GX's local copy and unlink external links, and add a small local stylesheet:
    opening the report in a browser fetches nothing from the network."""
    styles = docs_dir / "static" / "styles"
    styles.mkdir(parents=True, exist_ok=True)
    (styles / "offline.css").write_text(_OFFLINE_CSS)
    for sheet in docs_dir.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        sheet.write_text(_REMOTE_URL.sub("none", text), encoding="utf-8")
    for page in docs_dir.rglob("*.html"):
        depth = len(page.relative_to(docs_dir).parts) - 1
        static = "../" * depth + "static"
        text = page.read_text(encoding="utf-8")
        text = _REMOTE_TAG.sub("", text)
        text = _FOOTER.sub("", text)
        text = _REMOTE_IMAGE.sub(f'src="{static}/images/logo-long.png"', text)
        text = _REMOTE_LINK.sub('href="#"', text)
        text = _REMOTE_URL.sub("none", text)
        text = text.replace(
            "</head>",
            f'<link rel="stylesheet" href="{html.escape(static)}/styles/offline.css">\n</head>',
            1,
        )
        page.write_text(text, encoding="utf-8")
