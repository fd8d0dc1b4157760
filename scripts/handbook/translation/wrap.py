"""`handbook wrap`: every catalog in the project's one line wrapping, so translators' diffs show only their words.

Poedit, msgcat and Weblate each wrap PO lines their own way; a catalog saved by one of them can
change a hundred lines whose text did not change. The canon is how our own tools write catalogs:
polib at `catalog.WRAP_WIDTH` columns, the wrapping every catalog in the repository already has
(`extract` keeps untouched entries byte for byte, and writes changed ones this way). `wrap` rewrites
the catalogs that differ; `wrap --check` only names them, for the pull-request workflow.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from handbook.translation.catalog import canonical_text, check_same_entries, load_catalog
from handbook.translation.catalogs import Catalogs
from handbook.config import HandbookConfig
from handbook.fsutil import exclusive_lock, write_atomic

FIX_COMMAND = "make wrap"


def rewrapped(path: Path) -> str | None:
    """The catalog's text in the canonical wrapping, or None when the file already is in it.

    Re-wrapping moves line breaks only: the text is read back and must hold the same entries."""
    catalog = load_catalog(path)
    text = canonical_text(catalog)
    if path.read_bytes() == text.encode("utf-8"):
        return None
    check_same_entries(catalog, text)
    return text


def wrap(config: HandbookConfig, languages: Iterable[str] | None = None, check: bool = False) -> list[Path]:
    """Re-wrap every catalog that is not in the canon (with `check`, only list them); returns those paths.

    The chosen languages' catalogs, or by default every translated language's and the templates."""
    changed = []
    with exclusive_lock(config.build_dir / ".translations.lock"):
        for path in Catalogs(config).files(languages):
            text = rewrapped(path)
            if text is not None:
                changed.append(path)
                if not check:
                    write_atomic(path, text)
    return changed
