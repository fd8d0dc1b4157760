"""Stage one Markdown tree per language under `build/staged/<lang>/`, ready for MkDocs.

English is copied as it is; other languages are rendered from their catalogs (see `render`).
Files are rewritten only when their content changes, so MkDocs and later caches see real changes.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from handbook.config import HandbookConfig, Language
from handbook.errors import BuildError
from handbook.frontmatter import front_matter
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


def check_clinical_review(text: str, path: Path) -> None:
    """A page may claim a clinical review only as `clinical_review: {by: NAME, date: YYYY-MM-DD}`.

    Anything else (a bare `yes`, a missing name, a date to come) would let the site say a clinician
    checked the page when nobody can be named: the build stops on it, naming the line."""
    meta = front_matter(text, path)
    if "clinical_review" not in meta:
        return
    review = meta["clinical_review"]
    line = 1 + next((number for number, content in enumerate(text.split("\n---", 1)[0].splitlines()) if content.startswith("clinical_review")), 0)
    name = review.get("by") if isinstance(review, dict) else None
    date = review.get("date") if isinstance(review, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise BuildError("clinical_review needs `by:` with the name of the clinician who reviewed the page", path, line)
    if not isinstance(date, datetime.date) or date > datetime.date.today():
        raise BuildError("clinical_review needs `date:` as the review's date (YYYY-MM-DD, not in the future)", path, line)


def stage_source(config: HandbookConfig, generated: dict[Path, str]) -> Path:
    """The English tree is the source itself, plus the pages the pipeline generates."""
    pages = {relative: (config.source_dir / relative).read_text(encoding="utf-8") for relative in source_pages(config)}
    for relative, text in pages.items():
        check_clinical_review(text, config.source_dir / relative)
    return stage_language(config, config.source_language, {**pages, **generated})
