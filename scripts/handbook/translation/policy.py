"""One rule for "use this translation?", for pages and interface strings alike.

A catalog entry's translation is shown when it is not empty, is not a draft (fuzzy) hidden by the
review policy (`english-fallback` hides drafts, `show-drafts` shows them), and no check the build
refuses finds an error in it (`checks.registry`: those hold even when `handbook check` was never
run). Otherwise the English is shown; a refused entry is also reported as `catalog:line: why`.
Each decision is counted in a `PageReport`, which the build logs and the translation notice reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from handbook.translation.checks.registry import refuses
from handbook.translation.checks.unit import check_unit


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
    refused: list[str] = field(default_factory=list)  # "catalog:line: why" for units the build refused
    placed: list[PlacedUnit] = field(default_factory=list)  # translations on the page (for `guard`)

    @property
    def total(self) -> int:
        return self.reviewed + self.drafts + self.fallback

    @property
    def reviewed_percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.reviewed / self.total)


def refusal(msgid: str, msgstr: str, language: str) -> str | None:
    """Why the build will not show this translation (the first refused error), or None."""
    for severity, code, message in check_unit(msgid, msgstr, target_lang=language):
        if refuses(severity, code):
            return message
    return None


def translation_to_use(
    entry: polib.POEntry | None, report: PageReport, *, catalog_file: Path, show_drafts: bool,
) -> str | None:
    """The entry's msgstr when it may be shown, else None (English); counted in `report`."""
    if entry is None or entry.obsolete or not entry.msgstr.strip() or (entry.fuzzy and not show_drafts):
        report.fallback += 1
        return None
    why = refusal(entry.msgid, entry.msgstr, report.language)
    if why is not None:
        report.refused.append(f"{catalog_file}:{entry.linenum}: {why} (English used instead)")
        report.fallback += 1
        return None
    if entry.fuzzy:
        report.drafts += 1
    else:
        report.reviewed += 1
    return entry.msgstr
