"""Material's scripts load when the reader opens search: a page load fetches no JavaScript at all.

The HTML check runs everywhere; the browser checks open the built site in headless Chromium, over
http and from file://, and record every request the page makes.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import chromium, chromium_path, serve_directory

from devtools.weights import search_loads

from handbook.site.loads import page_loads

SEARCH_INPUT = "document.querySelector('[data-md-component=search-query]')"
SETTLE = 1.5  # seconds for anything a page starts after its load event
LOADER = '<script id="hb-lazy-scripts">'

needs_chromium = pytest.mark.skipif(
    chromium_path() is None, reason="chromium is not installed (`make test` installs it: apt-get install chromium)"
)


def _full_pages(built_site: Path) -> list[Path]:
    return [
        page for page in sorted(built_site.rglob("*.html"))
        if not page.is_relative_to(built_site / "lite") and "assets/javascripts/bundle." in page.read_text(encoding="utf-8")
    ]


@pytest.mark.slow
def test_every_page_defers_materials_scripts(built_site: Path) -> None:
    """No <script src> on any full page: Material's are kept for later, after the loader."""
    pages = _full_pages(built_site)
    assert len(pages) > 100, "the site has too few full pages to be the handbook"
    for page in pages:
        html, where = page.read_text(encoding="utf-8"), page.relative_to(built_site)
        assert LOADER in html, f"{where} has no script loader"
        fetched = re.findall(r"<script\b[^>]*(?<![-\w])src=[^>]*>", html)
        assert fetched == [], f"{where} fetches a script on load: {fetched}"
        deferred = page_loads(html).on_search
        assert any("bundle." in src for src in deferred), f"{where} lost Material's bundle"
        assert html.index(LOADER) < html.index("</head>"), f"{where}: the loader must run before any reader action"
        for src in deferred:
            target = built_site / src.lstrip("/") if src.startswith("/") else page.parent / src  # 404.html: from the root
            assert target.resolve().is_file(), f"{where}: {src} does not exist"
        head = re.sub(r'<script id="hb-lazy-scripts">.*?</script>', "", html[: html.index("</head>")], flags=re.S)
        assert "search_index" not in head, f"{where} preloads the search index"


@contextlib.contextmanager
def _opened(built_site: Path, path: str, javascript: bool = True) -> Iterator:
    """The page at `path` of the built site, over http, in a fresh Chromium tab."""
    with serve_directory(built_site) as base, chromium() as browser:
        page = browser.new_page()
        if not javascript:
            page.send("Emulation.setScriptExecutionDisabled", value=True)
        page.goto(base + path)
        yield page


def _scripts_fetched(page) -> list[str]:
    return [url for url in page.requests if re.search(r"\.js([?#]|$)", url)]


@pytest.mark.slow
@needs_chromium
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["http", "file"])
def test_scripts_and_index_load_only_when_search_is_opened(built_site: Path, scheme: str) -> None:
    with serve_directory(built_site) as base, chromium() as browser:
        url = f"{base}protect/masks.html" if scheme == "http" else (built_site / "protect" / "masks.html").as_uri()
        page = browser.new_page()
        page.goto(url)
        time.sleep(SETTLE)
        assert _scripts_fetched(page) == [], "the page fetched JavaScript on load"
        assert page.requested("search_index") == [], "the search index was fetched on page load"
        assert page.evaluate(f"getComputedStyle({SEARCH_INPUT}.closest('.md-search')).display") != "none", \
            "the search box is hidden on a page with JavaScript"

        page.evaluate(f"{SEARCH_INPUT}.focus()")
        page.send("Input.insertText", text="mask")  # typed before Material has loaded
        found = page.wait_for("document.querySelectorAll('.md-search-result__item').length", 20)
        assert page.requested("assets/javascripts/bundle."), "opening search did not load Material's bundle"
        assert page.requested("workers/search"), "opening search did not start the worker"
        assert page.requested("search_index"), "opening search did not fetch the index"
        assert page.requested("sitemap.xml") == [], "Material's language sitemaps were fetched"
        assert found > 0, "what was typed before Material loaded found nothing"
        if scheme == "file":
            shim, bundle = page.requested("iframe-worker/shim.js"), page.requested("assets/javascripts/bundle.")
            assert shim and page.requests.index(shim[0]) < page.requests.index(bundle[0]), "the shim must load first"
        else:  # what `make bench` counts for opening search is what the browser fetched
            counted = search_loads(built_site / "protect" / "masks.html", built_site / "search" / "search_index.json")
            fetched = {url.split("?")[0].rsplit("/", 1)[-1] for url in page.requests if re.search(r"\.(js|json)([?#]|$)", url)}
            assert {path.name for path in counted} == fetched


@pytest.mark.slow
@needs_chromium
@pytest.mark.browser
def test_search_key_opens_search_before_material_has_loaded(built_site: Path) -> None:
    with _opened(built_site, "fr/protect/masks.html") as page:
        page.send("Input.dispatchKeyEvent", type="keyDown", key="s", text="s")
        page.send("Input.dispatchKeyEvent", type="keyUp", key="s")
        assert page.wait_for(f"document.activeElement === {SEARCH_INPUT}", 5), "the s key did not focus search"
        assert page.evaluate(f"{SEARCH_INPUT}.value") == "", "the s key was typed into the search box"
        assert page.wait_for("document.documentElement.classList.contains('js')", 10), "Material did not start"
        page.send("Input.insertText", text="masque")
        page.evaluate(f"{SEARCH_INPUT}.dispatchEvent(new KeyboardEvent('keyup', {{key: 'e'}}))")
        assert page.wait_for("document.querySelectorAll('.md-search-result__item').length", 20) > 0


@pytest.mark.slow
@needs_chromium
@pytest.mark.browser
def test_arriving_from_a_search_result_highlights_the_words(built_site: Path) -> None:
    with _opened(built_site, "protect/masks.html?h=mask") as page:
        assert page.wait_for("document.querySelectorAll('article mark').length", 20) > 0, "no highlighting from ?h="


@pytest.mark.slow
@needs_chromium
@pytest.mark.browser
def test_without_javascript_the_page_keeps_materials_no_js_mode(built_site: Path) -> None:
    with _opened(built_site, "protect/masks.html", javascript=False) as page:
        time.sleep(0.5)
        assert page.evaluate("document.documentElement.className") == "no-js"
        assert page.evaluate(f"getComputedStyle({SEARCH_INPUT}.closest('.md-search')).display") == "none", \
            "search shows where it cannot work"
        assert page.evaluate("document.querySelectorAll('.md-nav__link').length") > 10, "navigation is missing"
