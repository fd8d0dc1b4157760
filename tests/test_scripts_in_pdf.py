"""Right to left and complex scripts in the PDFs: page order, footer numbers, fonts that cover every character."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from helpers import REPO

# Characters shaping consumes without a glyph of their own (joiners, direction marks, spaces).
IGNORABLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00a0", "\u202f", "\u00ad", "\ufeff"}


def _embedded_fonts(reader: PdfReader) -> set[str]:
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


def _full_font_coverage(names: set[str]) -> set[int]:
    """Characters of the installed fonts the embedded subsets come from.

    A subset's own cmap is no measure for Bengali or Devanagari: shaping turns a virama or a split
    vowel into part of a conjunct glyph, so those characters never map to a glyph of their own.
    """
    covered: set[int] = set()
    for name in names:
        family = name.split("-")
        while family and family[-1] in ("Bold", "Italic", "Oblique", "Regular", "BoldItalic", "BoldOblique"):
            family.pop()
        result = subprocess.run(["fc-match", "-f", "%{file}", " ".join(family)], capture_output=True, text=True)
        covered |= set(TTFont(result.stdout, fontNumber=0).getBestCmap() or {})
    return covered


def _characters_of(code: str) -> set[str]:
    """Every character the language's translations use (they are all in its PDF)."""
    characters = set()
    for path in (REPO / "translations" / code).rglob("*.po"):
        if path.name == "_site.po":
            continue
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete:
                characters |= set(entry.msgstr)
    return {char for char in characters
            if not char.isspace() and char not in IGNORABLE and unicodedata.category(char) not in ("Cc", "Cf")
            and char not in "*_`[]()<>#|\\"}


@pytest.mark.parametrize(("code", "family"), [
    ("bn", "Noto-Sans-Bengali"), ("hi", "Noto-Sans-Devanagari"), ("ar", "Noto-Naskh-Arabic"),
    ("zh", "Noto-Sans-CJK-SC"), ("es", "Noto-Sans"), ("fr", "Noto-Sans"), ("pt", "Noto-Sans"), ("sw", "Noto-Sans"),
])
def test_pdf_embeds_fonts_covering_every_character(built_site: Path, code: str, family: str) -> None:
    names = _embedded_fonts(PdfReader(built_site / "downloads" / f"handbook-{code}.pdf"))
    assert family in names, f"{family} is not embedded: {sorted(names)}"
    covered = _full_font_coverage(names)
    missing = sorted(char for char in _characters_of(code) if ord(char) not in covered)
    assert missing == [], f"no embedded glyph for {[f'U+{ord(char):04X} {char}' for char in missing]}"


def test_arabic_pdf_footer_numbers_read_in_order(built_site: Path) -> None:
    reader = PdfReader(built_site / "downloads" / "handbook-ar.pdf")
    total = len(reader.pages)
    for number, page in enumerate(reader.pages[1:], 2):
        text = page.extract_text().rstrip()
        if text:
            assert text.endswith(f"{number} / {total}"), f"page {number}: {text[-20:]!r}"


def _heading_start(page) -> float:
    """Where the page's largest text (its chapter title) starts, from the left edge."""
    runs = []

    def visit(text, matrix, text_matrix, font, size) -> None:
        if text.strip():
            runs.append((size * abs(text_matrix[0] or 1), text_matrix[4] + matrix[4]))

    page.extract_text(visitor_text=visit)
    biggest = max(size for size, _ in runs)
    return min(x for size, x in runs if size == biggest)


def test_arabic_pages_run_right_to_left(built_site: Path) -> None:
    arabic = PdfReader(built_site / "downloads" / "handbook-ar.pdf")
    english = PdfReader(built_site / "downloads" / "handbook-en.pdf")
    width = float(arabic.pages[0].mediabox.width)
    # Chapter pages of both editions: a short title starts near the right edge in Arabic only.
    arabic_starts = [_heading_start(page) for page in arabic.pages[3:40]]
    english_starts = [_heading_start(page) for page in english.pages[3:40]]
    assert sum(x > width / 2 for x in arabic_starts) > len(arabic_starts) / 2
    assert sum(x < width / 3 for x in english_starts) > len(english_starts) / 2
