"""Accessibility and what Lighthouse checks beyond it, on a sample of pages in every language.

axe-core (the engine behind Lighthouse's accessibility score, installed by `make test` from
requirements/npm/) runs in Chromium over each language's home page and one content page (a
different one for each language, so the sample walks the handbook), full and lite, at a phone's
size (as Lighthouse measures) and a desktop's (where Material shows its sidebars). Any violation
fails, and so does any error in the console (Lighthouse's best-practices score) and a page wider
than the screen (a long address in a list, an element whose direction the theme styles against
its page's). The SEO points
axe does not see (hreflang addresses, a description on every page) are read from the HTML.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path, PurePosixPath

import pytest

from browser import chromium, chromium_path, serve_directory

from handbook.config import load_config
from handbook.editions.lite import LITE_DIR

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"

needs_chromium = pytest.mark.skipif(
    chromium_path() is None, reason="chromium is not installed (`make test` installs it: apt-get install chromium)"
)
needs_axe = pytest.mark.skipif(
    not AXE.is_file(), reason=f"axe-core is not installed at {AXE} (`make test` installs it with npm from requirements/npm/)"
)

# Lighthouse's mobile device (a Moto G Power) and a desktop wide enough for both of Material's sidebars.
VIEWPORTS = {
    "phone": {"width": 412, "height": 823, "deviceScaleFactor": 1.75, "mobile": True},
    "desktop": {"width": 1350, "height": 940, "deviceScaleFactor": 1, "mobile": False},
}

RUN_AXE = """axe.run(document, {resultTypes: ["violations"]}).then(result => result.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\\s+/g, " "))
})))"""


@pytest.fixture(scope="module")
def config(built_project: Path):
    return load_config(built_project / "mkdocs.yml")


def sample_pages(config, built_site: Path) -> list[str]:
    """Each language's home page and one content page, full and lite, as site-relative paths."""
    content = [PurePosixPath(item.page).with_suffix(".html") for item in config.nav
               if item.page and item.page != "index.md"]
    paths = []
    for number, language in enumerate(config.languages):
        folder = "" if language.default else f"{language.code}/"
        for page in (PurePosixPath("index.html"), content[(number * 7) % len(content)]):
            paths += [f"{folder}{page}", f"{LITE_DIR}/{language.code}/{page}"]
    missing = [path for path in paths if not (built_site / path).is_file()]
    assert not missing, f"sampled pages were not built: {missing}"
    return paths


@pytest.mark.slow
@needs_chromium
@needs_axe
@pytest.mark.browser
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_sampled_pages_have_no_axe_violations_no_console_errors_and_fit_the_screen(config, built_site: Path, viewport: str) -> None:
    axe = AXE.read_text(encoding="utf-8")
    problems: list[str] = []
    with serve_directory(built_site) as base, chromium() as browser:
        for path in sample_pages(config, built_site):
            page = browser.new_page()
            page.send("Emulation.setDeviceMetricsOverride", **VIEWPORTS[viewport])
            page.goto(base + path)
            page.evaluate(axe)  # through DevTools, as Lighthouse does: a page's script policy does not stop it
            for violation in page.evaluate(RUN_AXE):
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']}\n    "
                                + "\n    ".join(violation["nodes"]))
            problems += [f"{path}: console error: {error}" for error in page.errors]
            # Wider than the screen: the reader scrolls sideways, and what the theme keeps off-screen
            # (the menu drawer) comes into reach of the audits.
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                problems.append(f"{path}: {overflow} px wider than the {viewport} screen")
            page.send("Page.close")
    assert not problems, f"{len(problems)} problem(s) at {viewport} size:\n" + "\n".join(problems)


def _alternates(page_html: str) -> list[tuple[str, str]]:
    links = re.findall(r"<link\b[^>]*\brel=\"alternate\"[^>]*>", page_html)
    pairs = []
    for link in links:
        language, href = re.search(r'hreflang="([^"]*)"', link), re.search(r'href="([^"]*)"', link)
        if language and href:
            pairs.append((language.group(1), href.group(1)))
    return pairs


@pytest.mark.slow
def test_hreflang_alternates_are_full_addresses_of_the_same_page(config, built_site: Path) -> None:
    """Lighthouse's hreflang audit refuses relative addresses; each must point at the page's twin."""
    site_url = config.site_url.rstrip("/") + "/"
    codes = {language.code for language in config.languages}
    checked = 0
    for path in sample_pages(config, built_site):
        if path.startswith(f"{LITE_DIR}/"):
            continue
        alternates = dict(_alternates((built_site / path).read_text(encoding="utf-8")))
        assert set(alternates) == codes, f"{path}: alternates for {sorted(alternates)}"
        page = path.split("/", 1)[1] if path.split("/", 1)[0] in codes else path
        for language in config.languages:
            folder = "" if language.default else f"{language.code}/"
            assert alternates[language.code] == f"{site_url}{folder}{page}", f"{path}: {language.code}"
        checked += 1
    assert checked == len(config.languages) * 2


@pytest.mark.slow
def test_every_page_has_a_description_and_lite_pages_ask_for_no_missing_icon(built_site: Path) -> None:
    """A meta description on every page, full and lite (Lighthouse SEO); a lite page names its icon
    itself, so the browser does not ask for /favicon.ico and log a 404 (best practices)."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 300
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if page.name == "404.html" or 'http-equiv="refresh"' in text:
            continue
        where = page.relative_to(built_site)
        description = re.search(r'<meta name="description" content="([^"]+)"', text)
        assert description and description.group(1).strip(), f"{where} has no meta description"
        if where.parts[0] == LITE_DIR:
            assert re.search(r'<link rel="icon" href="[^"]+"', text), f"{where} names no icon"


@pytest.mark.slow
def test_lite_description_is_the_full_pages(config, built_site: Path) -> None:
    pattern = r'<meta name="description" content="([^"]+)"'
    for path in sample_pages(config, built_site):
        if not path.startswith(f"{LITE_DIR}/"):
            continue
        code, page = path.split("/", 2)[1:]
        folder = "" if config.language(code).default else f"{code}/"
        full = re.search(pattern, (built_site / folder / page).read_text(encoding="utf-8")).group(1)
        lite = re.search(pattern, (built_site / path).read_text(encoding="utf-8")).group(1)
        assert html.unescape(lite) == html.unescape(full), path


def test_axe_is_pinned_in_the_lock_file() -> None:
    """`make test` installs exactly what the lock file names (npm ci), the version package.json pins."""
    package = json.loads((ROOT / "requirements" / "npm" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "requirements" / "npm" / "package-lock.json").read_text(encoding="utf-8"))
    pinned = package["dependencies"]["axe-core"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin an exact axe-core version"
    assert lock["packages"]["node_modules/axe-core"]["version"] == pinned
    assert lock["packages"]["node_modules/axe-core"]["integrity"].startswith("sha512-")
