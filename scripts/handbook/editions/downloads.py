"""What a language's downloads are: `downloads/editions.json`, and the Downloads pages made from it.

`editions.json` lists, for each language, its current edition code (editions/identity.py), the
address of its Downloads page, and each file with its size and SHA-256; the files every language
shares (the XLSForm) are listed under `shared`. Its keys are stable: apps and mirrors can read it
to tell whether a copy is current.

The Downloads page of a language is rendered at staging, before the files exist, from the same
entries without sizes (`language_entry`); once the files are in the site, each size slot of the
built page is filled in from the files (`fill_site_sizes`), and each handout's title (English at
staging, from the source) from its HTML file, in the language.

Handouts (editions/handouts.py) are files of two editions, `handout` (HTML) and `poster` (PDF); their
entries also name the handout (`handout`: the same in every language) and its English `title`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from handbook.config import HandbookConfig, Language
from handbook.editions.base import DOWNLOADS_DIR, EditionInputs
from handbook.editions.identity import edition_code
from handbook.editions.links import language_prefix, online_url
from handbook.editions.registry import EDITIONS, languages_of
from handbook.editions.sizes import fill_sizes, fill_titles
from handbook.editions.templates import render
from handbook.fsutil import write_atomic

CHECKSUMS = "SHA256SUMS"
MANIFEST = "editions.json"
MANIFEST_FORMAT = 1  # raised only when a key changes meaning or goes away
PAGE = "downloads.html"  # a language's Downloads page, in its folder of the site


def downloads_page_url(config: HandbookConfig, language: Language) -> str:
    """The language's Downloads page online: where every offline copy sends its reader to check it is current."""
    return online_url(config, language) + PAGE


def language_entry(config: HandbookConfig, language: Language, code: str) -> dict[str, Any]:
    """One language in `editions.json`, before its files' sizes and checksums are known."""
    files = [entry for edition in EDITIONS if edition.per_language for entry in edition.files(config, language)]
    return {"name": language.name, "dir": language.direction, "edition": code,
            "downloads_page": downloads_page_url(config, language), "files": files}


def shared_entries(config: HandbookConfig) -> list[dict[str, Any]]:
    """The files made once for every language."""
    return [entry for edition in EDITIONS if not edition.per_language for language in languages_of(config, edition)
            for entry in edition.files(config, language)]


def reading_edition(language: Language) -> str:
    """The reading edition's file of a language, linked from every other language's Downloads page."""
    return next(edition.file_name(language) for edition in EDITIONS if edition.kind == "pdf")


def handout_rows(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The handouts among a language's files, one row each: its title and its file of each kind (`handout`, `poster`)."""
    rows: dict[str, dict[str, Any]] = {}
    for entry in files:
        if "handout" in entry:
            row = rows.setdefault(entry["handout"], {"title": entry["title"], "files": {}})
            row["files"][entry["edition"]] = entry["file"]
    return list(rows.values())


def downloads_markdown(config: HandbookConfig, language: Language, ui: dict[str, str]) -> str:
    """The Downloads page of one language (template `overrides/editions/downloads.md`)."""
    entry = language_entry(config, language, str(edition_code(config, language)))
    others = [(other, reading_edition(other)) for other in config.languages if other.code != language.code]
    editions = [file for file in entry["files"] + shared_entries(config) if "handout" not in file]
    return render(config, "downloads.md", ui=ui, up="" if language.default else "../", folder=DOWNLOADS_DIR,
                  entry=entry, editions=editions, handouts=handout_rows(entry["files"]), others=others,
                  checksums=CHECKSUMS)


def fill_site_sizes(config: HandbookConfig, site_dir: Path, downloads: Path) -> None:
    for language in config.languages:
        page = site_dir / language_prefix(language) / PAGE
        if page.is_file():
            text = page.read_text(encoding="utf-8")
            filled = fill_titles(fill_sizes(text, downloads), downloads)
            if filled != text:
                write_atomic(page, filled)


def _with_file_facts(entries: list[dict[str, Any]], downloads: Path) -> list[dict[str, Any]]:
    listed = []
    for entry in entries:
        data = (downloads / entry["file"]).read_bytes()
        listed.append({**entry, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return listed


def write_manifest(config: HandbookConfig, inputs: EditionInputs, downloads: Path) -> dict[str, Any]:
    """Write `downloads/editions.json` from the files in `downloads/`; returns what it wrote."""
    languages = {}
    for language in config.languages:
        entry = language_entry(config, language, inputs.code(language))
        languages[language.code] = {**entry, "files": _with_file_facts(entry["files"], downloads)}
    manifest = {"format": MANIFEST_FORMAT, "site_url": config.site_url, "languages": languages,
                "shared": _with_file_facts(shared_entries(config), downloads)}
    write_atomic(downloads / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return manifest


def file_kinds(downloads: Path) -> dict[str, str]:
    """Each file `editions.json` lists, with its edition's kind ("pdf", "poster"), in its order; none
    when it is missing (a build that stopped before the editions)."""
    path = downloads / MANIFEST
    if not path.is_file():
        return {}
    manifest = json.loads(path.read_text(encoding="utf-8"))
    entries = [entry for language in manifest["languages"].values() for entry in language["files"]]
    return {entry["file"]: entry["edition"] for entry in sorted(entries + manifest["shared"], key=_listing_order)}


def _listing_order(entry: dict[str, Any]) -> int:
    return next(index for index, edition in enumerate(EDITIONS) if edition.kind == entry["edition"])
