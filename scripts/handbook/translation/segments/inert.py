"""Make a translation inert before it goes into the page: one plain line that cannot change the page's structure.

A translation becomes one line (no hard break, block attribute list or heading underline, and no
mark of English text: `page.ENGLISH_START`, `ENGLISH_END`); a leading block marker is written as a
character reference; in a unit a kept hard break separates from the next, the marks it leaves
unpaired are too; each spot (`mode`: block, heading, table cell, title, code title, YAML value...)
gets the escaping it needs, or keeps the English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from markdown_it.token import Token

from handbook.translation.segments.page import (
    ABBREVIATION_LEAD, ATTRIBUTES_ONLY, ENGLISH_END, ENGLISH_START, MD, SNIPPET, worth_translating,
)


# Line starts that Python-Markdown or markdown-it read as structure; see `starts_block`.
BLOCK_START = re.compile(
    r"#|\d+[.)][ \t]|[-+*][ \t]|[:~][ \t]|={3}|!{3}|\?{3}|/{3}|\[[^\]]*\]:|" + ABBREVIATION_LEAD + r"|;*-+8<-|\{[^{}]*\}$"
    r"|\$\$|\\begin\{"  # math blocks: plain text on their own, they may close on a later line
)
_UNESCAPED_PIPE = re.compile(r"(\\*)\|")
_TICKS = re.compile(r"(\\\\)|(\\`+)|(`+)")


def make_safe(translation: str, mode: str) -> str | None:
    """The translation as one inert line for its spot; None keeps the source unit."""
    text = " ".join(translation.splitlines()).strip()
    for reserved in ("\0", ENGLISH_START, ENGLISH_END):  # the English marks are the build's alone
        text = text.replace(reserved, "\ufffd")
    if not text:
        return None
    if mode == "part":  # one of the units a hard break separates: nothing may reach across it
        text = _close_inline(text)
    mode = {"type-title": "title", "over-rule": "block", "part": "block"}.get(mode, mode)
    if mode == "yaml":
        return _yaml_scalar(text)
    if mode.startswith("code-title"):  # shown as written: no way to escape its quote, and a
        quote = '"' if mode == "code-title" else "'"  # backtick would end a fence's info
        plain = quote not in text and "`" not in text and worth_translating(text)
        return text if plain else None
    if ATTRIBUTES_ONLY.fullmatch(text) or SNIPPET.match(text):
        text = _escape_lead(text)
    # An unfinished `&#` becomes `&amp;#` (it renders the same): next to a cell's pipe it can
    # make Python-Markdown see a different table than markdown-it.
    text = _UNFINISHED_CHARACTER_REFERENCE.sub("&amp;#", text)
    if mode in ("block", "setext", "cell-lead", "title"):  # (a collapsible title is parsed as blocks)
        if (block := _as_block(text)) is None:
            return None
        text = block
    if mode == "heading":  # a trailing `#` would be read as the closing sequence, a leading
        text = re.sub(r"#+$", lambda run: "\\#" * len(run[0]), text)  # one as more level
        if text.startswith("#"):
            text = _escape_lead(text)
    if mode in ("heading", "setext"):  # any pipe, even escaped, can make markdown-it see a table
        text = text.replace("|", "&#124;")
    if mode == "title":
        text = text.replace('"', "&quot;")
    if mode in ("cell", "cell-lead"):
        text = _UNESCAPED_PIPE.sub(lambda m: m[1] + "\\" * (len(m[1]) % 2 == 0) + "|", text)
        if not code_spans_closed(text):
            text = text.replace("`", "&#96;")
        if text.endswith("\\"):  # would escape the cell's closing pipe (markdown-it)
            text += " "
    elif (len(text) - len(text.rstrip("\\"))) % 2:  # a lone final `\` unmakes a heading
        text += "\\"
    return text


def _close_inline(text: str) -> str:
    """`text` with the marks it leaves unpaired (a backtick, `*`, `_`, `$`, a bracket, an HTML
    opening) written as character references, so that they cannot pair with marks of the next
    unit over a kept line break (a code span or a comment would swallow the `<br>`)."""
    literal = "".join(_leaves(MD.parseInline(text)))
    for mark in {mark for mark in _INLINE_MARKS if mark in literal}:
        text = re.sub(rf"(?<!\\){re.escape(mark)}", f"&#{ord(mark)};", text)
    return text


def _leaves(tokens: list[Token]) -> Iterator[str]:
    for token in tokens:
        if token.type == "text":
            yield token.content
        yield from _leaves(token.children or [])


_INLINE_MARKS = "`*_[]<$"
_UNFINISHED_CHARACTER_REFERENCE = re.compile(r"&#(?![0-9]+;|[xX][0-9a-fA-F]+;)")


def _as_block(text: str) -> str | None:
    """`text` made to start a plain paragraph, never a heading, list, quote, fence or HTML."""
    for _ in range(3):
        if not starts_block(text):
            return text
        text = _escape_lead(text)
    return None


def starts_block(text: str) -> bool:
    """Whether `text`, at the start of a block, would be anything but one plain paragraph."""
    if BLOCK_START.match(text):
        return True
    tokens = MD.parse(text)
    return [token.type for token in tokens] != ["paragraph_open", "inline", "paragraph_close"] \
        or tokens[1].content != text


def _escape_lead(text: str) -> str:
    """Write the first structural character as a character reference (`#` -> `&#35;`)."""
    number = re.match(r"\d+(?=[.)])", text)
    at = number.end() if number else 0
    return f"{text[:at]}&#{ord(text[at])};{text[at + 1:]}"


def code_spans_closed(text: str) -> bool:
    """Whether every backtick run pairs up the way Python-Markdown's table splitter pairs them
    (an unpaired run could pair with one in the next cell and swallow the pipe between)."""
    runs = [(len(m[2]) - 1, 1) if m[2] else (len(m[3]), 0)
            for m in _TICKS.finditer(text) if not m[1]]
    index = 0
    while index < len(runs):
        size = runs[index][0] - runs[index][1]
        later = [length for length, _ in runs[index + 1:]]
        if size and size not in later:
            return False
        index += later.index(size) + 2 if size else 1
    return True


def _yaml_scalar(text: str) -> str | None:
    """`text` as a one-line YAML value, quoted only when YAML needs it."""
    dumped = yaml.safe_dump({"v": text}, allow_unicode=True, width=1 << 30)
    value = dumped.removeprefix("v: ").removesuffix("\n")
    return None if "\n" in value else value
