"""The editions of a language in git history, and which units changed in each: the Changes pages' data.

An edition is a commit that changed the language's content (`identity.content_roots`), with
identity's code; uncommitted edits of that content are the newest edition, compared with the last
commit. Each edition is compared with the one before it (the next older commit that changed the
content), file by file, for the files that changed:

- an English page: its units, segmented as `extract` does, at both editions; old and new units are
  matched in order (difflib over the lists of units), a changed unit paired with the new unit most
  like it, the others added or removed;
- a catalog of the language: the entries whose translation (msgstr) changed.

Each unit carries its review state now (`review.STATES`), for a translated language. What a pair of
files gives is cached by their git blob ids in `build/cache/changes.json`, so a build computes only
what a new edition changed. Outside git there is no history: only the current edition's code.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from handbook import git
from handbook.config import HandbookConfig, Language
from handbook.editions.identity import (
    EditionCode, blobs_at, commit_code, content_blobs, content_paths, edition_code, project_prefix,
)
from handbook.errors import BuildError, CatalogError
from handbook.fsutil import write_atomic
from handbook.translation import review
from handbook.translation.catalog import FUZZY_MATCH_RATIO, TemplateUnit, parse_po, parse_po_bytes
from handbook.translation.catalogs import SITE_PAGE, Catalogs
from handbook.translation.critical import Criticality
from handbook.translation.extract import text_units, units_of

ENGLISH, TRANSLATION = "english", "translation"  # what changed: the English source, or the translation
CHANGED, ADDED, REMOVED = "changed", "added", "removed"
# The code whose output the cache keeps: a change to any of it computes every pair again.
CACHED_CODE = ("editions/history.py", "translation/extract.py", "translation/catalog.py", "translation/segments")
PACKAGE_DIR = Path(__file__).parents[1]

log = logging.getLogger("handbook")


@dataclass(frozen=True)
class UnitChange:
    """One unit of one edition: its text before and after (empty when it was added or removed)."""

    page: Path  # relative to the English pages ("protect/masks.md"); `_site.md` for the interface
    source: str  # ENGLISH or TRANSLATION
    change: str  # CHANGED, ADDED or REMOVED
    context: str
    before: str
    after: str
    state: str | None  # its review state now (a translated language's unit still in the handbook), else None
    english: str = ""  # a translation's English (for an English change: `after`)


@dataclass(frozen=True)
class EditionChanges:
    code: EditionCode
    first: bool  # the oldest edition in the history: there is nothing to compare it with
    count: int  # how many units it changed
    units: tuple[UnitChange, ...]  # the first of them, in page order


@dataclass(frozen=True)
class History:
    in_git: bool
    current: EditionCode  # what the files on disk make
    editions: tuple[EditionChanges, ...]  # newest first
    more: bool  # the repository has older editions than these
    shallow: bool = False  # the repository lacks its older history: the oldest edition may not be the first


# --- Reading files at a commit ---------------------------------------------------------------------


class _Blobs:
    """File contents by git blob id: from the working tree when a file there has that id, else from git."""

    def __init__(self, config: HandbookConfig) -> None:
        self.config = config
        self.contents: dict[str, bytes] = {}

    def add_working_tree(self, files: dict[str, str]) -> None:
        for name, blob in files.items():
            if blob not in self.contents and name.endswith((".md", ".po")):
                self.contents[blob] = (self.config.root / name).read_bytes()

    def fetch(self, blobs: list[str]) -> None:
        self.contents.update(git.read_blobs(self.config.root, [blob for blob in blobs if blob not in self.contents]))

    def text(self, blob: str | None, name: str) -> str | None:
        return None if blob is None else self.data(blob, name).decode("utf-8-sig", "replace")

    def data(self, blob: str, name: str) -> bytes:
        if blob not in self.contents:
            raise BuildError(f"git cannot read this file as it was in an earlier commit (blob {blob})",
                             self.config.root / name)
        return self.contents[blob]


def _code_digest() -> str:
    digest = hashlib.sha256()
    for name in CACHED_CODE:
        path = PACKAGE_DIR / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.read_bytes())
    return digest.hexdigest()


class PairCache:
    """What each pair of files gave, by their blob ids, kept in `build/cache/changes.json` across builds."""

    def __init__(self, config: HandbookConfig) -> None:
        self.path = config.build_dir / "cache" / "changes.json"
        self.code = _code_digest()
        self.pairs: dict[str, list] = {}
        self.used: set[str] = set()
        self.made = False
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("code") == self.code:
                self.pairs = stored.get("pairs", {})
        except (OSError, ValueError):
            pass

    def has(self, key: str) -> bool:
        return key in self.pairs

    def get(self, key: str, make: Callable[[], list]) -> list:
        self.used.add(key)
        if key not in self.pairs:
            self.pairs[key] = make()
            self.made = True
        return self.pairs[key]

    def save(self, prune: bool) -> None:
        """Write what is new; with `prune` (every language was read), keep only the pairs used: the cache stays small."""
        if not self.made and not prune:
            return
        pairs = {key: self.pairs[key] for key in sorted(self.used if prune else self.pairs)}
        write_atomic(self.path, json.dumps({"code": self.code, "pairs": pairs}, ensure_ascii=False) + "\n")


# --- Comparing two editions of a file --------------------------------------------------------------


def _alike(before: str, after: str) -> bool:
    return difflib.SequenceMatcher(None, before, after, autojunk=False).ratio() >= FUZZY_MATCH_RATIO


def _pair_block(old: list[TemplateUnit], new: list[TemplateUnit]) -> Iterator[list]:
    """Units that differ between the two editions, in page order: a one-for-one replacement, or an
    old unit and the next new one like it, are a change; the others were added or removed."""
    if len(old) == len(new) == 1 and old[0].context == new[0].context:
        yield [CHANGED, new[0].context, old[0].msgid, new[0].msgid]
        return
    start = 0
    for unit in old:
        match = next((index for index in range(start, len(new))
                      if new[index].context == unit.context and _alike(unit.msgid, new[index].msgid)), None)
        if match is None:
            yield [REMOVED, unit.context, unit.msgid, ""]
            continue
        yield from ([ADDED, added.context, "", added.msgid] for added in new[start:match])
        yield [CHANGED, unit.context, unit.msgid, new[match].msgid]
        start = match + 1
    yield from ([ADDED, added.context, "", added.msgid] for added in new[start:])


def english_changes(before: str | None, after: str | None, reference: str) -> list[list]:
    """[change, context, old text, new text] of every unit that differs between two texts of a page."""
    old = text_units(before, reference) if before is not None else []
    new = text_units(after, reference) if after is not None else []
    keys = ([(unit.context, unit.msgid) for unit in units] for units in (old, new))
    found = []
    for tag, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
        if tag != "equal":
            found += _pair_block(old[old_start:old_end], new[new_start:new_end])
    return found


def _translations(po: polib.POFile | None) -> dict[tuple[str, str], str]:
    return {} if po is None else {(entry.msgctxt or "", entry.msgid): entry.msgstr
                                  for entry in po if not entry.obsolete and entry.msgid}


def translation_changes(before: polib.POFile | None, after: polib.POFile | None) -> list[list]:
    """[change, context, English, old translation, new translation] of every entry whose translation
    changed; an entry whose English changed is compared with the translation of its previous English."""
    old = _translations(before)
    found = []
    for entry in after or []:
        if entry.obsolete or not entry.msgid:
            continue
        context = entry.msgctxt or ""
        previous = old.get((context, entry.msgid))
        if previous is None and entry.previous_msgid:
            previous = old.get((entry.previous_msgctxt or context, entry.previous_msgid))
        previous = previous or ""
        if entry.msgstr != previous:
            change = ADDED if not previous else REMOVED if not entry.msgstr else CHANGED
            found.append([change, context, entry.msgid, previous, entry.msgstr])
    return found


# --- The review state of a unit now ------------------------------------------------------------------


class _CurrentStates:
    """The review state now of a language's units, by page, read from the files on disk."""

    def __init__(self, config: HandbookConfig, language: Language, english_units: dict[Path, set]) -> None:
        self.config, self.language = config, language
        self.english_units = english_units  # shared by every language: the English pages' units now
        self.pages: dict[Path, tuple[dict, Criticality]] = {}

    def _units(self, page: Path) -> set:
        """The units the page has now, as `extract` finds them (the interface strings' for `_site.md`)."""
        if page not in self.english_units:
            exists = page == SITE_PAGE or (self.config.source_dir / page).is_file()
            self.english_units[page] = {(unit.context, unit.msgid) for unit in units_of(self.config, page)} if exists else set()
        return self.english_units[page]

    def _page(self, page: Path) -> tuple[dict, Criticality]:
        if page not in self.pages:
            catalog = Catalogs(self.config).page(self.language.code, page)
            entries = {(entry.msgctxt or "", entry.msgid): entry for entry in parse_po(catalog)
                       if not entry.obsolete} if catalog.is_file() else {}
            self.pages[page] = (entries, Criticality.of_page(self.config.source_dir / page))
        return self.pages[page]

    def state(self, page: Path, context: str, english: str) -> str | None:
        """None for a unit the English no longer has (it changed again since), or for English itself."""
        if self.language.default or not english:
            return None
        entries, criticality = self._page(page)
        entry = entries.get((context, english))
        if entry is None:
            return review.UNTRANSLATED if (context, english) in self._units(page) else None
        return review.unit_state(entry, bool(criticality.of_entry(entry)))


# --- A language's history ---------------------------------------------------------------------------


class HistoryReader:
    """Reads every language's history with one cache and one set of blobs; `save` keeps the cache."""

    def __init__(self, config: HandbookConfig) -> None:
        self.config = config
        self.blobs = _Blobs(config)
        self.cache = PairCache(config)
        self.prefix = project_prefix(config)
        self.catalogs = Catalogs(config)
        self.order = {page: position for position, page in enumerate(self._nav_pages())}
        self.english_units: dict[Path, set] = {}

    def _nav_pages(self) -> list[Path]:
        """Pages in the order of `nav:`, then the others, then the interface strings."""
        nav = [Path(entry.page) for entry in self.config.nav_pages]
        return nav + [page for page in self.catalogs.pages() if page not in nav]

    def save(self, prune: bool = True) -> None:
        """Keep the cache; `prune` when this reader read every language."""
        if self.prefix is not None:
            self.cache.save(prune)

    def _page_of(self, name: str, language: Language) -> tuple[str, Path] | None:
        """(ENGLISH or TRANSLATION, page) of a content file that holds units; None for any other file."""
        path = self.config.root / name
        if name.endswith(".md") and path.is_relative_to(self.config.source_dir):
            return ENGLISH, path.relative_to(self.config.source_dir)
        folder = self.catalogs.language_dir(language.code)
        if not language.default and name.endswith(".po") and path.is_relative_to(folder):
            return TRANSLATION, path.relative_to(folder).with_suffix(".md")
        return None

    def _catalog(self, blob: str | None, name: str) -> polib.POFile | None:
        if blob is None:
            return None
        try:
            return parse_po_bytes(self.blobs.data(blob, name), self.config.root / name)
        except CatalogError as error:  # a broken catalog of the past: its entries count as untranslated
            log.warning("changes: %s (blob %s), read as empty", error, blob[:12])
            return None

    def compare(self, language: Language, newer: dict[str, str], older: dict[str, str]) -> list[UnitChange]:
        """Every unit that differs between two editions of `language` (files -> blob ids), page by page
        in nav order, English before translation; without states (see `_with_states`)."""
        changed = sorted(name for name in set(newer) | set(older) if newer.get(name) != older.get(name))
        found: list[tuple[tuple, UnitChange]] = []
        files = [(name, kind_page) for name in changed if (kind_page := self._page_of(name, language))]
        unread = [name for name, (source, _) in files if not self.cache.has(self._key(source, older, newer, name))]
        self.blobs.fetch([blob for name in unread for blob in (newer.get(name), older.get(name)) if blob])
        for name, (source, page) in files:
            old, new, key = older.get(name), newer.get(name), self._key(source, older, newer, name)
            if source == ENGLISH:
                pairs = self.cache.get(key, lambda: english_changes(
                    self.blobs.text(old, name), self.blobs.text(new, name), name))
                units = [UnitChange(page, ENGLISH, change, context, before, after, None)
                         for change, context, before, after in pairs]
            else:
                pairs = self.cache.get(key, lambda: translation_changes(
                    self._catalog(old, name), self._catalog(new, name)))
                units = [UnitChange(page, TRANSLATION, change, context, before, after, None, english)
                         for change, context, english, before, after in pairs]
            rank = (self.order.get(page, len(self.order)), page.as_posix(), source != ENGLISH)
            found += [((rank, index), unit) for index, unit in enumerate(units)]
        return [unit for _, unit in sorted(found, key=lambda pair: pair[0])]

    def _commits(self, language: Language, count: int) -> list[git.Commit]:
        """The commits that changed `language`'s content along the current branch's own line, newest
        first: `count` editions' worth, and some to spare for commits that repeat the content before them."""
        paths = content_paths(self.config, language, self.prefix)
        return git.commits_touching(self.config.root, paths, limit=2 * count + 8, first_parent=True)

    @staticmethod
    def _key(source: str, older: dict[str, str], newer: dict[str, str], name: str) -> str:
        return f"{source}:{older.get(name)}:{newer.get(name)}"

    @staticmethod
    def _with_states(units: list[UnitChange], states: _CurrentStates) -> tuple[UnitChange, ...]:
        return tuple(dataclasses.replace(unit, state=states.state(unit.page, unit.context, unit.english or unit.after))
                     for unit in units)

    def history(self, language: Language, limit: int, shown: int) -> History:
        """The newest `limit` editions of `language`, each with the first `shown` units it changed."""
        config = self.config
        current = edition_code(config, language)
        if self.prefix is None:
            return History(False, current, (), False)
        snapshots: list[tuple[EditionCode, dict[str, str]]] = []
        if not current.committed:
            files = content_blobs(config, language)
            self.blobs.add_working_tree(files)
            snapshots.append((current, files))
        for commit in self._commits(language, limit + 1):
            files = blobs_at(config, language, commit.sha, self.prefix)
            code = commit_code(commit, files)
            if snapshots and snapshots[-1][0].digest == code.digest:
                continue  # the same content again (a commit undone, a merge of nothing new): the same edition
            if len(snapshots) == limit + 1:
                break
            snapshots.append((code, files))
        states = _CurrentStates(config, language, self.english_units)
        editions = []
        for index, (code, files) in enumerate(snapshots[:limit]):
            if index + 1 < len(snapshots):
                units = self.compare(language, files, snapshots[index + 1][1])
                editions.append(EditionChanges(code, False, len(units), self._with_states(units[:shown], states)))
            else:
                editions.append(EditionChanges(code, True, 0, ()))
        return History(True, current, tuple(editions), len(snapshots) > limit, git.is_shallow(config.root))


def language_history(config: HandbookConfig, language: Language, limit: int, shown: int) -> History:
    """One language's history (the PDF's newest edition); `HistoryReader` reads several with one cache."""
    reader = HistoryReader(config)
    found = reader.history(language, limit, shown)
    reader.save(prune=False)
    return found
