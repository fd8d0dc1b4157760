"""`handbook build`: the whole pipeline in one direction, docs -> staged languages -> site."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from handbook.site.cache import input_digest, is_up_to_date, record
from handbook.translation.catalog import load_catalog
from handbook.site.compress import precompress
from handbook.config import HandbookConfig, Language
from handbook.site.csp import add_content_security_policy
from handbook.editions.build import build_editions
from handbook.editions.changes import PAGE as CHANGES_PAGE, changes_markdown, histories
from handbook.editions.history import History
from handbook.editions.base import DOWNLOADS_DIR
from handbook.editions.downloads import downloads_markdown, file_kinds
from handbook.translation.catalogs import Catalogs
from handbook.fsutil import exclusive_lock
from handbook.site.guard import guard_site
from handbook.editions.lite import build_lite
from handbook.site.optimize import optimize_site
from handbook.processes import run_in_processes
from handbook.progress import StepClock, summary
from handbook.translation.policy import PageReport
from handbook.translation.render import translate_page
from handbook.site.search import split_search_index
from handbook.site.mkdocs_build import fresh_site, run_mkdocs
from handbook.site.stage import source_pages, stage_language, stage_source, staged_root
from handbook.translation.status import as_markdown, collect
from handbook.translation.ui import SiteStrings, strings_for

log = logging.getLogger("handbook")

STATUS_PAGE = "translation-status.md"
DOWNLOADS_PAGE = "downloads.md"


def stage_translation(config: HandbookConfig, language: Language, generated: dict[Path, str]) -> list[PageReport]:
    """Render every page of `language` from its catalog; English fills whatever is missing."""
    pages: dict = {}
    reports = []
    catalogs = Catalogs(config)
    for page in source_pages(config):
        path = catalogs.page(language.code, page)
        catalog = load_catalog(path).po if path.exists() else None
        source = (config.source_dir / page).read_text(encoding="utf-8")
        pages[page], report = translate_page(
            source, catalog, page=page, catalog_file=path.relative_to(config.root), language=language.code,
            policy=config.review_policy, source_file=config.source_dir / page,
        )
        reports.append(report)
    stage_language(config, language, {**pages, **generated})
    return reports


def _generated_pages(config: HandbookConfig, language: Language, rows: list, strings: SiteStrings,
                     history: History) -> dict[Path, str]:
    """Pages made from data rather than written: downloads, translation status and changes."""
    names = {language.code: language.name for language in config.languages}
    ui = strings.ui
    return {
        Path(STATUS_PAGE): as_markdown(rows, names, ui),
        Path(DOWNLOADS_PAGE): downloads_markdown(config, language, ui),
        Path(CHANGES_PAGE): changes_markdown(config, language, ui, history),
    }


def stage_all(config: HandbookConfig, workers: int | None = None) -> list[PageReport]:
    """Stage every configured language, one process per language when there are cores for it.

    Returns what each translated page used. Units the build refused are logged, those of the pages
    and those of the strings outside pages (`_site.po`) alike. `handbook serve` stages with
    `workers=1`: it runs inside MkDocs' server, whose threads a forked process should not inherit.
    """
    rows = collect(config)
    strings = {language.code: strings_for(config, language) for language in config.languages}
    changes = histories(config)
    source = config.source_language
    stage_source(config, _generated_pages(config, source, rows, strings[source.code], changes[source.code]))
    languages = config.translated_languages
    generated = [_generated_pages(config, language, rows, strings[language.code], changes[language.code])
                 for language in languages]
    workers = min(workers or os.cpu_count() or 1, len(languages))
    if workers < 2:
        results = [stage_translation(config, language, pages) for language, pages in zip(languages, generated)]
    else:
        results = run_in_processes("staging", [
            (language.code, stage_translation, (config, language, pages)) for language, pages in zip(languages, generated)
        ], workers)
    reports = [report for result in results for report in result]
    interface = [strings[language.code].report for language in languages]
    for report in reports + interface:
        for refused in report.refused:
            log.warning("refused: %s", refused)
    return reports


def build(config: HandbookConfig, force: bool = False) -> None:
    """Stage, build the web root, then add what is made from it; `site/` changes only on success.

    Nothing is done when no input changed since the last successful build (see `buildcache`)."""
    with exclusive_lock(config.build_dir / ".build.lock"):
        inputs = input_digest(config)
        if not force and is_up_to_date(config, inputs):
            log.info("site is up to date: no input changed since the last build (%s)", config.site_dir)
            return
        clock = StepClock()
        log.info("[1/2] staging %d language(s)", len(config.languages))
        clock.start("staging")
        reports = stage_all(config)
        with fresh_site(config) as new_site:
            log.info("[2/2] building the site")
            clock.start("site")
            run_mkdocs(config, staged_root(config), new_site)
            guard_site(config, new_site, reports)  # the second wall: fails on markup the English lacks
            split_search_index(config, new_site)
            optimize_site(new_site)  # before anything copies or compresses the site
            add_content_security_policy(new_site)  # before the bundles copy the pages
            # Later steps read the built site and add to it (offline editions, lite pages,
            # pre-compressed copies), each in its own module, in this order.
            clock.start("offline editions")
            build_editions(config, new_site)
            clock.start("lite edition")
            build_lite(config, new_site)
            add_content_security_policy(new_site / "lite")
            clock.start("pre-compressed twins")
            precompress(new_site, config.build_dir / "cache" / "compressed")  # last: every file is final
            clock.stop()
        record(config, inputs)
        log.info("%s", summary(config.site_dir, clock, file_kinds(config.site_dir / DOWNLOADS_DIR)))
