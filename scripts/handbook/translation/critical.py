"""Critical units: those where a wrong translation can hurt someone, so a health worker must check them.

A unit is critical when any of these holds (each gives a reason, shown by the review queue):

- its English has a number (a dose, a duration, a threshold: `94%`, `30 breaths in 1 minute`), a
  unit after a number (`mL`, `°C`, `ppm`), or a number spelled out from two up (`two weeks`), read
  with the same number and unit readers as `handbook check` (`checks.numbers`);
- it stands inside a danger or warning admonition (`!!! danger`, `!!! warning`, or their collapsible
  `???` forms, and the types Material shows alike: error, caution, attention);
- its English page says so in its front matter:

      critical: true                   # every unit of the page
      critical_sections:               # every unit under these headings (sub-headings included)
        - Danger signs in adults
        - Putting on and taking off PPE

  A section is named by its heading's text as written after the `#` marks (without a trailing
  attribute list). `PageMarks.unknown_sections` lists names that match no heading, for `check`.

Where a unit stands is read from the English page as it is now, with the segmenter's units
(`Criticality`), never from a catalog's `#:` references (stale until the next `extract`): the build,
status, review queue, `check`, review-changes and the Changes pages ask the one `Criticality` of
the page and agree on every unit. A text found at several places of a page is one unit (one catalog
entry), critical when any of its places is. An entry whose text the page no longer has (obsolete at
the next `extract`) has no place: it is critical by its text, or a `critical: true` page, only.

Units of `_site.po` (the interface, outside any page) are critical only by their text: a nav
title `Part 2` is, `{percent}% of this page is reviewed` is not (a placeholder, and a `%` right
after one, are no quantity). Status, queue, check and the review policy read them alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib

# The readers `handbook check` compares numbers and units with: what it finds here, it guards there.
from handbook.translation.checks.numbers import UNITS, WORD_VALUES, numbers_in, show_numbers
from handbook.translation.checks.text import prose as _prose, without_code as _without_code
from handbook.errors import HandbookError
from handbook.frontmatter import parse_front_matter
from handbook.translation.segments.extraction import extract as extract_segments
from handbook.translation.segments.page import MD, Page, headings

DANGER_TYPES = frozenset({"danger", "error", "warning", "caution", "attention"})
_SPELLED = frozenset(word for word, value in WORD_VALUES.items() if value >= 2)  # "one" is too often a pronoun
_NAME_WITH_DIGITS = re.compile(r"(?<![\w-])[^\W\d_][\w-]*\d[\w-]*")
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d]|[.,]\d)")
_PLACEHOLDER = re.compile(r"\{\w+\}%?")  # `{count}`, `{percent}%`: filled in by the code, no quantity


def _quantities_only(prose: str) -> str:
    """Blank out what has digits but is no quantity: names (COVID-19, SARS-CoV-2, N95, SpO2)
    and years (a reference's 2021) that no unit follows."""
    prose = _NAME_WITH_DIGITS.sub(lambda match: " " * len(match.group()), prose)
    after_number = {offset for offset, _ in UNITS.find(prose, "en")}
    return _YEAR.sub(lambda match: match.group() if match.end() in after_number else " " * 4, prose)


def text_reasons(english: str) -> list[str]:
    """Why an English text is critical by itself: its numbers, units and spelled-out numbers."""
    return list(_text_reasons(english))


@lru_cache(maxsize=16384)
def _text_reasons(english: str) -> tuple[str, ...]:
    """Cached: every language's catalog of a page asks about the same English."""
    reasons = []
    english = _PLACEHOLDER.sub(" ", english)
    prose = _quantities_only(_prose(_without_code(english)))
    numbers = numbers_in(prose, english=True)
    if numbers:
        reasons.append(f"numbers {show_numbers(numbers)}")
    units = sorted({unit for _, unit in UNITS.find(prose, "en")} | ({"%"} if "%" in prose else set()))
    if units:
        reasons.append(f"units {', '.join(units)}")
    spelled = [word for word in re.findall(r"[a-z]+", english.lower()) if word in _SPELLED]
    if spelled:
        reasons.append(f"spelled numbers {', '.join(dict.fromkeys(spelled))}")
    return tuple(reasons)


@dataclass(frozen=True)
class PageMarks:
    """What an English page marks critical: the whole page, or lines (1-based) with their reason."""

    page_critical: bool = False
    lines: dict[int, str] = field(default_factory=dict, hash=False)
    unknown_sections: tuple[str, ...] = ()

    @classmethod
    def read(cls, text: str, path: Path | None = None) -> PageMarks:
        """Parse an English page; a malformed `critical`/`critical_sections` is an error at its file."""
        view = Page(text).parse_view()  # read as the segmenter reads it (content tabs too)
        tokens = MD.parse(view)
        lines: dict[int, str] = {}
        meta = {}
        for token in tokens:
            if token.type == "front_matter":
                meta = _front_matter(token.content, path)
            elif token.type == "admonition_open" and token.meta.get("tag", "").lower() in DANGER_TYPES and token.map:
                for line in range(token.map[0] + 1, token.map[1] + 1):
                    lines.setdefault(line, f"inside a {token.meta['tag'].lower()} box")
        page_critical = meta.get("critical", False)
        wanted = meta.get("critical_sections", [])
        found = set()
        for title, start, end in _sections(tokens, len(view.split("\n"))):
            if title in wanted:
                found.add(title)
                for line in range(start + 1, end + 1):
                    lines.setdefault(line, f"in the critical section {title!r}")
        unknown = tuple(title for title in wanted if title not in found)
        return cls(page_critical, lines, unknown)


UnitKey = tuple[str, str]  # (msgctxt or "", msgid): how render, extract and the catalogs name a unit


@dataclass(frozen=True)
class Criticality:
    """Which units of one English page are critical, and why (the rule in this module's docstring):
    the page's marks, and the lines where each of its units stands now, found by the segmenter that
    render translates with and `extract` writes from. `Criticality()`, no page, is that of the
    interface strings (`_site.po`): critical by text only."""

    marks: PageMarks = field(default_factory=PageMarks)
    places: dict[UnitKey, tuple[int, ...]] = field(default_factory=dict, hash=False)  # page lines, 1-based

    @classmethod
    def of_text(cls, text: str, path: Path | None = None) -> Criticality:
        """The criticality of an English page's Markdown (`path` names it in errors)."""
        return _criticality_of_text(text, path)

    @classmethod
    def of_page(cls, source: Path) -> Criticality:
        """The criticality of an English page file; none but by text when it does not exist (`_site`)."""
        if not source.is_file():
            return cls()
        return _criticality_of_text(source.read_text(encoding="utf-8"), source)

    def reasons(self, context: str, english: str, plural: str = "") -> list[str]:
        """Why the unit (`context`, `english`) is critical (empty: it is not); `plural`: its plural English."""
        reasons = ["the page is marked critical"] if self.marks.page_critical else []
        lines = self.places.get((context, english), ())
        reasons += dict.fromkeys(self.marks.lines[line] for line in lines if line in self.marks.lines)
        return reasons + list(text_reasons(f"{english}\n{plural}" if plural else english))

    def of_entry(self, entry: polib.POEntry) -> list[str]:
        """Why a catalog entry's unit is critical."""
        return self.reasons(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")

    def first_line(self, context: str, english: str) -> int | None:
        """The page line where the unit first stands now; None when the page no longer has it."""
        return min(self.places.get((context, english), ()), default=None)


@lru_cache(maxsize=512)
def _criticality_of_text(text: str, path: Path | None) -> Criticality:
    """Cached by the text itself: status and the queue ask for every page once per language."""
    places: dict[UnitKey, list[int]] = {}
    for segment in extract_segments(text):
        places.setdefault((segment.context, segment.text), []).append(segment.line)
    return Criticality(PageMarks.read(text, path), {key: tuple(lines) for key, lines in places.items()})


def _front_matter(content: str, path: Path | None) -> dict:
    meta = parse_front_matter(content, path)
    critical, sections = meta.get("critical", False), meta.get("critical_sections", [])
    if not isinstance(critical, bool):
        raise HandbookError("`critical` must be true or false", path, 2)
    if not isinstance(sections, list) or not all(isinstance(title, str) for title in sections):
        raise HandbookError("`critical_sections` must be a list of heading texts", path, 2)
    return {"critical": critical, "critical_sections": [" ".join(title.split()) for title in sections]}


def _sections(tokens, line_count: int) -> list[tuple[str, int, int]]:
    """(heading text, first line, end line) of every heading's section, 0-based, end exclusive:
    a section runs to the next heading of the same or a higher level."""
    found = headings(tokens)
    sections = []
    for position, heading in enumerate(found):
        end = next((other.line for other in found[position + 1:] if other.level <= heading.level), line_count)
        sections.append((heading.text, heading.line, end))
    return sections
