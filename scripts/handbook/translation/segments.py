"""Split a Markdown page into translatable units, and put translations back in their place.

Units are found with markdown-it-py's token line maps, and cut where Python-Markdown (which
renders the site) sees structure in a block's line breaks: a hard break, a block attribute list on
its own line, one term per line, a `#heading` or reference line inside a paragraph. A translated
page is the ORIGINAL text with each translated unit's span replaced, so everything that is not a
unit stays byte for byte (admonitions, tabs, attribute lists, line breaks, HTML, code).
Translations come from volunteers: before a translation goes in it is made inert, so it can never
change the structure of the page (tests/translation/test_roundtrip.py checks both against Python-Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

import yaml
from markdown.blockprocessors import HashHeaderProcessor, ReferenceProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.util import BLOCK_LEVEL_ELEMENTS
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin


@dataclass(frozen=True)
class Segment:
    """One translatable unit: its msgid, and where a translation of it goes in the page."""

    text: str
    kind: str
    line: int
    context: str = ""
    span: tuple[int, int] = field(default=(0, 0), repr=False)
    """Offsets of the unit's source text in the page: what a translation replaces."""
    mode: str = field(default="block", repr=False)
    """How a translation is made safe there: block, part, over-rule, setext, heading, cell, cell-lead,
    title, type-title, code-title(-in-apostrophes), inline or yaml (see `_make_safe` and `render`)."""


def extract(text: str) -> list[Segment]:
    """Every translatable unit of the page, in source order."""
    page = _Page(text)
    tokens = _MD.parse(page.parse_view())
    raw = _raw_html_lines(tokens, len(page.lines))
    units = (unit for unit in _units(page, tokens) if unit.line - 1 not in raw)
    return sorted(units, key=lambda unit: unit.span)


def _blank_line_before(text: str, end: int) -> str:
    """A line ending and the next line's container marks (`>`): an empty line in place."""
    newline = _NEWLINE.search(text, end)
    if newline is None:
        return ""
    marks = re.match(r"[ \t>]*", text[newline.end():])
    return newline[0] + (marks[0].rstrip(" \t") if marks else "")


def render(text: str, translate: Callable[[Segment], str | None]) -> str:
    """Substitute translations; None or "" keeps the source unit unchanged.

    A translation equal to the source keeps the source bytes (wrapped lines included).
    """
    pieces: list[str] = []
    done = 0
    for segment in extract(text):
        translation = translate(segment)
        if not translation or translation == segment.text:
            continue
        safe = _make_safe(translation, segment.mode)
        start, end = segment.span
        if safe is None or start < done:
            continue
        if segment.mode == "type-title":  # `!!! note` gets the title it showed: `!!! note "Nota"`
            safe = f'{text[start:end]} "{safe}"'
        elif segment.mode == "over-rule":  # a blank line keeps `---` a rule, not an underline
            safe += _blank_line_before(text, end)
        pieces += [text[done:start], safe]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


# --- Parsing ---------------------------------------------------------------------------------


def _parser() -> MarkdownIt:
    """CommonMark plus the block syntax of the MkDocs extensions that markdown-it-py knows."""
    md = MarkdownIt("commonmark").enable("table")
    for plugin in (front_matter_plugin, admon_plugin, deflist_plugin, footnote_plugin,
                   dollarmath_plugin, amsmath_plugin):
        md.use(plugin)
    md.core.ruler.disable("footnote_tail")  # keep every footnote where it is, referenced or not
    return md


_MD = _parser()
_NEWLINE = re.compile(r"(\r\n?|\n)")  # markdown-it ends a line at any of these
_COMMENT_LINE = re.compile(r"<!--.*?-->[ \t]*")
_LOOSE_DEFINITION = re.compile(r"[ \t]{0,3}:[ \t]+\S")
_COMMENTED_DEFINITION = re.compile(r"([ \t]{0,3}:[ \t]+)(?:<!--.*?-->[ \t]*)+(?=\S)")
_TAB_MARKER = re.compile(r'^([ \t]*)===(?=[+!]{0,2}[ \t]+")')


class _Page:
    """The page cut into lines exactly where markdown-it cuts them, with their offsets."""

    def __init__(self, text: str) -> None:
        parts = _NEWLINE.split(text)
        self.lines = parts[0::2]
        self.starts = [0]
        for body, ending in zip(parts[0::2], parts[1::2]):
            self.starts.append(self.starts[-1] + len(body) + len(ending))

    def offset(self, line: int, column: int) -> int:
        return self.starts[line] + column

    def parse_view(self) -> str:
        """The page as markdown-it reads it: content tabs (`=== "Tab"`) become admonitions
        (`!!! "Tab"`, same length), so their indented content is parsed like an admonition's;
        an HTML comment standing as a definition's term (`<!-- md:option -->`, blank line,
        `:   text`), which Python-Markdown accepts, becomes a plain term for markdown-it too,
        and comments that open a definition (`:   <!-- md:flag --> Text`) are left out, since
        Python-Markdown reads the text after them as a paragraph (markdown-it as HTML)."""
        lines = [_TAB_MARKER.sub(r"\1!!!", line, count=1) for line in self.lines]
        for number, line in enumerate(lines):
            if (_COMMENT_LINE.fullmatch(line) and number + 2 < len(lines)
                    and not (lines[number - 1].strip() if number else "")
                    and not lines[number + 1].strip() and _LOOSE_DEFINITION.match(lines[number + 2])):
                lines[number] = "x" * len(line)  # never found in the page: the term is no unit
            elif comments := _COMMENTED_DEFINITION.match(line):  # text after them is a paragraph's
                lines[number] = comments[1] + line[comments.end():]
        return "\n".join(lines)


# --- Finding units ---------------------------------------------------------------------------

_PARAGRAPH_KINDS = {"list_item_open": "list-item", "dd_open": "definition",
                    "footnote_reference_open": "footnote"}
_TASK = re.compile(r"\[[ xX]\][ \t]+")
# Python-Markdown's abbreviation definition (markdown.extensions.abbr), one per line.
_ABBREVIATION = re.compile(r"([ \t]*\*\[[^\\]*?\] ?:[ \t]*)(.*?)[ \t]*$")
_ADMONITION_TITLE = re.compile(r'(?:[ \t]*(?:[-+*:]|\d+[.)])[ \t]+)*[ \t]*(?:!!!|\?\?\?\+?)(?: ?[\w-]+(?:[ \t]+[\w-]+)*)?[ \t]*"(?P<title>.*)"[ \t]*$')
# An admonition or collapsible block without a title shows its first type, capitalised.
_ADMONITION_TYPE = re.compile(r'(?:[ \t]*(?:[-+*:]|\d+[.)])[ \t]+)*[ \t]*(?:!!!|\?\?\?\+?) ?([\w-]+(?:[ \t]+[\w-]+)*)[ \t]*$')
_CODE_TITLE = re.compile(r"(?<![\w-])title=(?P<quote>[\"'])(?P<title>.*?)(?P=quote)")
_TAB_TITLE = re.compile(r'(?:[ \t]*(?:[-+*:]|\d+[.)])[ \t]+)*[ \t]*===[+!]{0,2}[ \t]+"(?P<title>.*)"[ \t]*$')
# Lines that Python-Markdown (which renders the site) reads as a construct of their own even
# inside a paragraph: unwrapping a paragraph holding one would break it, so it is left alone.
_UNSAFE_LINE = re.compile(
    r"[ \t]*(?:\[\^[^\]]*\]:|;*-+8<-|={3}|!{3}|\?{3}|/{3}|\|?[ \t]*:?-+:?[ \t]*\|[-:| \t]*$)"
)
_ATTRIBUTES_ONLY = re.compile(r"\{[^{}]*\}")
# A block's own attribute list, alone on its last line (Python-Markdown's attr_list syntax).
_BLOCK_ATTRIBUTES = re.compile(AttrListTreeprocessor.BASE_RE)
_DEFINITION = re.compile(r":[ \t]+(?=\S)")
_LEADING_COMMENTS = re.compile(r"(?:<!--.*?-->[ \t]*)*")
_LIST_MARKER = re.compile(r"(?:[-+*]|\d+[.)])(?:[ \t]|$)")
_SNIPPET = re.compile(r";*-+8<-")
_NOT_WORDS = re.compile(r":[\w+-]+:|\S+://\S+")  # emoji shortcodes, bare URLs


def _units(page: _Page, tokens: list[Token]) -> Iterator[Segment]:
    parents: list[Token] = []
    for index, token in enumerate(tokens):
        if token.nesting == -1:
            parents.pop()
            continue
        if token.type == "front_matter":
            yield from _front_matter(page, token)
        elif token.type == "admonition_open" and token.map:
            yield from _container_title(page, token.map[0])
        elif token.type == "fence" and token.map:
            yield from _code_title(page, token.map[0])
        elif token.type == "tr_open" and token.map:
            yield from _table_row(page, token.map[0], tokens, index)
        elif token.type == "inline" and token.map and parents:
            yield from _inline_unit(page, token, parents)
        if token.nesting == 1:
            parents.append(token)


def _inline_unit(page: _Page, token: Token, parents: list[Token]) -> Iterator[Segment]:
    """Headings, paragraphs (plain, in lists, definitions, footnotes) and definition terms."""
    assert token.map is not None
    first, last = token.map[0], max(token.map[1], token.map[0] + 1)
    parent = parents[-1]
    if parent.type == "heading_open" and parent.markup.startswith("#"):
        units = _atx_heading(page, token.content, first)
    elif parent.type == "heading_open":
        units = _setext_heading(page, token, first, last, parent.markup)
    elif parent.type == "dt_open":
        units = _each_line(page, _placed_lines(page, token.content, first, last), "definition-term")
    elif parent.type == "paragraph_open":
        grandparent = parents[-2].type if len(parents) > 1 else ""
        kind = _PARAGRAPH_KINDS.get(grandparent, "paragraph")
        units = _paragraph(page, _placed_lines(page, token.content, first, last), kind,
                           _hard_breaks(token, first))
    else:  # table cells and admonition titles are found from their source line
        return
    yield from (unit for unit in units if _worth_translating(unit.text))


@dataclass(frozen=True)
class _Line:
    """One line of a block's text: where it stands in the page (columns start..end)."""

    number: int
    start: int
    end: int
    text: str


def _placed_lines(page: _Page, content: str, first: int, last: int) -> list[_Line]:
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
        lines.append(_Line(number, start, start + len(piece), piece))
    return lines


def _atx_heading(page: _Page, content: str, line: int) -> list[Segment]:
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


def _setext_heading(page: _Page, token: Token, first: int, last: int,
                    underline: str) -> list[Segment]:
    """`Title` over `-----`. Python-Markdown reads only a one-line title so: over two lines or
    more it sees a paragraph (and, under `---`, a rule), which must stay over two lines."""
    lines = _placed_lines(page, token.content, first, last)
    if len(lines) == 1:
        line = lines[0]
        span = (page.offset(line.number, line.start), page.offset(line.number, line.end))
        return [Segment(line.text, "heading", line.number + 1, "", span, "setext")]
    units = _paragraph(page, lines, "paragraph", _hard_breaks(token, first))
    if len(units) == 1 and units[0].mode == "block":
        # One unit becomes one line: a blank line after it keeps `---` a rule; a paragraph
        # holding `===` as text cannot be kept, so it is left untranslated.
        return [replace(units[0], mode="over-rule")] if underline.startswith("-") else []
    return units


def _each_line(page: _Page, lines: list[_Line], kind: str, mode: str = "block") -> list[Segment]:
    return [_segment(page, [line], kind, mode) for line in lines]


def _hard_breaks(token: Token, first: int) -> set[int] | None:
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


def _paragraph(page: _Page, lines: list[_Line], kind: str,
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
            or (_BLOCK_START.match(texts[0]) and 0 not in own_block)
            or (kind == "list-item" and any(_LIST_MARKER.match(text) for text in texts[1:]))):
        return []  # Python-Markdown would not read it as plain lines of one paragraph
    if any(_DEFINITION.match(text) for text in texts[1:]):
        return _definition_lines(page, lines)
    units: list[Segment] = []
    run: list[_Line] = []
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


def _loose_definition(lines: list[_Line]) -> list[_Line]:
    """The lines of `:   text` without the marker, nor HTML comments right after it (no text:
    `<!-- md:version -->`); [] when what is left does not start a plain paragraph."""
    first = lines[0]
    cut = _LEADING_COMMENTS.match(first.text, _DEFINITION.match(first.text).end()).end()
    lines = [replace(first, start=first.start + cut, text=first.text[cut:]), *lines[1:]]
    lines = lines[1:] if not lines[0].text else lines
    return [] if not lines or _starts_block(lines[0].text) else lines


def _own_block_unit(page: _Page, line: _Line) -> Segment | None:
    """The unit of a `#Heading` or `*[ABBR]: expansion` line; None if Python-Markdown would not
    read the heading so."""
    if abbreviation := _ABBREVIATION.match(line.text):
        return _part(page, line, abbreviation.start(2), abbreviation[2], "abbreviation", "inline")
    if (heading := HashHeaderProcessor.RE.fullmatch(line.text)) is None:
        return None
    title = heading["header"].strip(" \t")
    start = line.text.index(title, heading.start("header")) if title else 0
    return _part(page, line, start, title, "heading", "heading")


def _part(page: _Page, line: _Line, column: int, text: str, kind: str, mode: str) -> Segment:
    """The unit of `text`, found at `column` of `line`'s text."""
    start = line.start + column
    return _segment(page, [replace(line, start=start, end=start + len(text), text=text)], kind, mode)


def _paragraph_run(page: _Page, run: list[_Line], kind: str, first: bool) -> list[Segment]:
    run = [line for line in run if line.text] if run else run
    if not run:
        return []
    task = _TASK.match(run[0].text) if kind == "list-item" and first else None
    if task:
        run[0] = replace(run[0], start=run[0].start + task.end(), text=run[0].text[task.end():])
    return [_segment(page, run, kind, "block")] if run[0].text else []


def _followed_by_definition(page: _Page, line: int) -> bool:
    """Whether a blank line, then a definition (`:   text`), follow `line`: then Python-Markdown
    reads each line of the paragraph ending there as a term."""
    rest = (text.strip(" \t>") for text in islice(page.lines, line + 1, None))
    if next(rest, "x"):
        return False
    return bool(_DEFINITION.match(next((text for text in rest if text), "")))


def _definition_lines(page: _Page, lines: list[_Line], terms: bool = False) -> list[Segment]:
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
        units += _each_line(page, [line], kind)
    return units


def _segment(page: _Page, lines: list[_Line], kind: str, mode: str) -> Segment:
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


def _container_title(page: _Page, line: int) -> Iterator[Segment]:
    """The title of an admonition, collapsible block or content tab: the quoted one, or else
    the one Python-Markdown shows (the first type, capitalised), which a translation spells out."""
    source = page.lines[line]
    for kind, pattern in (("tab-title", _TAB_TITLE), ("admonition-title", _ADMONITION_TITLE)):
        if match := pattern.match(source):
            yield from _quoted(page, line, match, kind)
            return
    if match := _ADMONITION_TYPE.match(source):
        title = match[1].split()[0].capitalize()
        span = (page.offset(line, match.start(1)), page.offset(line, match.end(1)))
        if _worth_translating(title):
            yield Segment(title, "admonition-title", line + 1, "", span, "type-title")


def _code_title(page: _Page, line: int) -> Iterator[Segment]:
    """The `title="…"` of a fenced code block, shown above the code."""
    source = page.lines[line]
    if match := _CODE_TITLE.search(source, len(source) - len(source.lstrip(" \t>`~"))):
        mode = "code-title" if match["quote"] == '"' else "code-title-in-apostrophes"
        yield from _quoted(page, line, match, "code-title", mode)


def _quoted(page: _Page, line: int, match: re.Match[str], kind: str,
            mode: str = "title") -> Iterator[Segment]:
    title = match["title"].strip(" \t")
    if _worth_translating(title):
        start = page.lines[line].index(title, match.start("title"))
        span = (page.offset(line, start), page.offset(line, start + len(title)))
        yield Segment(title, kind, line + 1, "", span, mode)


def _table_row(page: _Page, line: int, tokens: list[Token], index: int) -> Iterator[Segment]:
    """Each non-empty cell of a pipe-table row, when our split agrees with markdown-it's."""
    cells: list[str] = []
    for token in tokens[index + 1:]:
        if token.type == "tr_close":
            break
        if token.type == "inline":
            cells.append(token.content)
    source = page.lines[line]
    spans = _cell_spans(source)
    count = min(len(spans), len(cells))
    ours = [source[start:end].replace("\\|", "|") for start, end in spans]
    if ours[:count] != cells[:count] or any(cells[count:]):
        return
    lead = not source.lstrip(" \t>").startswith("|")
    for column, (start, end) in enumerate(spans[:count]):
        text = source[start:end]
        if _worth_translating(text):
            mode = "cell-lead" if column == 0 and lead else "cell"
            span = (page.offset(line, start), page.offset(line, end))
            yield Segment(text, "table-cell", line + 1, "", span, mode)


_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def _cell_spans(row: str) -> list[tuple[int, int]]:
    """Columns of each cell's trimmed text; [] when a code span could hide a pipe (Python-Markdown
    does not split there, markdown-it does)."""
    body_start = len(row) - len(row.lstrip(" \t>"))
    body_end = len(row.rstrip(" \t"))
    cuts = [match.end() - 1 for match in _PIPE.finditer(row, body_start, body_end)]
    bounds = list(zip([body_start - 1, *cuts], [*cuts, body_end]))
    if bounds and bounds[0][0] + 1 == bounds[0][1]:
        bounds.pop(0)
    if bounds and cuts and bounds[-1][0] + 1 == bounds[-1][1] == body_end:
        bounds.pop()
    spans = []
    for left, right in bounds:
        cell = row[left + 1:right]
        if not _code_spans_closed(cell):
            return []
        start = left + 1 + len(cell) - len(cell.lstrip(" \t"))
        spans.append((start, max(start, left + 1 + len(cell.rstrip(" \t")))))
    return spans


def _front_matter(page: _Page, token: Token) -> Iterator[Segment]:
    """The single-line string values of `title` and `description` in the YAML front matter."""
    assert token.map is not None
    first, last = token.map
    if last - first < 2 or page.lines[last - 1].rstrip() not in ("---", "..."):
        return
    try:
        root = yaml.compose("\n".join(page.lines[first + 1:last - 1]), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if (key.value in ("title", "description") and isinstance(value, yaml.ScalarNode)
                and value.tag == "tag:yaml.org,2002:str" and value.style in (None, "'", '"')
                and value.start_mark.line == value.end_mark.line and _has_words(value.value)):
            line = first + 1 + value.start_mark.line
            span = (page.offset(line, value.start_mark.column),
                    page.offset(line, value.end_mark.column))
            yield Segment(value.value, f"front-matter:{key.value}", line + 1, key.value,
                          span, "yaml")


_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*)>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _raw_html_lines(tokens: list[Token], line_count: int) -> set[int]:
    """Lines Python-Markdown keeps as raw HTML: inside a block-level element (as Python-Markdown
    lists them) opened without `markdown`; an inline one (`<del>`) holds paragraphs."""
    raw: set[int] = set()
    stack: list[tuple[str, bool]] = []
    since: int | None = None
    for token in tokens:
        if token.type != "html_block" or not token.map:
            continue
        if since is not None:
            raw.update(range(since, token.map[0]))
        for closing, name, attributes in _TAG.findall(_COMMENT.sub("", token.content)):
            name = name.lower()
            if closing:
                while stack and stack.pop()[0] != name:
                    pass
            elif (name in BLOCK_LEVEL_ELEMENTS and name not in _VOID
                  and not attributes.rstrip().endswith("/")):
                stack.append((name, "markdown" in attributes))
        since = token.map[1] if any(not markdown for _, markdown in stack) else None
    if since is not None:
        raw.update(range(since, line_count))
    return raw


def _worth_translating(text: str) -> bool:
    """Has words to translate: not only markup, a URL, an attribute list or a snippet marker."""
    return (_has_words(text) and not _ATTRIBUTES_ONLY.fullmatch(text)
            and not _SNIPPET.match(text))


def _has_words(text: str) -> bool:
    return any(char.isalpha() for char in _NOT_WORDS.sub(" ", _visible_text(_MD.parseInline(text))))


def _visible_text(tokens: list[Token]) -> str:
    """The text a reader sees (image alt included, code and autolinked URLs left out)."""
    parts: list[str] = []
    in_autolink = False
    for token in tokens:
        if token.type == "link_open":
            in_autolink = token.markup in ("autolink", "linkify")
        elif token.type == "link_close":
            in_autolink = False
        elif token.type == "text" and not in_autolink:
            parts.append(token.content)
        elif token.children:
            parts.append(_visible_text(token.children))
    return " ".join(parts)


# --- Making translations safe ----------------------------------------------------------------

# Line starts that Python-Markdown or markdown-it read as structure; see `_starts_block`.
_BLOCK_START = re.compile(
    r"#|\d+[.)][ \t]|[-+*][ \t]|[:~][ \t]|={3}|!{3}|\?{3}|/{3}|\*?\[[^\]]*\]:|;*-+8<-|\{[^{}]*\}$"
    r"|\$\$|\\begin\{"  # math blocks: plain text on their own, they may close on a later line
)
_UNESCAPED_PIPE = re.compile(r"(\\*)\|")
_TICKS = re.compile(r"(\\\\)|(\\`+)|(`+)")


def _make_safe(translation: str, mode: str) -> str | None:
    """The translation as one inert line for its spot; None keeps the source unit."""
    text = " ".join(translation.splitlines()).replace("\0", "\ufffd").strip()
    if not text:
        return None
    if mode == "part":  # one of the units a hard break separates: nothing may reach across it
        text = _close_inline(text)
    mode = {"type-title": "title", "over-rule": "block", "part": "block"}.get(mode, mode)
    if mode == "yaml":
        return _yaml_scalar(text)
    if mode.startswith("code-title"):  # shown as written: no way to escape its quote, and a
        quote = '"' if mode == "code-title" else "'"  # backtick would end a fence's info
        plain = quote not in text and "`" not in text and _worth_translating(text)
        return text if plain else None
    if _ATTRIBUTES_ONLY.fullmatch(text) or _SNIPPET.match(text):
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
        if not _code_spans_closed(text):
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
    literal = "".join(_leaves(_MD.parseInline(text)))
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
        if not _starts_block(text):
            return text
        text = _escape_lead(text)
    return None


def _starts_block(text: str) -> bool:
    """Whether `text`, at the start of a block, would be anything but one plain paragraph."""
    if _BLOCK_START.match(text):
        return True
    tokens = _MD.parse(text)
    return [token.type for token in tokens] != ["paragraph_open", "inline", "paragraph_close"] \
        or tokens[1].content != text


def _escape_lead(text: str) -> str:
    """Write the first structural character as a character reference (`#` -> `&#35;`)."""
    number = re.match(r"\d+(?=[.)])", text)
    at = number.end() if number else 0
    return f"{text[:at]}&#{ord(text[at])};{text[at + 1:]}"


def _code_spans_closed(text: str) -> bool:
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
