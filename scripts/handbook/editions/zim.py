"""A Kiwix ZIM file per language: the printed pages as light HTML, with a full-text index.

Paths inside the ZIM mirror the built site below the language folder (`protect/masks.html`,
`images/…`), so links between pages stay as MkDocs wrote them; links out of the language go to the
online site. Its pages and stylesheet are templates in `overrides/editions/zim/`. Its edition code
is in its metadata (`Edition`, a custom key readers list as they are, and the long description)
and at the foot of every page, with the online Downloads page that names the current one. ZIM
files carry a random UUID by design, so two builds differ in bytes, not content.
"""

from __future__ import annotations

import io
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from handbook.config import HandbookConfig, Language
from handbook.editions.base import Edition, EditionInputs, Job, cache_key
from handbook.editions.templates import render, templates_digest
from handbook.errors import BuildError
from handbook.fonts import font_stack
from handbook.editions.links import Link, language_prefix, online_url, rewrite_links
from handbook.editions.pdf import edition_date, read_chapters
from handbook.translation.supply_form import request_links
from handbook.translation.ui import strings_for

if TYPE_CHECKING:
    from handbook.editions.stamp import Stamp


@dataclass(frozen=True)
class ZimEntry:
    path: str
    title: str
    mimetype: str
    content: bytes
    front: bool


@dataclass(frozen=True)
class ZimBook:
    metadata: dict[str, str]
    illustration: bytes
    main_path: str
    entries: tuple[ZimEntry, ...]
    iso639_3: str


def illustration_png(size: int = 48) -> bytes:
    """The library icon: a white cross on teal, drawn here so no binary is stored."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), (0, 128, 128))
    draw = ImageDraw.Draw(image)
    third = size // 3
    draw.rectangle((third, 6, size - third - 1, size - 7), fill=(255, 255, 255))
    draw.rectangle((6, third, size - 7, size - third - 1), fill=(255, 255, 255))
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def zim_book(config: HandbookConfig, language: Language, site_dir: Path, epoch: int, stamp: Stamp) -> ZimBook:
    """Everything the ZIM holds, built in memory from the site (pure; the worker only writes it)."""
    strings = strings_for(config, language)
    ui = strings.ui
    supply = request_links(strings.form, config.supply_request_sms, config.supply_request_email)
    chapters = read_chapters(config, language, site_dir)
    prefix = language_prefix(language)
    pages = {chapter.url for chapter in chapters}
    media: dict[str, bytes] = {}
    entries: list[ZimEntry] = []
    contents = [(chapter.url[len(prefix):], chapter.title) for chapter in chapters]
    for chapter in chapters:
        def target(attribute: str, link: Link, chapter=chapter) -> str | None:
            if link.same_page:
                return None
            if attribute == "src":
                if not (site_dir / link.path).is_file() or not link.path.startswith(prefix):
                    raise BuildError(f"image not found: {link.url}", chapter.staged)
                media[link.path[len(prefix):]] = (site_dir / link.path).read_bytes()
                return None
            return None if link.path in pages else link.online(config)

        body = rewrite_links(chapter.body, chapter.url, target)
        path = chapter.url[len(prefix):]
        depth = path.count("/")
        page_html = render(
            config, "zim/page.html", language=language, ui=ui, title=chapter.title, root="../" * depth,
            supply_url=config.supply_request_url, supply=supply, body=Markup(body), contents=contents if chapter.page == "index.md" else [],
            edition_stamp=stamp,
        )
        entries.append(ZimEntry(path, chapter.title, "text/html", page_html.encode("utf-8"), True))
    style = render(config, "zim/style.css", fonts=font_stack(language))
    entries.append(ZimEntry("style.css", "style.css", "text/css", style.encode("utf-8"), False))
    for path, data in sorted(media.items()):
        mimetype = "image/svg+xml" if path.endswith(".svg") else "image/png" if path.endswith(".png") else "image/jpeg"
        entries.append(ZimEntry(path, posixpath.basename(path), mimetype, data, False))
    metadata = {
        "Name": f"covid-handbook_{language.code}_all",
        "Title": _short(strings.site_name, 30),
        "Description": _short(strings.site_description or strings.site_name, 80),
        "LongDescription": f"{strings.site_description or strings.site_name} {stamp.code_line(ui)}",
        "Creator": "COVID-19 Handbook contributors",
        "Publisher": "COVID-19 Handbook project",
        "Date": edition_date(epoch),
        "Language": language.iso639_3,
        "License": f"{config.licence_name} {config.licence_url}",
        "Source": online_url(config, language),
        "Tags": "_category:other;_pictures:yes;_videos:no;_details:yes;medicine;covid-19",
        "Flavour": "all",
        "Edition": stamp.code,
    }
    return ZimBook(metadata, illustration_png(), "index.html", tuple(entries), language.iso639_3)


def write_zim(book: ZimBook, target: Path) -> None:
    """Write `book` to `target` with libzim (full-text and title indexes in the book's language)."""
    from libzim.writer import Creator, Hint, Item, StringProvider

    class _Item(Item):
        def __init__(self, entry: ZimEntry) -> None:
            super().__init__()
            self.entry = entry

        def get_path(self) -> str:
            return self.entry.path

        def get_title(self) -> str:
            return self.entry.title

        def get_mimetype(self) -> str:
            return self.entry.mimetype

        def get_contentprovider(self) -> StringProvider:
            return StringProvider(self.entry.content)

        def get_hints(self) -> dict:
            return {Hint.FRONT_ARTICLE: self.entry.front, Hint.COMPRESS: self.entry.mimetype.startswith(("text/", "image/svg"))}

    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    creator = Creator(str(target)).config_indexing(True, book.iso639_3).config_nbworkers(1)
    with creator:
        creator.set_mainpath(book.main_path)
        for name, value in book.metadata.items():
            creator.add_metadata(name, value)
        creator.add_illustration(48, book.illustration)
        for entry in book.entries:
            creator.add_item(_Item(entry))


def write_zim_quietly(target: Path, book: ZimBook) -> None:
    """In a worker: write the ZIM beside `target`, then move it in place."""
    partial = target.with_name(f".{target.name}.part")
    # libzim prints its progress on the process's stdout (C++, not Python logging): silence it here,
    # in the worker, so the build's own output stays readable.
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            write_zim(book, partial)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    os.replace(partial, target)


class ZimEdition(Edition):
    """The Kiwix library file; its pages give the PDFs' sizes, so it is made after them."""

    kind = "zim"
    label = "downloads.zim"
    file_pattern = "handbook-{code}.zim"
    stage = 1
    code_files = ("editions/base.py", "editions/build.py", "editions/links.py", "editions/built_page.py",
                  "editions/pdf.py", "editions/zim.py", "editions/templates.py", "fonts.py")

    def job(self, inputs: EditionInputs, language: Language) -> Job:
        book = zim_book(inputs.config, language, inputs.site_dir, inputs.epoch_of(language), inputs.stamp(language))
        key = cache_key(self.kind, self.code_version(), templates_digest(inputs.config, "zim"), repr(book.metadata), book.illustration,
                        *[entry.path.encode() + entry.content for entry in book.entries])
        return Job(self.kind, language, key, write_zim_quietly, (book,), len(book.entries), ".zim")
