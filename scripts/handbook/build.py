"""`handbook build`: the whole pipeline in one direction, docs -> staged languages -> site."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from .catalog import load_catalog
from .compress import precompress
from .config import HandbookConfig, Language
from .extract import catalog_path
from .fsutil import exclusive_lock
from .render import PageReport, translate_page
from .search import split_search_index
from .site import fresh_site, run_mkdocs
from .stage import source_pages, stage_language, stage_source, staged_root
from .status import as_markdown, collect
from .ui import site_strings

log = logging.getLogger("handbook")

STATUS_PAGE = "translation-status.md"
DOWNLOADS_PAGE = "downloads.md"


def stage_translation(config: HandbookConfig, language: Language, generated: dict[Path, str]) -> list[PageReport]:
    """Render every page of `language` from its catalog; English fills whatever is missing."""
    show_drafts = config.review_policy == "show-drafts"
    pages: dict = {}
    reports = []
    for page in source_pages(config):
        path = catalog_path(config, language.code, page)
        catalog = load_catalog(path).po if path.exists() else None
        source = (config.source_dir / page).read_text(encoding="utf-8")
        pages[page], report = translate_page(
            source, catalog, page=page, catalog_file=path.relative_to(config.root), language=language.code,
            show_drafts=show_drafts,
        )
        reports.append(report)
    stage_language(config, language, {**pages, **generated})
    return reports


def _generated_pages(config: HandbookConfig, language: Language, rows: list) -> dict[Path, str]:
    """Pages made from data rather than written: downloads and translation status."""
    names = {language.code: language.name for language in config.languages}
    ui = site_strings(config, None if language.default else language.code, config.review_policy == "show-drafts").ui
    return {
        Path(STATUS_PAGE): as_markdown(rows, names, ui),
        Path(DOWNLOADS_PAGE): downloads_markdown(ui),
    }


def downloads_markdown(ui: dict[str, str]) -> str:
    """The Downloads page: the offline editions of one language."""
    title = json.dumps(ui["downloads.title"], ensure_ascii=False)
    return "\n".join([
        "---", f"title: {title}", "---", "", f"# {ui['downloads.title']}", "",
        ui["downloads.intro"], "", ui["downloads.none"], "",
    ])


def stage_all(config: HandbookConfig) -> list[PageReport]:
    """Stage every configured language; returns what each translated page used."""
    rows = collect(config)
    stage_source(config, _generated_pages(config, config.source_language, rows))
    reports: list[PageReport] = []
    for language in config.translated_languages:
        reports += stage_translation(config, language, _generated_pages(config, language, rows))
    for report in reports:
        for refused in report.refused:
            log.warning("refused: %s", refused)
    return reports


def build(config: HandbookConfig) -> None:
    """Stage, build the web root, then add what is made from it; `site/` changes only on success."""
    with exclusive_lock(config.build_dir / ".build.lock"):
        log.info("[1/2] staging %d language(s)", len(config.languages))
        stage_all(config)
        with fresh_site(config) as new_site:
            log.info("[2/2] building the site")
            run_mkdocs(config, staged_root(config), new_site)
            split_search_index(config, new_site)
            # Later steps read the built site and add to it (offline editions, lite pages,
            # pre-compressed copies), each in its own module, in this order.
            precompress(new_site, config.build_dir / "cache" / "compressed")  # last: every file is final
        log.info("done: %s", config.site_dir)
