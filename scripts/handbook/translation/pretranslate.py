"""`handbook pretranslate --lang xx`: fill empty catalog entries with offline machine drafts.

Only empty entries are touched. An entry whose English a reviewed unit of the same language already
translates gets that translation from translation memory (`memory`) and never reaches the engine;
the others get a machine draft. Every result is a fuzzy draft whose comment says where it came
from: the catalog and line it was copied from, or the engine, the model and the date.
Each catalog is saved (atomically) as soon as its page is done, so an interrupted run
keeps what it finished and leaves every file valid.
"""

from __future__ import annotations

import datetime
import logging
import sys

import polib

from handbook.translation.catalog import load_catalog, save_catalog
from handbook.translation.glossary import Glossary
from handbook.config import HandbookConfig
from handbook.errors import CatalogError
from handbook.translation.catalogs import Catalogs
from handbook.translation.memory import build_memory, note_for
from handbook.translation.review import MACHINE_NOTES, MEMORY_NOTE_START

log = logging.getLogger("handbook")

DRAFT_NOTE = MACHINE_NOTES[0] + " ({engine}, model {model}, {date}): not reviewed by a human."
LOST_PLACEHOLDER_START = "Machine translation damaged"
LOST_PLACEHOLDER_NOTE = LOST_PLACEHOLDER_START + " protected text (code, link, number); translate by hand."


# The notes this command writes, replaced when it drafts an entry again (a machine draft is
# `review.MACHINE_NOTES[0]`, as the review states read it).
_NOTES = (MACHINE_NOTES[0], LOST_PLACEHOLDER_START, MEMORY_NOTE_START)


class ConsoleProgress:
    """A one-line progress bar on a terminal; occasional log lines elsewhere (CI logs stay short)."""

    def __init__(self, label: str, stream=sys.stderr) -> None:
        self.label, self.stream, self.last_logged = label, stream, -1

    def __call__(self, done: int, total: int) -> None:
        if self.stream.isatty():
            filled = 30 * done // max(total, 1)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        elif done >= total or done - self.last_logged >= max(total // 10, 1):
            self.last_logged = done
            log.info("%s: %d/%d units", self.label, done, total)


def pretranslate(config: HandbookConfig, language_code: str, engine=None, today: datetime.date | None = None) -> dict[str, int]:
    """Fill the empty entries of every catalog of one language; returns what was done:
    `from_memory` drafts copied from reviewed units, `translated` machine drafts, `flagged` units
    the engine damaged (left empty for a human), `cache_hits`, and `units` (all empty entries)."""
    from handbook.translation.mt import TranslationCache, load_argos_engine, translate_units

    language = config.language(language_code)
    if language.default:
        raise CatalogError(f"'{language_code}' is the source language; there is nothing to translate", config.config_file)
    catalogs = []
    paths = Catalogs(config)
    for page in paths.pages():
        path = paths.page(language.code, page)
        if not path.exists():
            raise CatalogError("no catalog yet: run `handbook extract` first", path)
        catalogs.append(load_catalog(path))
    empty = [[entry for entry in catalog.po if not entry.obsolete and not entry.msgstr] for catalog in catalogs]
    counts = {"from_memory": 0, "translated": 0, "flagged": 0, "cache_hits": 0, "units": sum(map(len, empty))}

    memory = build_memory(catalogs, config.translations_dir / language.code, today)
    for catalog, entries in zip(catalogs, empty):
        remembered = [(entry, memory.get((entry.msgctxt or "", entry.msgid))) for entry in entries]
        reused = [(entry, found) for entry, found in remembered if found is not None]
        for entry, found in reused:
            _make_draft(entry, found.msgstr, note_for(found))
        if reused:
            counts["from_memory"] += len(reused)
            save_catalog(catalog)
        entries[:] = [entry for entry, found in remembered if found is None]

    total = sum(map(len, empty))
    if not total:
        return counts
    engine = engine or load_argos_engine(config.source_language.code, language.code)
    cache = TranslationCache.for_model(config.build_dir / "mt-cache", engine.model_id)
    keep_terms = Glossary.load(config.root, language.code).keep_terms
    note = DRAFT_NOTE.format(engine=engine.name, model=engine.model_id, date=(today or datetime.date.today()).isoformat())
    progress = ConsoleProgress(f"pretranslate {language.code}")
    done = 0
    for catalog, entries in zip(catalogs, empty):
        if not entries:
            continue
        results = translate_units(engine, [entry.msgid for entry in entries], cache, keep_terms=keep_terms,
                                  progress=lambda finished, _: progress(done + finished, total))
        for entry, result in zip(entries, results):
            if result is None:
                counts["flagged"] += 1
                entry.tcomment = _add_note(entry.tcomment, LOST_PLACEHOLDER_NOTE)
                continue
            _make_draft(entry, result, note)
            counts["translated"] += 1
        save_catalog(catalog)
        cache.save()
        done += len(entries)
        progress(done, total)
    counts["cache_hits"] = cache.hits
    return counts


def _make_draft(entry: polib.POEntry, msgstr: str, note: str) -> None:
    entry.msgstr = msgstr
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    entry.tcomment = _add_note(entry.tcomment, note)


def _add_note(existing: str, note: str) -> str:
    lines = [line for line in (existing or "").splitlines() if not line.startswith(_NOTES)]
    return "\n".join(lines + [note])
