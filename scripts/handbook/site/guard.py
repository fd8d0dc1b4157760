"""The second wall: a translated page may carry no markup that its English page does not have.

The checks (`translation/checks/`, applied by `translation/policy.py`) refuse hostile units before
staging. This step reads what MkDocs really rendered, so a hole in those checks still cannot reach
readers: in the Markdown part of every translated page (marked by `site.hooks.on_page_content`), an
element that can run code or take input, an event handler, a `style`, a link or image target, a
class or any other attribute that the English page does not have fails the build, naming the
catalog line of the unit that brought it.
Text, ids and titles may differ: they are what translation changes.
"""

from __future__ import annotations

import logging
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from handbook.errors import BuildError
from handbook.translation.catalogs import Catalogs
from handbook.translation.segments.substitution import render as render_segments

if TYPE_CHECKING:
    from handbook.config import HandbookConfig
    from handbook.translation.policy import PageReport, PlacedUnit

log = logging.getLogger("handbook")

CONTENT_START = "<!--handbook:content-->"
CONTENT_END = "<!--/handbook:content-->"

# Elements that run code, load another document, take input or change how the page is read.
ACTIVE_ELEMENTS = frozenset(
    "script noscript iframe frame frameset object embed applet portal form input button textarea select "
    "option base meta link style template svg math video audio source track dialog details".split()
)
URL_ATTRIBUTES = frozenset(
    "href src srcset action formaction poster data cite background ping xlink:href manifest codebase "
    "longdesc usemap lowsrc dynsrc".split()
)
# Attributes whose value is text a translation changes (headings' ids come from their words), or
# its direction and language, which the build sets on runs of left-to-right text in right-to-left
# pages (`bidi`) and on units shown in English (`english_units`); the checks refuse a translation
# that writes them.
TEXT_ATTRIBUTES = frozenset({"id", "title", "alt", "aria-label", "name", "dir", "lang"})

Feature = tuple[str, ...]


class _Features(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[str] = Counter()
        self.other: set[Feature] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_ELEMENTS:
            self.elements[tag] += 1
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.other.add(("event handler", f"{tag} {name}"))
            elif name == "style":
                self.other.add(("style", value))
            elif name in URL_ATTRIBUTES:
                if not (name == "href" and value.startswith("#")):  # a place on the same page
                    self.other.add((f"{name} target", value))
            elif name == "class":
                self.other.update(("class", token) for token in value.split())
            elif name not in TEXT_ATTRIBUTES:
                self.other.add(("attribute", f"{tag} {name}"))

    handle_startendtag = handle_starttag


def features(html: str) -> tuple[Counter[str], set[Feature]]:
    """Active elements (counted) and every other feature of the markup (as a set)."""
    parser = _Features()
    parser.feed(html)
    parser.close()
    return parser.elements, parser.other


def new_features(english: str, translated: str) -> list[Feature]:
    """What the translated markup has that the English has not."""
    english_elements, english_other = features(english)
    translated_elements, translated_other = features(translated)
    found = [("element", tag) for tag in sorted(translated_elements - english_elements)]
    return found + sorted(translated_other - english_other)


def content_of(html: str, path: Path) -> str:
    """The Markdown part of a built page, between the markers the site hook writes (exactly one pair)."""
    if html.count(CONTENT_START) != 1 or html.count(CONTENT_END) != 1:
        raise BuildError("the page does not have exactly one marked Markdown part (translated markup?)", path)
    return html[html.index(CONTENT_START) + len(CONTENT_START):html.index(CONTENT_END)]


def strip_markers(html: str) -> str:
    return html.replace(CONTENT_START, "", 1).replace(CONTENT_END, "", 1)


def _markdown(config: HandbookConfig):
    import markdown

    names = [name for name, _ in config.markdown_extensions]
    options = {name: opts for name, opts in config.markdown_extensions if opts}
    return markdown.Markdown(extensions=names, extension_configs=options)


def culprits(config: HandbookConfig, source: str, placed: list[PlacedUnit], feature: Feature) -> list[PlacedUnit]:
    """The units that each bring a feature of this kind when put alone into the English page.

    Rendered with Python-Markdown and the configured extensions (links stay `.md` on both sides, so
    targets are matched by kind, not value). Used only when a page failed, to name the unit.
    """
    md = _markdown(config)
    english = md.reset().convert(source)
    found = []
    for unit in placed:
        alone = render_segments(source, lambda s, u=unit: u.msgstr if (s.context, s.text) == (u.context, u.msgid) else None)
        if any(new[0] == feature[0] for new in new_features(english, md.reset().convert(alone))):
            found.append(unit)
    return found


def _page_html(site_dir: Path, language_prefix: str, page: Path) -> Path:
    return site_dir / language_prefix / page.with_suffix(".html")


def guard_site(config: HandbookConfig, site_dir: Path, reports: list[PageReport]) -> None:
    """Compare every translated page with its English page; fail with the units' `file:line`.

    Removes the content markers from every page (also the English ones) once compared.
    """
    problems: list[str] = []
    for report in reports:
        if not report.placed:
            continue  # all English: nothing translated can differ
        english_path = _page_html(site_dir, "", report.page)
        translated_path = _page_html(site_dir, report.language, report.page)
        if not english_path.is_file() or not translated_path.is_file():
            continue
        english = content_of(english_path.read_text(encoding="utf-8"), english_path)
        translated = content_of(translated_path.read_text(encoding="utf-8"), translated_path)
        new = new_features(english, translated)
        if not new:
            continue
        page_source = (config.source_dir / report.page).read_text(encoding="utf-8")
        for feature in new:
            shown = f"{feature[0]} {feature[1]!r}"
            units = culprits(config, page_source, report.placed, feature)
            where = [f"{unit.catalog}:{unit.line}" for unit in units] or [str(Catalogs(config).language_dir(report.language))]
            for place in where:
                problems.append(f"{place}: {shown} on {report.language}/{report.page} is not on the English page")
    for path in site_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if CONTENT_START in text:
            path.write_text(strip_markers(text), encoding="utf-8")
    if problems:
        raise BuildError("translated markup the English page does not have (the checks missed it):\n  "
                         + "\n  ".join(problems))
    log.info("guard: %d translated page(s) carry only the English pages' markup", len(reports))
