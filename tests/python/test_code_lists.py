"""The contract's code lists have one definition, seeds/code_lists.csv: the raw gate
(validation/contract.py), the base models' unknown_code rule (not_in_code_list) and the staging
tests (in_code_list) read it; none of them writes a list of its own."""

from __future__ import annotations

import csv
import re

from dvc_index.common import PROJECT_ROOT
from dvc_index.gate.contract import CODE_LISTS, TABLES

SEED = PROJECT_ROOT / "seeds" / "code_lists.csv"


def test_the_gate_reads_the_seed():
    with SEED.open(encoding="utf-8") as seed:
        rows = list(csv.DictReader(seed))
    assert sum(len(codes) for codes in CODE_LISTS.values()) == len(rows) == 54
    assert CODE_LISTS["rating"] == ("LIKE", "DISLIKE", "RAT_HAI_LONG", "HAI_LONG", "KHONG_HAI_LONG")
    used = {coded.code_list for table in TABLES.values() for coded in table.coded}
    assert used <= set(CODE_LISTS)


def test_no_model_writes_a_code_list_of_its_own():
    """A literal list in a base model's unknown_code rule, or accepted_values on a staged code
    column, would be a second definition."""
    literal = re.compile(r"not in \('")
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in sorted((PROJECT_ROOT / "models" / "staging").rglob("*.sql"))
        if literal.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    staging_yaml = (PROJECT_ROOT / "models/staging/dvcqg/_dvcqg__models.yml").read_text("utf-8")
    assert "accepted_values" not in staging_yaml
    assert staging_yaml.count("in_code_list:") == 7


def test_every_list_the_sql_names_is_in_the_seed():
    named = set()
    for path in (PROJECT_ROOT / "models").rglob("*.sql"):
        named |= set(re.findall(r"not_in_code_list\('[\w.]+', '(\w+)'\)", path.read_text("utf-8")))
    for path in (PROJECT_ROOT / "models").rglob("*.yml"):
        named |= set(
            re.findall(r"in_code_list: \{arguments: \{code_list: (\w+)\}", path.read_text("utf-8"))
        )
    assert len(named) >= 12
    assert named - set(CODE_LISTS) == set()
