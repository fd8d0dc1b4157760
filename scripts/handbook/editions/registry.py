"""Every edition, in the order the Downloads page lists them: a new edition is one line here."""

from __future__ import annotations

from handbook.config import HandbookConfig, Language
from handbook.editions.base import Edition
from handbook.editions.booklet import BookletEdition
from handbook.editions.bundle import ZipEdition
from handbook.editions.epub import EpubEdition
from handbook.editions.handout import HandoutEdition
from handbook.editions.poster import PosterEdition
from handbook.editions.pdf import FormEdition, PdfEdition
from handbook.editions.xlsform import XlsFormEdition
from handbook.editions.zim import ZimEdition

# Each is made in its `stage` (editions/base.py): the zip carries the PDF, so it comes later.
EDITIONS: tuple[Edition, ...] = (PdfEdition(), BookletEdition(), FormEdition(), XlsFormEdition(), ZipEdition(),
                                  ZimEdition(), EpubEdition(), HandoutEdition(), PosterEdition())


def languages_of(config: HandbookConfig, edition: Edition) -> tuple[Language, ...]:
    """The languages an edition has a file for: all, or (one file for every language) the source language."""
    return config.languages if edition.per_language else (config.source_language,)


def edition_files(config: HandbookConfig, language: Language) -> list[str]:
    """File names of every edition of `language` (and the shared ones), in the order the Downloads page lists them."""
    return [entry["file"] for edition in EDITIONS for entry in edition.files(config, language)]
