"""Units a translated page shows in English are marked around, and only the build writes the marks."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from helpers import PAGE

from handbook.errors import BuildError
from handbook.translation.render import translate_page
from handbook.translation.segments.extraction import extract
from handbook.translation.segments.inert import make_safe
from handbook.translation.segments.page import ENGLISH_END, ENGLISH_START
from handbook.translation.segments.substitution import render

SOURCE = """# Title { #top }

First paragraph,
over two lines.

- An item
- Another item

| Method | Time { .time } |
| --- | --- |
| Soap | 40 seconds |

!!! note
    Inside.

!!! warning "Seek care"
    Now.

Line one\\
line two
"""


def shown(text: str) -> str:
    return text.replace(ENGLISH_START, "[").replace(ENGLISH_END, "]")


def test_every_unit_left_in_english_is_marked_where_its_element_reads_it() -> None:
    translations = {"An item": "بند", "Soap": "صابون", "Inside.": "داخل.", "line two": "السطر الثاني"}
    marked = render(SOURCE, lambda segment: translations.get(segment.text), mark_english=True)
    assert shown(marked) == """# [Title] { #top }

[First paragraph,
over two lines.]

- بند
- [Another item]

| [Method] | [Time] { .time } |
| --- | --- |
| صابون | [40 seconds] |

!!! note "[Note]"
    داخل.

!!! warning "[Seek care]"
    [Now.]

[Line one]\\
السطر الثاني
"""
    assert render(SOURCE, lambda segment: translations.get(segment.text)) == marked.replace(
        ENGLISH_START, "").replace(ENGLISH_END, "").replace(' "Note"', "")  # unmarked, as before


def test_a_translated_unit_and_one_kept_as_it_is_carry_no_mark() -> None:
    everything = render(PAGE, lambda segment: segment.text, mark_english=True)
    assert everything == PAGE  # the translator kept every unit's words: nothing is fallback
    translated = render(PAGE, lambda segment: f"{segment.text} (fr)", mark_english=True)
    assert ENGLISH_START not in translated and ENGLISH_END not in translated
    assert translated == render(PAGE, lambda segment: f"{segment.text} (fr)")


def test_front_matter_is_never_marked_and_units_keep_their_lines() -> None:
    marked = render(PAGE, lambda segment: None, mark_english=True)
    front = marked.split("\n---\n", 1)[0]
    assert ENGLISH_START not in front and "title: Hand hygiene" in front
    assert marked.count("\n") == PAGE.count("\n")
    assert [(unit.line, unit.kind) for unit in extract(PAGE)] == [
        (unit.line, unit.kind) for unit in extract(marked.replace(ENGLISH_START, "").replace(ENGLISH_END, ""))]


@pytest.mark.parametrize("mode", ["block", "heading", "cell", "title"])
def test_a_translation_cannot_write_the_marks(mode: str) -> None:
    safe = make_safe(f"{ENGLISH_START}نص{ENGLISH_END}", mode)
    assert safe is not None and ENGLISH_START not in safe and ENGLISH_END not in safe and "\ufffd" in safe


def _arabic(source: str, translations: dict[str, str]) -> tuple[str, object]:
    catalog = polib.POFile()
    for msgid, msgstr in translations.items():
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    return translate_page(source, catalog, page=Path("index.md"), catalog_file=Path("translations/ar/index.po"),
                          language="ar", policy="show-drafts")


def test_a_translation_with_marks_is_shown_without_them() -> None:
    text, _ = _arabic("# Title\n\nWash your hands.\n", {"Wash your hands.": f"{ENGLISH_START}اغسل يديك.{ENGLISH_END}"})
    assert "\ufffdاغسل يديك.\ufffd" in text and shown(text).endswith("# [Title]\n\n\ufffdاغسل يديك.\ufffd\n")


@pytest.mark.parametrize("hostile", ['اغسل يديك. { lang="en" dir="ltr" onclick="x" }', '<span lang="en">اغسل يديك.</span>'])
def test_a_translation_writing_language_or_direction_is_still_refused(hostile: str) -> None:
    text, report = _arabic("# Title\n\nWash your hands.\n", {"Wash your hands.": hostile})
    assert "اغسل" not in text and "onclick" not in text and "<span" not in text
    assert f"{ENGLISH_START}Wash your hands.{ENGLISH_END}" in text  # the English, marked by the build
    assert len(report.refused) == 1 and report.refused[0].startswith("translations/ar/index.po:")


def test_a_page_holding_a_mark_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as error:
        translate_page(f"# Title\n\nText {ENGLISH_END} here.\n", None, page=Path("index.md"),
                       catalog_file=Path("translations/ar/index.po"), language="ar", policy="show-drafts",
                       source_file=tmp_path / "index.md")
    assert f"{tmp_path / 'index.md'}:3" in str(error.value) and "U+FDD1" in str(error.value)


def test_a_translation_that_cannot_be_written_in_its_place_counts_as_english() -> None:
    """A code block's title cannot hold a quote: that translation is refused, named with its
    catalog line, counted as English and marked, not counted as placed."""
    source = '# Title\n\n``` py title="Timer"\nprint(1)\n```\n'
    text, report = _arabic(source, {"Title": "العنوان", "Timer": 'مؤقت "أ"'})
    assert 'title="Timer"' in text and "مؤقت" not in text
    assert [unit.msgid for unit in report.placed] == ["Title"]
    assert report.fallback == 1 and report.drafts == 1
    assert len(report.refused) == 1 and "cannot be written in its place" in report.refused[0]
