"""`handbook status`: how far each language's review has come, page by page, in the review states.

Every current unit of a page (what `extract` would write today) is counted in one of
`review.STATES`; a unit missing from the catalog, or the whole of a missing catalog, counts as
untranslated. Critical units (`critical`) are counted again apart, by state, since the default
review policy shows English for those not clinically reviewed. The summary columns of earlier
versions stay: `reviewed` (reviewed or clinically reviewed), `draft` (every draft state and
unsigned) and `untranslated`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from handbook.config import HandbookConfig
from handbook.translation import review
from handbook.translation.catalog import load_catalog
from handbook.translation.catalogs import Catalogs
from handbook.translation.critical import Criticality
from handbook.translation.extract import units_of

REVIEWED_STATES = (review.REVIEWED, review.CLINICALLY_REVIEWED)
# Short column headings of the console table, one per state, in review order.
SHORT_NAMES = {
    review.UNTRANSLATED: "untr", review.MACHINE_DRAFT: "mach", review.HUMAN_DRAFT: "human",
    review.OUTDATED_DRAFT: "outd", review.UNSIGNED: "unsig", review.REVIEWED: "rev",
    review.CLINICALLY_REVIEWED: "clin",
}


@dataclass(frozen=True)
class PageStatus:
    language: str
    page: str
    states: dict[str, int] = field(default_factory=dict)  # every state of review.STATES, zeros too
    critical_states: dict[str, int] = field(default_factory=dict)  # the same, of critical units only
    obsolete: int = 0

    @property
    def total(self) -> int:
        return sum(self.states.values())

    @property
    def reviewed(self) -> int:
        return sum(self.states[state] for state in REVIEWED_STATES)

    @property
    def untranslated(self) -> int:
        return self.states[review.UNTRANSLATED]

    @property
    def draft(self) -> int:
        return self.total - self.reviewed - self.untranslated

    @property
    def critical(self) -> int:
        return sum(self.critical_states.values())

    @property
    def reviewed_percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.reviewed / self.total)

    def as_dict(self) -> dict:
        return {
            "language": self.language, "page": self.page, "total": self.total, "reviewed": self.reviewed,
            "draft": self.draft, "untranslated": self.untranslated, "obsolete": self.obsolete,
            "reviewed_percent": self.reviewed_percent, "states": self.states,
            "critical": self.critical, "critical_states": self.critical_states,
        }


def _all_states(counts: Counter) -> dict[str, int]:
    return {state: counts[state] for state in review.STATES}


def page_status(config: HandbookConfig, language: str, page: Path) -> PageStatus:
    """Counts against the page's current units, so a stale or missing catalog shows as untranslated."""
    units = {(unit.context, unit.msgid) for unit in units_of(config, page)}
    path = Catalogs(config).page(language, page)
    criticality = Criticality.of_page(config.source_dir / page)  # `_site` has no page: by text only
    states, critical_states = Counter(), Counter()
    obsolete = 0
    seen = set()
    for entry in load_catalog(path).po if path.exists() else []:
        key = (entry.msgctxt or "", entry.msgid)
        if entry.obsolete:
            obsolete += 1
            continue
        if key not in units or key in seen:
            continue
        seen.add(key)
        critical = bool(criticality.of_entry(entry))
        state = review.unit_state(entry, critical)
        states[state] += 1
        if critical:
            critical_states[state] += 1
    states[review.UNTRANSLATED] += len(units - seen)
    return PageStatus(language, page.with_suffix("").as_posix(), _all_states(states), _all_states(critical_states), obsolete)


def collect(config: HandbookConfig, languages: list[str] | None = None) -> list[PageStatus]:
    codes = languages or [language.code for language in config.translated_languages]
    return [page_status(config, code, page) for code in codes for page in Catalogs(config).pages()]


def totals(rows: list[PageStatus]) -> dict[str, PageStatus]:
    """One summary row per language."""
    summary: dict[str, tuple[Counter, Counter, int]] = {}
    for row in rows:
        states, critical_states, obsolete = summary.setdefault(row.language, (Counter(), Counter(), 0))
        states.update(row.states)
        critical_states.update(row.critical_states)
        summary[row.language] = (states, critical_states, obsolete + row.obsolete)
    return {code: PageStatus(code, "(all pages)", _all_states(states), _all_states(critical), obsolete)
            for code, (states, critical, obsolete) in summary.items()}


COLUMNS = ("language", "page", "total", *SHORT_NAMES.values(), "critical (done)", "obsolete", "reviewed %")


def _cells(row: PageStatus) -> list[str]:
    critical_done = row.critical_states[review.CLINICALLY_REVIEWED]
    return [row.language, row.page, str(row.total), *(str(row.states[state]) for state in review.STATES),
            f"{row.critical} ({critical_done})", str(row.obsolete), f"{row.reviewed_percent}%"]


def legend() -> str:
    """What the short column headings stand for."""
    return "  ".join(f"{SHORT_NAMES[state]} = {review.STATE_LABELS[state].lower()}" for state in review.STATES) + \
        "  critical (done) = critical units (of them clinically reviewed)"


def as_text(rows: list[PageStatus]) -> str:
    """A plain table for the console: one column per review state, then critical units."""
    table = [list(COLUMNS)] + [_cells(row) for row in rows] + [_cells(row) for row in totals(rows).values()]
    widths = [max(len(line[index]) for line in table) for index in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in table]
    return "\n".join(lines + ["", legend()])


def as_json(rows: list[PageStatus]) -> str:
    data = {
        "states": list(review.STATES),
        "languages": {code: row.as_dict() for code, row in totals(rows).items()},
        "pages": [row.as_dict() for row in rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_markdown(rows: list[PageStatus], names: dict[str, str], ui: dict[str, str]) -> str:
    """The site's "Translation status" page, in the language whose interface strings are given:
    one column per review state (named by the `state.*` interface strings), then critical units."""
    states = review.STATES
    headings = [ui["status.language"], ui["status.units"], *(ui[f"state.{state}"] for state in states),
                ui["status.critical"], "%"]
    lines = [
        "---", f"title: {json.dumps(ui['status.title'], ensure_ascii=False)}", "---", "",
        f"# {ui['status.title']}", "", ui["status.intro"], "",
        "| " + " | ".join(headings) + " |",
        "|---|" + "---:|" * (len(headings) - 1),
    ]
    for code, row in totals(rows).items():
        cells = [f"{names.get(code, code)} ({code})", str(row.total), *(str(row.states[state]) for state in states),
                 str(row.critical), f"{row.reviewed_percent}%"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
