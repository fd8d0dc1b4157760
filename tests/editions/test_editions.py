"""Offline editions: PDFs, booklets, supply forms, zipped sites, ZIM files, checksums, cache."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import math
import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from handbook.editions import build as editions
from handbook import fonts
from handbook.editions import pdf
from handbook.editions.links import language_prefix, online_url
from handbook.editions.booklet import impose, saddle_stitch_order
from handbook.editions.stamp import Stamp
from handbook.editions.registry import edition_files
from handbook.config import load_config
from handbook.errors import BuildError, SetupError
from handbook.translation.supply_form import request_links
from handbook.translation.ui import strings_for
from helpers import copy_project, is_external, scan_text, two_language_project

SCRIPT_FONTS = {"bn": "Noto-Sans-Bengali", "hi": "Noto-Sans-Devanagari", "ar": "Noto-Naskh-Arabic", "zh": "Noto-Sans-CJK-SC"}


@pytest.fixture(scope="session")
def config(built_project: Path):
    return load_config(built_project / "mkdocs.yml")


@pytest.fixture(scope="session")
def downloads(built_site: Path) -> Path:
    return built_site / "downloads"


def _fonts(reader) -> dict[str, bool]:
    """Every font used on any page: base name -> whether its file is embedded."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":
                continue
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            keys = set(descriptor.get_object()) if descriptor else set()
            fonts[str(font["/BaseFont"])] = bool(keys & {"/FontFile", "/FontFile2", "/FontFile3"})
    return fonts


def _text(reader) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


# --- Pure parts -----------------------------------------------------------------------------------


def test_saddle_stitch_order_8_pages() -> None:
    assert saddle_stitch_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert saddle_stitch_order(8, rtl=True) == [(0, 7), (6, 1), (2, 5), (4, 3)]


def test_saddle_stitch_order_10_pages_pads_to_12() -> None:
    order = saddle_stitch_order(10)
    assert order == [(11, 0), (1, 10), (9, 2), (3, 8), (7, 4), (5, 6)]
    assert sorted(page for side in order for page in side) == list(range(12))
    assert saddle_stitch_order(10, rtl=True) == [(right, left) for left, right in order]


@pytest.mark.parametrize("rtl", [False, True])
def test_impose_places_pages_in_saddle_stitch_order(rtl: bool) -> None:
    import io

    from pypdf import PdfReader
    from weasyprint import CSS, HTML

    pages = "".join(f'<p style="break-before: page">P{n}</p>' for n in range(1, 11))
    a5 = HTML(string=f"<html><body>{pages}</body></html>").write_pdf(stylesheets=[CSS(string="@page{size:A5}")])
    reader = PdfReader(io.BytesIO(impose(a5, rtl=rtl, title="t", lang="en")))
    assert len(reader.pages) == math.ceil(10 / 4) * 2
    assert all(round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595 for page in reader.pages)
    labels = [re.findall(r"P\d+", page.extract_text()) for page in reader.pages]
    expected = [[f"P{n + 1}" for n in side if n < 10] for side in saddle_stitch_order(10, rtl)]
    assert labels == expected
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]


@pytest.mark.slow
def test_missing_image_names_the_page(tmp_path: Path, config) -> None:
    chapter = pdf.Chapter(1, "protect/masks.md", "protect/masks.html", Path("build/staged/en/protect/masks.md"),
                          None, "Masks", '<h1 id="masks">Masks</h1><img src="../images/nowhere.svg">', False)
    with pytest.raises(BuildError) as error:
        pdf.book_body(config, chapter, {}, tmp_path, set())
    assert "nowhere.svg" in str(error.value) and "protect/masks.md" in str(error.value)


@pytest.mark.slow
def test_missing_font_stops_with_the_debian_package(monkeypatch: pytest.MonkeyPatch, config, tmp_path: Path) -> None:
    real = fonts.font_family
    monkeypatch.setattr(fonts, "font_family", lambda language: None if language.code == "bn" else real(language))
    with pytest.raises(SetupError) as error:
        fonts.check_fonts(config)
    message = str(error.value)
    assert "(bn, script Beng)" in message and "apt-get install fonts-noto-core" in message
    with pytest.raises(SetupError):  # the step checks fonts before it renders anything
        editions.build_editions(config, tmp_path)
    assert not (tmp_path / "downloads").exists()


# --- The built editions -----------------------------------------------------------------------------


@pytest.mark.slow
def test_every_language_has_every_edition(config, downloads: Path) -> None:
    for language in config.languages:
        for name in edition_files(config, language):
            assert (downloads / name).is_file(), name
            assert (downloads / name).stat().st_size > 1000, name


@pytest.mark.slow
def test_reading_edition_pdfs(config, downloads: Path) -> None:
    from pypdf import PdfReader

    for language in config.languages:
        reader = PdfReader(downloads / f"handbook-{language.code}.pdf")
        assert len(reader.pages) >= 30, language.code
        assert len(reader.outline) >= 5, f"{language.code}: no bookmarks"
        assert reader.trailer["/Root"]["/Lang"] == language.code
        assert reader.metadata.title and language.name in reader.metadata.title
        fonts = _fonts(reader)
        assert fonts and all(fonts.values()), f"{language.code}: fonts not embedded: {fonts}"
        if language.code in SCRIPT_FONTS:
            assert any(SCRIPT_FONTS[language.code] in name for name in fonts), f"{language.code}: {sorted(fonts)}"
        text = _text(reader)  # Bengali extraction is broken upstream (WeasyPrint #2841): check ASCII
        assert config.supply_request_url in text, language.code
        assert online_url(config, language) in text, language.code
        links = [annotation.get_object().get("/A", {}).get("/URI") for page in reader.pages
                 for annotation in page.get("/Annots") or []]
        assert config.supply_request_url in links, f"{language.code}: the supply link is not clickable"


@pytest.mark.slow
def test_book_html_is_rtl_for_arabic_and_marks_drafts(config, built_site: Path) -> None:
    arabic, _ = pdf.book_html(config, config.language("ar"), built_site, 0, Stamp("2026-12-05.0123abcd", "https://example.org/"))
    assert '<html lang="ar" dir="rtl">' in arabic
    english, _ = pdf.book_html(config, config.source_language, built_site, 0, Stamp("2026-12-05.0123abcd", "https://example.org/"))
    assert 'class="cover-status"' not in english and 'class="page-draft"' not in english
    assert 'class="cover-states"' not in english
    states = pdf.language_states(config, config.language("bn"))
    bengali, _ = pdf.book_html(config, config.language("bn"), built_site, 0, Stamp("2026-12-05.0123abcd", "https://example.org/"))
    assert 'class="cover-states"' in bengali  # every translated language's cover names its review states
    if pdf.has_drafts(states):
        assert 'class="cover-status"' in bengali and 'class="page-draft"' in bengali


@pytest.mark.slow
def test_booklets_are_a4_landscape(config, downloads: Path) -> None:
    from pypdf import PdfReader

    for language in config.languages:
        reader = PdfReader(downloads / f"handbook-{language.code}-booklet.pdf")
        assert len(reader.pages) >= 8 and len(reader.pages) % 2 == 0
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)
        assert reader.trailer["/Root"]["/Lang"] == language.code


@pytest.mark.slow
def test_supply_forms(config, downloads: Path) -> None:
    from pypdf import PdfReader

    for language in config.languages:
        reader = PdfReader(downloads / f"supply-request-form-{language.code}.pdf")
        assert len(reader.pages) == 2, f"{language.code}: the form fits one page, its SMS / e-mail text the back"
        assert config.supply_request_url in reader.pages[0].extract_text()
        if language.code == "en":
            assert "MEDICAL SUPPLY REQUEST" in reader.pages[1].extract_text()
        assert reader.trailer["/Root"]["/Lang"] == language.code


def _zip_problems(archive: zipfile.ZipFile, top: str) -> list[str]:
    names = set(archive.namelist())
    problems = []
    for name in sorted(names):
        if not name.endswith(".html"):
            continue
        parser = scan_text(archive.read(name).decode("utf-8"))
        for url in parser.fetched:
            if is_external(url):
                problems.append(f"{name} fetches {url}")
        for url in parser.fetched + parser.links:
            if is_external(url) or url.startswith(("#", "mailto:", "data:")) or not url:
                continue
            path = unquote(urlsplit(url).path)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
            if target not in names:
                problems.append(f"{name}: {url} is not in the zip")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("code", ["en", "bn", "ar", "zh"])
def test_offline_zip_is_self_contained(config, downloads: Path, code: str) -> None:
    language = config.language(code)
    top = f"handbook-{code}"
    with zipfile.ZipFile(downloads / f"handbook-{code}-offline.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names) and all(name.startswith(f"{top}/") for name in names)
        assert {f"{top}/index.html", f"{top}/README.txt", f"{top}/downloads/handbook-{code}.pdf"} <= set(names)
        assert len({info.date_time for info in archive.infolist()}) == 1
        assert not [name for name in names if name.endswith(".map")]
        others = [other.code for other in config.languages if other.code not in (code, "en")]
        assert not [name for name in names if any(name.startswith(f"{top}/{other}/") for other in others)]
        assert _zip_problems(archive, top) == []
        page = archive.read(f"{top}/{language_prefix(language)}index.html").decode("utf-8")
        assert re.findall(r'class="md-select__link"', page) in ([], ['class="md-select__link"'])
        assert 'hreflang="fr"' not in page or code == "fr"
        readme = archive.read(f"{top}/README.txt").decode("utf-8")
        assert config.supply_request_url in readme
        message = request_links(strings_for(config, language).form, "", "")["message"]
        assert "\r\n".join(f"  {line}" for line in message.splitlines()) in readme  # to send by SMS or e-mail
        # Its Downloads page gives every size, its own (as the file really is) included.
        own = archive.read(f"{top}/{language_prefix(language)}downloads.html").decode("utf-8")
        sizes = dict(re.findall(r'<span class="hb-size" data-file="([^"]+)">([^<]*)</span>', own))
        assert len(sizes) == len(edition_files(config, language)), sizes
        assert all(re.fullmatch(r"\d+(\.\d)? (kB|MB)", size) for size in sizes.values()), sizes
    zipped = downloads / f"handbook-{code}-offline.zip"
    assert sizes[zipped.name] == editions.human_size(zipped.stat().st_size)


@pytest.mark.slow
def test_zim_files(config, downloads: Path) -> None:
    from libzim.reader import Archive
    from libzim.search import Query, Searcher

    for language in config.languages:
        archive = Archive(downloads / f"handbook-{language.code}.zim")
        for key in ("Name", "Title", "Creator", "Publisher", "Date", "Description", "Language"):
            assert archive.get_metadata(key), f"{language.code}: no {key}"
        assert archive.get_metadata("Language").decode() == language.iso639_3
        assert archive.has_illustration(48)
        assert archive.has_main_entry and archive.has_fulltext_index
    english = Archive(downloads / "handbook-en.zim")
    search = Searcher(english).search(Query().set_query("oxygen"))
    assert search.getEstimatedMatches() > 0
    paths = list(search.getResults(0, 10))
    assert any("oxygen" in path for path in paths), paths


@pytest.mark.slow
def test_checksums_cover_every_download(downloads: Path) -> None:
    lines = (downloads / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert "supply-request-form.xlsx" in listed
    files = {path.name for path in downloads.iterdir() if path.is_file() and path.name != "SHA256SUMS"
             and not path.name.endswith((".br", ".gz"))}
    assert set(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((downloads / name).read_bytes()).hexdigest() == digest


@pytest.mark.slow
def test_downloads_page_and_box(config, built_site: Path) -> None:
    for language in config.languages:
        folder = built_site / language_prefix(language)
        page = (folder / "downloads.html").read_text(encoding="utf-8")
        assert f"handbook-{language.code}.pdf" in page
        sizes = re.findall(r'<span class="hb-size" data-file="[^"]+">([^<]*)</span>', page)
        assert len(sizes) == len(edition_files(config, language)), sizes
        assert all(re.fullmatch(r"\d+(\.\d)? (kB|MB)", size) for size in sizes), sizes
        assert '<a href="' + ("" if language.default else "../") + 'downloads/supply-request-form.xlsx" download>' in page
        home = (folder / "index.html").read_text(encoding="utf-8")
        box = re.search(r"<!--hb-downloads-->(.*?)<!--/hb-downloads-->", home, re.S).group(1)
        hrefs = re.findall(r'href="([^"]+)"', box)
        assert hrefs and all((folder / href).resolve().is_file() for href in hrefs), hrefs


# --- Reproducible and cached --------------------------------------------------------------------------


def _sums(site: Path) -> dict[str, str]:
    """Each download's checksum; ZIMs carry a random UUID, so they and their checksums in
    editions.json are left out (editions.json is compared without them)."""
    lines = (site / "downloads" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    sums = {name: digest for digest, name in (line.split("  ", 1) for line in lines)
            if not name.endswith(".zim") and name != "editions.json"}
    manifest = json.loads((site / "downloads" / "editions.json").read_text(encoding="utf-8"))
    for language in manifest["languages"].values():
        for entry in language["files"]:
            if entry["file"].endswith(".zim"):
                del entry["sha256"]
    sums["editions.json without the ZIMs' checksums"] = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
    return sums


def _assert_progress(caplog: pytest.LogCaptureFixture, names: list[str], how: str) -> None:
    """One line per edition file, in the order they finished, with its size; then the build's summary."""
    messages = [record.getMessage() for record in caplog.records if record.name == "handbook"]
    lines = [message for message in messages if message.startswith("editions [")]
    assert sorted(line.split("] ")[1].split()[0] for line in lines) == sorted(names), lines
    assert [int(line.split("[")[1].split("/")[0]) for line in lines] == list(range(1, len(names) + 1))
    assert all(re.search(r"\d (kB|MB)( \([^)]*\))?, ", line) and how in line for line in lines), lines
    closing = messages[-1]
    assert closing.startswith("made ") and "downloads: 2 pdf (" in closing and "2 zip (" in closing and "2 epub (" in closing
    assert re.search(r"time: staging [\d.]+ s · site [\d.]+ s · offline editions [\d.]+ s", closing), closing


@pytest.mark.slow
def test_rebuild_reuses_cache_and_output_is_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from handbook.__main__ import main, make_parser

    try:  # an unchanged project is not rebuilt at all unless forced (when `build --force` exists)
        make_parser().parse_args(["build", "--force"])
        force = ["--force"]
    except SystemExit:
        force = []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    config_file = two_language_project(tmp_path / "project")
    assert load_config(config_file).languages[1].code == "fr"
    manifest = tmp_path / "project" / "build" / "editions-cache" / "last-run.json"

    project = load_config(config_file)
    names = list(dict.fromkeys(  # the XLSForm is one file for both languages
        name for language in project.languages for name in edition_files(project, language)))
    caplog.set_level(logging.INFO, logger="handbook")
    assert main(["-f", str(config_file), "build"]) == 0
    first = _sums(tmp_path / "project" / "site")
    assert json.loads(manifest.read_text())["rendered"], "the first build rendered nothing"
    assert {"handbook-fr.pdf", "handbook-fr-booklet.pdf", "handbook-fr-offline.zip", "supply-request-form.xlsx"} <= set(first)
    _assert_progress(caplog, names, "made in")

    caplog.clear()
    assert main(["-f", str(config_file), "build", *force]) == 0
    assert json.loads(manifest.read_text())["rendered"] == [], "an unchanged rebuild re-rendered"
    assert _sums(tmp_path / "project" / "site") == first
    _assert_progress(caplog, names, "from the cache")

    shutil.rmtree(manifest.parent)
    assert main(["-q", "-f", str(config_file), "build", *force]) == 0
    assert len(json.loads(manifest.read_text())["rendered"]) == len(names)  # every file of both languages, the XLSForm once
    assert _sums(tmp_path / "project" / "site") == first, "same sources and SOURCE_DATE_EPOCH, different bytes"

    # The project's own print stylesheet (`theme.custom_dir`) lays out the PDFs: editing it re-renders them.
    print_css = tmp_path / "project" / "overrides" / "print.css"
    print_css.write_text(print_css.read_text(encoding="utf-8") + "\nh1 { letter-spacing: .05em; }\n", encoding="utf-8")
    assert main(["-q", "-f", str(config_file), "build", *force]) == 0
    rendered = json.loads(manifest.read_text())["rendered"]
    assert {"pdf:en", "pdf:fr", "booklet:en", "booklet:fr"} <= set(rendered), rendered
    assert _sums(tmp_path / "project" / "site")["handbook-en.pdf"] != first["handbook-en.pdf"]


def test_edition_date_outside_git_is_the_newest_review_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above the copy either
    config = load_config(copy_project(tmp_path / "project"))
    page = next(config.source_dir.rglob("*.md"))
    text = re.sub(r"^last_reviewed: .*$", "last_reviewed: 2031-02-03", page.read_text(encoding="utf-8"), count=1, flags=re.M)
    page.write_text(text, encoding="utf-8")
    assert editions.source_date_epoch(config) == int(datetime.datetime(2031, 2, 3, tzinfo=datetime.timezone.utc).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert editions.source_date_epoch(config) == 1700000000


def _chapter_pages(reader) -> list[tuple[str, int]]:
    """Each top-level bookmark (a part or a chapter) with its first page, in order."""
    marks = []
    for item in reader.outline:
        if isinstance(item, list):
            marks += [(str(child.title), reader.get_destination_page_number(child)) for child in item
                      if not isinstance(child, list)]
        else:
            marks.append((str(item.title), reader.get_destination_page_number(item)))
    return marks


@pytest.mark.slow
def test_cards_print_on_one_page_each_in_every_language(config, built_site: Path, downloads: Path) -> None:
    from pypdf import PdfReader

    for language in config.languages:
        cards = [chapter.title for chapter in pdf.read_chapters(config, language, built_site) if chapter.one_page]
        assert len(cards) >= 5, f"{language.code}: {cards}"
        reader = PdfReader(downloads / f"handbook-{language.code}.pdf")
        marks = _chapter_pages(reader)
        titles = [title for title, _ in marks]
        for card in cards:
            assert card in titles, f"{language.code}: no bookmark for {card!r} in {titles}"
            index = titles.index(card)
            end = marks[index + 1][1] if index + 1 < len(marks) else len(reader.pages)
            assert end - marks[index][1] == 1, f"{language.code}: {card!r} takes {end - marks[index][1]} pages"
