"""Translation memory before machine translation: reviewed units are reused, and never reach the engine."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from helpers import small_project

from handbook.__main__ import main
from handbook.config import load_config
from handbook.translation.catalog import load_catalog, save_catalog
from handbook.translation.memory import build_memory
from handbook.translation.pretranslate import pretranslate
from handbook.translation.review import HUMAN_DRAFT, MACHINE_DRAFT, unit_state

TODAY = datetime.date(2026, 12, 5)
REVIEWED = "সাবান ও পানি"


class RecordingEngine:
    """A fake engine that upper-cases its input and records every text it was asked to translate."""

    name, model_id = "fake", "test:fake-1"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def translate_batch(self, texts: list[str]) -> list[str]:
        self.seen += texts
        return [text.upper() for text in texts]


def _entries(project: Path, page: str) -> dict[str, object]:
    return {entry.msgid: entry for entry in load_catalog(project / "translations" / "bn" / page).po if not entry.msgctxt}


def _sign(project: Path, page: str, msgid: str, msgstr: str, comment: str, fuzzy: bool = False) -> None:
    catalog = load_catalog(project / "translations" / "bn" / page)
    for entry in catalog.po:
        if entry.msgid == msgid and not entry.msgctxt:
            entry.msgstr, entry.tcomment, entry.flags = msgstr, comment, ["fuzzy"] if fuzzy else []
    save_catalog(catalog)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The Danger signs page also has the cell "Soap and water", reviewed there; index.po has it empty."""
    root = small_project(tmp_path)
    danger = root / "docs" / "en" / "danger.md"
    danger.write_text(danger.read_text(encoding="utf-8").replace(
        "## Sources", "| Method | Note |\n| --- | --- |\n| Soap and water | Best |\n\n## Sources"), encoding="utf-8")
    assert main(["-q", "-f", str(root / "mkdocs.yml"), "extract"]) == 0
    _sign(root, "danger.po", "Soap and water", REVIEWED, "reviewed-by: Ana 2026-11-30")
    _sign(root, "danger.po", "Method", "পদ্ধতি", "")  # not signed: no memory
    _sign(root, "danger.po", "Seek care now if the lips turn blue.", "খসড়া", "", fuzzy=True)  # a draft: no memory
    return root


def test_memory_units_never_reach_the_engine(project: Path) -> None:
    engine = RecordingEngine()
    source = load_catalog(project / "translations" / "bn" / "danger.po").po.find("Soap and water")
    counts = pretranslate(load_config(project / "mkdocs.yml"), "bn", engine=engine, today=TODAY)
    assert "Soap and water" not in engine.seen
    assert "Method" in engine.seen  # an unsigned translation teaches nothing
    assert counts["from_memory"] == 1 and counts["translated"] > 0
    assert counts["from_memory"] + counts["translated"] + counts["flagged"] == counts["units"]
    reused = _entries(project, "index.po")["Soap and water"]
    assert reused.msgstr == REVIEWED and reused.fuzzy
    assert reused.tcomment == f"Translation memory: copied from reviewed danger.po:{source.linenum}"
    assert unit_state(reused, critical=False) == HUMAN_DRAFT
    assert unit_state(_entries(project, "index.po")["Method"], critical=False) == MACHINE_DRAFT


def test_everything_from_memory_needs_no_engine(project: Path) -> None:
    config = load_config(project / "mkdocs.yml")
    for path in (project / "translations" / "bn").rglob("*.po"):  # every unit reviewed, but one left empty
        catalog = load_catalog(path)
        for entry in catalog.po:
            entry.msgstr, entry.tcomment, entry.flags = f"{entry.msgid} (bn)", "reviewed-by: Ana 2026-11-30", []
        save_catalog(catalog)
    _sign(project, "index.po", "Soap and water", "", "")

    class NoEngine:
        name, model_id = "none", "test:none"

        def translate_batch(self, texts: list[str]) -> list[str]:
            raise AssertionError(f"the engine was called with {texts}")

    counts = pretranslate(config, "bn", engine=NoEngine(), today=TODAY)
    assert (counts["from_memory"], counts["translated"], counts["units"]) == (1, 0, 1)
    assert _entries(project, "index.po")["Soap and water"].msgstr == "Soap and water (bn)"


def test_newest_review_wins(project: Path) -> None:
    _sign(project, "index.po", "Method", "নতুন পদ্ধতি", "reviewed-by: Rahim 2026-12-01")
    _sign(project, "danger.po", "Method", "পুরনো পদ্ধতি", "reviewed-by: Ana 2026-11-01")
    _sign(project, "index.po", "Time", "", "")
    catalog = load_catalog(project / "translations" / "bn" / "danger.po")
    memory = build_memory([catalog, load_catalog(project / "translations" / "bn" / "index.po")],
                          project / "translations" / "bn", TODAY)
    assert memory[("", "Method")].msgstr == "নতুন পদ্ধতি" and memory[("", "Method")].source.startswith("index.po:")
    assert ("", "Time") not in memory
