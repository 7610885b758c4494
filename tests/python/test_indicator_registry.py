"""The component registry on the files alone: seeds/indicators.csv is the one list of
components, and each row with has_component_model = true has its model in the components folder
and in the build-order declaration (macros/indicators.sql). The dbt test
assert_indicator_registry_matches_seed checks the same on the parsed project; this one needs no
build and names the file to fix."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from dvc_index.common import PROJECT_ROOT

SEED = Path("seeds/indicators.csv")
COMPONENTS = Path("models/intermediate/indicators/components")
MACROS = Path("macros/indicators.sql")


def declared_models(macro_text: str) -> set[str]:
    body = re.search(
        r"macro indicator_component_declared_models\(\) %\}(.*?)endmacro", macro_text, re.S
    )
    assert body, f"{MACROS}: no macro indicator_component_declared_models()"
    return set(re.findall(r"'(int_indicator_\w+)'", body.group(1)))


def registry_problems(root: Path) -> list[str]:
    with (root / SEED).open(encoding="utf-8") as seed:
        expected = {
            f"int_indicator_{row['indicator_code'].lower()}": row["indicator_code"]
            for row in csv.DictReader(seed)
            if row["has_component_model"] == "true"
        }
    models = {path.stem for path in (root / COMPONENTS).glob("*.sql")}
    declared = declared_models((root / MACROS).read_text(encoding="utf-8"))
    problems = [
        f"{SEED}: {code} has no component model {COMPONENTS / (name + '.sql')}"
        for name, code in sorted(expected.items())
        if name not in models
    ]
    problems += [
        f"{COMPONENTS / (name + '.sql')}: no row of {SEED} with has_component_model = true"
        for name in sorted(models - set(expected))
    ]
    problems += [
        f"{MACROS}: indicator_component_declared_models() and {COMPONENTS} differ on {name}"
        for name in sorted(models ^ declared)
    ]
    return problems


def test_seed_models_and_declaration_agree():
    assert registry_problems(PROJECT_ROOT) == []
    # the real figures: 24 seed rows, 23 with a model (4.6 comes only from ChiSoNgoai)
    with (PROJECT_ROOT / SEED).open(encoding="utf-8") as seed:
        rows = list(csv.DictReader(seed))
    assert len(rows) == 24
    assert [r["indicator_code"] for r in rows if r["has_component_model"] != "true"] == [
        "ELECTRONIC_CERTIFIED_COPY"
    ]


def copy_registry(tmp_path: Path) -> Path:
    for relative in (SEED, MACROS):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_ROOT / relative, tmp_path / relative)
    shutil.copytree(PROJECT_ROOT / COMPONENTS, tmp_path / COMPONENTS)
    return tmp_path


def test_a_deleted_component_model_is_named(tmp_path):
    root = copy_registry(tmp_path)
    (root / COMPONENTS / "int_indicator_online_dossier.sql").unlink()
    assert registry_problems(root) == [
        f"{SEED}: ONLINE_DOSSIER has no component model "
        f"{COMPONENTS / 'int_indicator_online_dossier.sql'}",
        f"{MACROS}: indicator_component_declared_models() and {COMPONENTS} differ on "
        "int_indicator_online_dossier",
    ]


def test_a_model_outside_the_seed_is_named(tmp_path):
    root = copy_registry(tmp_path)
    shutil.copy(
        root / COMPONENTS / "int_indicator_online_dossier.sql",
        root / COMPONENTS / "int_indicator_paper_dossier.sql",
    )
    problems = registry_problems(root)
    assert problems[0] == (
        f"{COMPONENTS / 'int_indicator_paper_dossier.sql'}: no row of {SEED} "
        "with has_component_model = true"
    )
    assert len(problems) == 2  # and it is not declared either
