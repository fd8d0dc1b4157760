"""The built site: pages, the supply link everywhere, footer, and no request to any other host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers import REPO, is_external, scan_html


def _config_extra() -> dict:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)["extra"]["handbook"]


def _html_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert pages, "the build wrote no HTML"
    return pages


@pytest.mark.slow
def test_every_source_page_is_built(built_site: Path) -> None:
    sources = sorted((REPO / "docs" / "en").rglob("*.md"))
    assert len(sources) >= 3
    for source in sources:
        relative = source.relative_to(REPO / "docs" / "en").with_suffix(".html")
        assert (built_site / relative).is_file(), f"{relative} was not built"


@pytest.mark.slow
def test_supply_link_on_every_page(built_site: Path) -> None:
    url = _config_extra()["supply_request_url"]
    for page in _html_pages(built_site):
        links = scan_html(page).links
        assert url in links, f"{page.relative_to(built_site)} has no supply-request link"
        assert 'class="hb-supply__link"' in page.read_text(encoding="utf-8")
    assert "Request medical supplies" in (built_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_footer_shows_review_date_and_licence(built_site: Path) -> None:
    licence = _config_extra()["licence"]
    source = (REPO / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    reviewed = re.search(r"^last_reviewed:\s*(\S+)", source, re.M).group(1)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'<time datetime="{reviewed}">' in home
    assert licence["url"] in scan_html(built_site / "index.html").links


@pytest.mark.slow
def test_no_request_to_other_hosts(built_site: Path) -> None:
    offenders = []
    for page in _html_pages(built_site):
        offenders += [f"{page.relative_to(built_site)}: {url}" for url in scan_html(page).fetched if is_external(url)]
    for stylesheet in built_site.rglob("*.css"):
        text = stylesheet.read_text(encoding="utf-8")
        for url in re.findall(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", text):
            if is_external(url):
                offenders.append(f"{stylesheet.relative_to(built_site)}: {url}")
    assert offenders == []


def test_scanner_sees_external_requests(tmp_path: Path) -> None:
    """The scan above is only worth something if it can fail."""
    page = tmp_path / "page.html"
    page.write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
        '<script src="//unpkg.com/x.js"></script><img srcset="a.png 1x, https://cdn.example/b.png 2x">'
        '<a href="https://who.int">a citation is fine</a>',
        encoding="utf-8",
    )
    fetched = [url for url in scan_html(page).fetched if is_external(url)]
    assert fetched == ["https://fonts.googleapis.com/css", "//unpkg.com/x.js", "https://cdn.example/b.png"]


@pytest.mark.slow
def test_offline_search_shim_is_local(built_site: Path) -> None:
    home = scan_html(built_site / "index.html")
    shims = [url for url in home.fetched if "iframe-worker" in url]
    assert shims and all(not is_external(url) for url in shims)
    assert (built_site / shims[0]).is_file()


@pytest.mark.slow
def test_root_404_page_is_in_the_default_language(built_site: Path) -> None:
    """Each language's build writes 404.html at the root; the default language's must be the one kept."""
    home, missing = (built_site / "index.html").read_text(encoding="utf-8"), (built_site / "404.html").read_text(encoding="utf-8")
    lang = re.compile(r'<html lang="([^"]+)"')
    assert lang.search(missing).group(1) == lang.search(home).group(1)
    title = re.compile(r"<title>([^<]*)</title>")
    assert title.search(missing).group(1).strip() in title.search(home).group(1)
