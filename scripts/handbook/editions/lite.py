"""The lite edition: every page again as plain HTML, for old phones and 2G links.

`site/lite/<lang>/` mirrors each language's pages (same relative paths). A lite page is the built
page's article (so the text is rendered once, by MkDocs) with Material's extras stripped, inside a
small shell (`overrides/editions/lite/page.html`): the supply-request link, the way back to the
full page, previous/next links, the last-reviewed date, the licence, a link to the Downloads
page, and the language's edition code with the online Downloads page that names the current one
(a lite page saved on a phone is an offline copy). It loads no JavaScript, no web font and nothing
from another host; its one stylesheet is inline. Every link is relative, so the edition also works
from `file://` and inside the offline zip.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlunsplit

from markupsafe import Markup

from handbook.site.bidi import isolate_ltr_runs
from handbook.config import HandbookConfig, Language
from handbook.editions.templates import render
from handbook.editions.built_page import read_built_page
from handbook.editions.links import language_prefix, parse_link
from handbook.editions.stamp import Stamp, edition_stamp
from handbook.site.stage import staged_root
from handbook.translation.supply_form import SupplyForm, request_links
from handbook.translation.ui import strings_for

log = logging.getLogger("handbook")

LITE_DIR = "lite"

# Elements dropped with everything inside them: scripts, icons, widgets.
DROPPED = frozenset({"script", "style", "svg", "button", "form", "input", "select", "textarea", "iframe",
                     "object", "embed", "noscript", "template", "canvas", "audio", "video", "link", "meta"})
# Material's own links inside the article: permalinks and edit/view buttons.
DROPPED_CLASSES = frozenset({"headerlink", "md-content__button"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
KEPT_ATTRIBUTES = frozenset({"href", "src", "alt", "title", "id", "lang", "dir", "colspan", "rowspan", "datetime",
                             "cite", "start", "reversed", "type", "open", "role", "width", "height", "rel", "download", "abbr", "scope",
                             "tabindex"})
KEPT_CLASSES = frozenset({"admonition", "admonition-title", "note", "abstract", "info", "tip", "success", "question",
                          "warning", "failure", "danger", "bug", "example", "quote", "footnote", "footnote-ref",
                          "footnote-backref"})

@dataclass(frozen=True)
class NavEntry:
    """A page (`path` set) or a section heading (`path` None) of the nav, with its nesting depth."""

    title: str
    path: PurePosixPath | None
    depth: int


@dataclass(frozen=True)
class FullPage:
    path: PurePosixPath  # relative to the language's folder, e.g. protect/masks.html
    title: str
    article: str  # the article's inner HTML, as built
    reviewed: str | None
    description: str = ""  # the full page's meta description (search engines show it)


# --- Reading the built site ----------------------------------------------------------------------


def language_root(site_dir: Path, language: Language) -> Path:
    return site_dir if language.default else site_dir / language.code


def lite_root(site_dir: Path, language: Language) -> Path:
    return site_dir / LITE_DIR / language.code


def _page_paths(config: HandbookConfig, language: Language, built: Path) -> list[PurePosixPath]:
    """Every built page of one language: nav order first, then the rest sorted."""
    staged = staged_root(config) / language.code
    markdown = sorted(path.relative_to(staged).as_posix() for path in staged.rglob("*.md")) if staged.is_dir() else []
    ordered = [item.page for item in config.nav_pages] + markdown
    paths: list[PurePosixPath] = []
    for page in dict.fromkeys(ordered):
        path = PurePosixPath(page).with_suffix(".html")
        if (built / path).is_file():
            paths.append(path)
    return paths


def read_full_page(built: Path, path: PurePosixPath) -> FullPage:
    page = read_built_page(built / path)
    return FullPage(path, page.title, page.article, page.reviewed, page.description)


# --- Cleaning an article -------------------------------------------------------------------------


class _Cleaner(HTMLParser):
    """Keeps semantic HTML: drops scripts, icons and widgets, attributes beyond a short list, and
    whitespace runs outside <pre>; rewrites every relative URL through `rewrite`."""

    def __init__(self, rewrite) -> None:
        super().__init__(convert_charrefs=True)
        self.rewrite = rewrite
        self.out: list[str] = []
        self.skipping = 0  # depth inside a dropped element
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        opens = not closed and tag not in VOID
        if self.skipping:
            self.skipping += opens
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if tag in DROPPED or classes & DROPPED_CLASSES:
            self.skipping = int(opens)
            return
        if tag == "pre":
            self.pre += 1
        kept = []
        for name, value in attrs:
            if name == "class":
                value = " ".join(token for token in (value or "").split() if token in KEPT_CLASSES)
                if not value:
                    continue
            elif name not in KEPT_ATTRIBUTES:
                continue
            if name in ("href", "src") and value:
                value = self.rewrite(value)
            kept.append(f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag not in VOID:
                self.skipping -= 1
            return
        if tag in VOID:
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if data == " " and self.out and self.out[-1].endswith(">"):
                data = "\n"
        self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return re.sub(r"\n{2,}", "\n", "".join(self.out)).strip()


def clean_article(article: str, rewrite) -> str:
    cleaner = _Cleaner(rewrite)
    cleaner.feed(article)
    return cleaner.result()


def _relative(target: Path, start: Path) -> str:
    return quote(os.path.relpath(target, start).replace(os.sep, "/"), safe="/")


def make_rewriter(page: str, lite_page: str, twins: dict[str, str]):
    """URLs as seen from the lite page: pages with a lite twin go to the twin, anything else
    (images, downloads, pages of other languages) to the file of the full site. Paths are relative
    to the site root: the full page `page`, its twin `lite_page`, `twins` from full page to twin."""
    folder = posixpath.dirname(lite_page)

    def rewrite(url: str) -> str:
        link = parse_link(page, url)
        if link is None or link.same_page:
            return url  # another host, mailto:, or an anchor on this page
        destination = twins.get(link.path, link.path)
        relative = quote(posixpath.relpath(destination, folder), safe="/")
        return urlunsplit(("", "", relative, link.query, link.fragment))

    return rewrite


# --- Writing lite pages (templates in overrides/editions/lite/) ------------------------------------


def _href_to(here: PurePosixPath):
    """Links between lite pages of one language, relative to the page at `here`."""
    return lambda path: quote(os.path.relpath(path, here.parent).replace(os.sep, "/"), safe="/")


def _nav_html(config: HandbookConfig, entries: list[NavEntry], here: PurePosixPath, contents: str) -> str:
    """The whole handbook as nested lists, in nav order."""
    return render(config, "lite/nav.html", entries=entries, contents=contents, href_to=_href_to(here))


def render_lite_page(
    config: HandbookConfig, language: Language, page: FullPage, body: str, *, ui: dict[str, str], form: SupplyForm,
    site_name: str,
    previous: FullPage | None, following: FullPage | None, full_href: str, nav: str | None,
    languages: list[tuple[Language, str]], stamp: Stamp,
) -> str:
    home = page.path == PurePosixPath("index.html")  # its title is nearly the site name: said once
    title = site_name if home or page.title.casefold() == site_name.casefold() else f"{page.title} - {site_name}"
    return render(
        config, "lite/page.html", language=language, page=page, title=title, site_name=site_name, ui=ui,
        body=Markup(body), nav=Markup(nav) if nav else None, previous=previous, following=following,
        href_to=_href_to(page.path), root="../" * (len(page.path.parts) - 1), full_href=full_href,
        languages=languages, supply_url=config.supply_request_url, licence_url=config.licence_url,
        licence_name=config.licence_name,
        supply=request_links(form, config.supply_request_sms, config.supply_request_email), edition_stamp=stamp,
    )


def build_lite(config: HandbookConfig, site_dir: Path) -> dict[str, int]:
    """Write `site/lite/<lang>/` for every language from the built full site; returns pages per language."""
    nav_tree = config.nav
    all_paths = {language.code: _page_paths(config, language, language_root(site_dir, language)) for language in config.languages}
    counts: dict[str, int] = {}
    for language in config.languages:
        built, lite = language_root(site_dir, language), lite_root(site_dir, language)
        strings = strings_for(config, language)
        ui = strings.ui
        stamp = edition_stamp(config, language)
        paths = all_paths[language.code]
        pages = {path: read_full_page(built, path) for path in paths}
        in_nav = [PurePosixPath(item.page).with_suffix(".html") for item in config.nav_pages]
        sequence = [path for path in in_nav if path in pages]  # previous/next follow the nav
        entries = [
            NavEntry(strings.nav.get(section, section), None, depth) if section is not None
            else NavEntry(pages[PurePosixPath(page).with_suffix(".html")].title, PurePosixPath(page).with_suffix(".html"), depth)
            for section, page, depth in nav_tree
            if section is not None or PurePosixPath(page).with_suffix(".html") in pages
        ]
        prefix, lite_prefix = language_prefix(language), f"{LITE_DIR}/{language.code}/"
        lite_twins = {f"{prefix}{path}": f"{lite_prefix}{path}" for path in paths}
        for path, page in pages.items():
            full_file, lite_file = built / path, lite / path
            body = clean_article(page.article, make_rewriter(f"{prefix}{path}", f"{lite_prefix}{path}", lite_twins))
            position = sequence.index(path) if path in sequence else None
            previous = pages[sequence[position - 1]] if position else None
            following = pages[sequence[position + 1]] if position is not None and position + 1 < len(sequence) else None
            twins = [
                (other, _relative(lite_root(site_dir, other) / path, lite_file.parent))
                for other in config.languages if other != language and path in all_paths[other.code]
            ]
            text = render_lite_page(
                config, language, page, body, ui=ui, form=strings.form, site_name=strings.site_name, previous=previous,
                following=following, full_href=_relative(full_file, lite_file.parent),
                nav=_nav_html(config, entries, path, ui["lite.contents"]) if path == PurePosixPath("index.html") else None,
                languages=twins, stamp=stamp,
            )
            text = isolate_ltr_runs(text)  # the shell's own dates and names; the article already is
            lite_file.parent.mkdir(parents=True, exist_ok=True)
            lite_file.write_text(text, encoding="utf-8")  # inside the fresh build folder: swapped in whole
        counts[language.code] = len(pages)
        log.info("lite: %s, %d pages", language.code, len(pages))
    return counts
