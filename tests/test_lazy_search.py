"""Search loads when the reader opens it: no index and no search worker on page load.

The HTML check runs everywhere; the browser checks open the built site in headless Chromium, over
http and from file://, and record every request the page makes.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from browser import chromium, chromium_path, serve_directory

SEARCH_INPUT = "document.querySelector('[data-md-component=search-query]')"
SETTLE = 1.5  # seconds for anything a page starts after its load event


def test_every_page_defers_search(built_site: Path) -> None:
    """The deferring script runs before Material's bundle, and nothing asks for the index eagerly."""
    for page in sorted(built_site.rglob("*.html")):
        if page.is_relative_to(built_site / "lite"):
            continue
        html = page.read_text(encoding="utf-8")
        if "assets/javascripts/bundle." not in html:
            continue
        where = page.relative_to(built_site)
        assert 'id="hb-lazy-search"' in html, f"{where} loads search eagerly"
        assert html.index('id="hb-lazy-search"') < html.index("assets/javascripts/bundle."), where
        head = re.sub(r'<script id="hb-lazy-search">.*?</script>', "", html[: html.index("</head>")], flags=re.S)
        assert "search_index" not in head, f"{where} preloads the index"


def _open_search_and_query(page, word: str) -> int:
    page.evaluate(f"{SEARCH_INPUT}.focus()")
    page.send("Input.insertText", text=word)
    page.evaluate(f"{SEARCH_INPUT}.dispatchEvent(new KeyboardEvent('keyup', {{key: 'k'}}))")
    return page.wait_for("document.querySelectorAll('.md-search-result__item').length", 15)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["http", "file"])
def test_search_index_loads_only_when_search_is_opened(built_site: Path, scheme: str) -> None:
    if chromium_path() is None:
        pytest.skip("chromium is not installed (`make test` installs it: apt-get install chromium)")
    with serve_directory(built_site) as base, chromium() as browser:
        url = f"{base}protect/masks.html" if scheme == "http" else (built_site / "protect" / "masks.html").as_uri()
        page = browser.new_page()
        page.goto(url)
        time.sleep(SETTLE)
        assert page.requested("assets/javascripts/bundle."), "the page did not run Material's bundle"
        assert page.requested("search_index") == [], "the search index was fetched on page load"
        assert page.requested("workers/search") == [], "the search worker was started on page load"
        assert page.requested("sitemap.xml") == [], "Material's language sitemaps were fetched on page load"

        found = _open_search_and_query(page, "mask")
        assert page.requested("search_index"), "opening search did not fetch the index"
        assert page.requested("workers/search"), "opening search did not start the worker"
        assert found > 0, "search found nothing after loading its index"
