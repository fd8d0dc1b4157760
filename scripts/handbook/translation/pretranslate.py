"""`handbook pretranslate --lang xx`: fill empty catalog entries with offline machine drafts.

Only empty entries are touched; every result is a fuzzy draft that names the engine, the model and
the date. Each catalog is saved (atomically) as soon as its page is done, so an interrupted run
keeps what it finished and leaves every file valid.
"""

from __future__ import annotations

import datetime
import logging
import sys

from handbook.translation.catalog import load_catalog, save_catalog
from handbook.translation.glossary import Glossary
from handbook.config import HandbookConfig
from handbook.errors import CatalogError
from handbook.translation.catalogs import Catalogs

log = logging.getLogger("handbook")

DRAFT_NOTE = "Machine draft ({engine}, model {model}, {date}): not reviewed by a human."
LOST_PLACEHOLDER_NOTE = "Machine translation damaged protected text (code, link, number); translate by hand."


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
    """Fill the empty entries of every catalog of one language; returns what was done."""
    from handbook.translation.mt import TranslationCache, load_argos_engine, translate_units

    language = config.language(language_code)
    if language.default:
        raise CatalogError(f"'{language_code}' is the source language; there is nothing to translate", config.config_file)
    engine = engine or load_argos_engine(config.source_language.code, language.code)
    cache = TranslationCache.for_model(config.build_dir / "mt-cache", engine.model_id)
    keep_terms = Glossary.load(config.root, language.code).keep_terms
    note = DRAFT_NOTE.format(engine=engine.name, model=engine.model_id, date=(today or datetime.date.today()).isoformat())

    catalogs = []
    paths = Catalogs(config)
    for page in paths.pages():
        path = paths.page(language.code, page)
        if not path.exists():
            raise CatalogError("no catalog yet: run `handbook extract` first", path)
        catalogs.append(load_catalog(path))
    empty = [[entry for entry in catalog.po if not entry.obsolete and not entry.msgstr] for catalog in catalogs]
    total = sum(len(entries) for entries in empty)
    progress = ConsoleProgress(f"pretranslate {language.code}")
    counts = {"translated": 0, "flagged": 0, "cache_hits": 0, "units": total}
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
            entry.msgstr = result
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
            entry.tcomment = _add_note(entry.tcomment, note)
            counts["translated"] += 1
        save_catalog(catalog)
        cache.save()
        done += len(entries)
        progress(done, total)
    counts["cache_hits"] = cache.hits
    return counts


def _add_note(existing: str, note: str) -> str:
    lines = [line for line in (existing or "").splitlines() if not line.startswith(("Machine draft", "Machine translation damaged"))]
    return "\n".join(lines + [note])
