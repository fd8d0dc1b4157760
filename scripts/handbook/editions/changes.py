"""What changed: each language's Changes page (`changes.md`, made at staging like the Downloads page)
and the short "Changes in this edition" page of its PDF.

Both show the history of `editions/history.py`: the newest `changes_editions` editions (the
page) or the newest one (the PDF), each changed unit as a word diff (`word_diff`: `<del>` and
`<ins>`), flagged when its numbers changed (`numbers_in`, as the translation checks read them), with
its review state now. Each edition lists at most a few dozen units and says how many more there
are. Outside git the page says the copy has no history and names the current edition only.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from handbook.config import HandbookConfig, Language
from handbook.editions.history import (
    ENGLISH, EditionChanges, History, HistoryReader, UnitChange, language_history,
)
from handbook.editions.links import online_url
from handbook.editions.templates import render
from handbook.frontmatter import read_front_matter
from handbook.translation.catalog import parse_po
from handbook.translation.catalogs import SITE_PAGE, Catalogs
from handbook.translation.checks.numbers import numbers_in, show_numbers
from handbook.translation.word_diff import DiffPiece, word_diff

PAGE = "changes.md"  # each language's Changes page, beside its Downloads page
PAGE_UNITS = 40  # units listed per edition on the page
PDF_UNITS = 12  # units listed on the PDF's page
NO_NUMBER = "–"


@dataclass(frozen=True)
class ShownUnit:
    source: str  # history.ENGLISH or TRANSLATION
    change: str  # history.CHANGED, ADDED or REMOVED
    pieces: tuple[DiffPiece, ...]
    lang: str  # the language its text is in
    dir: str
    numbers: tuple[str, str] | None  # the numbers that went and came, when they changed
    state: str | None


@dataclass(frozen=True)
class ShownPage:
    title: str
    lang: str | None  # the language of the title when it is not the page's (an English title)
    dir: str | None
    url: str | None  # the page on the site, relative to the language's folder; None when it is gone
    units: tuple[ShownUnit, ...]


@dataclass(frozen=True)
class ShownEdition:
    code: str
    anchor: str  # the id of its heading
    date: str
    committed: bool
    first: bool
    shallow: bool  # the first here only because the copy's repository lacks the history before it
    count: int
    more: int  # changed units not listed
    pages: tuple[ShownPage, ...]


def numbers_changed(before: str, after: str, english: bool) -> tuple[str, str] | None:
    """The numbers `after` lost and gained (as `numbers_in` reads them), or None when they are the same."""
    old, new = Counter(numbers_in(before, english)), Counter(numbers_in(after, english))
    if old == new:
        return None
    lost, gained = list((old - new).elements()), list((new - old).elements())
    return (show_numbers(lost) if lost else NO_NUMBER), (show_numbers(gained) if gained else NO_NUMBER)


class _Titles:
    """Each page's title as the language's reader knows it: the translation when a translator's
    (not fuzzy) is there, else the English title, marked as English."""

    def __init__(self, config: HandbookConfig, language: Language, ui: dict[str, str]) -> None:
        self.config, self.language, self.ui = config, language, ui
        self.known: dict[Path, tuple[str, str | None, str | None, str | None]] = {}

    def __call__(self, page: Path) -> tuple[str, str | None, str | None, str | None]:
        if page not in self.known:
            self.known[page] = self._title(page)
        return self.known[page]

    def _english(self, title: str, url: str | None) -> tuple[str, str | None, str | None, str | None]:
        source = self.config.source_language
        if self.language.default:
            return title, None, None, url
        return title, source.code, source.direction, url

    def _title(self, page: Path) -> tuple[str, str | None, str | None, str | None]:
        config = self.config
        if page == SITE_PAGE:
            return self.ui["changes.interface"], None, None, None
        source = config.source_dir / page
        if not source.is_file():
            return self._english(page.with_suffix("").as_posix(), None)
        english = str(read_front_matter(source).get("title") or page.with_suffix("").as_posix())
        url = page.with_suffix(".html").as_posix()
        catalog = Catalogs(config).page(self.language.code, page)
        if not self.language.default and catalog.is_file():
            for entry in parse_po(catalog):
                if entry.msgctxt == "title" and entry.msgid == english and entry.msgstr and not entry.fuzzy:
                    return entry.msgstr, None, None, url
        return self._english(english, url)


def _shown_unit(config: HandbookConfig, language: Language, unit: UnitChange) -> ShownUnit:
    english = unit.source == ENGLISH
    text_language = config.source_language if english else language
    return ShownUnit(unit.source, unit.change, tuple(word_diff(unit.before, unit.after)), text_language.code,
                     text_language.direction, numbers_changed(unit.before, unit.after, english), unit.state)


def shown_edition(config: HandbookConfig, language: Language, history: History, edition: EditionChanges,
                  titles: _Titles) -> ShownEdition:
    pages: dict[Path, list[ShownUnit]] = {}
    for unit in edition.units:
        pages.setdefault(unit.page, []).append(_shown_unit(config, language, unit))
    shown = tuple(ShownPage(*titles(page), tuple(units)) for page, units in pages.items())
    code = edition.code
    return ShownEdition(str(code), f"edition-{str(code).replace('.', '-')}", code.date.isoformat(), code.committed,
                        edition.first, edition.first and history.shallow, edition.count,
                        edition.count - len(edition.units), shown)


def _unique_anchors(editions: list[ShownEdition]) -> list[ShownEdition]:
    """An edition whose content came back (a change undone) has the code of an earlier one: its heading gets another id."""
    seen: Counter = Counter()
    unique = []
    for edition in editions:
        seen[edition.anchor] += 1
        count = seen[edition.anchor]
        unique.append(edition if count == 1 else dataclasses.replace(edition, anchor=f"{edition.anchor}-{count}"))
    return unique


def changes_page_url(config: HandbookConfig, language: Language) -> str:
    """The language's Changes page online: where the PDF sends its reader for every change."""
    return online_url(config, language) + Path(PAGE).with_suffix(".html").as_posix()


def changes_markdown(config: HandbookConfig, language: Language, ui: dict[str, str], history: History) -> str:
    """The Changes page of one language (template `overrides/editions/changes.md`)."""
    titles = _Titles(config, language, ui)
    editions = _unique_anchors([shown_edition(config, language, history, edition, titles)
                                for edition in history.editions])
    return render(config, "changes.md", ui=ui, in_git=history.in_git, current=str(history.current),
                  editions=editions, more=history.more)


def histories(config: HandbookConfig) -> dict[str, History]:
    """Every language's history for its Changes page, read with one cache."""
    reader = HistoryReader(config)
    found = {language.code: reader.history(language, config.changes_editions, PAGE_UNITS)
             for language in config.languages}
    reader.save()
    return found


def newest_changes(config: HandbookConfig, language: Language, ui: dict[str, str]) -> ShownEdition | None:
    """What the PDF's "Changes in this edition" page lists: the newest edition; None outside git."""
    history = language_history(config, language, 1, PDF_UNITS)
    if not history.editions:
        return None
    return shown_edition(config, language, history, history.editions[0], _Titles(config, language, ui))
