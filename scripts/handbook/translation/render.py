"""Render a translated page from the English source and its catalog, and say how reviewed it is.

A unit's state (`review.unit_state`) comes from its catalog entry and its sign-offs, whether it is
critical from the English page as it is now (`critical.Criticality`, the rule status, the review
queue and `check` share: its numbers, danger and warning boxes, critical front matter). Whether an
entry is used at all is `policy`'s one rule, the same as for interface strings: the review policy
decides by state and criticality, and units that fail a check the build refuses fall back to
English even when `handbook check` was never run.

Every unit shown in English is marked (`substitution.render`), so the built page says that text is
English, left to right (`site.english_units`), whatever the page's language and direction.
"""

from __future__ import annotations

from pathlib import Path

import polib

from handbook.errors import BuildError
from handbook.translation.critical import Criticality
from handbook.translation.policy import PageReport, PlacedUnit, translation_to_use
from handbook.translation.segments.inert import make_safe
from handbook.translation.segments.page import ENGLISH_END, ENGLISH_START, Segment
from handbook.translation.segments.substitution import render as render_segments


def translate_page(
    source: str, catalog: polib.POFile | None, *, page: Path, catalog_file: Path, language: str,
    policy: str, source_file: Path | None = None,
) -> tuple[str, PageReport]:
    """The page in `language`, with English wherever there is no usable translation.

    `policy`: the review policy (`policy.REVIEW_POLICIES`); `source_file` names the English page in
    the error about malformed `critical` front matter."""
    report = PageReport(page, language)
    for reserved in (ENGLISH_START, ENGLISH_END):
        if reserved in source:
            line = source.count("\n", 0, source.index(reserved)) + 1
            raise BuildError(f"U+{ord(reserved):04X}, a noncharacter the build uses to mark English text, "
                             "is in the page", source_file or page, line)
    criticality = Criticality.of_text(source, source_file)
    entries = {}
    if catalog is not None:
        entries = {(entry.msgctxt or "", entry.msgid): entry for entry in catalog if not entry.obsolete}

    def translate(segment: Segment) -> str | None:
        entry = entries.get((segment.context, segment.text))
        critical = bool(criticality.reasons(segment.context, segment.text))
        text = translation_to_use(entry, report, catalog_file=catalog_file, policy=policy, critical=critical,
                                  fits=lambda translation: make_safe(translation, segment.mode) is not None)
        if text is not None:
            report.placed.append(PlacedUnit(catalog_file, entry.linenum, entry.msgid, text, entry.msgctxt or ""))
        return text

    text = render_segments(source, translate, mark_english=True)
    return add_front_matter(text, {"handbook_translation": report.front_matter()}), report


def add_front_matter(text: str, values: dict) -> str:
    """Add keys to the page's YAML front matter (creating it when the page has none)."""
    import yaml

    block = yaml.safe_dump(values, allow_unicode=True, default_flow_style=None, sort_keys=False)
    newline = "\r\n" if "\r\n" in text[:200] else "\n"
    block = block.replace("\n", newline)
    if text.startswith("---" + newline):
        end = text.find(newline + "---", 3)
        if end != -1:
            insert_at = end + len(newline)
            return text[:insert_at] + block + text[insert_at:]
    return f"---{newline}{block}---{newline}{text}"
