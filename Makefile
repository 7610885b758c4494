# dvc-index: the two commands a new user runs are `make run` and `make test`.
# Both create .venv and install the locked dependencies first (needs only Python 3.11).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

export DVC_RAW_DIR     ?= data/raw
export DVC_DUCKDB_PATH ?= warehouse/dvc_index.duckdb

DBT := $(BIN)/dbt
DBT_FLAGS := --profiles-dir profiles

.PHONY: install run build test lint unit generate clean lock

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## The main job on the embedded default: demo data if none, build, show results.
run: install
	$(BIN)/python scripts/run_pipeline.py

## dbt build only (landing zone must exist).
build: install
	$(BIN)/python scripts/run_pipeline.py --no-generate

## Everything that is tested: Python style, SQL style, then the test suite (dbt builds inside).
test: install lint
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check scripts tests/python
	$(BIN)/ruff format --check scripts tests/python
	$(BIN)/sqlfluff lint models tests/dbt

## Demo landing zone (override: make generate DOSSIERS=1000000 SEED=7).
DOSSIERS ?= 200000
SEED ?= 42
generate: install
	$(BIN)/python scripts/generate_raw.py --out $(DVC_RAW_DIR) --dossiers $(DOSSIERS) --seed $(SEED)

## Re-pin requirements.lock from pyproject.toml (maintainers only; needs the package index).
lock: install
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

clean:
	rm -rf target logs warehouse reports
