"""Critical units after an English edit that `extract` has not yet seen: the build, status, the
review queue and `check` read the page as it is now, and agree on every unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import PAGE, set_translations, small_project

from handbook.config import load_config
from handbook.translation import review
from handbook.translation.catalog import load_catalog
from handbook.translation.checks.po_file import check_all
from handbook.translation.critical import Criticality
from handbook.translation.policy import CRITICAL_REVIEWED
from handbook.translation.render import translate_page
from handbook.translation.review_queue import collect
from handbook.translation.status import page_status

MOVED_IN = "See the [danger signs](danger.md)."  # at the page's end, now inside a new danger box
MOVED_OUT = "Call a health worker if breathing is hard."  # inside the warning box, now out of it
MOVED_IN_BN = "[বিপদের লক্ষণ](danger.md) দেখুন।"
MOVED_OUT_BN = "শ্বাস নিতে কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।"

# The page after an English edit that `extract` has not seen: the warning box's sentence moves out
# of it, and the closing sentence moves up into a new danger box where the box was.
EDITED = PAGE.replace('!!! warning "Seek care now"\n    Call a health worker if breathing is hard.\n',
                      f"!!! danger\n    {MOVED_IN}\n\n{MOVED_OUT}\n").replace(f"\n{MOVED_IN}\n", "")


def _reference_line(catalog: Path, msgid: str) -> int:
    entry = next(entry for entry in load_catalog(catalog).po if entry.msgid == msgid)
    return int(entry.occurrences[0][1])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Both units translated and signed before the edit: the one then in the warning box clinically
    reviewed too; then the English page edited, and `extract` not run."""
    root = small_project(tmp_path)
    set_translations(root, {MOVED_IN: (MOVED_IN_BN, False)}, reviewed_by="Ana")
    set_translations(root, {MOVED_OUT: (MOVED_OUT_BN, False)}, reviewed_by="Ana", clinical_review="Dr Kamau")
    (root / "docs" / "en" / "index.md").write_text(EDITED, encoding="utf-8")
    return root


def test_the_stale_references_point_the_other_way(project: Path) -> None:
    """What makes the test: each unit's `#:` line now points where the other unit's criticality is."""
    catalog = project / "translations" / "bn" / "index.po"
    marked = Criticality.of_page(project / "docs" / "en" / "index.md").marks.lines
    assert EDITED.split("\n")[_reference_line(catalog, MOVED_OUT) - 1] == "    " + MOVED_IN
    assert marked[_reference_line(catalog, MOVED_OUT)] == "inside a danger box"
    assert _reference_line(catalog, MOVED_IN) not in marked


def test_build_status_queue_and_check_agree(project: Path) -> None:
    config = load_config(project / "mkdocs.yml")
    catalog_file = project / "translations" / "bn" / "index.po"
    criticality = Criticality.of_page(project / "docs" / "en" / "index.md")
    assert criticality.reasons("", MOVED_IN) == ["inside a danger box"]
    assert criticality.reasons("", MOVED_OUT) == []

    # The build: the unit now in the danger box waits for a clinical review, the other is shown.
    page, report = translate_page(EDITED, load_catalog(catalog_file).po, page=Path("index.md"),
                                  catalog_file=catalog_file, language="bn", policy=CRITICAL_REVIEWED)
    assert MOVED_OUT_BN in page and MOVED_IN_BN not in page and MOVED_IN in page
    assert report.critical_fallback == 1

    # Status: the two signed units are reviewed; the critical one of them lacks its clinical review,
    # and the clinical review of the one no longer critical counts for nothing.
    status = page_status(config, "bn", Path("index.md"))
    assert status.states[review.REVIEWED] == 2 and status.states[review.CLINICALLY_REVIEWED] == 0
    assert status.critical_states[review.REVIEWED] == 1 and status.critical_states[review.CLINICALLY_REVIEWED] == 0

    # The review queue: the unit now in the danger box needs its clinical review; the other is done.
    items = [item for item in collect(config, "bn") if item.english in (MOVED_IN, MOVED_OUT)]
    assert [(item.english, item.needs, item.reasons) for item in items] == [
        (MOVED_IN, "clinical review", ("inside a danger box",))]

    # `check`: the clinical review of the unit that left the warning box is an error, at its line.
    entry = next(entry for entry in load_catalog(catalog_file).po if entry.msgid == MOVED_OUT)
    found = [(problem.path, problem.line) for problem in check_all(config, "bn")
             if problem.code == "clinical-review-not-critical"]
    assert len(found) == 1 and found[0][0] == catalog_file and found[0][1] < entry.linenum + 4


def test_a_unit_the_page_no_longer_has_is_critical_by_its_text_only(project: Path) -> None:
    """The warning box's title is gone from the page: its entry (obsolete at the next `extract`)
    has no place, so not the box's; a number in its English still counts."""
    criticality = Criticality.of_page(project / "docs" / "en" / "index.md")
    assert ("", "Seek care now") not in criticality.places
    assert criticality.reasons("", "Seek care now") == []
    assert criticality.reasons("", "Seek care within 2 days") == ["numbers 2"]
