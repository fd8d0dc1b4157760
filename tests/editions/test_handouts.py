"""Handouts: each card and each marked section, in every language, as one HTML file that loads
nothing else and as an A4 poster of exactly one page.

The fast tests make handouts from a small built page written here; the slow ones check every
handout of every language in the built site.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from browser import chromium, chromium_path
from handbook.config import load_config
from handbook.editions.base import EditionInputs
from handbook.editions.downloads import downloads_page_url
from handbook.editions.handout import HandoutEdition, inline_svg
from handbook.editions.handouts import Handout, handout_content, handouts, slugify
from handbook.editions.identity import edition_code
from handbook.editions.poster import PosterEdition, fit_one_page
from handbook.editions.registry import edition_files
from handbook.errors import BuildError
from helpers import REPO

BUDGET = 15 * 1024  # bytes, gzip -9
A4 = (595, 842)  # points, rounded
EPOCH = 1764892800
BLOCK_NETWORK = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]


@pytest.fixture(scope="module")
def repo_config():
    return load_config(REPO / "mkdocs.yml")


def expected_handouts(config) -> list[tuple[str, int | None]]:
    """Read from the English pages with nothing but YAML: whole pages marked `print: one-page`, and
    the `##` sections a page lists under `handouts`."""
    found = []
    for entry in config.nav_pages:
        path = config.source_dir / entry.page
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n")) if text.startswith("---\n") else {}
        if meta.get("print") == "one-page":
            found.append((entry.page, None))
        found += [(entry.page, position) for position in meta.get("handouts") or []]
    return found


# --- Which handouts there are ---------------------------------------------------------------------


def test_every_card_and_marked_section_is_a_handout(repo_config) -> None:
    listed = handouts(repo_config)
    assert [(handout.page, handout.section) for handout in listed] == expected_handouts(repo_config)
    cards = sorted(path.relative_to(repo_config.source_dir).as_posix() for path in (repo_config.source_dir / "cards").glob("*.md"))
    assert cards and set(cards) <= {handout.page for handout in listed if handout.section is None}
    assert any(handout.section for handout in listed), "no page marks a section as a handout"
    assert len({handout.slug for handout in listed}) == len(listed)
    for handout in listed:  # names from the English source: the same in every language
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", handout.slug), handout.slug
        if handout.section:
            assert handout.slug == slugify(handout.title)


def test_the_marker_is_outside_the_text_to_translate(repo_config) -> None:
    """Marking sections changes no heading: the `##` lines of a marked page have no attribute list."""
    for handout in handouts(repo_config):
        if handout.section:
            page = (repo_config.source_dir / handout.page).read_text(encoding="utf-8")
            assert f"## {handout.title}\n" in page


def test_a_bad_marker_names_the_page(repo_config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    docs = tmp_path / "docs" / "en" / "appendix"
    docs.mkdir(parents=True)
    page = docs / "one-page-summaries.md"
    page.write_text("---\ntitle: S\nhandouts: [3]\n---\n\n# S\n\n## One\n\n## Two\n", encoding="utf-8")
    config = dataclasses.replace(repo_config, docs_dir=tmp_path / "docs")
    with pytest.raises(BuildError) as error:
        handouts(config)
    assert "one-page-summaries.md" in str(error.value) and "no section 3" in str(error.value)


def test_a_section_runs_until_the_next_h2() -> None:
    article = ('<div class="admonition warning hb-translation-notice"><p>Draft</p></div>\n<h1 id="t">Title</h1>\n<p>intro</p>'
               '<h2 id="a">Un</h2><p>first</p><h2 id="b">Deux <a class="headerlink" href="#b">¶</a></h2><p>second</p>'
               '<h2 id="s">Sources</h2><ul><li>x</li></ul>')
    second = handout_content(Handout("p.md", 2, "two", "Two"), "Title", article, Path("p.md"))
    assert second.title == "Deux"  # without its permalink
    assert second.body == "<p>second</p>" and second.anchor == "b" and "Draft" in second.notices
    whole = handout_content(Handout("p.md", None, "p", "P"), "Title", article, Path("p.md"))
    assert whole.title == "Title" and whole.body.startswith("<p>intro</p>") and whole.body.endswith("</ul>")
    with pytest.raises(BuildError):
        handout_content(Handout("p.md", 4, "four", "Four"), "Title", article, Path("p.md"))


def test_inlined_svg_ids_are_unique_and_still_referenced() -> None:
    svg = ('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           'aria-labelledby="t"><title id="t">T</title><defs><path id="a" d="M0 0"/></defs>'
           '<use xlink:href="#a"/><rect fill="url(#a)"/></svg>')
    one, two = inline_svg(svg, "Étapes", "i1-"), inline_svg(svg, "Étapes", "i2-")
    ids = re.findall(r'\bid="([^"]+)"', one + two)
    assert len(ids) == len(set(ids)) == 4
    assert 'xlink:href="#i1-a"' in one and "url(#i1-a)" in one and "<?xml" not in one
    assert 'role="img" aria-label="Étapes"' in one and "aria-labelledby" not in one


def test_fitting_shrinks_the_type_and_stops_below_the_minimum(tmp_path: Path) -> None:
    class Laid:
        def __init__(self, pages: int) -> None:
            self.pages = [None] * pages

    sizes = []

    def lay_out(size: float) -> Laid:
        sizes.append(size)
        return Laid(1 if size <= 17 else 2)

    assert fit_one_page(lay_out, tmp_path / "page.md") is not None
    assert max(size for size in sizes if size <= 17) == 17 and len(sizes) <= 8  # a search, not a scan
    with pytest.raises(BuildError) as error:
        fit_one_page(lambda size: Laid(2), tmp_path / "page.md")
    assert "page.md" in str(error.value) and "one A4 poster page" in str(error.value)


# --- Handouts made from a small built page --------------------------------------------------------

CARD = """<html><body><article class="md-content__inner md-typeset">
<p class="hb-clinical-review" role="note">No clinician has reviewed this page yet.</p>
<h1 id="ppe">Putting on PPE</h1>
<p>Do it in order. See <a href="../illness/danger-signs.html#adults">danger signs</a> and <a href="#steps">the steps</a>.</p>
<p><img alt="Steps one" src="../images/steps.svg" /></p>
<h2 id="steps">Steps</h2><ol><li>Wash hands.</li><li>Gown.</li></ol>
<p><img alt="Steps two" src="../images/steps.svg" /></p>
<h2 id="sources">Sources</h2><ul><li>WHO. <a href="https://www.who.int/x">https://www.who.int/x</a></li></ul>
<!--hb-downloads--><p class="hb-downloads-box"><a href="../downloads/handbook-en.pdf">PDF</a></p><!--/hb-downloads-->
</article><script src="../assets/x.js"></script></body></html>
"""
STEPS = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 20 10">'
         '<defs><circle id="d" r="3"/></defs><use xlink:href="#d" x="5" y="5"/><use xlink:href="#d" x="15" y="5"/></svg>')


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory, repo_config):
    """A site of one built card, and the handout of it, for English and Arabic."""
    site = tmp_path_factory.mktemp("site")
    for language in repo_config.languages:  # each language's folder has its images, as MkDocs builds it
        root = site / ("" if language.default else language.code)
        (root / "cards").mkdir(parents=True, exist_ok=True)
        (root / "cards" / "ppe.html").write_text(CARD, encoding="utf-8")
        (root / "images").mkdir(exist_ok=True)
        (root / "images" / "steps.svg").write_text(STEPS, encoding="utf-8")
    return site


def _make(edition, repo_config, site: Path, code: str, out: Path) -> list[Path]:
    """The edition's files of the one card of `site`, in `out`."""
    inputs = EditionInputs(repo_config, site, EPOCH, "settings")
    inputs.shared["handouts"] = [Handout("cards/ppe.md", None, "ppe", "PPE")]  # what the build reads once
    jobs = edition.jobs(inputs, repo_config.language(code))
    out.mkdir(parents=True, exist_ok=True)
    for job in jobs:
        job.run(out / job.file, *job.args)
    return [out / job.file for job in jobs]


class _Resources(HTMLParser):
    """What a page would fetch: any src, stylesheets and other <link>s, and what its <a> links lead to."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "a":
            self.links.append(values.get("href") or "")
        elif tag == "link" or values.get("src") or (tag != "use" and values.get("href")):
            self.fetched.append(f"{tag} {values.get('src') or values.get('href')}")


def assert_self_contained_handout(path: Path, config, language) -> None:
    data = path.read_bytes()
    assert len(gzip.compress(data, 9)) <= BUDGET, f"{path.name}: over {BUDGET} bytes gzipped"
    text = data.decode("utf-8")
    assert re.search(rf'<html lang="{language.code}" dir="{language.direction}">', text), path.name
    code = re.search(r'<code class="hb-edition-code"[^>]*>([^<]+)</code>', text)
    assert code and code.group(1) == str(edition_code(config, language)), path.name
    assert f'href="{downloads_page_url(config, language)}"' in text
    assert f'href="{config.supply_request_url}"' in text
    parser = _Resources()
    parser.feed(text)
    assert "script" not in parser.tags and "<script" not in text.lower()
    assert [item for item in parser.fetched if not item.split(" ", 1)[1].startswith("data:")] == [], parser.fetched
    assert all(link.startswith(("https://", "http://", "#", "mailto:", "sms:")) for link in parser.links), parser.links
    assert "<title>" in text and "<h1>" in text


def test_html_handout_stands_alone(repo_config, small_site: Path, tmp_path: Path) -> None:
    [path] = _make(HandoutEdition(), repo_config, small_site, "en", tmp_path)
    assert path.name == "handout-en-ppe.html"
    language = repo_config.source_language
    assert_self_contained_handout(path, repo_config, language)
    text = path.read_text(encoding="utf-8")
    assert f'href="{repo_config.site_url.rstrip("/")}/illness/danger-signs.html#adults"' in text  # absolute
    assert 'href="#steps"' in text  # a place in the handout itself stays
    assert text.count("<svg") == 2 and 'aria-label="Steps two"' in text
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids)), ids
    assert "No clinician has reviewed this page yet." in text  # the page's review notice
    assert "hb-downloads-box" not in text and "handbook-en.pdf" not in text


@pytest.mark.browser
def test_html_handout_opens_from_file_with_no_other_request(repo_config, small_site: Path, tmp_path: Path) -> None:
    if chromium_path() is None:
        pytest.skip("chromium is not installed (`make test` installs it: apt-get install chromium)")
    [path] = _make(HandoutEdition(), repo_config, small_site, "ar", tmp_path)
    assert assert_opens_alone(path) == 2


def assert_opens_alone(path: Path) -> int:
    """Open `path` from file:// with the network blocked: nothing but the file itself is asked for; the
    number of images it shows."""
    with chromium() as browser:
        page = browser.new_page()
        page.send("Network.setBlockedURLs", urls=BLOCK_NETWORK)
        page.goto(path.as_uri())
        assert page.wait_for("document.readyState === 'complete'", 10)
        assert page.evaluate("document.querySelector('h1').textContent")
        images = page.evaluate("document.querySelectorAll('svg, img').length")
        assert page.requests == [path.as_uri()], page.requests
        assert page.failures == []
        return images


def assert_one_a4_page(path: Path, language) -> None:
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) == 1, f"{path.name}: {len(reader.pages)} pages"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4, path.name
    assert reader.trailer["/Root"]["/Lang"] == language.code


def test_poster_is_one_a4_page_and_reproducible(repo_config, small_site: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    language = repo_config.language("ar")
    [first] = _make(PosterEdition(), repo_config, small_site, "ar", tmp_path / "one")
    [second] = _make(PosterEdition(), repo_config, small_site, "ar", tmp_path / "two")
    assert first.name == "poster-ar-ppe.pdf"
    assert_one_a4_page(first, language)
    assert first.read_bytes() == second.read_bytes()
    text = "".join(PdfReader(first).pages[0].extract_text().split())  # long lines wrap
    assert str(edition_code(repo_config, language)) in text and downloads_page_url(repo_config, language) in text
    fonts = {str(font.get("/BaseFont", "")) for page in PdfReader(first).pages
             for font in (page["/Resources"].get("/Font") or {}).values() if hasattr(font, "get")}
    assert any("Arabic" in font for font in fonts), fonts


def test_downloads_page_lists_each_handout_with_both_files(repo_config) -> None:
    from handbook.editions.downloads import downloads_markdown, language_entry
    from handbook.translation.ui import UI_STRINGS

    language = repo_config.language("fr")
    text = downloads_markdown(repo_config, language, dict(UI_STRINGS))
    entry = language_entry(repo_config, language, "code")
    for handout in handouts(repo_config):
        assert f'data-file="{HandoutEdition().file_of(language, handout)}">{handout.title}</cite>' in text
        for name in (HandoutEdition().file_of(language, handout), PosterEdition().file_of(language, handout)):
            assert f'href="../downloads/{name}" download' in text and f'<span class="hb-size" data-file="{name}">' in text
            assert name in edition_files(repo_config, language)
        kinds = {file["edition"] for file in entry["files"] if file.get("handout") == handout.slug}
        assert kinds == {"handout", "poster"}


# --- Every handout of the built site ------------------------------------------------------------


@pytest.fixture(scope="module")
def built_config(built_project: Path):
    return load_config(built_project / "mkdocs.yml")


@pytest.mark.slow
def test_every_language_has_every_handout(built_config, built_site: Path) -> None:
    downloads = built_site / "downloads"
    manifest = json.loads((downloads / "editions.json").read_text(encoding="utf-8"))
    sums = (downloads / "SHA256SUMS").read_text(encoding="utf-8")
    expected = expected_handouts(built_config)
    for language in built_config.languages:
        made = [handout for handout in handouts(built_config)]
        assert [(handout.page, handout.section) for handout in made] == expected
        listed = {file["file"]: file for file in manifest["languages"][language.code]["files"]}
        page = (built_site / ("" if language.default else f"{language.code}/") / "downloads.html").read_text(encoding="utf-8")
        for handout in made:
            for name in (HandoutEdition().file_of(language, handout), PosterEdition().file_of(language, handout)):
                data = (downloads / name).read_bytes()
                assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest() and listed[name]["size"] == len(data)
                assert f"  {name}\n" in sums
            assert_self_contained_handout(downloads / HandoutEdition().file_of(language, handout), built_config, language)
            assert_one_a4_page(downloads / PosterEdition().file_of(language, handout), language)
            title = re.search(r"<h1>(.*?)</h1>", (downloads / HandoutEdition().file_of(language, handout)).read_text(encoding="utf-8"), re.S)
            assert f'data-file="{HandoutEdition().file_of(language, handout)}">{title.group(1)}</cite>' in page  # in the language


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("code", ["en", "ar", "zh"])
def test_built_handouts_open_from_file_with_no_other_request(built_config, built_site: Path, code: str) -> None:
    if chromium_path() is None:
        pytest.skip("chromium is not installed (`make test` installs it: apt-get install chromium)")
    language = built_config.language(code)
    images = [assert_opens_alone(built_site / "downloads" / HandoutEdition().file_of(language, handout)) for handout in handouts(built_config)]
    assert any(images), "no handout shows its pictures"
