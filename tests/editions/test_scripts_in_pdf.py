"""Right to left and complex scripts in the PDFs: page order, footer numbers, fonts that cover every character."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from helpers import REPO, embedded_fonts, installed_font_coverage

# Characters shaping consumes without a glyph of their own (joiners, direction marks, spaces).
IGNORABLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00a0", "\u202f", "\u00ad", "\ufeff"}


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


@pytest.mark.slow
@pytest.mark.parametrize(("code", "family"), [
    ("bn", "Noto-Sans-Bengali"), ("hi", "Noto-Sans-Devanagari"), ("ar", "Noto-Naskh-Arabic"),
    ("zh", "Noto-Sans-CJK-SC"), ("es", "Noto-Sans"), ("fr", "Noto-Sans"), ("pt", "Noto-Sans"), ("sw", "Noto-Sans"),
])
def test_pdf_embeds_fonts_covering_every_character(built_site: Path, code: str, family: str) -> None:
    names = embedded_fonts(PdfReader(built_site / "downloads" / f"handbook-{code}.pdf"))
    assert family in names, f"{family} is not embedded: {sorted(names)}"
    covered = installed_font_coverage(names)
    missing = sorted(char for char in _characters_of(code) if ord(char) not in covered)
    assert missing == [], f"no embedded glyph for {[f'U+{ord(char):04X} {char}' for char in missing]}"


@pytest.mark.slow
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


@pytest.mark.slow
def test_arabic_pages_run_right_to_left(built_site: Path) -> None:
    arabic = PdfReader(built_site / "downloads" / "handbook-ar.pdf")
    english = PdfReader(built_site / "downloads" / "handbook-en.pdf")
    width = float(arabic.pages[0].mediabox.width)
    # Chapter pages of both editions: a short title starts near the right edge in Arabic only.
    arabic_starts = [_heading_start(page) for page in arabic.pages[3:40]]
    english_starts = [_heading_start(page) for page in english.pages[3:40]]
    assert sum(x > width / 2 for x in arabic_starts) > len(arabic_starts) / 2
    assert sum(x < width / 3 for x in english_starts) > len(english_starts) / 2
