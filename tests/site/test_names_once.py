"""Names said once: no `<title>` repeats the site name, and the navigation does not head the home page with it."""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path

import pytest

from helpers import REPO

from handbook.config import load_config

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# Names may hold spans of their own (left-to-right runs in right-to-left text): each pattern reads up
# to the closing tags that end the name, not to the first </span>.
SITE_NAME = re.compile(r'<div class="md-header__topic">\s*<span class="md-ellipsis">(.*?)</span>\s*</div>', re.S)
NAV_TITLE = re.compile(r'<nav class="md-nav md-nav--primary[^"]*"[^>]*>\s*<label class="md-nav__title"[^>]*>(.*?)</label>', re.S)
FIRST_NAV_ITEM = re.compile(r'<ul class="md-nav__list"[^>]*>\s*<li class="md-nav__item[^"]*">.*?<span class="md-ellipsis">(.*?)</span>\s*</(?:a|label|div)>', re.S)
TAGS = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", fragment)).split())


def nearly_same(first: str, second: str) -> bool:
    """The same words, give or take case and a character or two."""
    a, b = first.casefold(), second.casefold()
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() > 0.9


def _home_pages(site: Path) -> list[Path]:
    config = load_config(REPO / "mkdocs.yml")
    return [site / "index.html" if language.default else site / language.code / "index.html"
            for language in config.languages]


def test_nearly_same_is_not_always_true() -> None:
    assert nearly_same("COVID-19 prevention and care handbook", "COVID-19 Prevention and Care Handbook")
    assert not nearly_same("Masks", "COVID-19 Prevention and Care Handbook")


@pytest.mark.slow
def test_every_languages_home_page_title_is_the_site_name_once(built_site: Path) -> None:
    homes = _home_pages(built_site)
    assert len(homes) == len(load_config(REPO / "mkdocs.yml").languages)
    for home in homes:
        text = home.read_text(encoding="utf-8")
        site_name = _text(SITE_NAME.search(text).group(1))
        assert _text(TITLE.search(text).group(1)) == site_name, home.relative_to(built_site)


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["full", "lite"])
def test_no_title_says_the_same_name_twice(built_site: Path, edition: str) -> None:
    root = built_site / "lite" if edition == "lite" else built_site
    pages = [page for page in root.rglob("*.html") if edition == "lite" or "lite" not in page.relative_to(root).parts]
    assert len(pages) > 20
    others = 0
    for page in pages:
        title = _text(TITLE.search(page.read_text(encoding="utf-8")).group(1))
        parts = title.split(" - ")
        assert not any(nearly_same(a, b) for i, a in enumerate(parts) for b in parts[i + 1:]), (
            f"{page.relative_to(built_site)}: <title>{title}</title>")
        others += len(parts) > 1
    assert others > len(pages) / 2  # the other pages still say which site they belong to


@pytest.mark.slow
def test_navigation_does_not_head_the_home_page_with_the_site_name(built_site: Path) -> None:
    for page in [*_home_pages(built_site), built_site / "protect" / "masks.html"]:
        text = page.read_text(encoding="utf-8")
        heading = _text(NAV_TITLE.search(text).group(1))
        first = _text(FIRST_NAV_ITEM.search(text).group(1))
        site_name = _text(SITE_NAME.search(text).group(1))
        assert heading and not nearly_same(heading, site_name), f"{page.relative_to(built_site)}: {heading!r}"
        assert not nearly_same(heading, first), f"{page.relative_to(built_site)}: {heading!r} above {first!r}"
