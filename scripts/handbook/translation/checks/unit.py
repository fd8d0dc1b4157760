"""One translated unit against its English: every check, in the order `handbook check` reports them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handbook.translation.checks.copies import check_identical, check_placeholders
from handbook.translation.checks.html import check_html
from handbook.translation.checks.invisible import check_invisible
from handbook.translation.checks.links import check_urls
from handbook.translation.checks.markdown import check_attribute_lists, check_markdown
from handbook.translation.checks.numbers import check_numbers, check_unit_pairs, check_units

if TYPE_CHECKING:
    from handbook.translation.checks.registry import Finding
    from handbook.translation.glossary import Glossary


def check_unit(msgid: str, msgstr: str, *, target_lang: str, glossary: Glossary | None = None) -> list[Finding]:
    """Every problem of one translated unit as (severity, code, message); an empty msgstr has none. Pure."""
    if not msgstr.strip():
        return []
    findings: list[Finding] = []
    findings += check_numbers(msgid, msgstr, target_lang)
    for check in (check_urls, check_html, check_attribute_lists, check_markdown, check_placeholders, check_invisible):
        findings += check(msgid, msgstr)
    findings += check_units(msgid, msgstr, target_lang) + check_unit_pairs(msgid, msgstr, target_lang)
    findings += check_identical(msgid, msgstr, target_lang)
    if glossary is not None:
        findings += glossary.check(msgid, msgstr)
    return findings
