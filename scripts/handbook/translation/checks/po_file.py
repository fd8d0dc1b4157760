"""Catalog files: read a PO file the way the build does, and check every unit of it.

`check_catalog` runs `check_unit` over a PO file (fuzzy drafts too, obsolete entries skipped),
checks every entry's sign-offs (`review.signoff_problems`: malformed lines, a unit not fuzzy that
nobody signed, a clinical review of a unit that is not critical, which `critical.Criticality` of the
English page as it is now decides, as for the build) and turns an unreadable file into problems at
a line instead of a traceback; `check_all` runs every catalog of the chosen languages, each with
its language's glossary and its English page's criticality, and reports `critical_sections` that
name no heading of their page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from handbook.errors import CatalogError
from handbook.translation.catalog import parse_po, read_catalog_text
from handbook.translation.catalogs import Catalogs
from handbook.translation.checks.registry import ERROR, WARNING, finding
from handbook.translation.checks.unit import check_unit
from handbook.translation.critical import Criticality
from handbook.translation.glossary import Glossary
from handbook.translation.review import signoff_problems

if TYPE_CHECKING:
    from collections.abc import Iterable

    from handbook.config import HandbookConfig


@dataclass(frozen=True)
class Problem:
    """One finding in a catalog, printed like a compiler diagnostic so editors can jump to it."""

    path: Path
    line: int
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message} [{self.code}]"


_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?![\w\[])\s*(.*)$")
_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"\s*$')
_CHARSET = re.compile(r'^"Content-Type:[^"]*charset=([^\s"\\]+)', re.I | re.M)


def _scan_po(lines: list[str]) -> tuple[list[tuple[int, str, str]], list[int]]:
    """Find what polib forgives (an unclosed string, a missing msgstr at the end) and every msgstr line."""
    problems, msgstr_lines, waiting_msgid = [], [], 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword = _KEYWORD.match(line)
        if keyword and keyword.group(1) == "msgid":
            if waiting_msgid:
                problems.append((waiting_msgid, ERROR, "msgid has no msgstr"))
            waiting_msgid = number
        elif keyword and keyword.group(1).startswith("msgstr"):
            waiting_msgid = 0
            msgstr_lines.append(number)
        string = keyword.group(2) if keyword else line
        if not string.startswith('"'):
            problems.append((number, ERROR, f"unexpected text {line[:40]!r}"))
        elif not _PO_STRING.match(string):
            cut = " (file cut short?)" if number >= len(lines) - 1 else ""
            problems.append((number, ERROR, f"malformed string: unclosed, an unescaped quote or text after it{cut}"))
    if waiting_msgid:
        problems.append((waiting_msgid, ERROR, "the file ends before this entry's msgstr (file cut short?)"))
    return problems, msgstr_lines


def _read_catalog(path: Path) -> tuple[list[Problem], list[int] | None, list[str]]:
    """Decode a catalog as UTF-8 and check its syntax; problems here mean its entries cannot be trusted
    (then no msgstr lines). Also returns the catalog's lines, where sign-offs are found."""
    try:
        text = read_catalog_text(path)  # the build's own reader: what passes here, the build reads alike
    except CatalogError as err:
        if not path.is_file():
            return [Problem(path, 1, *finding("po-syntax", f"cannot read the catalog: {err.message}"))], None, []
        declared = _CHARSET.search(path.read_bytes().decode("latin-1"))
        hint = f" (its header declares {declared.group(1)})" if declared else ""
        message = f"the file is not valid UTF-8{hint}; catalogs must be saved as UTF-8"
        return [Problem(path, err.line or 1, *finding("charset", message))], None, []
    lines = re.split(r"\r\n|\r|\n", text)
    problems = []
    declared = _CHARSET.search(text)
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        line = text.count("\n", 0, declared.start()) + 1
        message = f"the header declares charset {declared.group(1)}; catalogs must be UTF-8"
        problems.append(Problem(path, line, *finding("charset", message)))
    syntax, msgstr_lines = _scan_po(lines)
    problems += [Problem(path, line, *finding("po-syntax", message, severity)) for line, severity, message in syntax]
    if text and not text.endswith(("\n", "\r")):
        problems.append(Problem(path, len(lines), *finding("po-syntax", "no newline at the end (file cut short?)", WARNING)))
    broken = any(severity == ERROR for _, severity, _ in syntax)
    return problems, None if broken else msgstr_lines, lines


def _unit_pairs(entry: polib.POEntry) -> list[tuple[int, str, str]]:
    """(plural form, English, translation) for every form of an entry; form 0 translates the singular."""
    if not entry.msgid_plural:
        return [(0, entry.msgid, entry.msgstr)]
    forms = sorted((int(form), text) for form, text in entry.msgstr_plural.items())
    return [(form, entry.msgid_plural if form else entry.msgid, text) for form, text in forms]


def check_catalog(path: Path, *, target_lang: str, glossary: Glossary | None = None,
                  criticality: Criticality | None = None) -> list[Problem]:
    """Every problem of one PO file, each at the line of the msgstr it concerns (a sign-off problem:
    at the comment line, or the entry's first line). `criticality`: the English page's (None:
    critical by text only, as for `_site.po`)."""
    path = Path(path)
    criticality = criticality or Criticality()
    problems, msgstr_lines, lines = _read_catalog(path)
    if msgstr_lines is None:
        return problems
    try:
        catalog = parse_po(path)
    except Exception as err:  # polib raises OSError for syntax, but other types on odd input; none may escape
        message = err.message if isinstance(err, CatalogError) else str(err)
        found = re.search(r"line (\d+)", message)
        return problems + [Problem(path, int(found.group(1)) if found else 1, *finding("po-syntax", message))]
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        first = bisect_right(msgstr_lines, entry.linenum or 0)
        for form, english, translation in _unit_pairs(entry):
            line = msgstr_lines[first + form] if first + form < len(msgstr_lines) else entry.linenum or 1
            for severity, code, message in check_unit(english, translation, target_lang=target_lang, glossary=glossary):
                problems.append(Problem(path, line, severity, code, message))
        critical = bool(criticality.of_entry(entry))
        for line, severity, code, message in signoff_problems(entry, lines, critical=critical):
            problems.append(Problem(path, line, *finding(code, message, severity)))
    return problems


def unknown_sections(config: HandbookConfig) -> list[Problem]:
    """`critical_sections` entries of the English pages that name no heading, each at its line."""
    problems = []
    for page in Catalogs(config).pages():
        source = config.source_dir / page
        unknown = Criticality.of_page(source).marks.unknown_sections
        text = source.read_text(encoding="utf-8").split("\n") if unknown else []
        for title in unknown:
            line = next((number for number, written in enumerate(text, start=1)
                         if written.lstrip().startswith("-") and " ".join(written.split()).endswith(title)), 2)
            problems.append(Problem(source, line, *finding(
                "critical-section-unknown", f"critical_sections names {title!r}, which is no heading of this page")))
    return problems


def check_all(config: HandbookConfig, languages: Iterable[str] | str | None = None) -> list[Problem]:
    """`handbook check`: every catalog of the chosen languages (default: all translations), one glossary each."""
    codes = [languages] if isinstance(languages, str) else list(languages or ())
    chosen = [config.language(code) for code in codes] if codes else config.translated_languages
    catalogs = Catalogs(config)
    problems: list[Problem] = unknown_sections(config)
    for language in chosen:
        glossary = Glossary.load(config.root, language.code)
        folder = catalogs.language_dir(language.code)
        for path in catalogs.of_language(language.code):
            criticality = Criticality.of_page(config.source_dir / path.relative_to(folder).with_suffix(".md"))
            problems += check_catalog(path, target_lang=language.code, glossary=glossary, criticality=criticality)
    return problems
