"""PDF editions from the built site: the A4 reading edition, the A5 pages of the booklet, the supply form.

The book is the article content of each built page, in nav order, with its links and ids rewritten
so that it works as one document, inside the templates of `overrides/editions/pdf/` (cover,
contents, back page; the form); WeasyPrint lays it out with `print.css`. Building the HTML is pure
and cheap (its text keys the cache); rendering is the slow part and runs in a worker process.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup

from handbook.site.bidi import isolate_ltr_runs
from handbook.config import HandbookConfig, Language
from handbook.editions.templates import render
from handbook.errors import BuildError
from handbook.fonts import font_stack
from handbook.site.stage import staged_root
from handbook.translation.ui import strings_for


# Generated pages about the website itself, not part of the printed handbook.
NOT_PRINTED = {"downloads.md", "translation-status.md"}

PAGE_SIZES = {"a4": "@page { size: A4; }", "a5": "@page { size: A5; margin: 14mm 12mm 15mm 12mm; } html { font-size: 9.5pt; }"}


# --- The pages of the book --------------------------------------------------------------------------


@dataclass(frozen=True)
class NavEntry:
    page: str  # "protect/masks.md", relative to the language folder
    section: str | None  # the English section title from mkdocs.yml, None at the top level


def nav_entries(config: HandbookConfig) -> list[NavEntry]:
    """The printed pages in nav order, with the section each belongs to."""
    data = yaml.load(config.config_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    entries: list[NavEntry] = []

    def walk(items: object, section: str | None) -> None:
        for item in items or []:  # type: ignore[union-attr]
            if isinstance(item, str):
                entries.append(NavEntry(item, section))
            elif isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        walk(value, title if section is None else section)
                    elif isinstance(value, str) and not urlsplit(value).scheme:
                        entries.append(NavEntry(value, section))
    walk(data.get("nav"), None)
    return [entry for entry in entries if entry.page not in NOT_PRINTED]


@dataclass(frozen=True)
class Chapter:
    index: int
    page: str  # "protect/masks.md"
    url: str  # the built page, relative to the site root: "bn/protect/masks.html"
    staged: Path  # the staged Markdown, named in errors
    section: str | None  # translated section title
    title: str
    body: str  # the article's inner HTML, as MkDocs built it
    drafts: bool  # some of this page is unreviewed


def language_prefix(language: Language) -> str:
    return "" if language.default else f"{language.code}/"


def online_url(config: HandbookConfig, language: Language) -> str:
    return config.site_url.rstrip("/") + "/" + language_prefix(language)


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
NOTICE = re.compile(r'<div class="admonition warning hb-translation-notice".*?</div>', re.S)
DOWNLOAD_BOX = re.compile(r"<!--hb-downloads-->.*?<!--/hb-downloads-->", re.S)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
TAGS = re.compile(r"<[^>]+>")


def article_body(page_html: str) -> str:
    """The page's own content: no translation notice (the PDF has its own) and no download box."""
    match = ARTICLE.search(page_html)
    body = match.group(1) if match else ""
    return DOWNLOAD_BOX.sub("", NOTICE.sub("", body)).strip()


def visible_text(document: str) -> str:
    """The text a reader sees in an HTML document: what its fonts must cover."""
    document = re.sub(r"<(style|script)\b.*?</\1>", " ", document, flags=re.S)
    return html.unescape(TAGS.sub(" ", document))


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    return (yaml.safe_load(text[4:end]) or {}) if end > 0 else {}


def page_has_drafts(meta: dict) -> bool:
    status = meta.get("handbook_translation") or {}
    return bool(status.get("drafts"))


def read_chapters(config: HandbookConfig, language: Language, site_dir: Path) -> list[Chapter]:
    """Every printed page of `language`, read from the built site, in nav order."""
    strings = strings_for(config, language)
    chapters = []
    for index, entry in enumerate(nav_entries(config), start=1):
        url = language_prefix(language) + entry.page[:-3] + ".html"
        staged = staged_root(config) / language.code / entry.page
        built = site_dir / url
        if not built.is_file():
            raise BuildError(f"the page was not built ({url})", staged)
        body = article_body(built.read_text(encoding="utf-8"))
        heading = H1.search(body)
        title = html.unescape(TAGS.sub("", heading.group(1))).strip() if heading else entry.page
        section = strings.nav.get(entry.section, entry.section) if entry.section else None
        drafts = page_has_drafts(front_matter(staged)) if staged.is_file() else False
        chapters.append(Chapter(index, entry.page, url, staged, section, title, body, drafts))
    return chapters


def language_has_drafts(config: HandbookConfig, language: Language) -> bool:
    """Whether any staged page of the language carries unreviewed drafts."""
    root = staged_root(config) / language.code
    return any(page_has_drafts(front_matter(path)) for path in sorted(root.rglob("*.md")))


# --- Rewriting links ------------------------------------------------------------------------------

URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')


def is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def resolve(page_url: str, url: str) -> tuple[str, str]:
    """A relative `url` on the page at `page_url` (both site-relative) as (site path, fragment)."""
    path, _, fragment = url.partition("#")
    if not path:
        return page_url, fragment
    if path.startswith("/"):  # root-absolute: relative to the site root
        return posixpath.normpath(path.lstrip("/")), fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path))
    return joined, fragment


def book_body(config: HandbookConfig, chapter: Chapter, anchors: dict[str, str], site_dir: Path, assets: set[str]) -> str:
    """One chapter's HTML for the single-document book: ids prefixed, links to chapters made internal."""
    prefix = f"c{chapter.index}-"
    body = ID_ATTRIBUTE.sub(lambda m: f' id="{prefix}{m.group(1)}"', chapter.body)

    def replace(match: re.Match) -> str:
        attribute, url = match.group(1), html.unescape(match.group(2))
        if is_absolute(url):
            return match.group(0)
        target, fragment = resolve(chapter.url, url)
        if attribute == "src":
            if not (site_dir / target).is_file():
                raise BuildError(f"image not found: {url} (looked for {target} in the built site)", chapter.staged)
            assets.add(target)
            return f'src="{html.escape(target)}"'
        if target in anchors:
            anchor = f"{anchors[target]}-{fragment}" if fragment else anchors[target]
            return f'href="#{html.escape(anchor)}"'
        online = config.site_url.rstrip("/") + "/" + target + (f"#{fragment}" if fragment else "")
        return f'href="{html.escape(online)}"'

    return URL_ATTRIBUTE.sub(replace, body)


# --- QR codes -------------------------------------------------------------------------------------


def qr_data_uri(url: str) -> str:
    """A QR code as an SVG data URI: vector, so it prints sharp at any size."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def qr_image(url: str) -> Markup:
    """The QR code of `url` for a template's `<img src>`: data the code made, printed as it is."""
    return Markup(qr_data_uri(url))


# --- Documents (templates in overrides/editions/pdf/) -----------------------------------------------


def edition_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).date().isoformat()


def _document_context(config: HandbookConfig, language: Language, epoch: int) -> dict[str, object]:
    """What the head and the QR codes of every PDF document use."""
    return {
        "language": language,
        "stamp": datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "ui": strings_for(config, language).ui,
        "supply_url": config.supply_request_url,
        "qr_image": qr_image,
    }


@dataclass(frozen=True)
class _Article:
    """A chapter as the book prints it: its heading, then (on a page with drafts) the draft note, then the rest."""

    chapter: Chapter
    heading: Markup
    rest: Markup
    marks_drafts: bool


def _article(chapter: Chapter, body: str) -> _Article:
    heading, closing, rest = body.partition("</h1>")
    if not closing:
        return _Article(chapter, Markup(body), Markup(""), False)
    return _Article(chapter, Markup(heading + closing), Markup(rest), chapter.drafts)


def book_html(config: HandbookConfig, language: Language, site_dir: Path, epoch: int) -> tuple[str, list[str]]:
    """The whole reading edition of `language` as one HTML document, and the site files it uses."""
    strings = strings_for(config, language)
    chapters = read_chapters(config, language, site_dir)
    anchors = {chapter.url: f"c{chapter.index}" for chapter in chapters}
    assets: set[str] = set()
    articles = [_article(chapter, book_body(config, chapter, anchors, site_dir, assets)) for chapter in chapters]
    document = render(
        config, "pdf/book.html", **_document_context(config, language, epoch),
        site_name=strings.site_name, site_description=strings.site_description, date=edition_date(epoch),
        has_drafts=language_has_drafts(config, language), online_url=online_url(config, language),
        licence_url=config.licence_url, licence_name=config.licence_name, chapters=chapters, articles=articles,
    )
    return isolate_ltr_runs(document), sorted(assets)


def form_html(config: HandbookConfig, language: Language, epoch: int, rows: int = 14) -> str:
    """The one-page supply-request form, to print and fill by hand."""
    document = render(config, "pdf/form.html", **_document_context(config, language, epoch), rows=rows)
    return isolate_ltr_runs(document)


# --- Rendering (in a worker process) ----------------------------------------------------------------


def page_font_css(language: Language) -> str:
    """Margin boxes (running header, page numbers) do not inherit from `html`: name the fonts there too."""
    families = ", ".join(f'"{family}"' for family in font_stack(language))
    return f"@page {{ font-family: {families}, sans-serif; }}"


def render_pdf(document: str, print_css: str, base_dir: Path, size: str, identifier: bytes, language: Language) -> bytes:
    """Lay out `document` with the print stylesheet (`config.print_css`) at `size` ("a4" or "a5"); deterministic bytes."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(string=print_css), CSS(string=PAGE_SIZES[size]),
                   CSS(string=page_font_css(language))]
    return HTML(string=document, base_url=str(base_dir) + "/").write_pdf(
        stylesheets=stylesheets, pdf_tags=True, pdf_identifier=identifier,
    )
