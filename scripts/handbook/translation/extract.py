"""`handbook extract`: English pages -> one template per page -> every language's catalog, merged."""

from __future__ import annotations

import logging
from pathlib import Path

import polib

from handbook.translation.catalog import (
    Catalog, TemplateUnit, load_catalog, merge, new_catalog, save_catalog, template_entries, WRAP_WIDTH,
)
from handbook.config import HandbookConfig, Language
from handbook.fsutil import exclusive_lock, write_if_changed
from handbook.translation.catalogs import SITE_PAGE, Catalogs
from handbook.translation.segments.extraction import extract as extract_segments
from handbook.translation.ui import material_units, site_units

log = logging.getLogger("handbook")


def page_units(config: HandbookConfig, page: Path) -> list[TemplateUnit]:
    """The page's units in order; a text repeated in one page is one unit with several references."""
    source = config.source_dir / page
    return text_units(source.read_text(encoding="utf-8"), source.relative_to(config.root).as_posix())


def text_units(text: str, reference: str) -> list[TemplateUnit]:
    """The units of a page's Markdown `text` (as it is on disk, or was at a commit), `reference` its file."""
    merged: dict[tuple[str, str], list] = {}
    for segment in extract_segments(text):
        key = (segment.context, segment.text)
        if key not in merged:
            merged[key] = [segment.kind, []]
        merged[key][1].append((reference, str(segment.line)))
    return [TemplateUnit(msgid, context, kind, tuple(refs)) for (context, msgid), (kind, refs) in merged.items()]


def units_of(config: HandbookConfig, page: Path) -> list[TemplateUnit]:
    if page == SITE_PAGE:
        return site_units(config)
    return page_units(config, page)


def write_template(config: HandbookConfig, page: Path, units: list[TemplateUnit]) -> bool:
    """The page's `.pot`: what a new language's catalog starts from."""
    pot = polib.POFile(wrapwidth=WRAP_WIDTH)
    pot.metadata = {
        "Project-Id-Version": config.site_name,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    pot.extend(template_entries(units))
    return write_if_changed(Catalogs(config).template(page), str(pot))


def extract(config: HandbookConfig) -> dict[str, dict[str, int]]:
    """Refresh templates and merge them into every language; returns counts per language."""
    totals: dict[str, dict[str, int]] = {}
    catalogs = Catalogs(config)
    with exclusive_lock(config.build_dir / ".translations.lock"):
        units_by_page = {page: units_of(config, page) for page in catalogs.pages()}
        for page, units in units_by_page.items():
            write_template(config, page, units + (material_units(config) if page == SITE_PAGE else []))
        _remove_stale(catalogs.templates_dir, {page.with_suffix(".pot") for page in units_by_page})
        for language in config.translated_languages:
            counts = totals.setdefault(language.code, {"new": 0, "fuzzy": 0, "kept": 0, "obsolete": 0, "written": 0})
            for page, units in units_by_page.items():
                if page == SITE_PAGE:  # Material's interface, for a language Material has no strings for
                    units = units + material_units(config, language)
                path = catalogs.page(language.code, page)
                catalog: Catalog = (load_catalog(path) if path.exists() else
                                    new_catalog(path, language.code, config.site_name, plural_forms(config, language)))
                for name, value in merge(catalog, units).items():
                    counts[name] += value
                counts["written"] += save_catalog(catalog)
            log.info("%s: %d new, %d changed (now drafts), %d obsolete, %d catalogs written",
                     language.code, counts["new"], counts["fuzzy"], counts["obsolete"], counts["written"])
    return totals


def plural_forms(config: HandbookConfig, language: Language) -> str:
    """The plural forms a new catalog of `language` declares: those its `_site.po` already has, so a
    language's catalogs always agree; for a new language, CLDR's."""
    site_catalog = Catalogs(config).site(language.code)
    if site_catalog.is_file():
        declared = load_catalog(site_catalog).po.metadata.get("Plural-Forms")
        if declared:
            return declared
    return language.plural_forms


def _remove_stale(folder: Path, wanted: set[Path]) -> None:
    """Templates of pages that no longer exist go; catalogs are kept, since they hold human work."""
    if not folder.is_dir():
        return
    for path in folder.rglob("*.pot"):
        if path.relative_to(folder) not in wanted:
            path.unlink()
