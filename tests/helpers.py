"""Shared test helpers: a throwaway copy of the project to build, and HTML scanning."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from handbook.site.loads import page_loads

REPO = Path(__file__).resolve().parents[1]
# Real files written elsewhere, kept as test data (see its README): beside the checkout, as CI has
# it, or where HANDBOOK_CORPUS says. `.ci/run` requires it (HANDBOOK_REQUIRE_CORPUS=1, checked in
# conftest.py); anywhere else, the tests that read it are skipped and say why.
CORPUS = Path(os.environ.get("HANDBOOK_CORPUS") or REPO.parent / "shared" / "corpus")
CORPUS_MISSING = f"the shared test corpus is not at {CORPUS}: put shared/ beside the checkout or set HANDBOOK_CORPUS"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=CORPUS_MISSING)


def copy_project(target: Path) -> Path:
    """Copy what a build reads into `target`; return its mkdocs.yml."""
    from devtools.inputs import copy_inputs

    return copy_inputs(REPO, target)


def two_language_project(root: Path) -> Path:
    """The real project with English and French only: enough to rebuild three times."""
    config_file = copy_project(root)
    text = config_file.read_text(encoding="utf-8")
    start = text.index("        - locale: bn\n")
    end = text.index("        - locale: fr\n")
    after = text.index("        - locale: pt\n")
    stop = re.search(r"\n  [-#]", text[after:]).start() + after + 1
    config_file.write_text(text[:start] + text[end:after] + text[stop:], encoding="utf-8")
    for code in ("bn", "hi", "ar", "zh", "es", "pt", "sw"):
        shutil.rmtree(root / "translations" / code, ignore_errors=True)
    return config_file


PAGE = """---
title: Hand hygiene
description: How to clean your hands.
last_reviewed: 2026-11-25
---

# Hand hygiene

Wash your hands with soap and water for at least 40 seconds.
Rub every part of both hands.

!!! warning "Seek care now"
    Call a health worker if breathing is hard.

| Method | Time |
| --- | --- |
| Soap and water | 40 seconds |
| Hand rub with at least 60% alcohol | 20 seconds |

See the [danger signs](danger.md).

## Sources

- WHO. *Hand hygiene*. 2021. <https://www.who.int/teams/integrated-health-services/infection-prevention-control/hand-hygiene>
"""

DANGER = """---
title: Danger signs
last_reviewed: 2026-11-25
---

# Danger signs

Seek care now if the lips turn blue.

## Sources

- WHO. *Clinical management*. 2023. <https://www.who.int/publications/i/item/WHO-2019-nCoV-clinical-2023.2>
"""


def small_project(root: Path) -> Path:
    """A two-page handbook with the real configuration, theme and glossary, extracted; returns `root`."""
    from handbook.__main__ import main

    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(REPO / "data", root / "data")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = text.index("\nnav:\n"), text.index("\ntheme:\n")
    (root / "mkdocs.yml").write_text(
        text[:start] + "\nnav:\n  - index.md\n  - Part 2:\n      - danger.md\n  - downloads.md\n"
        "  - translation-status.md\n" + text[end:], encoding="utf-8")
    (root / "docs" / "en").mkdir(parents=True)
    (root / "docs" / "en" / "index.md").write_text(PAGE, encoding="utf-8")
    (root / "docs" / "en" / "danger.md").write_text(DANGER, encoding="utf-8")
    assert main(["-q", "-f", str(root / "mkdocs.yml"), "extract"]) == 0
    return root


REVIEW_DATE = "2026-01-15"


def set_translations(project: Path, translations: dict[str, tuple[str, bool]], language: str = "bn",
                     page: str = "index.po", reviewed_by: str | None = None, clinical_review: str | None = None) -> None:
    """Give entries a translation: msgid -> (msgstr, fuzzy). `reviewed_by` (a name) signs every
    non-fuzzy one with a `reviewed-by: NAME DATE` comment, `clinical_review` adds a
    `clinical-review: NAME DATE` line, as a translator and a health worker would."""
    from handbook.translation.catalog import load_catalog, save_catalog

    catalog = load_catalog(project / "translations" / language / page)
    for entry in catalog.po:
        if entry.msgid in translations:
            entry.msgstr, fuzzy = translations[entry.msgid]
            entry.flags = ["fuzzy"] if fuzzy else []
            signoffs = [] if fuzzy else [f"reviewed-by: {reviewed_by} {REVIEW_DATE}"] * bool(reviewed_by) + \
                [f"clinical-review: {clinical_review} {REVIEW_DATE}"] * bool(clinical_review)
            if signoffs:
                entry.tcomment = "\n".join(filter(None, [entry.tcomment, *signoffs]))
    save_catalog(catalog)


class Scanned(NamedTuple):
    fetched: list[str]  # every URL the page fetches, on opening or search, and inline styles with url(...)
    links: list[str]  # every <a href>


def scan_text(text: str) -> Scanned:
    """What a page fetches (the site's own reading, handbook.site.loads) and the links it offers."""
    found = page_loads(text)
    return Scanned(found.on_open + found.on_search + found.styles, found.links)


def free_port() -> int:
    """A loopback port nothing listens on, for a server a test starts."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def is_external(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(("http:", "https:", "//", "ftp:")) or "url(http" in lowered or "url(//" in lowered


def scan_html(path: Path) -> Scanned:
    return scan_text(path.read_text(encoding="utf-8"))


def wait_for(path: Path, seconds: float = 30) -> bool:
    """Poll for a file another process creates; False if it never comes (no test hangs forever)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.02)
    return False


def hold_lock(lock: str, log: str, ready: str, release: str) -> None:
    """Child process: take the build lock, say so, and keep it until told to let go."""
    from handbook.fsutil import exclusive_lock

    with exclusive_lock(Path(lock)):
        Path(ready).touch()
        wait_for(Path(release))
        with open(log, "a") as handle:
            handle.write("first done\n")


def take_lock(lock: str, log: str) -> None:
    from handbook.fsutil import exclusive_lock

    with exclusive_lock(Path(lock)):
        with open(log, "a") as handle:
            handle.write("second\n")


def embedded_fonts(reader) -> set[str]:  # a pypdf PdfReader
    """PostScript names of the fonts embedded in the PDF (subset prefix dropped)."""
    names, seen = set(), set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            holder = descendants[0].get_object() if descendants else font
            descriptor = holder.get("/FontDescriptor")
            if descriptor is None:
                continue
            descriptor = descriptor.get_object()
            name = str(descriptor.get("/FontName"))
            if name in seen:
                continue
            seen.add(name)
            data = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            assert data is not None, f"{name} is not embedded"
            names.add(name.split("+", 1)[-1])
    return names


def installed_font_coverage(names: set[str]) -> set[int]:
    """Characters of the installed fonts the embedded subsets come from.

    A subset's own cmap is no measure for Bengali or Devanagari: shaping turns a virama or a split
    vowel into part of a conjunct glyph, so those characters never map to a glyph of their own.
    """
    import subprocess

    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for name in names:
        family = name.split("-")
        while family and family[-1] in ("Bold", "Italic", "Oblique", "Regular", "BoldItalic", "BoldOblique"):
            family.pop()
        result = subprocess.run(["fc-match", "-f", "%{file}", " ".join(family)], capture_output=True, text=True)
        covered |= set(TTFont(result.stdout, fontNumber=0).getBestCmap() or {})
    return covered
