"""`handbook review-queue`: units to review, riskiest first, with what the reviewer needs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import small_project

from handbook.__main__ import main
from handbook.config import load_config
from handbook.translation.catalog import load_catalog, save_catalog
from handbook.translation.extract import extract
from handbook.translation.review_queue import collect
from handbook.translation.word_diff import DiffPiece, diff_text, word_diff

SIGNED = "reviewed-by: Ana 2026-11-30"
CLINICAL = "clinical-review: Dr Kamau 2026-12-01"
MT_NOTE = "Machine draft (argos, model translate-en_bn-1_9, 2026-12-01): not reviewed by a human."

WASH = "Wash your hands with soap and water for at least 40 seconds. Rub every part of both hands."
CALL = "Call a health worker if breathing is hard."


def _translate(project: Path, page: str, units: dict[str, tuple[str, bool, str]]) -> None:
    """msgid -> (msgstr, fuzzy, translator comment), in the Bengali catalog of `page`."""
    catalog = load_catalog(project / "translations" / "bn" / page)
    for entry in catalog.po:
        if entry.msgid in units and not entry.msgctxt:
            entry.msgstr, fuzzy, entry.tcomment = units[entry.msgid]
            entry.flags = ["fuzzy"] if fuzzy else []
    save_catalog(catalog)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """index.md (a warning box, numbers), then danger.md marked critical in its front matter."""
    root = small_project(tmp_path)
    danger = root / "docs" / "en" / "danger.md"
    danger.write_text(danger.read_text(encoding="utf-8").replace("title: Danger signs\n", "title: Danger signs\ncritical: true\n"),
                      encoding="utf-8")
    extract(load_config(root / "mkdocs.yml"))
    _translate(root, "index.po", {
        "Hand hygiene": ("হাতের পরিচ্ছন্নতা", True, ""),
        WASH: ("সাবান ও পানি দিয়ে অন্তত 40 সেকেন্ড হাত ধুয়ে নিন।", True, MT_NOTE),
        CALL: ("শ্বাস নিতে কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।", False, SIGNED),
        "Seek care now": ("এখনই চিকিৎসা নিন", False, f"{SIGNED}\n{CLINICAL}"),
        "See the [danger signs](danger.md).": ("[বিপদের লক্ষণ](danger.md) দেখুন।", False, SIGNED),
        "Sources": ("উৎস", False, ""),
    })
    _translate(root, "danger.po", {
        "Danger signs": ("বিপদের লক্ষণ", False, SIGNED),
        "Seek care now if the lips turn blue.": ("ঠোঁট নীল হলে এখনই চিকিৎসা নিন।", True, ""),
    })
    return root


def test_queue_order_is_critical_first_then_nav_then_page(project: Path) -> None:
    items = collect(load_config(project / "mkdocs.yml"), "bn")
    listed = [(item.page, item.english, item.state, item.needs) for item in items]
    assert listed == [
        ("index", WASH, "machine-draft", "translation review"),  # critical by its numbers
        ("danger", "Seek care now if the lips turn blue.", "human-draft", "translation review"),  # critical page
        ("index", CALL, "reviewed", "clinical review"),  # in a warning box, no clinical review yet
        ("danger", "Danger signs", "reviewed", "clinical review"),
        ("index", "Hand hygiene", "human-draft", "translation review"),  # not critical
        ("index", "Sources", "unsigned", "translation review"),
    ]
    first = items[0]
    assert first.critical and first.reasons == ("numbers 40",) and first.origin == "machine"
    assert items[2].reasons == ("inside a warning box",)
    assert items[1].reasons == ("the page is marked critical",)
    assert not items[-1].critical and items[-1].reasons == ()
    # The line is the entry's msgid in its catalog.
    lines = (project / first.catalog).read_text(encoding="utf-8").split("\n")
    assert lines[first.line - 1].startswith("msgid") and first.catalog == "translations/bn/index.po"


def test_outdated_draft_shows_a_word_diff(project: Path) -> None:
    source = project / "docs" / "en" / "index.md"
    changed = "Call a health worker now if breathing is hard or fast."
    source.write_text(source.read_text(encoding="utf-8").replace(CALL, changed), encoding="utf-8")
    extract(load_config(project / "mkdocs.yml"))
    item = next(item for item in collect(load_config(project / "mkdocs.yml"), "bn") if item.english == changed)
    assert item.state == "outdated-draft" and item.previous_english == CALL
    assert diff_text(list(item.diff)) == "Call a health worker {+now+} if breathing is [-hard.-] {+hard or fast.+}"


def test_word_diff_pieces() -> None:
    assert word_diff("Wear a mask for 4 hours.", "Wear a  mask for 6 hours.") == [
        DiffPiece("same", "Wear a mask for"), DiffPiece("removed", "4"), DiffPiece("added", "6"), DiffPiece("same", "hours.")]
    assert word_diff("Same words.", "Same\nwords.") == [DiffPiece("same", "Same words.")]
    assert diff_text(word_diff("a b", "a")) == "a [-b-]"


def test_json_shape(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "-f", str(project / "mkdocs.yml"), "review-queue", "--lang", "bn", "--json", "--limit", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["language"], data["count"], data["critical"], len(data["items"])) == ("bn", 6, 4, 2)
    item = data["items"][0]
    assert set(item) == {"page", "catalog", "line", "state", "needs", "critical", "reasons", "context", "english",
                         "draft", "origin", "previous_english", "diff"}
    assert (item["page"], item["catalog"], item["state"], item["origin"]) == ("index", "translations/bn/index.po",
                                                                             "machine-draft", "machine")
    assert isinstance(item["line"], int) and item["diff"] == [] and item["previous_english"] is None


def test_text_output_names_file_line_and_state(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "-f", str(project / "mkdocs.yml"), "review-queue", "--lang", "bn"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("bn: 6 unit(s) to review, 4 critical")
    assert "1. translations/bn/index.po:" in out and ": machine-draft, needs translation review [critical: numbers 40]" in out
    assert "(machine) সাবান ও পানি" in out
