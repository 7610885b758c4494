"""Every label the dashboard uses exists in Vietnamese and English."""

from __future__ import annotations

import re

from dvc_index.common import PROJECT_ROOT
from dvc_index.dashboard.i18n import LABELS, LANGUAGES, reason_label, t
from dvc_index.dashboard.serve import APP


def test_every_label_has_both_languages():
    assert set(LANGUAGES) == {"vi", "en"}
    for key, entry in LABELS.items():
        assert set(entry) == {"vi", "en"}, key
        assert all(text.strip() for text in entry.values()), key


def test_the_app_uses_only_defined_labels():
    source = APP.read_text()
    used = set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']""", source))
    assert used, "no label found"
    assert used <= set(LABELS), used - set(LABELS)
    for prefix in ("page_", "view_", "period_type_"):
        assert any(key.startswith(prefix) for key in LABELS), prefix


def test_every_drill_down_reason_is_translated():
    # the reasons' code lists are tested on the two tables the drill-down view reads
    yml_path = PROJECT_ROOT / "models" / "intermediate" / "indicators"
    yml = (yml_path / "_indicators_timeliness.yml").read_text()
    reasons = []
    for model in ("int_dossier_receipt_failures", "int_dossier_timeliness_failures"):
        block = yml.split(f"- name: {model}\n", 1)[1].split("- name: reason", 1)[1]
        block = block.split("values:", 1)[1].split("- name: refreshed_at", 1)[0]
        reasons += re.findall(r"^\s+- ([a-z_]+)$", block, flags=re.MULTILINE)
    assert len(reasons) == 13, reasons
    for reason in reasons:
        assert reason_label(reason, "en") != reason, reason
        assert reason_label(reason, "vi") != reason_label(reason, "en"), reason
    assert t("unknown_key_x", "en") == "unknown_key_x"
