"""Find every translatable unit of a Markdown page, with the span a translation replaces.

Units are found with markdown-it's token line maps: headings, paragraphs (cut by `paragraphs`),
definition terms, footnotes, table cells, the titles of admonitions, collapsible blocks, content
tabs and code blocks, and the front matter's `title` and `description`. Text Python-Markdown keeps
as raw HTML is left out: a translation may not carry HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from markdown.util import BLOCK_LEVEL_ELEMENTS
from markdown_it.token import Token

from handbook.translation.segments.inert import code_spans_closed
from handbook.translation.segments.page import MD, Page, Segment, has_words, worth_translating
from handbook.translation.segments.paragraphs import (
    atx_heading, each_line, hard_breaks, paragraph, placed_lines, setext_heading,
)

_PARAGRAPH_KINDS = {"list_item_open": "list-item", "dd_open": "definition",
                    "footnote_reference_open": "footnote"}
_ADMONITION_TITLE = re.compile(r'(?:[ \t]*(?:[-+*:]|\d+[.)])[ \t]+)*[ \t]*(?:!!!|\?\?\?\+?)(?: ?[\w-]+(?:[ \t]+[\w-]+)*)?[ \t]*"(?P<title>.*)"[ \t]*$')
# An admonition or collapsible block without a title shows its first type, capitalised.
_ADMONITION_TYPE = re.compile(r'(?:[ \t]*(?:[-+*:]|\d+[.)])[ \t]+)*[ \t]*(?:!!!|\?\?\?\+?) ?([\w-]+(?:[ \t]+[\w-]+)*)[ \t]*$')
_CODE_TITLE = re.compile(r"(?<![\w-])title=(?P<quote>[\"'])(?P<title>.*?)(?P=quote)")
_TAB_TITLE = re.compile(r'(?:[ \t]*(?:[-+*:]|\d+[.)])[ \t]+)*[ \t]*===[+!]{0,2}[ \t]+"(?P<title>.*)"[ \t]*$')


def extract(text: str) -> list[Segment]:
    """Every translatable unit of the page, in source order."""
    page = Page(text)
    tokens = MD.parse(page.parse_view())
    raw = _raw_html_lines(tokens, len(page.lines))
    units = (unit for unit in _units(page, tokens) if unit.line - 1 not in raw)
    return sorted(units, key=lambda unit: unit.span)


def _units(page: Page, tokens: list[Token]) -> Iterator[Segment]:
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


def _inline_unit(page: Page, token: Token, parents: list[Token]) -> Iterator[Segment]:
    """Headings, paragraphs (plain, in lists, definitions, footnotes) and definition terms."""
    assert token.map is not None
    first, last = token.map[0], max(token.map[1], token.map[0] + 1)
    parent = parents[-1]
    if parent.type == "heading_open" and parent.markup.startswith("#"):
        units = atx_heading(page, token.content, first)
    elif parent.type == "heading_open":
        units = setext_heading(page, token, first, last, parent.markup)
    elif parent.type == "dt_open":
        units = each_line(page, placed_lines(page, token.content, first, last), "definition-term")
    elif parent.type == "paragraph_open":
        grandparent = parents[-2].type if len(parents) > 1 else ""
        kind = _PARAGRAPH_KINDS.get(grandparent, "paragraph")
        units = paragraph(page, placed_lines(page, token.content, first, last), kind,
                           hard_breaks(token, first))
    else:  # table cells and admonition titles are found from their source line
        return
    yield from (unit for unit in units if worth_translating(unit.text))


def _container_title(page: Page, line: int) -> Iterator[Segment]:
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
        if worth_translating(title):
            yield Segment(title, "admonition-title", line + 1, "", span, "type-title")


def _code_title(page: Page, line: int) -> Iterator[Segment]:
    """The `title="…"` of a fenced code block, shown above the code."""
    source = page.lines[line]
    if match := _CODE_TITLE.search(source, len(source) - len(source.lstrip(" \t>`~"))):
        mode = "code-title" if match["quote"] == '"' else "code-title-in-apostrophes"
        yield from _quoted(page, line, match, "code-title", mode)


def _quoted(page: Page, line: int, match: re.Match[str], kind: str,
            mode: str = "title") -> Iterator[Segment]:
    title = match["title"].strip(" \t")
    if worth_translating(title):
        start = page.lines[line].index(title, match.start("title"))
        span = (page.offset(line, start), page.offset(line, start + len(title)))
        yield Segment(title, kind, line + 1, "", span, mode)


def _table_row(page: Page, line: int, tokens: list[Token], index: int) -> Iterator[Segment]:
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
        if worth_translating(text):
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
        if not code_spans_closed(cell):
            return []
        start = left + 1 + len(cell) - len(cell.lstrip(" \t"))
        spans.append((start, max(start, left + 1 + len(cell.rstrip(" \t")))))
    return spans


def _front_matter(page: Page, token: Token) -> Iterator[Segment]:
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
                and value.start_mark.line == value.end_mark.line and has_words(value.value)):
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
