"""The one rule for using a translation, under each review policy, by state and criticality."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from handbook.translation.critical import text_reasons
from handbook.translation.policy import (
    CRITICAL_REVIEWED, ENGLISH_FALLBACK, SHOW_DRAFTS, PageReport, translation_to_use,
)

SIGNED = "reviewed-by: Ana 2026-01-15"
CLINICAL = "clinical-review: Dr. Karim 2026-01-16"
ENTRIES = {  # state: (flags, comment)
    "human-draft": (["fuzzy"], ""),
    "unsigned": ([], ""),
    "reviewed": ([], SIGNED),
    "clinically-reviewed": ([], f"{SIGNED}\n{CLINICAL}"),
}
SHOWN = {  # (policy, critical): the states whose translation is shown
    (SHOW_DRAFTS, False): {"human-draft", "unsigned", "reviewed", "clinically-reviewed"},
    (SHOW_DRAFTS, True): {"human-draft", "unsigned", "reviewed", "clinically-reviewed"},
    (CRITICAL_REVIEWED, False): {"human-draft", "unsigned", "reviewed", "clinically-reviewed"},
    (CRITICAL_REVIEWED, True): {"clinically-reviewed"},
    (ENGLISH_FALLBACK, False): {"reviewed", "clinically-reviewed"},
    (ENGLISH_FALLBACK, True): {"reviewed", "clinically-reviewed"},
}


@pytest.mark.parametrize(("policy", "critical"), list(SHOWN))
def test_each_policy_shows_the_states_it_allows(policy: str, critical: bool) -> None:
    for state, (flags, comment) in ENTRIES.items():
        entry = polib.POEntry(msgid="Rest.", msgstr="Reposez-vous.", flags=list(flags), tcomment=comment)
        report = PageReport(Path("care.md"), "fr")
        shown = translation_to_use(entry, report, catalog_file=Path("fr/care.po"), policy=policy, critical=critical)
        assert (shown == "Reposez-vous.") == (state in SHOWN[policy, critical]), (policy, critical, state)
        counted = state if state != "clinically-reviewed" or critical else "reviewed"
        assert dict(report.states) == {counted: 1}
        assert report.critical_fallback == (policy == CRITICAL_REVIEWED and critical and shown is None)


def test_an_empty_entry_is_untranslated_and_no_critical_fallback() -> None:
    report = PageReport(Path("care.md"), "fr")
    entry = polib.POEntry(msgid="Take 2 tablets.", msgstr="")
    assert translation_to_use(entry, report, catalog_file=Path("fr/care.po"), policy=CRITICAL_REVIEWED, critical=True) is None
    assert dict(report.states) == {"untranslated": 1} and report.critical_fallback == 0 and report.fallback == 1


def test_interface_placeholders_are_no_quantity() -> None:
    assert text_reasons("{percent}% of this page is reviewed by a human translator.") == []
    assert text_reasons("{count} safety-critical passages are shown in English") == []
    assert text_reasons("Part 2") and text_reasons("Use 70% alcohol.")
