"""Render a translated page from the English source and its catalog, and say how reviewed it is.

Review state comes from the catalog alone: an empty entry falls back to English, a fuzzy entry is
a draft, any other translated entry is reviewed. Units that fail a security check fall back to
English even when `handbook check` was never run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from handbook.translation.checks import check_unit, is_security_problem
from handbook.translation.segments import Segment, render as render_segments


@dataclass(frozen=True)
class PlacedUnit:
    """A translation that went into a staged page, and where it came from."""

    catalog: Path
    line: int
    msgid: str
    msgstr: str
    context: str = ""


@dataclass
class PageReport:
    """What happened to one page's units while rendering."""

    page: Path
    language: str = ""
    reviewed: int = 0
    drafts: int = 0
    fallback: int = 0
    refused: list[str] = field(default_factory=list)  # "catalog:line: why" for units the build refused
    placed: list[PlacedUnit] = field(default_factory=list)  # translations on the page (for `guard`)

    @property
    def total(self) -> int:
        return self.reviewed + self.drafts + self.fallback

    @property
    def reviewed_percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.reviewed / self.total)


def translate_page(
    source: str, catalog: polib.POFile | None, *, page: Path, catalog_file: Path, language: str,
    show_drafts: bool,
) -> tuple[str, PageReport]:
    """The page in `language`, with English wherever there is no usable translation."""
    report = PageReport(page, language)
    entries = {}
    if catalog is not None:
        entries = {(entry.msgctxt or "", entry.msgid): entry for entry in catalog if not entry.obsolete}

    def translate(segment: Segment) -> str | None:
        entry = entries.get((segment.context, segment.text))
        if entry is None or not entry.msgstr.strip():
            report.fallback += 1
            return None
        if entry.fuzzy and not show_drafts:
            report.fallback += 1
            return None
        unsafe = [message for severity, code, message in check_unit(entry.msgid, entry.msgstr, target_lang=language)
                  if severity == "error" and is_security_problem(code)]
        if unsafe:
            report.refused.append(f"{catalog_file}:{entry.linenum}: {unsafe[0]} (English used instead)")
            report.fallback += 1
            return None
        if entry.fuzzy:
            report.drafts += 1
        else:
            report.reviewed += 1
        report.placed.append(PlacedUnit(catalog_file, entry.linenum, entry.msgid, entry.msgstr, entry.msgctxt or ""))
        return entry.msgstr

    text = render_segments(source, translate)
    return add_front_matter(text, {
        "handbook_translation": {
            "reviewed_percent": report.reviewed_percent, "drafts": report.drafts, "fallback": report.fallback,
        }
    }), report


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
