"""An EPUB 3 e-book per language: the printed pages, reflowable, for phones and e-readers.

The book is made from the same built pages as the PDF (`pdf.read_chapters`): one XHTML document
per page, in nav order, its links sent where the book keeps their targets (`links.rewrite_links`):
a page of the book to its chapter, any other page of the site to the online site. A title page
(`cover.xhtml`) names the language, the edition code and where to check it is current, and carries
the supply-request links; `nav.xhtml` is the contents and the landmarks. The documents, the
stylesheet and the cover image are templates in `overrides/editions/epub/`.

The EPUB carries fonts only for the scripts `extra.handbook.epub_font_scripts` names
(editions/epub_fonts.py). Building the documents is pure and cheap (their text keys the cache);
the worker subsets the fonts and packages the book with ebooklib, then writes the zip again with
fixed dates and `mimetype` first and stored, so two builds give the same bytes.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from markupsafe import Markup

from handbook.config import HandbookConfig, Language
from handbook.editions.base import Edition, EditionInputs, Job, cache_key
from handbook.editions.epub_fonts import EmbeddedFace, embedded_faces, font_face_css, subset_face
from handbook.editions.links import Link, language_prefix, online_url, rewrite_links
from handbook.editions.pdf import Chapter, edition_date, has_drafts, language_states, read_chapters, visible_text
from handbook.editions.stamp import edition_stamp
from handbook.editions.templates import render, templates_digest
from handbook.editions.zipped import reproducible_zip
from handbook.errors import BuildError
from handbook.fsutil import write_atomic
from handbook.progress import human_size
from handbook.site.bidi import isolate_ltr_runs
from handbook.translation.supply_form import request_links
from handbook.translation.ui import strings_for

CREATOR = "COVID-19 Handbook contributors"
PUBLISHER = "COVID-19 Handbook project"
XHTML = "application/xhtml+xml"
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp"}
COVER_IMAGE = "images/cover.svg"
STYLESHEET = "style.css"
# The libraries the EPUB is made by: a new version of either makes every EPUB again.
PACKAGES = ("ebooklib", "fonttools")


@dataclass(frozen=True)
class Document:
    """One XHTML document of the book, in reading order."""

    name: str  # its path in the EPUB: "protect-masks.xhtml"
    title: str
    content: str
    properties: tuple[str, ...] = ()  # manifest properties: "svg" when it holds inline SVG, "nav"


@dataclass(frozen=True)
class Resource:
    name: str  # its path in the EPUB: "images/ppe-order.svg"
    media_type: str
    content: bytes


@dataclass(frozen=True)
class TocEntry:
    section: str | None  # a nav section heading, with its chapters below; None: chapters at the top
    chapters: tuple[tuple[str, str], ...]  # (document name, title)


@dataclass(frozen=True)
class EpubSource:
    """Everything the EPUB of one language holds, before fonts are subset and the book is packaged."""

    code: str  # the language code: dc:language
    direction: str  # "ltr" or "rtl": the spine's page progression
    title: str
    identifier: str  # the book's one identifier across editions, so readers see a new edition as the same book
    edition: str  # the edition code
    date: str  # dc:date, ISO
    rights: str
    source: str  # the online edition
    documents: tuple[Document, ...]
    toc: tuple[TocEntry, ...]
    resources: tuple[Resource, ...]
    fonts: tuple[EmbeddedFace, ...]
    font_text: str  # every character the embedded fonts must draw


# --- The chapters -----------------------------------------------------------------------------------

INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def chapter_name(chapter: Chapter) -> str:
    """The chapter's document in the EPUB, named after its page: "protect/masks.md" -> "protect-masks.xhtml"."""
    return chapter.page[:-3].replace("/", "-") + ".xhtml"


def xhtml_fragment(fragment: str) -> str:
    """HTML as MkDocs wrote it, as XHTML: void elements closed, named entities as characters.

    Inline SVG is kept as written (it is XML already, and an HTML parser would lower-case `viewBox`)."""
    import lxml.html
    from lxml import etree

    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"<hb-svg>{len(kept) - 1}</hb-svg>"

    parts = lxml.html.fragments_fromstring(INLINE_SVG.sub(keep, fragment)) if fragment.strip() else []
    out = [html.escape(part, quote=False) if isinstance(part, str)
           else etree.tostring(part, method="xml", encoding="unicode", with_tail=True) for part in parts]
    return re.sub(r"<hb-svg>(\d+)</hb-svg>", lambda m: kept[int(m.group(1))], "".join(out))


def chapter_body(config: HandbookConfig, chapter: Chapter, prefix: str, names: dict[str, str], site_dir: Path,
                 images: dict[str, str]) -> str:
    """The chapter's article for the book: links to chapters made internal, images collected in `images`
    (path in the EPUB -> path in the site; below the language folder `prefix`, "bn/", as below the site
    root in the EPUB), other links of the site sent to the online site."""
    def target(attribute: str, link: Link) -> str | None:
        if link.same_page:
            return None
        if attribute == "src":
            if not (site_dir / link.path).is_file():
                raise BuildError(f"image not found: {link.url} (looked for {link.path} in the built site)", chapter.staged)
            inside = link.path[len(prefix):] if link.path.startswith(prefix) else link.path
            if images.setdefault(inside, link.path) != link.path:
                raise BuildError(f"two images would be {inside} in the EPUB: {images[inside]} and {link.path}", chapter.staged)
            return inside
        if link.path in names:
            return names[link.path] + (f"#{link.fragment}" if link.fragment else "")
        return link.online(config)

    return xhtml_fragment(rewrite_links(chapter.body, chapter.url, target))


def split_heading(body: str) -> tuple[str, str]:
    """The chapter's first heading, and the rest: the draft note goes between them."""
    heading, closing, rest = body.partition("</h1>")
    return (heading + closing, rest) if closing else ("", body)


# --- The book ---------------------------------------------------------------------------------------


def book_identifier(config: HandbookConfig, language: Language) -> str:
    """A UUID named by the online edition's address: the same for every edition of the language."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, online_url(config, language))}"


def epub_source(config: HandbookConfig, language: Language, site_dir: Path, epoch: int, code: str) -> EpubSource:
    """The EPUB of `language`, built in memory from the site (pure; the worker only packages it)."""
    strings = strings_for(config, language)
    ui = strings.ui
    chapters = read_chapters(config, language, site_dir)
    names = {chapter.url: chapter_name(chapter) for chapter in chapters}
    images: dict[str, str] = {}
    shell = {"language": language, "ui": ui, "stylesheet": STYLESHEET}
    states = language_states(config, language)

    def document(name: str, template: str, title: str, properties: tuple[str, ...] = (), **context: object) -> Document:
        content = isolate_ltr_runs(render(config, f"epub/{template}", **shell, title=title, **context))
        return Document(name, title, content, properties + (("svg",) if "<svg" in content else ()))

    cover = document("cover.xhtml", "cover.xhtml", strings.site_name, cover_image=COVER_IMAGE,
                     site_description=strings.site_description,
                     edition_stamp=edition_stamp(config, language, code), has_drafts=has_drafts(states),
                     supply_url=config.supply_request_url,
                     supply=request_links(strings.form, config.supply_request_sms, config.supply_request_email),
                     online_url=online_url(config, language), licence_name=config.licence_name,
                     licence_url=config.licence_url)
    documents = [cover]
    for chapter in chapters:
        heading, rest = split_heading(chapter_body(config, chapter, language_prefix(language), names, site_dir, images))
        documents.append(document(names[chapter.url], "chapter.xhtml", chapter.title, heading=Markup(heading),
                                  rest=Markup(rest), drafts=chapter.drafts))
    toc: list[TocEntry] = []
    for chapter in chapters:
        if not toc or toc[-1].section != chapter.section:
            toc.append(TocEntry(chapter.section, ()))
        toc[-1] = TocEntry(chapter.section, toc[-1].chapters + ((names[chapter.url], chapter.title),))
    documents.insert(1, document("nav.xhtml", "nav.xhtml", ui["edition.contents"], ("nav",), toc=toc, cover=cover.name,
                                 cover_title=strings.site_name, start=names[chapters[0].url]))

    faces = embedded_faces(config, language)
    stylesheet = render(config, "epub/style.css", fonts=Markup(font_face_css(faces)))
    cover_image = render(config, "epub/cover.svg", language=language, code=code)
    resources = [Resource(STYLESHEET, "text/css", stylesheet.encode("utf-8")),
                 Resource(COVER_IMAGE, MEDIA_TYPES[".svg"], cover_image.encode("utf-8"))]
    for inside, path in sorted(images.items()):
        media_type = MEDIA_TYPES.get(posixpath.splitext(inside)[1].lower())
        if media_type is None:
            raise BuildError(f"an EPUB cannot hold this kind of image: {path}", site_dir / path)
        resources.append(Resource(inside, media_type, (site_dir / path).read_bytes()))
    text = "".join(sorted(set("".join(visible_text(each.content) for each in documents)))) if faces else ""
    return EpubSource(
        code=language.code, direction=language.direction, title=strings.site_name,
        identifier=book_identifier(config, language), edition=code, date=edition_date(epoch),
        rights=f"{config.licence_name} {config.licence_url}", source=online_url(config, language),
        documents=tuple(documents), toc=tuple(toc), resources=tuple(resources), fonts=faces, font_text=text,
    )


# --- Packaging (in a worker process) ------------------------------------------------------------------


def _ebooklib_book(source: EpubSource, fonts: dict[str, bytes]):
    """The book as ebooklib's EpubBook: our documents as they are, its package document, NCX and zip."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(source.identifier)
    book.set_title(source.title)
    book.set_language(source.code)
    book.set_direction(source.direction)
    book.add_author(CREATOR)
    book.add_metadata("DC", "publisher", PUBLISHER)
    book.add_metadata("DC", "date", source.date)
    book.add_metadata("DC", "rights", source.rights)
    book.add_metadata("DC", "source", source.source)
    book.add_metadata(None, "meta", source.edition, {"property": "schema:version"})
    cover = next(resource for resource in source.resources if resource.name == COVER_IMAGE)
    book.set_cover(cover.name, cover.content, create_page=False)
    items = {}
    for number, document in enumerate(source.documents):
        item = epub.EpubItem(uid=f"d{number}", file_name=document.name, media_type=XHTML,
                             content=document.content.encode("utf-8"))
        item.properties = list(document.properties)
        book.add_item(item)
        items[document.name] = item
    for number, resource in enumerate(source.resources):
        if resource.name != COVER_IMAGE:
            book.add_item(epub.EpubItem(uid=f"r{number}", file_name=resource.name, media_type=resource.media_type,
                                        content=resource.content))
    for number, face in enumerate(source.fonts):
        book.add_item(epub.EpubItem(uid=f"f{number}", file_name=face.name, media_type=face.media_type,
                                    content=fonts[face.name]))
    book.add_item(epub.EpubNcx())
    book.spine = [items[document.name] for document in source.documents]
    book.toc = _toc(source, epub)
    return book


def _toc(source: EpubSource, epub) -> list:
    """The contents for the NCX (the nav document is ours): sections with their chapters, chapters at the top."""
    toc: list = []
    for entry in source.toc:
        links = [epub.Link(name, title, f"toc-{name[:-6]}") for name, title in entry.chapters]
        if entry.section:
            toc.append((epub.Section(entry.section, entry.chapters[0][0]), links))
        else:
            toc += links
    return toc


def epub_bytes(source: EpubSource, epoch: int) -> bytes:
    """The EPUB: fonts subset, packaged by ebooklib, then zipped again reproducibly: `mimetype` first
    and stored, the other entries in ebooklib's order, every date `epoch`."""
    from ebooklib import epub

    fonts = {face.name: subset_face(face.source, source.font_text) for face in source.fonts}
    written = io.BytesIO()
    modified = datetime.fromtimestamp(epoch, timezone.utc).replace(tzinfo=None)
    epub.write_epub(written, _ebooklib_book(source, fonts),
                    {"mtime": modified, "epub3_pages": False, "epub2_guide": False, "raise_exceptions": True})
    with zipfile.ZipFile(written) as packaged:
        names = ["mimetype"] + [name for name in packaged.namelist() if name != "mimetype"]
        return reproducible_zip([(name, packaged.read(name)) for name in names], epoch, stored={"mimetype"})


def write_epub_file(target: Path, source: EpubSource, epoch: int) -> None:
    """In a worker: the EPUB, to `target`."""
    write_atomic(target, epub_bytes(source, epoch))


def font_bytes(path: Path) -> int:
    """What the embedded fonts of an EPUB weigh in it (compressed): the build log and the bench show it."""
    with zipfile.ZipFile(path) as archive:
        return sum(info.compress_size for info in archive.infolist() if info.filename.startswith("EPUB/fonts/"))


class EpubEdition(Edition):
    """The e-book: reflowable, for phones and e-readers."""

    kind = "epub"
    label = "downloads.epub"
    file_pattern = "handbook-{code}.epub"
    code_files = ("editions/base.py", "editions/build.py", "editions/links.py", "editions/built_page.py",
                  "editions/pdf.py", "editions/epub.py", "editions/epub_fonts.py", "editions/templates.py",
                  "editions/zipped.py", "fonts.py", "site/bidi.py")

    def detail(self, path: Path) -> str:
        fonts = font_bytes(path)
        return f"embedded fonts {human_size(fonts)}" if fonts else "no embedded fonts"

    def job(self, inputs: EditionInputs, language: Language) -> Job:
        from importlib.metadata import version

        config = inputs.config
        source = epub_source(config, language, inputs.site_dir, inputs.epoch_of(language), inputs.code(language))
        fonts = [face.name.encode() + inputs.once(("font-file", face.source), face.source.read_bytes)
                 for face in source.fonts]
        key = cache_key(self.kind, self.code_version(), *[f"{name}={version(name)}" for name in PACKAGES],
                        templates_digest(config, "epub"), str(inputs.epoch_of(language)), repr(source), *fonts)
        return Job(self.kind, language, key, write_epub_file, (source, inputs.epoch_of(language)),
                   sum(len(each.content) for each in source.documents), ".epub")
