"""The page as the segmenter reads it: the unit type, the markdown-it parser, lines with their offsets.

Shared by extraction (which finds units) and by making translations inert (which parses a
translation the same way), with the one test of whether a text has words worth translating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    title, type-title, code-title(-in-apostrophes), inline or yaml (see `make_safe` and `render`)."""


def _parser() -> MarkdownIt:
    """CommonMark plus the block syntax of the MkDocs extensions that markdown-it-py knows."""
    md = MarkdownIt("commonmark").enable("table")
    for plugin in (front_matter_plugin, admon_plugin, deflist_plugin, footnote_plugin,
                   dollarmath_plugin, amsmath_plugin):
        md.use(plugin)
    md.core.ruler.disable("footnote_tail")  # keep every footnote where it is, referenced or not
    return md


MD = _parser()
NEWLINE = re.compile(r"(\r\n?|\n)")  # markdown-it ends a line at any of these
# Around a unit that a translated page shows in English (`substitution.render`): two Unicode
# noncharacters, made for a program's own use, so no page and no translation carries them (`inert`
# turns them into U+FFFD in a translation). `site.english_units` turns them into `lang` and `dir`.
ENGLISH_START, ENGLISH_END = "\ufdd0", "\ufdd1"
_COMMENT_LINE = re.compile(r"<!--.*?-->[ \t]*")
_LOOSE_DEFINITION = re.compile(r"[ \t]{0,3}:[ \t]+\S")
_COMMENTED_DEFINITION = re.compile(r"([ \t]{0,3}:[ \t]+)(?:<!--.*?-->[ \t]*)+(?=\S)")
_TAB_MARKER = re.compile(r'^([ \t]*)===(?=[+!]{0,2}[ \t]+")')


class Page:
    """The page cut into lines exactly where markdown-it cuts them, with their offsets."""

    def __init__(self, text: str) -> None:
        parts = NEWLINE.split(text)
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


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # its Markdown, a trailing attribute list left off, spaces collapsed
    line: int  # its first line in the page, from 0


TRAILING_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")


def headings(tokens: list[Token]) -> list[Heading]:
    """Every heading of a parsed page (`MD.parse(Page(text).parse_view())`), in order: those inside
    admonitions and content tabs too, not a `#` line in a code block."""
    return [Heading(int(token.tag[1]), " ".join(TRAILING_ATTRIBUTES.sub("", tokens[index + 1].content).split()),
                    token.map[0])
            for index, token in enumerate(tokens) if token.type == "heading_open" and token.map]


# How Python-Markdown's abbreviation definition starts (markdown.extensions.abbr: `*[HTML]: Hyper
# Text...`). Its brackets may hold `]`, as in the extension's own pattern: `*[a][^1]:` is one too.
ABBREVIATION_LEAD = r"\*\[[^\\]*?\] ?:"
ATTRIBUTES_ONLY = re.compile(r"\{[^{}]*\}")
SNIPPET = re.compile(r";*-+8<-")
_NOT_WORDS = re.compile(r":[\w+-]+:|\S+://\S+")  # emoji shortcodes, bare URLs


def worth_translating(text: str) -> bool:
    """Has words to translate: not only markup, a URL, an attribute list or a snippet marker."""
    return (has_words(text) and not ATTRIBUTES_ONLY.fullmatch(text)
            and not SNIPPET.match(text))


def has_words(text: str) -> bool:
    return any(char.isalpha() for char in _NOT_WORDS.sub(" ", _visible_text(MD.parseInline(text))))


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
