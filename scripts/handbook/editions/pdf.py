"""PDF editions from the built site: the A4 reading edition, the A5 pages of the booklet, the supply form.

The book is the article content of each built page, in nav order, with its links and ids rewritten
so that it works as one document, inside the templates of `overrides/editions/pdf/` (cover,
contents, back page; the form); WeasyPrint lays it out with `print.css`. Building the HTML is pure
and cheap (its text keys the cache); rendering is the slow part and runs in a worker process.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from handbook.site.bidi import isolate_ltr_runs
from handbook.translation.catalogs import Catalogs
from handbook.config import HandbookConfig, Language
from handbook.editions.templates import render, templates_digest
from handbook.errors import BuildError
from handbook.frontmatter import read_front_matter
from handbook.editions.base import Edition, EditionInputs, Job, cache_key, code_version, quiet_renderers
from handbook.editions.built_page import read_built_page
from handbook.editions.changes import changes_page_url, newest_changes
from handbook.editions.links import Link, language_prefix, online_url, rewrite_links
from handbook.fonts import check_coverage, font_stack, lang_font_css
from handbook.fsutil import write_atomic
from handbook.site.stage import staged_root
from handbook.translation import review
from handbook.translation.supply_form import request_links
from handbook.translation.ui import strings_for

if TYPE_CHECKING:
    from handbook.editions.stamp import Stamp


# Generated pages about the website itself, not part of the printed handbook.
NOT_PRINTED = {"downloads.md", "translation-status.md", "changes.md"}

PAGE_SIZES = {"a4": "@page { size: A4; }", "a5": "@page { size: A5; margin: 14mm 12mm 15mm 12mm; } html { font-size: 9.5pt; }"}


# --- The pages of the book --------------------------------------------------------------------------


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
    one_page: bool = False  # `print: one-page` in its front matter: a card for a wall, laid out to fit one sheet


NOTICE = re.compile(r'<div class="admonition warning hb-translation-notice".*?</div>', re.S)
DOWNLOAD_BOX = re.compile(r"<!--hb-downloads-->.*?<!--/hb-downloads-->", re.S)
TAGS = re.compile(r"<[^>]+>")


def printed_article(article: str) -> str:
    """The page's own content: no translation notice (the PDF has its own) and no download box."""
    return DOWNLOAD_BOX.sub("", NOTICE.sub("", article)).strip()


def visible_text(document: str) -> str:
    """The text a reader sees in an HTML document: what its fonts must cover."""
    document = re.sub(r"<(style|script)\b.*?</\1>", " ", document, flags=re.S)
    return html.unescape(TAGS.sub(" ", document))


def page_has_drafts(meta: dict) -> bool:
    status = meta.get("handbook_translation") or {}
    return bool(status.get("drafts"))


def read_chapters(config: HandbookConfig, language: Language, site_dir: Path) -> list[Chapter]:
    """Every printed page of `language`, read from the built site, in nav order."""
    strings = strings_for(config, language)
    chapters = []
    printed = [entry for entry in config.nav_pages if entry.page not in NOT_PRINTED]
    for index, entry in enumerate(printed, start=1):
        url = language_prefix(language) + entry.page[:-3] + ".html"
        staged = staged_root(config) / language.code / entry.page
        built = site_dir / url
        if not built.is_file():
            raise BuildError(f"the page was not built ({url})", staged)
        page = read_built_page(built)
        section = strings.nav.get(entry.section, entry.section) if entry.section else None
        meta = read_front_matter(staged) if staged.is_file() else {}
        layout = meta.get("print")
        if layout not in (None, "one-page"):
            raise BuildError(f"print: {layout!r} is not a print layout (the one there is: one-page)", staged)
        chapters.append(Chapter(index, entry.page, url, staged, section, page.title, printed_article(page.article),
                                page_has_drafts(meta), layout == "one-page"))
    return chapters


def language_states(config: HandbookConfig, language: Language) -> dict[str, int]:
    """How many units of the language's staged pages are in each review state (`review.STATES`,
    in that order; none for the English source), from their `handbook_translation` front matter."""
    root = staged_root(config) / language.code
    counts: Counter = Counter()
    for path in sorted(root.rglob("*.md")):
        counts.update((read_front_matter(path).get("handbook_translation") or {}).get("states") or {})
    return {state: counts[state] for state in review.STATES if counts[state]}


def has_drafts(states: dict[str, int]) -> bool:
    """Whether units in these states leave anything unreviewed (a draft, or a unit nobody signed)."""
    return any(count and state in review.DRAFT_STATES | {review.UNSIGNED} for state, count in states.items())


# --- Rewriting links ------------------------------------------------------------------------------

ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')


def book_body(config: HandbookConfig, chapter: Chapter, anchors: dict[str, str], site_dir: Path, assets: set[str]) -> str:
    """One chapter's HTML for the single-document book: ids prefixed, links to chapters made internal."""
    prefix = f"c{chapter.index}-"
    body = ID_ATTRIBUTE.sub(lambda m: f' id="{prefix}{m.group(1)}"', chapter.body)

    def target(attribute: str, link: Link) -> str:
        if attribute == "src":
            if not (site_dir / link.path).is_file():
                raise BuildError(f"image not found: {link.url} (looked for {link.path} in the built site)", chapter.staged)
            assets.add(link.path)
            return link.path
        if link.path in anchors:
            return "#" + (f"{anchors[link.path]}-{link.fragment}" if link.fragment else anchors[link.path])
        return link.online(config)

    return rewrite_links(body, chapter.url, target)


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


def _document_context(config: HandbookConfig, language: Language, epoch: int, stamp: Stamp) -> dict[str, object]:
    """What the head, the QR codes and the edition stamp of every PDF document use."""
    return {
        "language": language,
        "edition_stamp": stamp,
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


def book_html(config: HandbookConfig, language: Language, site_dir: Path, epoch: int, stamp: Stamp) -> tuple[str, list[str]]:
    """The whole reading edition of `language` as one HTML document, and the site files it uses;
    `stamp` (its edition code) is printed on the cover and at the foot of every page."""
    strings = strings_for(config, language)
    chapters = read_chapters(config, language, site_dir)
    anchors = {chapter.url: f"c{chapter.index}" for chapter in chapters}
    assets: set[str] = set()
    articles = [_article(chapter, book_body(config, chapter, anchors, site_dir, assets)) for chapter in chapters]
    document = render(
        config, "pdf/book.html", **_document_context(config, language, epoch, stamp),
        site_name=strings.site_name, site_description=strings.site_description, date=edition_date(epoch),
        states=(states := language_states(config, language)), has_drafts=has_drafts(states),
        online_url=online_url(config, language),
        changes=newest_changes(config, language, strings.ui), changes_url=changes_page_url(config, language),
        licence_url=config.licence_url, licence_name=config.licence_name, chapters=chapters, articles=articles,
    )
    return isolate_ltr_runs(document), sorted(assets)


def form_html(config: HandbookConfig, language: Language, epoch: int, stamp: Stamp) -> str:
    """The supply-request form of `language` (data/supply-request-form.yml), to print and fill by hand,
    with its text for SMS or e-mail on the back."""
    form = strings_for(config, language).form
    supply = request_links(form, config.supply_request_sms, config.supply_request_email)
    document = render(config, "pdf/form.html", **_document_context(config, language, epoch, stamp), form=form, supply=supply,
                      sms=config.supply_request_sms, email=config.supply_request_email)
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


# --- The editions: the reading edition and the supply form -------------------------------------------

# The code the PDF editions are made by (booklet.py too: the booklet is the same book).
PDF_CODE = ("editions/base.py", "editions/build.py", "editions/links.py", "editions/built_page.py",
            "editions/pdf.py", "editions/booklet.py", "editions/templates.py", "editions/changes.py", "fonts.py")


@dataclass(frozen=True)
class PrintedBook:
    """The reading edition of one language before rendering, shared by the A4 edition and the booklet."""

    document: str
    css: str  # the print stylesheet and the language's fonts
    title: str  # as in the document's <title> (HTML-escaped)
    key_parts: tuple[str | bytes, ...]  # everything the rendering depends on


def language_css(inputs: EditionInputs, language: Language) -> str:
    def make() -> str:
        print_css = inputs.once("print.css", lambda: inputs.config.print_css.read_text(encoding="utf-8"))
        return print_css + "\n" + lang_font_css([language])
    return inputs.once(("css", language.code), make)


def coverage_sources(config: HandbookConfig, language: Language) -> Path:
    """Where a font coverage problem is to be fixed: the translations, or the English pages."""
    return Catalogs(config).language_dir(language.code) if not language.default else config.source_dir


def printed_book(inputs: EditionInputs, language: Language) -> PrintedBook:
    """The book of `language`, built once per build; its text must be covered by the language's fonts."""
    def make() -> PrintedBook:
        config, site_dir = inputs.config, inputs.site_dir
        document, assets = book_html(config, language, site_dir, inputs.epoch_of(language), inputs.stamp(language))
        check_coverage(language, visible_text(document), PdfEdition().file_name(language), coverage_sources(config, language))
        css = language_css(inputs, language)
        asset_bytes = b"".join((site_dir / asset).read_bytes() for asset in assets)
        title = document[document.find("<title>") + 7: document.find("</title>")]
        key_parts = (code_version(PDF_CODE), templates_digest(config, "pdf"), css, inputs.settings, repr(language), document,
                     asset_bytes)
        return PrintedBook(document, css, title, key_parts)
    return inputs.once(("book", language.code), make)


def render_to(target: Path, document: str, css: str, base_dir: Path, size: str, key: str, language: Language) -> None:
    """In a worker: render `document` and write the PDF to `target`."""
    quiet_renderers()
    write_atomic(target, render_pdf(document, css, base_dir, size, key.encode("ascii"), language))


class PdfEdition(Edition):
    """The A4 reading edition."""

    kind = "pdf"
    label = "downloads.pdf"
    file_pattern = "handbook-{code}.pdf"
    code_files = PDF_CODE

    def job(self, inputs: EditionInputs, language: Language) -> Job:
        book = printed_book(inputs, language)
        key = cache_key(self.kind, *book.key_parts)
        return Job(self.kind, language, key, render_to, (book.document, book.css, inputs.site_dir, "a4", key, language),
                   len(book.document), ".pdf")


class FormEdition(Edition):
    """The supply-request form to print: one A4 page to fill by hand, the text-message version on its back."""

    kind = "form"
    label = "downloads.form"
    file_pattern = "supply-request-form-{code}.pdf"
    code_files = PDF_CODE

    def job(self, inputs: EditionInputs, language: Language) -> Job:
        config = inputs.config
        form = form_html(config, language, inputs.epoch_of(language), inputs.stamp(language))
        check_coverage(language, visible_text(form), self.file_name(language), coverage_sources(config, language))
        css = language_css(inputs, language)
        key = cache_key(self.kind, code_version(PDF_CODE), templates_digest(inputs.config, "pdf"), css, inputs.settings,
                        repr(language), form)
        return Job(self.kind, language, key, render_to, (form, css, inputs.site_dir, "a4", key, language),
                   len(form) // 10, ".pdf")
