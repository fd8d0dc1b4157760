"""The offline bundles in a real browser, from file://, with every network request blocked.

A reader unzips the bundle and opens index.html: pages, links between them, and search in the
bundle's language must work with no request to any host and no request that fails.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from browser import chromium, chromium_path

WORDS = {"en": "hands", "bn": "হাত", "ar": "اليدين"}
BLOCK_NETWORK = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]


def _only_files(page) -> None:
    assert [url for url in page.requests if not url.startswith(("file://", "data:", "about:"))] == []
    # data: URLs never touch the network; Chromium reports inline icons it drops as "failed".
    assert [failure for failure in page.failures if not failure.startswith("data:")] == []


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("code", ["en", "bn", "ar"])
def test_unzipped_bundle_reads_navigates_and_searches_offline(built_site: Path, tmp_path: Path, code: str) -> None:
    if chromium_path() is None:
        pytest.skip("chromium is not installed (`make test` installs it: apt-get install chromium)")
    with zipfile.ZipFile(built_site / "downloads" / f"handbook-{code}-offline.zip") as bundle:
        bundle.extractall(tmp_path)
    index = min(tmp_path.rglob("index.html"), key=lambda path: len(path.parts))
    with chromium() as browser:
        page = browser.new_page()
        page.send("Network.setBlockedURLs", urls=BLOCK_NETWORK)
        page.goto(index.as_uri())  # the bundle's front door; it may forward to the language folder
        home = "index.html" if code == "en" else f"{code}/index.html"
        assert page.wait_for(f"location.pathname.endsWith('/{home}') && document.readyState === 'complete'"
                             " && !!document.querySelector('article')", 15)
        assert page.evaluate("document.documentElement.lang") == code
        assert page.evaluate("document.body.dir") == ("rtl" if code == "ar" else "ltr")
        # Follow a link to another page, as a reader would.
        target = page.evaluate("[...document.querySelectorAll('article a[href]')]"
                               ".map(a => a.href).find(h => h.includes('hand-hygiene.html'))")
        assert target, "the home page links to the hand-hygiene page"
        page.goto(target)
        assert page.evaluate("location.pathname").endswith("protect/hand-hygiene.html")
        assert page.search(WORDS[code]) > 0
        _only_files(page)


@pytest.mark.slow
@pytest.mark.browser
def test_language_switch_from_file(built_site: Path) -> None:
    """The full site, saved and opened from disk: the switcher leads to the same page in Bengali, then Arabic."""
    if chromium_path() is None:
        pytest.skip("chromium is not installed (`make test` installs it: apt-get install chromium)")
    with chromium() as browser:
        page = browser.new_page()
        page.send("Network.setBlockedURLs", urls=BLOCK_NETWORK)
        page.goto((built_site / "protect" / "masks.html").as_uri())
        for code in ("bn", "ar"):
            link = page.evaluate(f"document.querySelector('a.md-select__link[hreflang={code}]').href")
            page.goto(link)
            assert page.evaluate("document.documentElement.lang") == code
            assert page.evaluate("location.pathname").endswith(f"/{code}/protect/masks.html")
        _only_files(page)
