"""The editions' templates (`overrides/editions/`): translated strings reach every page escaped by
the template, a broken template names its file and line, and editing a template re-renders."""

from __future__ import annotations

import dataclasses
import html
import shutil
from pathlib import Path, PurePosixPath

import pytest
import yaml

from helpers import REPO

from handbook.config import load_config
from handbook.editions import build as editions
from handbook.editions import downloads
from handbook.editions.base import EditionInputs
from handbook.editions.stamp import Stamp
from handbook.editions import lite, pdf, zim
from handbook.editions.templates import render, templates_dir
from handbook.errors import BuildError
from handbook.translation.policy import PageReport
from handbook.translation.supply_form import translated_form
from handbook.translation.ui import UI_STRINGS, SiteStrings

HOSTILE = "<script>alert(\"x\")</script> & 'y'"
STAMP = Stamp("2026-12-05.0123abcd", "https://handbook.example.org/xx/downloads.html")


@pytest.fixture(scope="module")
def config():
    return load_config(REPO / "mkdocs.yml")


def _hostile_strings() -> SiteStrings:
    return SiteStrings(ui={key: HOSTILE for key in UI_STRINGS}, nav={}, site_name=HOSTILE, site_description=HOSTILE,
                       report=PageReport(Path("_site.md")),
                       form=translated_form(REPO, lambda context, english: HOSTILE))


def _assert_escaped(output: str, least: int) -> None:
    """Every hostile string came out escaped, and nothing of it raw."""
    assert "<script" not in output and 'alert("x")' not in output
    assert output.count(html.escape(HOSTILE)) >= least, output


def _chapter(tmp_path: Path, index: int, page: str, section: str | None) -> pdf.Chapter:
    return pdf.Chapter(index, page, page[:-3] + ".html", tmp_path / page, section, HOSTILE,
                       f"<h1>{html.escape(HOSTILE)}</h1><p>Text {index}</p>", drafts=True)


def test_translated_strings_reach_the_pdf_cover_and_form_escaped(config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "strings_for", lambda *_: _hostile_strings())
    chapters = [_chapter(tmp_path, 1, "index.md", None), _chapter(tmp_path, 2, "protect/masks.md", HOSTILE)]
    monkeypatch.setattr(pdf, "read_chapters", lambda *_: chapters)
    monkeypatch.setattr(pdf, "language_states", lambda *_: {"machine-draft": 3, "reviewed": 1})
    monkeypatch.setattr(pdf, "qr_data_uri", lambda url: "data:image/svg+xml,%3Csvg%2F%3E")
    document, _ = pdf.book_html(config, config.source_language, tmp_path, 0, STAMP)
    cover = document[document.index('<section class="cover">'):document.index("</section>")]
    assert STAMP.code in cover and f'href="{STAMP.current_url}"' in cover
    _assert_escaped(cover, least=8)  # name, date, draft status, two state labels, two QR labels, licence and care
    assert '<img src="data:image/svg+xml,%3Csvg%2F%3E"' in cover  # the QR code, the code's own data, as it is
    _assert_escaped(document, least=20)
    assert document.count('<p class="page-draft">') == 2
    form = pdf.form_html(config, config.source_language, 0, STAMP)
    assert STAMP.code in form
    _assert_escaped(form, least=30)  # every label, hint and choice of the form, and its message


def test_translated_strings_reach_the_lite_page_and_its_contents_escaped(config) -> None:
    strings = _hostile_strings()
    page = lite.FullPage(PurePosixPath("index.html"), HOSTILE, "", "2026-01-02", description=HOSTILE)
    following = lite.FullPage(PurePosixPath("protect/masks.html"), HOSTILE, "", None)
    entries = [lite.NavEntry(HOSTILE, None, 0), lite.NavEntry(HOSTILE, following.path, 1)]
    nav = lite._nav_html(config, entries, page.path, strings.ui["lite.contents"])
    _assert_escaped(nav, least=3)
    other = config.languages[1]
    text = lite.render_lite_page(
        config, config.source_language, page, "<p>The article, as MkDocs built it.</p>", ui=strings.ui,
        form=strings.form,        site_name=strings.site_name, previous=None, following=following, full_href="../../index.html", nav=nav,
        languages=[(dataclasses.replace(other, name=HOSTILE), f"../{other.code}/index.html")], stamp=STAMP,
    )
    assert STAMP.code in text and f'href="{STAMP.current_url}"' in text
    assert "<p>The article, as MkDocs built it.</p>" in text and nav in text
    _assert_escaped(text, least=30)  # the shell's strings, and the form's text for an SMS or e-mail


def test_translated_strings_reach_the_zim_pages_escaped(config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zim, "strings_for", lambda *_: _hostile_strings())
    chapters = [_chapter(tmp_path, 1, "index.md", None), _chapter(tmp_path, 2, "protect/masks.md", HOSTILE)]
    monkeypatch.setattr(zim, "read_chapters", lambda *_: chapters)
    book = zim.zim_book(config, config.source_language, tmp_path, 0, STAMP)
    pages = {entry.path: entry.content.decode("utf-8") for entry in book.entries if entry.mimetype == "text/html"}
    assert set(pages) == {"index.html", "protect/masks.html"}
    _assert_escaped(pages["index.html"], least=6)  # title, heading, supply link and hint, contents and its items
    assert '<link rel="stylesheet" href="../style.css">' in pages["protect/masks.html"]


def test_translated_strings_reach_the_downloads_page_escaped(config) -> None:
    ui = {key: HOSTILE for key in UI_STRINGS}
    language = config.languages[1]
    text = downloads.downloads_markdown(config, language, ui)
    front, body = text.split("\n---\n", 1)
    assert yaml.safe_load(front.removeprefix("---\n"))["title"] == HOSTILE  # YAML, not HTML: MkDocs escapes titles
    assert f"# {html.escape(HOSTILE)}\n" in body
    _assert_escaped(body, least=11)
    assert 'href="../downloads/SHA256SUMS"' in body and f'data-file="handbook-{language.code}.pdf"' in body


def _templates_copy(config, tmp_path: Path):
    overrides = tmp_path / "overrides"
    shutil.copytree(templates_dir(config), overrides / "editions")
    shutil.copy(config.print_css, overrides / "print.css")
    return dataclasses.replace(config, overrides_dir=overrides)


def _keys(config, tmp_path: Path) -> dict[str, str]:
    inputs = EditionInputs(config, tmp_path, 0, "settings")
    return {edition.kind: edition.job(inputs, config.source_language).key for edition in (pdf.FormEdition(), zim.ZimEdition())}


def test_editing_a_template_changes_the_cache_key_of_what_it_renders_only(config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _templates_copy(config, tmp_path)
    monkeypatch.setattr(zim, "read_chapters", lambda *_: [_chapter(tmp_path, 1, "index.md", None)])
    before = _keys(config, tmp_path)
    assert _keys(config, tmp_path) == before
    cover = templates_dir(config) / "pdf" / "cover.html"
    cover.write_text(cover.read_text(encoding="utf-8").replace("cover-title", "cover-title big"), encoding="utf-8")
    after = _keys(config, tmp_path)
    assert after["form"] != before["form"], "editing a PDF template would not re-render the PDFs"
    assert after["zim"] == before["zim"]
    style = templates_dir(config) / "zim" / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + "p{margin:0}\n", encoding="utf-8")
    assert _keys(config, tmp_path)["zim"] != before["zim"]


def test_a_broken_template_names_its_file_and_line(config, tmp_path: Path) -> None:
    config = _templates_copy(config, tmp_path)
    form = templates_dir(config) / "pdf" / "form.html"
    lines = form.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(4, "<p>{{ ui['form.title'] | no_such_filter }}</p>\n")
    form.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        render(config, "pdf/form.html", ui={})
    assert raised.value.path == form and raised.value.line == 5, str(raised.value)
    lines[4] = "<p>{{ not_given }}</p>\n"
    form.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        render(config, "pdf/form.html", **pdf._document_context(config, config.source_language, 0, STAMP),
               form=translated_form(REPO, lambda context, english: english), supply={"message": ""})
    assert raised.value.path == form and raised.value.line == 5, str(raised.value)


def test_the_templates_are_not_copied_into_the_site(config) -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    from handbook.site import hooks

    theme = str(config.overrides_dir)
    site = MkDocsConfig()
    site.load_dict({"site_name": "t", "theme": {"name": "mkdocs", "custom_dir": theme}})
    assert not site.validate()[0]
    files = Files([File("editions/zim/style.css", theme, "/tmp/site", False), File("print.css", theme, "/tmp/site", False),
                   File("editions/index.md", str(config.docs_dir), "/tmp/site", False)])
    kept = [file.src_uri for file in hooks.on_files(files, site)]
    assert kept == ["print.css", "editions/index.md"]
