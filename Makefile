# dvc-index: the two commands a new user runs are `make run` and `make test`.
# Both create .venv and install the locked dependencies first (needs only Python 3.11). Every
# target that runs Python calls a subcommand of the one `dvc-index` command (src/dvc_index/cli/).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

export DVC_RAW_DIR     ?= data/raw
export DVC_DUCKDB_PATH ?= warehouse/dvc_index.duckdb

# target/, logs/ and the warehouse are for the owner only (README, Personal data): every
# subcommand that runs dbt sets umask 0077 itself (dvc_index.common.dvc_environment)

.PHONY: install run build test lint unit generate clean lock validate-raw validate-marts freshness

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -c "import setuptools" 2>/dev/null || $(BIN)/python -m pip install --quiet "setuptools>=64"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## The main job on the embedded default: demo data if none, validate the landing zone, build,
## validate the marts, show results. A failing gate stops it (non-zero exit) before publication.
run: install
	$(BIN)/dvc-index run

## The same job without demo data (the landing zone must exist): gate, build, gate, results.
## A build is incremental (only new landing files are read); FULL_REFRESH=1 rebuilds everything.
build: install
	$(BIN)/dvc-index build $(if $(FULL_REFRESH),--full-refresh)

## The data-quality gate alone (reports in reports/data-docs/, exit 1 when a check fails).
validate-raw: install
	$(BIN)/dvc-index validate --stage raw

validate-marts: install
	$(BIN)/dvc-index validate --stage marts

## How recently the loader wrote to the landing zone (NapLuc; thresholds in the dvcqg source).
freshness: install
	$(BIN)/dvc-index freshness

## Everything that is tested: Python style, SQL style, then the test suite (dbt builds inside).
test: install lint browser
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/sqlfluff lint models tests/dbt

## Demo landing zone (override: make generate DOSSIERS=1000000 SEED=7).
DOSSIERS ?= 200000
SEED ?= 42
generate: install
	$(BIN)/dvc-index generate --out $(DVC_RAW_DIR) --dossiers $(DOSSIERS) --seed $(SEED)

## Re-pin requirements.lock from pyproject.toml (maintainers only; needs the package index).
lock: install
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

clean:
	rm -rf target logs warehouse reports

## ---- BI: the published copy, the dashboard, the docs -------------------------------------------
.PHONY: publish dashboard report docs browser
DASHBOARD_PORT ?= 8501

## Publish the marts of the warehouse (publish/current: read-only DuckDB file + Parquet per mart;
## the last DVC_PUBLISH_KEEP versions, default 5, kept for rollback: dvc-index publish --rollback).
publish: install
	$(BIN)/dvc-index publish

## The web dashboard on http://127.0.0.1:$(DASHBOARD_PORT) (reads only publish/current).
dashboard: install
	$(BIN)/dvc-index dashboard --port $(DASHBOARD_PORT)

## A unit's scorecard in the terminal (make report UNIT=H42 PERIOD=2026-Q3).
UNIT ?= VN
PERIOD ?=
report: install
	$(BIN)/dvc-index report --unit $(UNIT) $(if $(PERIOD),--period $(PERIOD))

## dbt docs (target/index.html and the self-contained target/static_index.html), offline.
docs: install
	$(BIN)/dvc-index docs

## Debian's headless Chromium for the dashboard's end-to-end test (installed when missing; the
## test is skipped, saying why, only when it cannot be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y chromium) \
		|| echo "warning: could not install chromium: the dashboard end-to-end test will be skipped"
