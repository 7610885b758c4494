"""Every macro of the project is documented in macros/_macros.yml (purpose and arguments), and
each documented argument is one the macro takes."""

from __future__ import annotations

import re

import yaml

from dvc_index.common import PROJECT_ROOT

DEFINITION = re.compile(r"\{%-?\s*(macro|test)\s+(\w+)\s*\(([^)]*)\)", re.S)


def project_macros() -> dict[str, list[str]]:
    macros = {}
    for path in sorted((PROJECT_ROOT / "macros").rglob("*.sql")):
        for kind, name, arguments in DEFINITION.findall(path.read_text(encoding="utf-8")):
            key = f"test_{name}" if kind == "test" else name
            macros[key] = [a.split("=")[0].strip() for a in arguments.split(",") if a.strip()]
    return macros


def documented() -> dict[str, dict]:
    text = (PROJECT_ROOT / "macros" / "_macros.yml").read_text(encoding="utf-8")
    return {entry["name"]: entry for entry in yaml.safe_load(text)["macros"]}


def test_every_macro_is_documented():
    macros, docs = project_macros(), documented()
    assert len(macros) > 90
    assert sorted(set(macros) - set(docs)) == []
    assert sorted(set(docs) - set(macros)) == []
    assert [name for name, entry in docs.items() if not entry.get("description")] == []


def test_documented_arguments_are_the_macros_own():
    macros = project_macros()
    wrong = {
        name: [a["name"] for a in entry.get("arguments", [])]
        for name, entry in documented().items()
        if not {a["name"] for a in entry.get("arguments", [])} <= set(macros[name])
    }
    assert wrong == {}


def test_every_argument_is_documented():
    """Dispatched implementations (default__, duckdb__, spark__) share their macro's arguments."""
    docs = documented()
    undocumented = {
        name: sorted(set(arguments) - {a["name"] for a in docs[name].get("arguments", [])})
        for name, arguments in project_macros().items()
        if not name.startswith(("default__", "duckdb__", "spark__"))
        and set(arguments) - {a["name"] for a in docs[name].get("arguments", [])}
    }
    assert undocumented == {}
