"""Invisible controls: characters a reviewer cannot see must not come with a translation ("Trojan Source")."""

from __future__ import annotations

import unicodedata
from collections import Counter

import regex

from handbook.translation.checks.registry import Finding, finding


# From Unicode's own properties (the `regex` module reads the Unicode Character Database), not a list.
_INVISIBLE_CLASS = r"[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]"
_INVISIBLE = regex.compile(_INVISIBLE_CLASS)
_IN_WORD = regex.compile(r"[\p{L}\p{M}]")
_JOINER = regex.compile(r"\p{Join_Control}")
_VARIATION_SELECTOR = regex.compile(r"\p{Variation_Selector}")
_BIDI_CONTROL = regex.compile(r"\p{Bidi_Control}")
_DIRECTION_MARKS = frozenset({"L", "R", "AL"})  # bidi classes of LRM, RLM and ALM: marks, not embeddings
# A digit, then at most one separator (`0.5`, `1 000`), with any invisible characters between.
_SEPARATOR = r"[.,٫٬'’\u00a0\u202f\u2009]?"
_DIGIT_BEFORE = regex.compile(rf"\p{{Nd}}{_INVISIBLE_CLASS}*{_SEPARATOR}{_INVISIBLE_CLASS}*\Z")
_DIGIT_AFTER = regex.compile(rf"{_INVISIBLE_CLASS}*{_SEPARATOR}{_INVISIBLE_CLASS}*\p{{Nd}}")


def _inside_number(text: str, position: int) -> bool:
    """A digit on both sides of text[position], past at most one separator: `1\u200b0`, `0.\u200e5`."""
    return bool(_DIGIT_BEFORE.search(text[:position]) and _DIGIT_AFTER.match(text, position + 1))


def _invisible_problem(text: str, position: int) -> str | None:
    """Why the invisible character at text[position] must not be there, or None when translators need it."""
    char = text[position]
    if _inside_number(text, position):
        return "inside a number, where it can split or reorder the digits"
    if _BIDI_CONTROL.match(char):
        if unicodedata.bidirectional(char) in _DIRECTION_MARKS:
            return None  # LRM, RLM, ALM: set the direction of neighbouring punctuation, reorder nothing
        return "can reorder the text around it (a dose could read backwards)"
    if _JOINER.match(char):
        inside = _IN_WORD.match(text[position - 1:position] or " ") and _IN_WORD.match(text[position + 1:] or " ")
        return None if inside else "outside a word (joiners belong between letters)"
    if _VARIATION_SELECTOR.match(char) and position and not text[position - 1].isspace():
        return None  # chooses the glyph of the character before it
    return "hides text or changes how it reads, without showing anything"


def check_invisible(msgid: str, msgstr: str) -> list[Finding]:
    """Characters a reviewer cannot see must not come with a translation ("Trojan Source")."""
    allowed = Counter(_INVISIBLE.findall(msgid))
    findings: list[Finding] = []
    for match in _INVISIBLE.finditer(msgstr):
        char = match.group()
        why = _invisible_problem(msgstr, match.start())
        if why is None:
            continue
        if allowed[char] > 0:
            allowed[char] -= 1
            continue
        name = unicodedata.name(char, "unnamed character")
        findings.append(finding("invisible-control", f"invisible U+{ord(char):04X} {name} {why}; it is not in the English"))
    return list(dict.fromkeys(findings))
