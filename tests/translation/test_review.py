"""Sign-offs, review states and critical units, read from catalogs and English pages."""

from __future__ import annotations

import datetime
from pathlib import Path

import polib
import pytest

from handbook.errors import HandbookError
from handbook.translation.critical import Criticality, text_reasons
from handbook.translation.review import (
    CLINICALLY_REVIEWED, HUMAN_DRAFT, MACHINE_DRAFT, OUTDATED_DRAFT, REVIEWED, STATES, UNSIGNED, UNTRANSLATED,
    clear_signoffs, draft_origin, is_complete, read_signoffs, signoff_problems, unit_state,
)

TODAY = datetime.date(2026, 12, 5)
AI_NOTE = ("Draft translation written with an AI assistant for the handbook maintainers;\n"
           "not yet reviewed by a human translator or a health worker.")
MT_NOTE = "Machine draft (argos, model translate-en_fr-1_9, 2026-12-01): not reviewed by a human."


def _catalog(tmp_path: Path, entries: list[polib.POEntry]) -> tuple[polib.POFile, list[str]]:
    """Write the entries as a real PO file and read it back: entries with their line numbers, and the lines."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    po.extend(entries)
    path = tmp_path / "page.po"
    po.save(str(path))
    return polib.pofile(str(path)), path.read_text(encoding="utf-8").split("\n")


def _entry(msgid: str = "Wash your hands.", msgstr: str = "Lavez-vous les mains.", *, fuzzy: bool = False,
           comment: str = "", previous: str | None = None) -> polib.POEntry:
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=comment, flags=["fuzzy"] if fuzzy else [],
                          occurrences=[("docs/en/page.md", "9")])
    if previous is not None:
        entry.previous_msgid = previous
    return entry


# ---------------------------------------------------------------- states


@pytest.mark.parametrize(("entry", "critical", "state"), [
    (_entry(msgstr=""), False, UNTRANSLATED),
    (_entry(fuzzy=True, comment=MT_NOTE), False, MACHINE_DRAFT),
    (_entry(fuzzy=True, comment=AI_NOTE), False, MACHINE_DRAFT),
    (_entry(fuzzy=True), False, HUMAN_DRAFT),
    (_entry(fuzzy=True, comment="Translation memory: copied from the reviewed translation at x.po:3."), False, HUMAN_DRAFT),
    (_entry(fuzzy=True, comment=MT_NOTE, previous="Wash hands."), False, OUTDATED_DRAFT),
    (_entry(fuzzy=True, previous="Wash hands."), True, OUTDATED_DRAFT),
    (_entry(), False, UNSIGNED),
    (_entry(comment="reviewed by: Ana 2026-11-30"), False, UNSIGNED),  # malformed: counts for nothing
    (_entry(comment="reviewed-by: Ana Lopez 2026-11-30"), False, REVIEWED),
    (_entry(comment="reviewed-by: Ana 2026-11-30"), True, REVIEWED),
    (_entry(comment="reviewed-by: Ana 2026-11-30\nclinical-review: Dr Kamau 2026-12-01"), True, CLINICALLY_REVIEWED),
    (_entry(comment="clinical-review: Dr Kamau 2026-12-01"), True, UNSIGNED),  # clinical alone is not a review
    (_entry(comment="reviewed-by: Ana 2026-11-30\nclinical-review: Dr Kamau 2026-12-01"), False, REVIEWED),
    (_entry(fuzzy=True, comment="reviewed-by: Ana 2026-11-30\nclinical-review: Dr Kamau 2026-12-01"), True, HUMAN_DRAFT),
])
def test_each_state_is_classified(entry: polib.POEntry, critical: bool, state: str) -> None:
    assert state in STATES
    assert unit_state(entry, critical, today=TODAY) == state


def test_states_read_from_a_written_catalog(tmp_path: Path) -> None:
    po, _ = _catalog(tmp_path, [
        _entry("One.", ""), _entry("Two.", "Deux.", fuzzy=True, comment=AI_NOTE),
        _entry("Three.", "Trois.", fuzzy=True, previous="Tree."), _entry("Four.", "Quatre.", comment="reviewed-by: Ana 2026-11-30"),
    ])
    assert [unit_state(entry, False, today=TODAY) for entry in po] == [UNTRANSLATED, MACHINE_DRAFT, OUTDATED_DRAFT, REVIEWED]


def test_complete_means_clinically_reviewed_for_critical_units() -> None:
    assert is_complete(REVIEWED, critical=False) and is_complete(CLINICALLY_REVIEWED, critical=True)
    assert not is_complete(REVIEWED, critical=True) and not is_complete(MACHINE_DRAFT, critical=False)


def test_origin_comes_from_the_comment() -> None:
    assert draft_origin(_entry(comment=MT_NOTE)) == draft_origin(_entry(comment=AI_NOTE)) == "machine"
    assert draft_origin(_entry(comment="Translation memory: copied from ...")) == "memory"
    assert draft_origin(_entry(comment="Checked the term with the clinic.")) == "human"


# ---------------------------------------------------------------- sign-offs


def test_valid_signoffs_are_read_with_their_catalog_line(tmp_path: Path) -> None:
    comment = "Note from Ana.\nreviewed-by: Ana María López 2026-11-30\nclinical-review: Dr Kamau 2026-12-01"
    po, lines = _catalog(tmp_path, [_entry(fuzzy=True, comment="x"), _entry("Keep 2 m apart.", "2 m", comment=comment)])
    entry = po[1]
    signoffs = read_signoffs(entry, lines, TODAY)
    assert signoffs.malformed == ()
    reviewed, clinical = signoffs.reviewed_by, signoffs.clinical_review
    assert (reviewed.name, reviewed.date) == ("Ana María López", datetime.date(2026, 11, 30))
    assert (clinical.name, clinical.date) == ("Dr Kamau", datetime.date(2026, 12, 1))
    assert lines[reviewed.line - 1] == "# reviewed-by: Ana María López 2026-11-30"
    assert lines[clinical.line - 1] == "# clinical-review: Dr Kamau 2026-12-01"


@pytest.mark.parametrize("bad", [
    "reviewed by: Ana 2026-11-30", "Reviewed-By: Ana 2026-11-30", "reviewed_by: Ana 2026-11-30",
    "reviewed-by Ana 2026-11-30", "reviewed-by: Ana", "reviewed-by: 2026-11-30", "reviewed-by:",
    "reviewed-by: Ana 30/11/2026", "reviewed-by: Ana 2026-02-30", "reviewed-by: Ana 2027-01-01",
    "Clinical review: Dr Kamau 2026-12-01", "clinical-reviewed-by: Dr Kamau 2026-12-01", "clinical-review: Dr Kamau",
])
def test_malformed_signoffs_are_found_at_their_line(tmp_path: Path, bad: str) -> None:
    po, lines = _catalog(tmp_path, [_entry(comment=f"A note.\n{bad}\nreviewed-by: Ana 2026-11-30")])
    signoffs = read_signoffs(po[0], lines, TODAY)
    assert [lines[malformed.line - 1] for malformed in signoffs.malformed] == [f"# {bad}"]
    assert [signoff.kind for signoff in signoffs.valid] == ["reviewed-by"]


def test_other_comments_are_not_signoffs(tmp_path: Path) -> None:
    po, lines = _catalog(tmp_path, [_entry(comment=f"{AI_NOTE}\nReviewed the glossary term with Ana.")])
    assert read_signoffs(po[0], lines, TODAY).malformed == ()


def test_clear_signoffs_keeps_other_comments() -> None:
    entry = _entry(comment="A note.\nreviewed-by: Ana 2026-11-30\nClinical review: Dr K\nclinical-review: Dr K 2026-12-01")
    assert clear_signoffs(entry)
    assert entry.tcomment == "A note."
    assert not clear_signoffs(entry)
    assert unit_state(entry, False, today=TODAY) == UNSIGNED


def test_signoff_problems_for_check(tmp_path: Path) -> None:
    po, lines = _catalog(tmp_path, [
        _entry("Unsigned.", "Non signé."),
        _entry("Wash.", "Lavez.", comment="reviewed-by: Ana 2026-11-30\nclinical-review: Dr K 2026-12-01"),
        _entry("Bad.", "Mauvais.", comment="reviewed-by: Ana"),
        _entry("Draft.", "Brouillon.", fuzzy=True),
        _entry("Fine.", "Bien.", comment="reviewed-by: Ana 2026-11-30"),
    ])
    found = {entry.msgid: signoff_problems(entry, lines, critical=False, today=TODAY) for entry in po}
    assert [(code, lines[line - 1]) for line, _, code, _ in found["Unsigned."]] == [("signoff-missing", "#: docs/en/page.md:9")]
    assert [(code, lines[line - 1]) for line, _, code, _ in found["Wash."]] == [
        ("clinical-review-not-critical", "# clinical-review: Dr K 2026-12-01")]
    assert {code for _, _, code, _ in found["Bad."]} == {"signoff-malformed", "signoff-missing"}
    assert found["Draft."] == found["Fine."] == []
    assert signoff_problems(po[1], lines, critical=True, today=TODAY) == []


# ---------------------------------------------------------------- critical units


@pytest.mark.parametrize(("english", "critical"), [
    ("Mix 1 part bleach with 99 parts water.", True),
    ("Keep at least 2 metres apart.", True),
    ("Wear it for no more than 4 hours.", True),
    ("Use a hand rub with at least 60% alcohol.", True),
    ("An oxygen level below 94% is a danger sign.", True),
    ("Isolate for two weeks.", True),
    ("Wash your hands with soap and water.", False),
    ("COVID-19 spreads through the air.", False),  # a name, not a quantity
    ("World Health Organization. *Masks*. 2021.", False),  # a year
    ("See [the page](https://example.org/guidance-2021/page3).", False),  # a link target
])
def test_critical_by_numbers_units_and_durations(english: str, critical: bool) -> None:
    assert bool(text_reasons(english)) is critical


PAGE = """---
title: Putting on PPE
critical_sections:
  - Taking off PPE
---

# Putting on PPE

Wash your hands first.

!!! danger "Stop"
    Do not touch your face.

??? warning
    Change gloves between patients.

!!! note
    Gowns come in sizes.

## Taking off PPE { #off }

Take off the gloves first.

### Gloves

Peel them off inside out.

## Afterwards

Rest.
"""


def _line(text: str) -> int:
    return next(number for number, line in enumerate(PAGE.split("\n"), 1) if text in line)


def test_critical_by_admonition_and_section() -> None:
    criticality = Criticality.of_text(PAGE)
    assert not criticality.marks.page_critical and criticality.marks.unknown_sections == ()
    for text in ("Stop", "Do not touch your face.", "Change gloves between patients.", "Taking off PPE { #off }",
                 "Take off the gloves first.", "Gloves", "Peel them off inside out."):
        assert criticality.reasons("", text), text
    for text in ("Wash your hands first.", "Gowns come in sizes.", "Afterwards", "Rest.", "Putting on PPE"):
        assert (("", text) in criticality.places) and not criticality.reasons("", text), text
    assert criticality.reasons("", "Do not touch your face.") == ["inside a danger box"]
    assert criticality.reasons("", "Peel them off inside out.") == ["in the critical section 'Taking off PPE'"]


def test_critical_page_and_unknown_sections() -> None:
    criticality = Criticality.of_text(
        PAGE.replace("critical_sections:\n  - Taking off PPE", "critical: true\ncritical_sections: [Nowhere]"))
    assert criticality.marks.page_critical and criticality.marks.unknown_sections == ("Nowhere",)
    assert criticality.reasons("", "Rest.") == ["the page is marked critical"]
    assert criticality.reasons("", "A text the page no longer has.") == ["the page is marked critical"]
    with pytest.raises(HandbookError, match="critical"):
        Criticality.of_text(PAGE.replace("critical_sections:\n  - Taking off PPE", "critical: yes please"))


def test_a_text_at_several_places_is_critical_when_any_place_is() -> None:
    """Where the page has the unit now decides, whatever its entry's `#:` lines say."""
    page = PAGE + "\n!!! warning\n    Rest.\n"
    criticality = Criticality.of_text(page)
    stale = polib.POEntry(msgid="Rest.", msgstr="", occurrences=[("docs/en/p.md", str(_line("Rest.")))])
    assert criticality.of_entry(stale) == ["inside a warning box"]
    assert criticality.first_line("", "Rest.") == _line("Rest.")
    # Moved out of the critical section, its entry's `#:` line still pointing there: not critical.
    moved = polib.POEntry(msgid="Peel them off inside out.", msgstr="",
                          occurrences=[("docs/en/p.md", str(_line("Peel them")))])
    moved_page = PAGE.replace("\nPeel them off inside out.\n", "\n") + "\nPeel them off inside out.\n"
    assert Criticality.of_text(moved_page).of_entry(moved) == []
    # A text the page no longer has: by its text only; the interface strings: by text only.
    assert criticality.of_entry(polib.POEntry(msgid="Peel the gown off.", msgstr="")) == []
    assert criticality.of_entry(polib.POEntry(msgid="Wait 20 minutes.", msgstr="")) == ["numbers 20"]
    assert Criticality().of_entry(stale) == []
