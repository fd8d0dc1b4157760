"""A5 booklet: the A5 pages imposed two-up on A4 landscape sheets, in saddle-stitch order.

Print both sides (flip on the short edge), stack the sheets in order, fold in the middle and
staple on the fold. Arabic books open the other way: the fold is on the right, so each sheet side
mirrors its left and right pages.
"""

from __future__ import annotations

import hashlib
import html
import io
from pathlib import Path

from handbook.config import Language
from handbook.editions.base import Edition, EditionInputs, Job, cache_key, quiet_renderers
from handbook.editions.pdf import PDF_CODE, printed_book, render_pdf
from handbook.errors import BuildError
from handbook.fsutil import write_atomic

A4_LANDSCAPE = (841.89, 595.28)  # points


def padded_count(page_count: int) -> int:
    """Pages after padding with blanks to a whole number of sheets (4 pages per sheet)."""
    return max(4, -(-page_count // 4) * 4)


def saddle_stitch_order(page_count: int, rtl: bool = False) -> list[tuple[int, int]]:
    """The (left, right) pages, 0-based, of each sheet side in printing order: front, back, front...

    Pages are padded to a multiple of 4; an index >= `page_count` is a blank page. For 8 pages:
    sheet 1 front (8, 1), back (2, 7); sheet 2 front (6, 3), back (4, 5) in 1-based terms.
    """
    if page_count < 1:
        raise ValueError("a booklet needs at least one page")
    n = padded_count(page_count)
    sides: list[tuple[int, int]] = []
    for sheet in range(n // 4):
        front = (n - 1 - 2 * sheet, 2 * sheet)
        back = (2 * sheet + 1, n - 2 - 2 * sheet)
        for left, right in (front, back):
            sides.append((right, left) if rtl else (left, right))
    return sides


def impose(a5_pdf: bytes, rtl: bool = False, title: str = "", lang: str = "") -> bytes:
    """Two A5 pages side by side on each A4 landscape sheet side; blanks pad the end."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(a5_pdf))
    pages = reader.pages
    if not pages:
        raise BuildError("the A5 edition has no pages to impose")
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    # A5 is 148 mm wide, half of A4 landscape 297 mm: centre each pair on the fold.
    sheet_width, sheet_height = max(A4_LANDSCAPE[0], 2 * width), max(A4_LANDSCAPE[1], height)
    fold = sheet_width / 2
    lift = (sheet_height - height) / 2
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(pages), rtl):
        sheet = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for index, offset in ((left, fold - width), (right, fold)):
            if index < len(pages):
                sheet.merge_transformed_page(pages[index], Transformation().translate(tx=offset, ty=lift))
        writer.add_page(sheet).compress_content_streams()  # pypdf leaves merged content uncompressed
    writer.add_metadata({"/Title": title, "/Producer": "handbook (pypdf)"})
    if lang:
        writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    # A fixed file identifier from the input: the same A5 pages always give the same booklet bytes.
    digest = hashlib.md5(a5_pdf + b"booklet" + bytes([rtl])).digest()  # noqa: S324 - an identifier, not security
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # pypdf has no public setter
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_booklet(target: Path, document: str, css: str, base_dir: Path, key: str, language: Language, title: str) -> None:
    """In a worker: the book on A5 pages, imposed, written to `target`."""
    quiet_renderers()
    a5 = render_pdf(document, css, base_dir, "a5", key.encode("ascii"), language)
    write_atomic(target, impose(a5, rtl=language.direction == "rtl", title=title, lang=language.code))


class BookletEdition(Edition):
    """The reading edition on A5 pages, imposed two-up on A4 to fold into a booklet."""

    kind = "booklet"
    label = "downloads.booklet"
    file_pattern = "handbook-{code}-booklet.pdf"
    code_files = PDF_CODE

    def job(self, inputs: EditionInputs, language: Language) -> Job:
        book = printed_book(inputs, language)
        key = cache_key(self.kind, *book.key_parts)
        args = (book.document, book.css, inputs.site_dir, key, language, html.unescape(book.title))
        return Job(self.kind, language, key, render_booklet, args, len(book.document), ".pdf")
