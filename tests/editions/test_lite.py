"""The lite edition: plain HTML twins of every page, no script, nothing from other hosts, links that work."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from helpers import REPO, is_external, scan_html

from handbook.editions.lite import clean_article, make_rewriter

LANGUAGES = ("en", "bn", "hi", "ar", "zh", "es", "fr", "pt", "sw")


def _config() -> dict:
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _languages() -> list[str]:
    i18n = next(entry["i18n"] for entry in _config()["plugins"] if isinstance(entry, dict) and "i18n" in entry)
    return [language["locale"] for language in i18n["languages"]]


def _full_pages(site: Path, code: str) -> list[Path]:
    root = site if code == "en" else site / code
    skip = {"lite", "assets", "search", "downloads", *_languages()}
    return sorted(
        page for page in root.rglob("*.html")
        if page.relative_to(root).parts[0] not in skip and page.name != "404.html"
    )


def _lite_pages(site: Path) -> list[Path]:
    pages = sorted((site / "lite").rglob("*.html"))
    assert pages, "no lite pages were built"
    return pages


def _broken_targets(page: Path, urls: list[str]) -> set[Path]:
    """Local files `urls` of `page` point to that do not exist."""
    broken = set()
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        if not target.is_file():
            broken.add(target)
    return broken


def _full_twin(site: Path, lite_page: Path) -> Path:
    code, *rest = lite_page.relative_to(site / "lite").parts
    return (site if code == "en" else site / code).joinpath(*rest)


@pytest.mark.slow
def test_every_page_has_a_lite_twin_and_they_link_both_ways(built_site: Path) -> None:
    for code in _languages():
        root = built_site if code == "en" else built_site / code
        for full in _full_pages(built_site, code):
            relative = full.relative_to(root)
            lite = built_site / "lite" / code / relative
            assert lite.is_file(), f"no lite twin for {code}/{relative}"
            full_links = [(full.parent / href).resolve() for href in scan_html(full).links if "/lite/" in f"/{href}"]
            assert lite.resolve() in full_links, f"{code}/{relative} does not link to its lite twin"
            assert '<link rel="alternate" href="' in full.read_text(encoding="utf-8")
            back = [(lite.parent / href).resolve() for href in scan_html(lite).links]
            assert full.resolve() in back, f"lite {code}/{relative} does not link back to the full page"


@pytest.mark.slow
def test_lite_pages_load_nothing_but_themselves(built_site: Path) -> None:
    for page in _lite_pages(built_site):
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(built_site)
        assert "<script" not in text.lower(), f"{where} has a script"
        assert not re.search(r"<link[^>]+rel=\"?stylesheet", text), f"{where} loads a stylesheet"
        assert "@font-face" not in text and "@import" not in text and "url(" not in text, where
        assert text.count("<style>") == 1, f"{where} should have exactly one inline stylesheet"
        fetched = scan_html(page).fetched
        assert [url for url in fetched if is_external(url)] == [], f"{where} loads from another host"
        broken = _broken_targets(page, fetched + scan_html(page).links)
        full = _full_twin(built_site, page)
        inherited = _broken_targets(full, scan_html(full).fetched + scan_html(full).links)  # not the lite edition's doing
        assert sorted(broken - inherited) == [], f"{where} has broken relative links"


@pytest.mark.slow
def test_lite_pages_carry_supply_link_footer_and_language(built_site: Path) -> None:
    extra = _config()["extra"]["handbook"]
    for page in _lite_pages(built_site):
        code = page.relative_to(built_site / "lite").parts[0]
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(built_site)
        assert extra["supply_request_url"] in scan_html(page).links, f"{where} has no supply-request link"
        direction = "rtl" if code == "ar" else "ltr"
        assert f'<html lang="{code}" dir="{direction}">' in text, where
        assert extra["licence"]["url"] in text, f"{where} has no licence"
        root = "../" * (len(page.relative_to(built_site / "lite" / code).parts) - 1)
        assert f'href="{root}downloads.html"' in text, f"{where} does not link to the Downloads page"
    home = (built_site / "lite" / "en" / "index.html").read_text(encoding="utf-8")
    assert "Request medical supplies" in home
    assert '<nav id="contents">' in home and 'href="protect/masks.html"' in home
    reviewed = re.search(r"^last_reviewed:\s*(\S+)", (REPO / "docs/en/protect/masks.md").read_text(encoding="utf-8"), re.M)
    masks = (built_site / "lite" / "en" / "protect" / "masks.html").read_text(encoding="utf-8")
    assert f'<time datetime="{reviewed.group(1)}">' in masks
    assert 'rel="prev"' in masks and 'rel="next"' in masks


@pytest.mark.slow
def test_translated_lite_page_keeps_the_translation_notice(built_site: Path) -> None:
    full = (built_site / "bn" / "protect" / "masks.html").read_text(encoding="utf-8")
    lite = (built_site / "lite" / "bn" / "protect" / "masks.html").read_text(encoding="utf-8")
    if "hb-translation-notice" in full:
        assert 'class="admonition warning"' in lite


def test_cleaner_keeps_text_and_drops_material_extras() -> None:
    article = (
        '<a href="edit.md" class="md-content__button md-icon"><svg viewBox="0 0 1 1"><path d="M0"/></svg></a>'
        '<h1 id="masks">Masks<a class="headerlink" href="#masks">¶</a></h1>\n\n  <p style="color:red" onclick="x()">'
        'Wear   a <a href="hand-hygiene.html#steps">mask</a> and see <img src="../images/a.svg" alt="steps">'
        '<a href="https://who.int">WHO</a>.</p><script>alert(1)</script><button>Copy</button>'
        '<pre><code>keep   spaces</code></pre><div class="admonition warning hb-x"><p class="admonition-title">Note</p></div>'
    )
    rewrite = make_rewriter("protect/masks.html", "lite/en/protect/masks.html",
                            {"protect/hand-hygiene.html": "lite/en/protect/hand-hygiene.html"})
    cleaned = clean_article(article, rewrite)
    assert cleaned.startswith('<h1 id="masks">Masks</h1>')
    assert "<svg" not in cleaned and "<script" not in cleaned and "<button" not in cleaned and "¶" not in cleaned
    assert "style=" not in cleaned and "onclick" not in cleaned
    assert '<p>Wear a <a href="hand-hygiene.html#steps">mask</a>' in cleaned
    assert 'src="../../../images/a.svg"' in cleaned
    assert '<a href="https://who.int">WHO</a>' in cleaned
    assert "<pre><code>keep   spaces</code></pre>" in cleaned
    assert '<div class="admonition warning"><p class="admonition-title">Note</p></div>' in cleaned
