"""One rule for "use this translation?", for pages and interface strings alike.

A catalog entry's translation is shown when it is not empty, the review policy lets its state
(`review.STATES`) through, and no check the build refuses finds an error in it
(`checks.registry`: those hold even when `handbook check` was never run). Otherwise the English is
shown; a refused entry is also reported as `catalog:line: why`.

The policies (`extra.handbook.review_policy` in mkdocs.yml):

- `critical-reviewed` (the default): drafts are shown, but a critical unit (`critical`: numbers,
  units, danger and warning boxes, pages or sections marked critical) shows the English until it
  is clinically reviewed, i.e. signed by a translator and by a health worker. A medical handbook
  must not show a dose nobody has checked;
- `show-drafts`: every translation is shown, drafts too;
- `english-fallback`: only reviewed units are shown (reviewed-by signed, not fuzzy).

Unsigned units (not fuzzy, but no reviewed-by line: an error of `handbook check`) count as drafts
under every policy. Interface strings (`_site.po`) have no page to mark them: they are critical
only by their own text (a number or a unit), as `critical.text_reasons` finds it.

Each decision is counted in a `PageReport`, which the build logs and the translation notice reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from handbook.translation import review
from handbook.translation.checks.registry import refuses
from handbook.translation.checks.unit import check_unit

CRITICAL_REVIEWED, SHOW_DRAFTS, ENGLISH_FALLBACK = "critical-reviewed", "show-drafts", "english-fallback"
REVIEW_POLICIES = (CRITICAL_REVIEWED, SHOW_DRAFTS, ENGLISH_FALLBACK)


@dataclass(frozen=True)
class PlacedUnit:
    """A translation that went into a staged page, and where it came from."""

    catalog: Path
    line: int
    msgid: str
    msgstr: str
    context: str = ""


@dataclass
class PageReport:
    """What happened to the units of one page (or of the strings outside pages) of one language."""

    page: Path
    language: str = ""
    reviewed: int = 0
    drafts: int = 0
    fallback: int = 0
    critical_fallback: int = 0  # critical units shown in English because they lack a clinical review
    states: Counter = field(default_factory=Counter)  # review.STATES of every unit, shown or not
    refused: list[str] = field(default_factory=list)  # "catalog:line: why" for units the build refused
    placed: list[PlacedUnit] = field(default_factory=list)  # translations on the page (for `guard`)

    @property
    def total(self) -> int:
        return self.reviewed + self.drafts + self.fallback

    @property
    def reviewed_percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.reviewed / self.total)

    def front_matter(self) -> dict:
        """What the page's notice reads (`handbook_translation` in the staged page's front matter)."""
        return {
            "reviewed_percent": self.reviewed_percent, "drafts": self.drafts, "fallback": self.fallback,
            "critical_fallback": self.critical_fallback,
            "states": {state: self.states[state] for state in review.STATES if self.states[state]},
        }


def refusal(msgid: str, msgstr: str, language: str) -> str | None:
    """Why the build will not show this translation (the first refused error), or None."""
    for severity, code, message in check_unit(msgid, msgstr, target_lang=language):
        if refuses(severity, code):
            return message
    return None


def _allowed(state: str, critical: bool, policy: str) -> bool:
    """Whether the policy shows a translation in this state."""
    if state == review.UNTRANSLATED:
        return False
    if policy == ENGLISH_FALLBACK:
        return state in (review.REVIEWED, review.CLINICALLY_REVIEWED)
    if policy == CRITICAL_REVIEWED and critical:
        return state == review.CLINICALLY_REVIEWED
    return True


def translation_to_use(
    entry: polib.POEntry | None, report: PageReport, *, catalog_file: Path, policy: str, critical: bool = False,
    fits: Callable[[str], bool] | None = None,
) -> str | None:
    """The entry's msgstr when it may be shown, else None (English); counted in `report`.

    `critical`: whether the unit is critical (`critical.Criticality`); `fits`: whether the text can
    be written in the unit's place at all (a page's unit: `inert.make_safe`), else it is refused."""
    if entry is None or entry.obsolete or not entry.msgstr.strip():
        report.states[review.UNTRANSLATED] += 1
        report.fallback += 1
        return None
    state = review.unit_state(entry, critical)
    report.states[state] += 1
    if not _allowed(state, critical, policy):
        report.fallback += 1
        if policy == CRITICAL_REVIEWED and critical:
            report.critical_fallback += 1
        return None
    why = refusal(entry.msgid, entry.msgstr, report.language)
    if why is None and fits is not None and not fits(entry.msgstr):
        why = "the translation cannot be written in its place on the page without changing its structure"
    if why is not None:
        report.refused.append(f"{catalog_file}:{entry.linenum}: {why} (English used instead)")
        report.fallback += 1
        return None
    if state in (review.REVIEWED, review.CLINICALLY_REVIEWED):
        report.reviewed += 1
    else:
        report.drafts += 1
    return entry.msgstr
