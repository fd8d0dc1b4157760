"""Stage one Markdown tree per language under `build/staged/<lang>/`, ready for MkDocs.

English is copied as it is; other languages are rendered from their catalogs (see `render`).
Files are rewritten only when their content changes, so MkDocs and later caches see real changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from handbook.config import HandbookConfig, Language
from handbook.fsutil import write_if_changed


def staged_root(config: HandbookConfig) -> Path:
    return config.build_dir / "staged"


def source_pages(config: HandbookConfig) -> list[Path]:
    """Every Markdown page of the English source, as paths relative to `docs/en/`."""
    return sorted(path.relative_to(config.source_dir) for path in config.source_dir.rglob("*.md"))


def source_assets(config: HandbookConfig) -> list[Path]:
    """Everything in `docs/en/` that is not a page (images): shared by every language."""
    return sorted(
        path.relative_to(config.source_dir)
        for path in config.source_dir.rglob("*")
        if path.is_file() and path.suffix != ".md"
    )


def stage_language(config: HandbookConfig, language: Language, pages: dict[Path, str]) -> Path:
    """Write `pages` (relative path -> Markdown) and the shared assets; drop files no longer staged."""
    target = staged_root(config) / language.code
    wanted = set(pages)
    for relative, text in pages.items():
        write_if_changed(target / relative, text)
    for relative in source_assets(config):
        destination = target / relative
        source = config.source_dir / relative
        if not destination.is_file() or destination.read_bytes() != source.read_bytes():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
        wanted.add(relative)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            relative = path.relative_to(target)
            if path.is_file() and relative not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return target


def stage_source(config: HandbookConfig, generated: dict[Path, str]) -> Path:
    """The English tree is the source itself, plus the pages the pipeline generates."""
    pages = {relative: (config.source_dir / relative).read_text(encoding="utf-8") for relative in source_pages(config)}
    return stage_language(config, config.source_language, {**pages, **generated})
