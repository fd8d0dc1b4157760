"""`handbook review-queue --lang xx`: what to review next in one language, riskiest first.

Order (`rank`):

1. critical units not yet reviewed by a translator (drafts of every kind, and unsigned ones):
   on a medical page the riskiest text is an unchecked number, danger sign or protective step;
2. critical units a translator reviewed that still lack a clinical review: after the first group,
   because a health worker should check the wording the translator signed, not a draft that may
   still change; before the third, because the site shows English for them until then;
3. every other unit not yet reviewed.

Within a group, pages come in the order of `nav:` (pages outside it after, `_site` last), and units
in the order of their page as it is now (those it no longer has, and interface strings, in catalog
order). Whether a unit is critical is `critical.Criticality`'s rule, the build's. Untranslated
units are not listed (there is nothing to review: see `handbook status` and `pretranslate`), nor
complete ones (`review.is_complete`).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, field

from handbook.config import HandbookConfig
from handbook.translation.catalog import load_catalog
from handbook.translation.critical import Criticality
from handbook.translation.catalogs import Catalogs
from handbook.translation.word_diff import DiffPiece, diff_text, word_diff
from handbook.translation.review import (
    REVIEWED, UNTRANSLATED, draft_origin, is_complete, is_outdated, read_signoffs, unit_state,
)

TRANSLATION_REVIEW, CLINICAL_REVIEW_NEEDED = "translation review", "clinical review"


@dataclass(frozen=True)
class QueueItem:
    """One unit to review, with what the reviewer needs to see."""

    page: str
    catalog: str
    line: int
    state: str
    needs: str  # TRANSLATION_REVIEW or CLINICAL_REVIEW_NEEDED
    critical: bool
    reasons: tuple[str, ...]
    context: str
    english: str
    draft: str
    origin: str
    previous_english: str | None = None
    diff: tuple[DiffPiece, ...] = field(default=())

    @property
    def group(self) -> int:
        if self.critical:
            return 1 if self.needs == TRANSLATION_REVIEW else 2
        return 3


def _msgid_line(lines: list[str], start: int) -> int:
    """The line of an entry's msgid (where Poedit and editors show the unit), from its first line."""
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].startswith(("msgid ", "#~ msgid ")):
            return number
    return start


def _nav_order(config: HandbookConfig) -> dict[str, int]:
    return {item.page: position for position, item in enumerate(config.nav) if item.page}


def collect(config: HandbookConfig, language: str, today: datetime.date | None = None) -> list[QueueItem]:
    """Every unit of `language` that needs a review, in `rank` order."""
    config.language(language)  # an unknown code is an error naming mkdocs.yml
    nav = _nav_order(config)
    ranked = []
    catalogs = Catalogs(config)
    for page in catalogs.pages():
        path = catalogs.page(language, page)
        if not path.is_file():
            continue
        catalog = load_catalog(path)
        lines = path.read_text(encoding="utf-8-sig").split("\n")
        criticality = Criticality.of_page(config.source_dir / page)
        shown = path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)
        for order, entry in enumerate(catalog.po):
            if entry.obsolete or not entry.msgid:
                continue
            reasons = criticality.of_entry(entry)
            state = unit_state(entry, bool(reasons), read_signoffs(entry, today=today))
            if state == UNTRANSLATED or is_complete(state, bool(reasons)):
                continue
            previous = entry.previous_msgid if is_outdated(entry) else None
            item = QueueItem(
                page=page.with_suffix("").as_posix(), catalog=shown, line=_msgid_line(lines, entry.linenum or 1),
                state=state, needs=CLINICAL_REVIEW_NEEDED if state == REVIEWED else TRANSLATION_REVIEW,
                critical=bool(reasons), reasons=tuple(reasons), context=entry.msgctxt or "", english=entry.msgid,
                draft=entry.msgstr, origin=draft_origin(entry), previous_english=previous,
                diff=tuple(word_diff(previous, entry.msgid)) if previous is not None else (),
            )
            line = criticality.first_line(entry.msgctxt or "", entry.msgid)
            where = (0, line) if line is not None else (1, order)  # units the page no longer has: last
            nav_position = nav.get(page.as_posix(), len(nav) + (1 if page.stem != "_site" else 2))
            ranked.append(((item.group, nav_position, page.as_posix(), where, order), item))
    return [item for _, item in sorted(ranked, key=lambda pair: pair[0])]


def as_json(language: str, items: list[QueueItem], limit: int = 0) -> str:
    """All counts are of the whole queue; `items` holds the first `limit` (0: all)."""
    data = {"language": language, "count": len(items), "critical": sum(item.critical for item in items),
            "items": [asdict(item) for item in (items[:limit] if limit else items)]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def _indented(label: str, text: str) -> str:
    body = text.replace("\n", "\n" + " " * 12)
    return f"    {label:<8}{body}"


def as_text(language: str, items: list[QueueItem], limit: int = 0) -> str:
    """A numbered list for the console, each unit at its catalog file:line (editors jump there)."""
    critical = sum(item.critical for item in items)
    shown = items[:limit] if limit else items
    lines = [f"{language}: {len(items)} unit(s) to review, {critical} critical (riskiest first"
             + (f"; the first {len(shown)} shown)" if len(shown) < len(items) else ")")]
    for number, item in enumerate(shown, 1):
        why = f" [critical: {'; '.join(item.reasons)}]" if item.critical else ""
        lines.append(f"{number}. {item.catalog}:{item.line}: {item.state}, needs {item.needs}{why}")
        lines.append(_indented("page", item.page + (f" (context {item.context})" if item.context else "")))
        lines.append(_indented("English", item.english))
        if item.diff:
            lines.append(_indented("changed", diff_text(list(item.diff))))
        lines.append(_indented("draft" if item.state != REVIEWED else "signed", f"({item.origin}) {item.draft}"))
    return "\n".join(lines)
