"""Documentation of the public interface: every mart column described, the dashboard declared
as an exposure, and `dbt docs generate` producing the site offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from conftest import TEST_HMAC_KEY

from dvc_index.common import PROJECT_ROOT, dvc_environment, run_dbt
from dvc_index.dashboard import queries

MARTS_DIR = PROJECT_ROOT / "models" / "marts"


def mart_yaml() -> tuple[dict[str, dict], list[dict]]:
    models, exposures = {}, []
    for path in sorted(MARTS_DIR.rglob("*.yml")):
        document = yaml.safe_load(path.read_text()) or {}
        for model in document.get("models", []):
            models[model["name"]] = model
        exposures += document.get("exposures", [])
    return models, exposures


def test_every_mart_column_is_described_under_a_contract():
    models, _ = mart_yaml()
    sql_models = {path.stem for path in MARTS_DIR.rglob("*.sql")}
    assert sql_models <= set(models), f"marts without YAML: {sql_models - set(models)}"
    for name in sql_models:
        model = models[name]
        assert (model.get("description") or "").strip(), name
        assert model.get("config", {}).get("contract", {}).get("enforced") is True, name
        assert model.get("columns"), name
        for column in model["columns"]:
            assert (column.get("description") or "").strip(), f"{name}.{column['name']}"
            assert column.get("data_type"), f"{name}.{column['name']}"


def test_the_dashboard_is_an_exposure_of_the_marts_it_reads():
    _, exposures = mart_yaml()
    dashboard = next(exposure for exposure in exposures if exposure["type"] == "dashboard")
    assert "src/dvc_index/dashboard/app.py" in dashboard["description"]
    read = {ref.split("'")[1] for ref in dashboard["depends_on"]}
    app = Path(queries.__file__).read_text()
    used = {name for name in mart_yaml()[0] if f"marts.{name}" in app}
    assert used and used <= read, used - read


def test_dbt_docs_generate_describes_every_mart_column(dirty_zone, tmp_path):
    # against a copy: docs generate opens the file like any dbt command
    database = tmp_path / "dvc.duckdb"
    shutil.copy(dirty_zone.database, database)
    env = dvc_environment(
        {
            "DVC_RAW_DIR": dirty_zone.raw_dir,
            "DVC_DUCKDB_PATH": database,
            "DVC_DUCKDB_TEMP_DIR": tmp_path / "tmp",
            "DVC_HMAC_KEY": TEST_HMAC_KEY,
        }
    )
    target = tmp_path / "target"
    result = run_dbt(["docs", "generate", "--static"], env, target_path=target, capture=True)
    assert result.returncode == 0, result.stdout[-3000:]
    for name in ("index.html", "static_index.html", "catalog.json", "manifest.json"):
        assert (target / name).is_file(), name
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    marts = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    }
    assert {"fct_points_lost", "fct_points_lost_dossiers", "fct_unit_scorecard"} <= set(marts)
    for node in marts.values():
        built = catalog["nodes"][node["unique_id"]]["columns"]
        assert built, node["name"]
        for column in built:
            described = node["columns"].get(column, {}).get("description", "")
            assert described.strip(), f"{node['name']}.{column} has no description"
    assert any(exposure["name"] == "bi_dashboard" for exposure in manifest["exposures"].values())
    assert Path(target / "static_index.html").stat().st_size > 100_000
