"""Markdown structure: links, images, code spans, block markers and attribute lists of the English.

A translation may reword a unit, not change what the page is made of: a new heading, list or
admonition, an unpaired backtick or an attribute list the English lacks would change the page
around it (an attribute list becomes HTML attributes, `onclick` or `style` included).
"""

from __future__ import annotations

import re
from collections import Counter

from markdown_it import MarkdownIt

from handbook.translation.checks.registry import Finding, finding
from handbook.translation.checks.text import PLACEHOLDER, without_code


_ATTR_LIST_START = re.compile(r"\{:?[ ]*[^}\n ]")
_ATTR_LIST_LINE = re.compile(r"\{\:?[ ]*([^\}\n ][^\n]*)\}")  # Python-Markdown's attr_list BASE_RE
_SAFE_ATTRIBUTES = {".", "id"}


def _attribute_lists(text: str) -> list[tuple[tuple[str, str], ...]]:
    """Every attribute list Python-Markdown's attr_list could read in the text, parsed as it parses them.

    Wherever it stands (after a link, emphasis, image or code span; at the end of a heading,
    paragraph, list item, table cell or admonition title): position does not matter here, since a
    translation may not add one anywhere. Code spans are left out: their braces are shown as written.
    """
    from markdown.extensions.attr_list import get_attrs_and_remainder

    prose = without_code(text)
    found = []
    for start in _ATTR_LIST_START.finditer(prose):
        match = _ATTR_LIST_LINE.match(prose, start.start())
        if match is None:
            continue
        attributes, _ = get_attrs_and_remainder(match.group(1))
        if attributes:
            found.append(tuple((name.lower(), value or "") for name, value in attributes))
    return found


def _show_attributes(attributes: tuple[tuple[str, str], ...]) -> str:
    shown = (f"{name}{value}" if name == "." else f"{name}={value!r}" for name, value in attributes)
    return "{ " + " ".join(shown) + " }"


def check_attribute_lists(msgid: str, msgstr: str) -> list[Finding]:
    """Attribute lists (`{ .class #id key=value }`) become HTML attributes: structure, not text.

    One the English does not have could add an event handler, a style that hides a dose or an
    `href` to another site, so any added or changed list is a security error; a dropped one loses
    a class or an anchor.
    """
    placeholders = {found for found in PLACEHOLDER.findall(msgid) if found.startswith("{")}
    if placeholders:
        # A format string (an interface string filled by code): the English's placeholders are
        # compared by the placeholder check; any other brace group may still be an attribute list.
        pattern = re.compile("|".join(map(re.escape, sorted(placeholders, key=len, reverse=True))))
        msgid, msgstr = pattern.sub(" ", msgid), pattern.sub(" ", msgstr)
    english, translated = Counter(_attribute_lists(msgid)), Counter(_attribute_lists(msgstr))
    findings: list[Finding] = []
    for attributes in sorted((translated - english).elements()):
        risky = sorted({name for name, _ in attributes if name not in _SAFE_ATTRIBUTES})
        why = f" (sets {', '.join(risky)})" if risky else ""
        message = f"attribute list {_show_attributes(attributes)} is not in the English{why}"
        findings.append(finding("attr-list", message))
    for attributes in sorted((english - translated).elements()):
        message = f"attribute list {_show_attributes(attributes)} of the English is missing"
        findings.append(finding("markdown-structure", message))
    return findings


_MARKDOWN = MarkdownIt("commonmark")
_COUNTED = {"link_open": "links", "image": "images", "code_inline": "code spans",
            "em_open": "emphasis", "strong_open": "strong emphasis"}
_BLOCK_MARKER = re.compile(
    r"^ {0,3}(#{1,6}(?=\s|$)|>|!!!|\?\?\?\+?|===|(?:[-*_] *){3,}$|=+ *$|-+ *$|[-*+](?=\s|$)"
    r"|\d{1,9}[.)](?=\s|$)|\||`{3,}|~{3,})"
)


def _inline_counts(text: str) -> Counter:
    tokens = _MARKDOWN.parseInline(text)[0].children or []
    return Counter(_COUNTED[token.type] for token in tokens if token.type in _COUNTED)


def _marker(line: str) -> str | None:
    """The block marker a line starts with, with list numbers and rule spacing made comparable."""
    match = _BLOCK_MARKER.match(line)
    return re.sub(r"\d+", "1", match.group(1).replace(" ", "")) if match else None


def check_markdown(msgid: str, msgstr: str) -> list[Finding]:
    """Links, images and code must survive; no new headings, admonitions or lists; backticks paired."""
    findings: list[Finding] = []
    english, translated = _inline_counts(msgid), _inline_counts(msgstr)
    for kind in _COUNTED.values():
        if english[kind] != translated[kind]:
            code = "emphasis" if "emphasis" in kind else "markdown-structure"
            findings.append(finding(code, f"{translated[kind]} {kind} where the English has {english[kind]}"))
    if without_code(msgstr).count("`") > without_code(msgid).count("`"):
        findings.append(finding("unclosed-code", "a backtick is not paired, so a code span is left open"))
    english_lines, translated_lines = msgid.splitlines() or [""], msgstr.splitlines() or [""]
    first_english, first_translated = _marker(english_lines[0]), _marker(translated_lines[0])
    if first_translated and first_translated != first_english:
        findings.append(finding("markdown-block", f"the translation starts with {first_translated!r}: a new block type"))
    elif first_english and not first_translated:
        findings.append(finding("markdown-structure", f"the block marker {first_english!r} of the English is missing"))
    later = [Counter(filter(None, map(_marker, lines[1:]))) for lines in (english_lines, translated_lines)]
    for marker in sorted(later[1] - later[0]):
        findings.append(finding("markdown-block", f"a line of the translation starts with {marker!r}: a new block"))
    return findings
