"""The EPUB edition: valid EPUB 3 (EPUBCheck), language and direction, edition code, fonts, same bytes."""

from __future__ import annotations

import dataclasses
import datetime
import html
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from handbook.config import load_config
from handbook.editions.base import EditionInputs
from handbook.editions.downloads import downloads_page_url
from handbook.editions.epub import EpubEdition, epub_bytes, epub_source
from handbook.editions.identity import EditionCode, edition_code
from handbook.editions.registry import EDITIONS
from helpers import REPO, small_project

EPOCH = 1764892800  # 2025-12-05
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


def epubcheck_command() -> list[str] | None:
    """EPUBCheck as Debian installs it (a jar: `java -jar`), else an `epubcheck` on the PATH."""
    if EPUBCHECK_JAR.is_file() and shutil.which("java"):
        return ["java", "-jar", str(EPUBCHECK_JAR)]
    return [found] if (found := shutil.which("epubcheck")) else None


def epubcheck(*paths: Path) -> None:
    command = epubcheck_command()
    if command is None:
        pytest.fail("EPUBCheck is not installed: scripts/system-deps.sh test installs it")
    for path in paths:
        result = subprocess.run([*command, "-q", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0 and "ERROR" not in result.stdout + result.stderr, \
            f"{path.name}:\n{result.stdout}{result.stderr}"


# --- A small project and a site built by hand (no MkDocs build: these tests stay fast) --------------

BUILT_PAGE = """<!doctype html><html lang="{code}"><head><meta charset="utf-8"><title>{title} - Handbook</title></head>
<body><article class="md-content__inner md-typeset">{article}</article></body></html>"""
PAGES = {
    "index": ("Hand hygiene", '<h1 id="hand-hygiene">{title}</h1>\n<p>{text}&nbsp;See the <a href="danger.html#seek-care">danger '
                              'signs</a>, the <a href="downloads.html">downloads</a> and <a href="#hand-hygiene">the top</a>.<br>'
                              '<img alt="Steps" src="images/steps.svg"></p>\n<table tabindex="0"><tr><td>40 s</td></tr></table>'),
    "danger": ("Danger signs", '<h1 id="danger-signs">{title}</h1>\n<h2 id="seek-care">Seek care</h2>\n<p>{text}</p>'),
}
TEXTS = {"en": "Wash your hands.", "bn": "সাবান ও পানি দিয়ে হাত ধুয়ে নিন।", "ar": "اغسل يديك بالماء والصابون لمدة 40 ثانية."}
HOSTILE = "<script>alert(\"x\")</script> & 'y'"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project, and what MkDocs would have built of its two pages in English, Bengali and Arabic."""
    root = small_project(tmp_path_factory.mktemp("epub"))
    for code, text in TEXTS.items():
        folder = root / "site" / ("" if code == "en" else code)
        (folder / "images").mkdir(parents=True, exist_ok=True)
        (folder / "images" / "steps.svg").write_text(SVG, encoding="utf-8")
        for page, (title, article) in PAGES.items():
            body = article.format(title=title, text=text)
            (folder / f"{page}.html").write_text(BUILT_PAGE.format(code=code, title=title, article=body), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def config(project: Path):
    return load_config(project / "mkdocs.yml")


def make_epub(config, code: str, folder: Path, epoch: int = EPOCH) -> Path:
    """The EPUB of `code` made as the build makes it: the edition's job, run here, with
    SOURCE_DATE_EPOCH set to `epoch` (a language's editions are dated by it when set)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        inputs = EditionInputs(config, config.site_dir, epoch, "settings")
        job = EpubEdition().job(inputs, config.language(code))
    target = folder / f"{code}-{epoch}.epub"
    job.run(target, *job.args)
    return target


@pytest.fixture(scope="module")
def epubs(config, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("epubs")
    return {code: make_epub(config, code, folder) for code in TEXTS}


def package(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def documents(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith(".xhtml")}


# --- Tests ----------------------------------------------------------------------------------------------


def test_the_epub_is_an_edition_listed_with_the_others() -> None:
    assert any(isinstance(edition, EpubEdition) for edition in EDITIONS)
    assert EpubEdition().file_pattern == "handbook-{code}.epub"


def test_epubcheck_finds_no_error(epubs: dict[str, Path]) -> None:
    epubcheck(*epubs.values())


def test_mimetype_comes_first_and_stored(epubs: dict[str, Path]) -> None:
    with zipfile.ZipFile(epubs["bn"]) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == b"application/epub+zip"
    assert epubs["bn"].read_bytes()[30:38] == b"mimetype"  # no extra field: readers sniff these bytes


def test_navigation_document_lists_every_chapter_and_the_landmarks(epubs: dict[str, Path]) -> None:
    opf = package(epubs["en"])
    nav_items = opf.findall("opf:manifest/opf:item[@properties='nav']", NS)
    assert [item.get("href") for item in nav_items] == ["nav.xhtml"]
    nav = documents(epubs["en"])["EPUB/nav.xhtml"]
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert [a.get("href") for a in toc.iterfind(".//x:a", NS)] == ["index.xhtml", "danger.xhtml", "danger.xhtml"]
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    kinds = {a.get("{%s}type" % NS["epub"]): a.get("href") for a in landmarks.iterfind(".//x:a", NS)}
    assert kinds == {"cover": "cover.xhtml", "toc": "#toc", "bodymatter": "index.xhtml"}
    spine = [ref.get("idref") for ref in opf.findall("opf:spine/opf:itemref", NS)]
    hrefs = {item.get("id"): item.get("href") for item in opf.findall("opf:manifest/opf:item", NS)}
    assert [hrefs[idref] for idref in spine] == ["cover.xhtml", "nav.xhtml", "index.xhtml", "danger.xhtml"]


@pytest.mark.parametrize(("code", "direction"), [("en", "ltr"), ("bn", "ltr"), ("ar", "rtl")])
def test_language_and_direction_everywhere(epubs: dict[str, Path], code: str, direction: str) -> None:
    opf = package(epubs[code])
    assert opf.findtext("opf:metadata/dc:language", namespaces=NS) == code
    assert opf.find("opf:spine", NS).get("page-progression-direction") == direction
    for name, document in documents(epubs[code]).items():
        body = document.find("x:body", NS)
        for element in (document, body):
            assert (element.get("lang"), element.get("dir")) == (code, direction), name


def test_edition_code_in_the_metadata_and_on_the_title_page(config, epubs: dict[str, Path], monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))  # as the books were made: it dates a copy outside git
    for code, path in epubs.items():
        language = config.language(code)
        expected = str(edition_code(config, language))
        opf = package(path)
        assert opf.findtext("opf:metadata/opf:meta[@property='schema:version']", namespaces=NS) == expected
        title_page = etree.tostring(documents(path)["EPUB/cover.xhtml"], encoding="unicode")
        assert expected in title_page
        assert f'href="{downloads_page_url(config, language)}"' in title_page
        assert f'href="{config.supply_request_url}"' in title_page
        assert opf.findtext("opf:metadata/opf:meta[@property='dcterms:modified']", namespaces=NS) == "2025-12-05T00:00:00Z"


def test_the_book_keeps_its_identifier_from_one_edition_to_the_next(config, epubs: dict[str, Path], tmp_path: Path) -> None:
    identifiers = {code: package(path).findtext("opf:metadata/dc:identifier[@id='id']", namespaces=NS) for code, path in epubs.items()}
    assert len(set(identifiers.values())) == len(identifiers)
    later = make_epub(config, "en", tmp_path, EPOCH + 86400)
    assert package(later).findtext("opf:metadata/dc:identifier[@id='id']", namespaces=NS) == identifiers["en"]


def test_links_go_to_chapters_or_to_the_online_site(config, epubs: dict[str, Path]) -> None:
    chapter = etree.tostring(documents(epubs["bn"])["EPUB/index.xhtml"], encoding="unicode")
    assert 'href="danger.xhtml#seek-care"' in chapter
    assert f'href="{config.site_url}bn/downloads.html"' in chapter
    assert 'href="#hand-hygiene"' in chapter
    assert 'src="images/steps.svg"' in chapter
    with zipfile.ZipFile(epubs["bn"]) as archive:
        assert archive.read("EPUB/images/steps.svg").decode() == SVG
    images = package(epubs["bn"]).findall("opf:manifest/opf:item[@href='images/steps.svg']", NS)
    assert [item.get("media-type") for item in images] == ["image/svg+xml"]


def font_files(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return sorted(name for name in archive.namelist() if name.startswith("EPUB/fonts/"))


def test_fonts_only_for_the_configured_scripts(config, epubs: dict[str, Path], tmp_path: Path) -> None:
    assert "Beng" in config.epub_font_scripts and "Latn" not in config.epub_font_scripts
    assert "Arab" not in config.epub_font_scripts
    assert font_files(epubs["en"]) == [] and font_files(epubs["ar"]) == []
    assert font_files(epubs["bn"]) == ["EPUB/fonts/NotoSansBengali-Bold.ttf", "EPUB/fonts/NotoSansBengali-Regular.ttf"]
    declared = {item.get("href"): item.get("media-type")
                for item in package(epubs["bn"]).findall("opf:manifest/opf:item", NS) if item.get("href").startswith("fonts/")}
    assert declared == {"fonts/NotoSansBengali-Regular.ttf": "font/ttf", "fonts/NotoSansBengali-Bold.ttf": "font/ttf"}
    without = dataclasses.replace(config, epub_font_scripts=())
    assert font_files(make_epub(without, "bn", tmp_path)) == []


def test_embedded_font_is_subset_to_the_book(epubs: dict[str, Path]) -> None:
    from fontTools.ttLib import TTFont

    with zipfile.ZipFile(epubs["bn"]) as archive:
        font = TTFont(io.BytesIO(archive.read("EPUB/fonts/NotoSansBengali-Regular.ttf")))
        css = archive.read("EPUB/style.css").decode()
    covered = set(font.getBestCmap())
    assert {ord(char) for char in TEXTS["bn"] if not char.isspace()} <= covered
    bengali = {point for point in covered if 0x0980 <= point < 0x0A00}
    assert bengali <= {ord(char) for char in _book_text(epubs["bn"])}  # subset: no Bengali letter the book does not use
    assert "GSUB" in font  # the conjuncts and vowel signs: shaping needs the layout tables
    assert re.search(r'@font-face \{ font-family: "Noto Sans Bengali"; font-weight: bold;', css)


def _book_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xhtml"))


def test_same_bytes_from_two_builds_and_a_new_date_from_a_new_epoch(config) -> None:
    source = epub_source(config, config.language("bn"), config.site_dir, EPOCH, "2025-12-05.0000abcd")
    first, second = epub_bytes(source, EPOCH), epub_bytes(source, EPOCH)
    assert first == second
    assert epub_bytes(source, EPOCH + 3600) != first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 12, 5, 0, 0, 0)}


def test_translated_strings_reach_every_document_escaped_and_well_formed(config, monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    from handbook.editions import epub
    from handbook.editions.pdf import Chapter
    from handbook.translation.policy import PageReport
    from handbook.translation.supply_form import translated_form
    from handbook.translation.ui import UI_STRINGS, SiteStrings

    hostile = SiteStrings(ui={key: HOSTILE for key in UI_STRINGS}, nav={}, site_name=HOSTILE, site_description=HOSTILE,
                          report=PageReport(Path("_site.md")), form=translated_form(REPO, lambda context, english: HOSTILE))
    monkeypatch.setattr(epub, "strings_for", lambda *_: hostile)
    monkeypatch.setattr(epub, "language_states", lambda *_: {"machine-draft": 3})
    chapters = [Chapter(1, "index.md", "index.html", tmp_path / "index.md", None, HOSTILE,
                        f"<h1>{html.escape(HOSTILE)}</h1><p>Text</p>", drafts=True),
                Chapter(2, "protect/masks.md", "protect/masks.html", tmp_path / "masks.md", HOSTILE, HOSTILE,
                        f"<h1>{html.escape(HOSTILE)}</h1><p>Text</p>", drafts=False)]
    monkeypatch.setattr(epub, "read_chapters", lambda *_: chapters)
    source = epub_source(config, config.source_language, tmp_path, EPOCH, "2025-12-05.0000abcd")
    texts = {document.name: document.content for document in source.documents}
    for name, text in texts.items():
        etree.fromstring(text.encode("utf-8"))  # XHTML: well-formed whatever the translation holds
    for name, least in (("cover.xhtml", 8), ("nav.xhtml", 5)):  # title, description, draft, supply, message, licence...
        assert "<script" not in texts[name] and texts[name].count(html.escape(HOSTILE)) >= least, texts[name]
    assert texts["index.xhtml"].count('<p class="hb-draft">') == 1 and 'class="hb-draft"' not in texts["protect-masks.xhtml"]


def test_the_sms_and_email_requests_are_on_the_title_page_when_configured(config) -> None:
    language = config.language("bn")
    plain = epub_source(config, language, config.site_dir, EPOCH, "2025-12-05.0000abcd").documents[0].content
    assert "sms:" not in plain and "mailto:" not in plain
    configured = dataclasses.replace(config, supply_request_sms="+254700000000", supply_request_email="requests@example.org")
    title_page = epub_source(configured, language, config.site_dir, EPOCH, "2025-12-05.0000abcd").documents[0].content
    assert 'href="sms:+254700000000?' in title_page and 'href="mailto:requests@example.org?' in title_page


def test_the_cache_key_follows_the_edition_code(config) -> None:
    language = config.language("en")
    keys = set()
    for digest in ("00000001", "00000002"):
        inputs = EditionInputs(config, config.site_dir, EPOCH, "settings")
        inputs.shared[("edition-code", language.code)] = EditionCode(datetime.date(2025, 12, 5), digest, True)
        keys.add(EpubEdition().job(inputs, language).key)
    assert len(keys) == 2


# --- The EPUBs of the real site -------------------------------------------------------------------------


@pytest.mark.slow
def test_every_language_epub_of_the_built_site_passes_epubcheck(built_project: Path) -> None:
    config = load_config(built_project / "mkdocs.yml")
    downloads = built_project / "site" / "downloads"
    paths = [downloads / EpubEdition().file_name(language) for language in config.languages]
    epubcheck(*paths)
    for path in paths:
        assert path.stat().st_size <= 1_000_000, f"{path.name} is over the 1 MB budget"
