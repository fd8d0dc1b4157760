"""`handbook status`: how much of each language is reviewed, drafted or missing, page by page."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from handbook.translation.catalog import load_catalog
from handbook.config import HandbookConfig
from handbook.translation.catalogs import Catalogs
from handbook.translation.extract import units_of


@dataclass(frozen=True)
class PageStatus:
    language: str
    page: str
    total: int
    reviewed: int
    draft: int
    untranslated: int
    obsolete: int

    @property
    def reviewed_percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.reviewed / self.total)


def page_status(config: HandbookConfig, language: str, page: Path) -> PageStatus:
    """Counts against the page's current units, so a stale or missing catalog shows as untranslated."""
    units = {(unit.context, unit.msgid) for unit in units_of(config, page)}
    path = Catalogs(config).page(language, page)
    reviewed = draft = obsolete = 0
    if path.exists():
        for entry in load_catalog(path).po:
            if entry.obsolete:
                obsolete += 1
            elif (entry.msgctxt or "", entry.msgid) in units and entry.msgstr.strip():
                if entry.fuzzy:
                    draft += 1
                else:
                    reviewed += 1
    total = len(units)
    return PageStatus(language, page.with_suffix("").as_posix(), total, reviewed, draft, total - reviewed - draft, obsolete)


def collect(config: HandbookConfig, languages: list[str] | None = None) -> list[PageStatus]:
    codes = languages or [language.code for language in config.translated_languages]
    return [page_status(config, code, page) for code in codes for page in Catalogs(config).pages()]


def totals(rows: list[PageStatus]) -> dict[str, PageStatus]:
    """One summary row per language."""
    summary: dict[str, PageStatus] = {}
    for row in rows:
        before = summary.get(row.language) or PageStatus(row.language, "(all pages)", 0, 0, 0, 0, 0)
        summary[row.language] = PageStatus(
            row.language, before.page, before.total + row.total, before.reviewed + row.reviewed,
            before.draft + row.draft, before.untranslated + row.untranslated, before.obsolete + row.obsolete,
        )
    return summary


COLUMNS = ("language", "page", "total", "reviewed", "draft", "untranslated", "obsolete", "reviewed %")


def _cells(row: PageStatus) -> list[str]:
    return [row.language, row.page, str(row.total), str(row.reviewed), str(row.draft),
            str(row.untranslated), str(row.obsolete), f"{row.reviewed_percent}%"]


def as_text(rows: list[PageStatus]) -> str:
    """A plain table for the console."""
    table = [list(COLUMNS)] + [_cells(row) for row in rows] + [_cells(row) for row in totals(rows).values()]
    widths = [max(len(line[index]) for line in table) for index in range(len(COLUMNS))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in table)


def as_json(rows: list[PageStatus]) -> str:
    data = {
        "languages": {code: {**asdict(row), "reviewed_percent": row.reviewed_percent} for code, row in totals(rows).items()},
        "pages": [{**asdict(row), "reviewed_percent": row.reviewed_percent} for row in rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_markdown(rows: list[PageStatus], names: dict[str, str], ui: dict[str, str]) -> str:
    """The site's "Translation status" page, in the language whose interface strings are given."""
    lines = [
        "---", f"title: {json.dumps(ui['status.title'], ensure_ascii=False)}", "---", "",
        f"# {ui['status.title']}", "", ui["status.intro"], "",
        f"| {ui['status.language']} | {ui['status.units']} | {ui['status.reviewed']} | {ui['status.drafts']} "
        f"| {ui['status.untranslated']} | % |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for code, row in totals(rows).items():
        lines.append(f"| {names.get(code, code)} ({code}) | {row.total} | {row.reviewed} | {row.draft} | "
                     f"{row.untranslated} | {row.reviewed_percent}% |")
    return "\n".join(lines) + "\n"
