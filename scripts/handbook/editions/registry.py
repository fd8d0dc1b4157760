"""Every edition, in the order the Downloads page lists them: a new edition is one line here."""

from __future__ import annotations

from handbook.config import HandbookConfig, Language
from handbook.editions.base import Edition
from handbook.editions.booklet import BookletEdition
from handbook.editions.bundle import ZipEdition
from handbook.editions.epub import EpubEdition
from handbook.editions.pdf import FormEdition, PdfEdition
from handbook.editions.xlsform import XlsFormEdition
from handbook.editions.zim import ZimEdition

# Each is made in its `stage` (editions/base.py): the zip carries the PDF, so it comes later.
EDITIONS: tuple[Edition, ...] = (PdfEdition(), BookletEdition(), FormEdition(), XlsFormEdition(), ZipEdition(),
                                  ZimEdition(), EpubEdition())


def languages_of(config: HandbookConfig, edition: Edition) -> tuple[Language, ...]:
    """The languages an edition has a file for: all, or (one file for every language) the source language."""
    return config.languages if edition.per_language else (config.source_language,)


def edition_files(language: Language) -> dict[str, str]:
    """File names of each edition of `language`, in the order the Downloads page lists them."""
    return {edition.kind: edition.file_name(language) for edition in EDITIONS}
