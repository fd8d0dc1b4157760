"""Left-to-right runs kept in order inside right-to-left text.

In Arabic (or any right-to-left) text, the Unicode bidirectional algorithm reorders a run of
Latin letters and digits that holds separators: `2026-11-26` after Arabic words reads
`26-11-2026`, `10 mg` reads `mg 10`, a URL's parts swap around its slashes. Isolating the run
(`<span dir="ltr">`, which browsers and WeasyPrint both honour) keeps it as written.

`isolate_ltr_runs` does this on built HTML, for any page, fragment or document: text is touched
only where the nearest `dir` attribute says `rtl`, so it follows each language's direction (the
templates write it from the language's data) and leaves left-to-right pages byte for byte as they
were. Code, keyboard and sample elements in right-to-left text get `dir="ltr"`. Running it twice
changes nothing: what is already isolated is left-to-right context.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Elements whose text is not markup (never wrapped), and elements with no end tag.
RAW_TEXT = frozenset({"script", "style", "title", "textarea"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})
# Always left-to-right, whatever the page's direction.
LTR_ELEMENTS = frozenset({"code", "kbd", "samp", "pre"})

TOKEN = re.compile(r"""<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>|</?[A-Za-z](?:[^>"']|"[^"]*"|'[^']*')*>""", re.S)
START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)")
DIR_ATTRIBUTE = re.compile(r"""\sdir\s*=\s*["']?([A-Za-z]+)""", re.I)

# A run starts with a left-to-right letter or a European digit (or a sign or currency right before
# a digit: `+1`, `-5`, `$3`), holds no right-to-left letter and no line or paragraph break, and ends
# with a letter, a digit, a unit sign (`%`, `°`) or a slash. Classes as one letter each: L letter,
# N digit, P plus or minus, U unit or currency sign, S slash, R right-to-left, B break, O other.
RUN = re.compile(r"(?:[PU](?=N))?[LN](?:[^RB]*[LNUS])?")
NEEDS_ISOLATION = re.compile(r"[^LN]")  # a run that is one word or number reads the same either way


def _class(char: str) -> str:
    bidi = unicodedata.bidirectional(char)
    if bidi == "L":
        return "L"
    if bidi == "EN":
        return "N"
    if bidi == "ET":
        return "U"
    if bidi == "ES":
        return "P"
    if char == "/":
        return "S"
    if bidi in ("R", "AL", "AN", "RLE", "RLO", "RLI"):
        return "R"
    if bidi in ("B", "S"):
        return "B"
    return "O"


def _closed(text: str, start: int, end: int) -> int:
    """`end` moved past the closing brackets that pair with brackets opened inside the run, so
    `(COVID-19)` or `中文（简体）` is never split from its last bracket."""
    run = text[start:end]
    unclosed = sum(unicodedata.category(char) == "Ps" for char in run) - sum(unicodedata.category(char) == "Pe" for char in run)
    while unclosed > 0 and end < len(text) and unicodedata.category(text[end]) == "Pe":
        end, unclosed = end + 1, unclosed - 1
    return end


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each left-to-right run in `text` that the bidi algorithm could reorder."""
    classes = "".join(_class(char) for char in text)
    return [(match.start(), _closed(text, *match.span())) for match in RUN.finditer(classes)
            if NEEDS_ISOLATION.search(match.group())]


def isolate_text(text: str) -> str:
    """HTML for plain `text` (as written in right-to-left context) with its left-to-right runs isolated."""
    out, position = [], 0
    for start, end in ltr_runs(text):
        out.append(html.escape(text[position:start], quote=False))
        out.append(f'<span dir="ltr">{html.escape(text[start:end], quote=False)}</span>')
        position = end
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def _direction(tag: str, inherited: str) -> str:
    found = DIR_ATTRIBUTE.search(tag)
    if found:
        value = found.group(1).lower()
        return value if value in ("ltr", "rtl") else "auto"
    return inherited


def isolate_ltr_runs(document: str, direction: str = "ltr") -> str:
    """`document` (HTML) with the left-to-right runs of its right-to-left text isolated.

    `direction` is the context the HTML sits in: "rtl" for an article fragment of a right-to-left
    page; a whole page says its own with `dir` on `<html>` or `<body>`.
    """
    stack: list[tuple[str, str]] = []  # open elements and the direction inside each
    out: list[str] = []
    position = 0
    raw_until: str | None = None

    def current() -> str:
        return stack[-1][1] if stack else direction

    def text(chunk: str) -> str:
        if not chunk or raw_until or current() != "rtl":
            return chunk
        plain = html.unescape(chunk)
        return isolate_text(plain) if ltr_runs(plain) else chunk

    for match in TOKEN.finditer(document):
        token = match.group()
        out.append(text(document[position:match.start()]))
        position = match.end()
        end = END_TAG.match(token)
        start = START_TAG.match(token) if end is None else None
        if raw_until is not None:
            if end and end.group(1).lower() == raw_until:
                raw_until = None
            out.append(token)
            continue
        if start:
            name = start.group(1).lower()
            inherited = current()
            if name in LTR_ELEMENTS and inherited == "rtl" and not DIR_ATTRIBUTE.search(token):
                token = f"<{start.group(1)} dir=\"ltr\"{token[start.end():]}"
            if name in RAW_TEXT:
                raw_until = name
            elif name not in VOID and not token.endswith("/>"):
                stack.append((name, _direction(token, inherited)))
        elif end:
            name = end.group(1).lower()
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    break
        out.append(token)
    out.append(text(document[position:]))
    return "".join(out)
