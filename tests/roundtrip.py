"""The round-trip property: a page with every unit replaced renders to the English page's elements.

Each unit is replaced twice. Once by a marker in front of its own text ("Xqx7 " + text): the
rendered HTML must have the same elements (tags, classes, ids, `<br>`) as the English, and no
marker may sit inside code. Once by the marker alone: no English word may be left visible outside
code, since every visible sentence must have been offered for translation.

And every unit is left in English, marked as a translated page marks it (`site.english_units`):
the page must read the same, with the same elements but for the spans the marks add, and no
mark may be left in the HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
from markdown_it import MarkdownIt

from handbook.site.english_units import EnglishUnitsExtension
from handbook.translation.segments.extraction import extract
from handbook.translation.segments.page import ENGLISH_END, ENGLISH_START
from handbook.translation.segments.substitution import render

MARKER = re.compile(r"Xqx\d+")
_FRONT_MATTER = re.compile(r"---\r?\n(.*?)\r?\n(?:---|\.\.\.)\r?\n", re.DOTALL)


def _constant_slug(value: str, separator: str) -> str:
    """Ids that toc derives from heading text become `h`, `h_1`, ... (numbered by toc itself):
    a translated heading has another slug, and that is no change of structure."""
    return "h"


_CODE = frozenset({"code", "pre", "script", "style", "kbd", "samp"})


def marker(index: int) -> str:
    return f"Xqx{index}"


@dataclass
class Page:
    """A Markdown input and how it is rendered: Python-Markdown extensions and their configs."""

    name: str
    source: str
    extensions: list[str]
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_html(self, text: str, *, english_units: bool = False) -> str:
        return self.convert(text, english_units=english_units)[0]

    def convert(self, text: str, *, english_units: bool = False) -> tuple[str, list[str]]:
        """The HTML, and the raw HTML blocks Python-Markdown passed through untouched;
        `english_units`: with the extension every build adds, which reads the English marks."""
        configs = {name: dict(self.configs.get(name, {})) for name in self.extensions}
        if "toc" in configs:
            configs["toc"]["slugify"] = _constant_slug
        body = _FRONT_MATTER.sub("", text, count=1) if text.startswith("---") else text
        extensions = [*self.extensions, *([EnglishUnitsExtension("en", "ltr")] if english_units else [])]
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        html = md.convert(body)
        return html, [block for block in md.htmlStash.rawHtmlBlocks if isinstance(block, str)]


class _Elements(HTMLParser):
    """Elements in document order (tag, classes, id), and the text outside and inside code; a
    `<span dir="ltr">` (or `<span lang="en" dir="ltr">`) the English marks made is no element of
    the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, str, str]] = []
        self.prose: list[str] = []
        self.code: list[str] = []
        self.depth: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "span" and sorted(attrs) in ([("dir", "ltr"), ("lang", "en")], [("dir", "ltr")]):
            return
        self.href = values.get("href") if tag == "a" else None
        classes = " ".join(sorted((values.get("class") or "").split()))
        self.elements.append((tag, classes, values.get("id") or ""))
        if tag in _CODE:
            self.depth.append(tag)
        if values.get("alt"):  # text a reader sees (or hears) too
            (self.code if self.depth else self.prose).append(values["alt"] or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _CODE:
            self.depth.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.href = None
        if tag in _CODE and tag in self.depth:
            while self.depth.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.href and data.strip() and data.strip() in self.href:
            return  # an autolink: the URL, no words
        (self.code if self.depth else self.prose).append(data)


def scan(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


_WORD = re.compile(r"[^\W\d_]{2,}")
_NOT_WORDS = re.compile(r":[\w+-]+:|\S+://\S*|www\.\S+")  # icons and emoji (shortcodes), URLs


def english_words(texts: list[str]) -> set[str]:
    """Words of two letters or more (markers, shortcodes and URLs left out)."""
    return {word for text in texts for word in _WORD.findall(_NOT_WORDS.sub(" ", MARKER.sub(" ", text)))}


def html_block_lines(source: str) -> list[str]:
    """The lines markdown-it reads as raw HTML blocks: left untranslated by design, since a
    translation may not carry HTML (Markdown on the same lines as a tag goes with them)."""
    lines = source.splitlines()
    return [line for token in _MARKDOWN_IT.parse(source) if token.type == "html_block" and token.map
            for line in lines[token.map[0]:token.map[1]]]


_MARKDOWN_IT = MarkdownIt("commonmark")


ELEMENTS, CODE, PROSE, ENGLISH = "elements", "code", "prose", "english"
"""The four checks: same elements; no marked text inside code; no English prose left; the page
left in English and marked reads the same."""


def problems(page: Page) -> Iterator[tuple[str, str]]:
    """What breaks the property on `page`, as (check, detail); nothing when it holds."""
    units = extract(page.source)
    index = {segment.span: number for number, segment in enumerate(units)}
    english_html, raw_blocks = page.convert(page.source)
    english = scan(english_html)
    marked = scan(page.to_html(render(page.source, lambda s: f"{marker(index[s.span])} {s.text}")))
    if marked.elements != english.elements:
        yield ELEMENTS, "elements differ: " + _first_difference(english.elements, marked.elements)
    bare = scan(page.to_html(render(page.source, lambda s: marker(index[s.span]))))
    if leaked := MARKER.findall(" ".join([*marked.code, *bare.code])):
        yield CODE, f"marked text inside code: {sorted(set(leaked))}"
    # Raw HTML is passed through untranslated by design (a translation may not carry HTML);
    # words an extension's options supply (a footnote's back link) are not the page's.
    excused = english_words([*raw_blocks, *html_block_lines(page.source), *_option_texts(page.configs)])
    if left := english_words(bare.prose) & english_words(english.prose) - excused:
        yield PROSE, f"visible English not offered: {sorted(left)[:8]}"
    shown_html = page.to_html(render(page.source, lambda s: None, mark_english=True), english_units=True)
    shown = scan(shown_html)
    if ENGLISH_START in shown_html or ENGLISH_END in shown_html:
        yield ENGLISH, "a mark of English text is left in the HTML"
    elif shown.elements != english.elements:
        yield ENGLISH, "elements differ: " + _first_difference(english.elements, shown.elements)
    elif " ".join("".join(shown.prose).split()) != " ".join("".join(english.prose).split()):
        yield ENGLISH, "the text differs"


def _option_texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _option_texts(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _option_texts(item)]
    return []


def _first_difference(ours: list, theirs: list) -> str:
    for position, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            return f"at element {position}: {a} != {b}"
    return f"{len(ours)} elements != {len(theirs)}"


# --- The inputs ------------------------------------------------------------------------------

# What pages are rendered with: mkdocs.yml's extensions, plus those pages of other sites use.
PAGE_EXTRAS = ["attr_list", "md_in_html", "pymdownx.tabbed", "abbr"]


def site_extensions(config_file: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The Markdown extensions (and their options) that mkdocs.yml enables, read by the typed config."""
    from handbook.config import load_config

    enabled = load_config(config_file).markdown_extensions
    names = [name for name, _ in enabled]
    configs = {name: dict(options) for name, options in enabled}
    names += [name for name in PAGE_EXTRAS if name not in names]
    return names, configs


_OBJECT = re.compile(r"<markdown\.extensions\.(\w+)\.\w+ object at 0x[0-9a-f]+>")


def peer_page(snippet: dict[str, Any], site: tuple[list[str], dict[str, dict[str, Any]]]) -> Page:
    """A peer test input with the extensions its own test renders it with. The CommonMark
    examples name none: they are Markdown a page may hold, rendered the way pages are (`site`)."""
    if snippet["suite"] == "commonmark":
        return Page(snippet["id"], snippet["source"], *site)
    names = [_OBJECT.sub(r"\1", name) for name in snippet.get("extensions") or []]
    names = [name.removeprefix("markdown.extensions.") for name in names]
    configs = {_OBJECT.sub(r"\1", key).removeprefix("markdown.extensions."): value
               for key, value in (snippet.get("configs") or {}).items()}
    return Page(snippet["id"], snippet["source"], names, configs)


if __name__ == "__main__":  # a report over everything: python tests/roundtrip.py [filter]
    import json
    import sys
    from collections import Counter

    sys.path.insert(0, str(Path(__file__).parent))
    from helpers import CORPUS, REPO

    names, configs = site_extensions(REPO / "mkdocs.yml")
    pages = [Page(str(path), path.read_text(encoding="utf-8"), names, configs)
             for path in [*sorted((REPO / "docs" / "en").glob("**/*.md")),
                          *sorted((CORPUS / "markdown-material-docs").glob("*.md"))]]
    snippets = json.loads((CORPUS / "markdown-peers" / "snippets.json").read_text(encoding="utf-8"))
    pages += [peer_page(snippet, (names, configs)) for snippet in snippets]
    wanted = sys.argv[1] if len(sys.argv) > 1 else ""
    failures: Counter[str] = Counter()
    for page in pages:
        if wanted not in page.name:
            continue
        try:
            found = list(problems(page))
        except Exception as error:  # noqa: BLE001 - a report, not a test
            found = [("crash", repr(error))]
        for check, detail in found:
            failures[check] += 1
            print(f"{page.name}: {detail}")
    print(failures, file=sys.stderr)
