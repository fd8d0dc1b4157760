"""Placeholders a program fills must be kept, and a copy of the English is not a translation."""

from __future__ import annotations

import re
from collections import Counter

from handbook.translation.checks.registry import Finding, finding
from handbook.translation.checks.text import MT_PLACEHOLDER, PLACEHOLDER, prose, without_code


def check_placeholders(msgid: str, msgstr: str) -> list[Finding]:
    """Format placeholders are filled by code, and MT placeholders must have been put back by pretranslation."""
    leftovers = Counter(MT_PLACEHOLDER.findall(msgstr)) - Counter(MT_PLACEHOLDER.findall(msgid))
    findings = [finding("placeholder", f"machine-translation placeholder {left} was not put back") for left in leftovers]
    english = Counter(p for p in PLACEHOLDER.findall(msgid) if p != "%%")
    translated = Counter(p for p in PLACEHOLDER.findall(msgstr) if p != "%%" and not MT_PLACEHOLDER.fullmatch(p))
    for placeholder in sorted((english - translated) + (translated - english)):
        where = "is missing" if english[placeholder] > translated[placeholder] else "is not in the English"
        findings.append(finding("placeholder", f"placeholder {placeholder!r} {where}"))
    return findings


def check_identical(msgid: str, msgstr: str, target_lang: str) -> list[Finding]:
    """A copy of a real sentence is usually an unfinished translation; names, code and URLs are not."""
    if msgstr.strip() != msgid.strip() or target_lang.split("_")[0].split("-")[0] == "en":
        return []
    words = re.findall(r"[^\W\d_]{2,}", prose(without_code(msgid)))
    if len(words) < 3 or all(word[0].isupper() for word in words if len(word) > 3):
        return []  # too short to be a sentence, or a name such as "Ministry of Health"
    return [finding("untranslated-identical", "the translation is a copy of the English")]
