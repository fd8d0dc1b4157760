"""Translation memory: reuse a reviewed translation of the same English (gettext's compendium idea).

Before `pretranslate` calls a machine, an empty unit whose English (msgctxt and msgid) is exactly
that of a reviewed unit of the same language, in any of its catalogs, gets that unit's translation
as a fuzzy draft, with a note naming where it came from. Only reviewed units teach the memory (not
fuzzy, with a valid reviewed-by sign-off: see `review`): a draft copied into more places would be an
unchecked text multiplied. When reviewed translations of one English differ, the most recently
signed one wins (then the first catalog in path order): the latest review is the best informed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from handbook.translation.catalog import Catalog
from handbook.translation.review import MEMORY_NOTE_START, REVIEWED, read_signoffs, unit_state

# Short enough for one comment line (polib wraps comments at 79 columns), so it is removed whole.
MEMORY_NOTE = MEMORY_NOTE_START + " copied from reviewed {source}"


@dataclass(frozen=True)
class Remembered:
    """A reviewed translation and where it was: `source` is `catalog:line`, the catalog relative to
    its language's folder (the memory never crosses languages) and the entry's first line when it
    was copied (later edits to that catalog may move it)."""

    msgstr: str
    source: str
    signed: datetime.date


def build_memory(catalogs: Iterable[Catalog], folder: Path | None = None,
                 today: datetime.date | None = None) -> dict[tuple[str, str], Remembered]:
    """(msgctxt, msgid) -> the reviewed translation to reuse, from every given catalog of one
    language; `folder` is the language's folder, which sources are named relative to."""
    memory: dict[tuple[str, str], Remembered] = {}
    for catalog in sorted(catalogs, key=lambda catalog: catalog.path):
        inside = folder is not None and catalog.path.is_relative_to(folder)
        shown = catalog.path.relative_to(folder).as_posix() if inside else str(catalog.path)
        for entry in catalog.po:
            if entry.obsolete or entry.msgid_plural or not entry.msgid:
                continue
            signoffs = read_signoffs(entry, today=today)
            if unit_state(entry, False, signoffs) != REVIEWED:  # reviewed by a translator, by the one rule
                continue
            signed = signoffs.reviewed_by
            key = (entry.msgctxt or "", entry.msgid)
            known = memory.get(key)
            if known is None or signed.date > known.signed:
                memory[key] = Remembered(entry.msgstr, f"{shown}:{entry.linenum}", signed.date)
    return memory


def note_for(remembered: Remembered) -> str:
    return MEMORY_NOTE.format(source=remembered.source)
