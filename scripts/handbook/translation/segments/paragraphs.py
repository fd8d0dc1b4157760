"""Cut a block's text into units where Python-Markdown sees structure in its line breaks.

markdown-it gives a paragraph, heading or definition term as one block; Python-Markdown, which
renders the site, may read more in its lines: a hard break, a block attribute list on the last
line, a `#Heading`, link reference or abbreviation line inside a paragraph, several terms or
definitions. Each becomes its own unit (or the block stays English), so a translation replacing a
unit can never join or split what Python-Markdown sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import islice

from markdown.blockprocessors import HashHeaderProcessor, ReferenceProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown_it.token import Token

from handbook.translation.segments.inert import BLOCK_START, starts_block
from handbook.translation.segments.page import ABBREVIATION_LEAD, Page, Segment


_TASK = re.compile(r"\[[ xX]\][ \t]+")
# Python-Markdown's abbreviation definition (markdown.extensions.abbr), one per line.
_ABBREVIATION = re.compile(rf"([ \t]*{ABBREVIATION_LEAD}[ \t]*)(.*?)[ \t]*$")
# Lines that Python-Markdown (which renders the site) reads as a construct of their own even
# inside a paragraph: unwrapping a paragraph holding one would break it, so it is left alone.
_UNSAFE_LINE = re.compile(
    r"[ \t]*(?:\[\^[^\]]*\]:|;*-+8<-|={3}|!{3}|\?{3}|/{3}|\|?[ \t]*:?-+:?[ \t]*\|[-:| \t]*$)"
)
# A block's own attribute list, alone on its last line (Python-Markdown's attr_list syntax).
_BLOCK_ATTRIBUTES = re.compile(AttrListTreeprocessor.BASE_RE)
_DEFINITION = re.compile(r":[ \t]+(?=\S)")
_LEADING_COMMENTS = re.compile(r"(?:<!--.*?-->[ \t]*)*")
_LIST_MARKER = re.compile(r"(?:[-+*]|\d+[.)])(?:[ \t]|$)")


@dataclass(frozen=True)
class Line:
    """One line of a block's text: where it stands in the page (columns start..end)."""

    number: int
    start: int
    end: int
    text: str


def placed_lines(page: Page, content: str, first: int, last: int) -> list[Line]:
    """The lines of markdown-it's `content` (source lines first..last-1), found in the page;
    [] when they cannot all be placed."""
    pieces = [piece.strip(" \t") for piece in content.split("\n")]
    if len(pieces) != last - first or not pieces[0]:
        return []
    lines = []
    for number, piece in enumerate(pieces, start=first):
        source = page.lines[number]
        start = source.rfind(piece)
        if start < 0 or source[start + len(piece):].strip(" \t"):
            return []
        lines.append(Line(number, start, start + len(piece), piece))
    return lines


def atx_heading(page: Page, content: str, line: int) -> list[Segment]:
    """`## Title ##`: the title, when Python-Markdown reads the line as a heading too."""
    piece = content.strip(" \t")
    source = page.lines[line]
    start = source.rfind(piece) if piece else -1
    lead = re.search(r"#+[ \t]*$", source[:max(start, 0)])
    if start < 0 or lead is None or source[start + len(piece):].strip(" \t#"):
        return []
    if not HashHeaderProcessor.RE.fullmatch(source[lead.start():].rstrip(" \t")):
        return []  # e.g. a final lone `\`: a paragraph for Python-Markdown
    span = (page.offset(line, start), page.offset(line, start + len(piece)))
    return [Segment(piece, "heading", line + 1, "", span, "heading")]


def setext_heading(page: Page, token: Token, first: int, last: int,
                    underline: str) -> list[Segment]:
    """`Title` over `-----`. Python-Markdown reads only a one-line title so: over two lines or
    more it sees a paragraph (and, under `---`, a rule), which must stay over two lines."""
    lines = placed_lines(page, token.content, first, last)
    if len(lines) == 1:
        line = lines[0]
        span = (page.offset(line.number, line.start), page.offset(line.number, line.end))
        return [Segment(line.text, "heading", line.number + 1, "", span, "setext")]
    units = paragraph(page, lines, "paragraph", hard_breaks(token, first))
    if len(units) == 1 and units[0].mode == "block":
        # One unit becomes one line: a blank line after it keeps `---` a rule; a paragraph
        # holding `===` as text cannot be kept, so it is left untranslated.
        return [replace(units[0], mode="over-rule")] if underline.startswith("-") else []
    return units


def each_line(page: Page, lines: list[Line], kind: str, mode: str = "block") -> list[Segment]:
    return [_segment(page, [line], kind, mode) for line in lines]


def hard_breaks(token: Token, first: int) -> set[int] | None:
    """The source lines of `token` that end in a hard break, a `<br>` (two spaces or a `\\`)
    that must stay between units; None when one cannot be kept so: inside emphasis or a link
    (no unit could hold half of it), or when a code span or HTML hides where the lines end."""
    assert token.map is not None
    breaks: list[tuple[str, int]] = []
    depth = 0
    for child in token.children or []:
        depth += min(child.nesting, 0)
        if child.type in ("softbreak", "hardbreak"):
            breaks.append((child.type, depth))
        elif child.type == "html_inline":
            breaks += [("html", depth)] * child.content.count("\n")
        depth += max(child.nesting, 0)
    hard = [index for index, (kind, _) in enumerate(breaks) if kind == "hardbreak"]
    if hard and (len(breaks) != token.map[1] - first - 1 or any(breaks[index][1] for index in hard)):
        return None
    return {first + index for index in hard}


def paragraph(page: Page, lines: list[Line], kind: str,
               hard_breaks: set[int] | None) -> list[Segment]:
    """A paragraph's units: its lines unwrapped into one, except where Python-Markdown sees
    structure in the line breaks. A hard break ends a unit; a block attribute list on the last
    line (`{ .class }`) stays out of every unit; a line Python-Markdown reads as a block of its
    own (`#Title`, `[ref]: url`, `*[ABBR]: text`) splits the paragraph; with definitions
    (`:   text`) each line is a unit."""
    if not lines or hard_breaks is None:
        return []
    if len(lines) > 1 and _BLOCK_ATTRIBUTES.fullmatch(lines[-1].text):
        lines = lines[:-1]
    if _DEFINITION.match(lines[0].text):  # a loose definition: `:   text`
        lines, kind = _loose_definition(lines), "definition"
    elif kind == "paragraph" and _followed_by_definition(page, lines[-1].number):  # loose terms
        return _definition_lines(page, lines, terms=True)
    if not lines:
        return []
    texts = [line.text for line in lines]
    references = _reference_lines(texts)
    own_block = references | {index for index, text in enumerate(texts)
                              if text.startswith("#") or _ABBREVIATION.match(text)}
    if (any(_UNSAFE_LINE.match(text) for text in texts)
            or (BLOCK_START.match(texts[0]) and 0 not in own_block)
            or (kind == "list-item" and any(_LIST_MARKER.match(text) for text in texts[1:]))):
        return []  # Python-Markdown would not read it as plain lines of one paragraph
    if any(_DEFINITION.match(text) for text in texts[1:]):
        return _definition_lines(page, lines)
    units: list[Segment] = []
    run: list[Line] = []
    for index, line in enumerate(lines):
        if index in own_block:  # a block of its own for Python-Markdown, between paragraphs
            units += _paragraph_run(page, run, kind, not units)
            run = []
            if index not in references:
                if (unit := _own_block_unit(page, line)) is None:
                    return []
                units.append(unit)
            continue
        run.append(line)
        if line.number in hard_breaks:
            if (len(line.text) - len(line.text.rstrip("\\"))) % 2:  # the `\` stays outside
                text = line.text[:-1].rstrip(" \t")
                run[-1] = replace(line, end=line.start + len(text), text=text)
            units += _paragraph_run(page, run, kind, not units)
            run = []
    units += _paragraph_run(page, run, kind, not units)
    if hard_breaks:  # a unit's marks must not pair with the next one's over the break
        units = [replace(unit, mode="part") if unit.mode == "block" else unit for unit in units]
    return units


def _loose_definition(lines: list[Line]) -> list[Line]:
    """The lines of `:   text` without the marker, nor HTML comments right after it (no text:
    `<!-- md:version -->`); [] when what is left does not start a plain paragraph."""
    first = lines[0]
    cut = _LEADING_COMMENTS.match(first.text, _DEFINITION.match(first.text).end()).end()
    lines = [replace(first, start=first.start + cut, text=first.text[cut:]), *lines[1:]]
    lines = lines[1:] if not lines[0].text else lines
    return [] if not lines or starts_block(lines[0].text) else lines


def _own_block_unit(page: Page, line: Line) -> Segment | None:
    """The unit of a `#Heading` or `*[ABBR]: expansion` line; None if Python-Markdown would not
    read the heading so."""
    if abbreviation := _ABBREVIATION.match(line.text):
        return _part(page, line, abbreviation.start(2), abbreviation[2], "abbreviation", "inline")
    if (heading := HashHeaderProcessor.RE.fullmatch(line.text)) is None:
        return None
    title = heading["header"].strip(" \t")
    start = line.text.index(title, heading.start("header")) if title else 0
    return _part(page, line, start, title, "heading", "heading")


def _part(page: Page, line: Line, column: int, text: str, kind: str, mode: str) -> Segment:
    """The unit of `text`, found at `column` of `line`'s text."""
    start = line.start + column
    return _segment(page, [replace(line, start=start, end=start + len(text), text=text)], kind, mode)


def _paragraph_run(page: Page, run: list[Line], kind: str, first: bool) -> list[Segment]:
    run = [line for line in run if line.text] if run else run
    if not run:
        return []
    task = _TASK.match(run[0].text) if kind == "list-item" and first else None
    if task:
        run[0] = replace(run[0], start=run[0].start + task.end(), text=run[0].text[task.end():])
    return [_segment(page, run, kind, "block")] if run[0].text else []


def _followed_by_definition(page: Page, line: int) -> bool:
    """Whether a blank line, then a definition (`:   text`), follow `line`: then Python-Markdown
    reads each line of the paragraph ending there as a term."""
    rest = (text.strip(" \t>") for text in islice(page.lines, line + 1, None))
    if next(rest, "x"):
        return False
    return bool(_DEFINITION.match(next((text for text in rest if text), "")))


def _definition_lines(page: Page, lines: list[Line], terms: bool = False) -> list[Segment]:
    """Terms and definitions that markdown-it left in a paragraph (several terms, or several
    definitions): one unit per line, so that every line keeps its role."""
    units = []
    first = next((index for index, line in enumerate(lines) if _DEFINITION.match(line.text)), 0)
    for index, line in enumerate(lines):
        if marker := _DEFINITION.match(line.text):
            line = replace(line, start=line.start + marker.end(), text=line.text[marker.end():])
            kind = "definition"
        else:
            following = lines[index + 1].text if index + 1 < len(lines) else ""
            term = terms or index < first or _DEFINITION.match(following)
            kind = "definition-term" if term else "definition"
        units += each_line(page, [line], kind)
    return units


def _segment(page: Page, lines: list[Line], kind: str, mode: str) -> Segment:
    """The unit over `lines`, unwrapped into one line."""
    span = (page.offset(lines[0].number, lines[0].start), page.offset(lines[-1].number, lines[-1].end))
    return Segment(" ".join(line.text for line in lines), kind, lines[0].number + 1, "", span, mode)


def _reference_lines(texts: list[str]) -> set[int]:
    """Lines holding a link reference definition as Python-Markdown finds one, anywhere in a
    paragraph and over up to three lines: it splits the paragraph there."""
    joined = "\n".join(texts)
    lines: set[int] = set()
    for match in ReferenceProcessor.RE.finditer(joined):
        first = joined.count("\n", 0, match.start())
        lines.update(range(first, joined.count("\n", 0, match.end()) + 1))
    return lines
