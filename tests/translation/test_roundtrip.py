"""A translated page keeps the English page's structure: the round-trip property (roundtrip.py)
over every docs page, every corpus page and every peer test input of the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import CORPUS, REPO, needs_corpus
from roundtrip import CODE, ELEMENTS, ENGLISH, PROSE, Page, peer_page, problems, site_extensions

SITE = site_extensions(REPO / "mkdocs.yml")
DOCS_PAGES = sorted((REPO / "docs" / "en").glob("**/*.md"))
CORPUS_PAGES = sorted((CORPUS / "markdown-material-docs").glob("*.md"))
SNIPPETS_FILE = CORPUS / "markdown-peers" / "snippets.json"
SNIPPETS = json.loads(SNIPPETS_FILE.read_text(encoding="utf-8")) if SNIPPETS_FILE.is_file() else []
SUITES = sorted({snippet["suite"] for snippet in SNIPPETS})

# Where the property cannot hold, which of its checks fail, and why. Most are corners where
# CommonMark (markdown-it, which finds the units) and Python-Markdown (which renders the site)
# read the same text differently; a few inputs exist only to break fences. The test fails if an
# input listed here starts to hold, so the list stays exact.
CANNOT_HOLD: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "fences that CommonMark and Python-Markdown (with pymdownx.superfences) open or close on "
    "different lines, so markdown-it reads code where the site shows text, or text where it "
    "shows code (these inputs exist to break fences)": (frozenset({PROSE}), (
        "cm-124", "cm-127", "cm-128", "cm-139", "cm-143", "cm-146",
        "pymdxfile-superfences (no indent blocks)")),
    "the same, with text markdown-it reads outside a fence that superfences keeps inside it": (
        frozenset({ELEMENTS, CODE, PROSE}), ("pymdxfile-superfences (failures)",)),
    "the same, a fence in a list item or quote holding a blank line or a longer fence": (
        frozenset({CODE, PROSE}), ("pymdxfile-superfences (normal)",
                                   "pymdxfile-superfences (preserve tabs)")),
    "a fence opened in a quote that CommonMark closes at the quote's end, while Python-Markdown "
    "(without fenced_code there) makes the lazy line after it inline code": (
        frozenset({CODE}), ("cm-237",)),
    "list indentation: CommonMark's column rule against Python-Markdown's four spaces, so a "
    "paragraph or code block of one is a continuation or a new block in the other": (
        frozenset({PROSE}), ("cm-7", "cm-257", "cm-264", "cm-266", "cm-270", "cm-273", "cm-274",
                             "cm-278", "pymdfile-extra/loose_def_list.txt")),
    "a paragraph over `===` (CommonMark: a heading over several lines; Python-Markdown: text "
    "holding `===`): one unit would make it one line, a heading, so it stays in English": (
        frozenset({PROSE}), ("cm-81", "cm-82", "cm-93")),
    "a link reference definition (or an autolink, or HTML) that CommonMark accepts and "
    "Python-Markdown shows as text": (
        frozenset({PROSE}), ("cm-194", "cm-195", "cm-196", "cm-197", "cm-199", "cm-209", "cm-216",
                             "cm-344", "cm-546", "cm-549",
                             "pymd-inline.test_links.TestReferenceLinks."
                             "test_ref_link_nested_left_bracket#1")),
    "an HTML block that CommonMark ends at a blank line or quote end where Python-Markdown "
    "reads Markdown (or the reverse)": (
        frozenset({PROSE}), ("cm-174", "cm-175",
                             "pymd-extensions.test_md_in_html.TestMdInHTML.test_md1_unclosed_div#1")),
    "a hard break inside emphasis: no unit can hold it, so the paragraph stays in English": (
        frozenset({PROSE}), ("cm-638", "cm-639")),
    "a heading ending in a lone backslash: a heading for CommonMark, text for Python-Markdown": (
        frozenset({PROSE}), ("cm-646",)),
    "abbreviation definitions Python-Markdown refuses when empty and shows as text, while the "
    "segmenter takes them as definitions": (
        frozenset({PROSE}), ("pymd-extensions.test_abbr.TestAbbr.test_abbr_empty#1",)),
    "a footnote definition on a quote's lazy line: CommonMark continues the quote's paragraph": (
        frozenset({PROSE}), ("pymd-extensions.test_footnotes.TestFootnotes."
                             "test_footnote_multple_complex_no_blank_line_between#1",)),
    "table rows whose cells markdown-it and Python-Markdown split differently (code spans "
    "holding pipes, an indented header row): the row is left in English": (
        frozenset({PROSE}), ("pymd-extensions.test_tables.TestTableBlocks.test_empty_cells#1",
                             "pymd-extensions.test_tables.TestTableBlocks.test_inline_code_blocks#1",
                             "pymd-extensions.test_tables.TestTableBlocks.test_issue_449#1")),
    "emphasis whose reading depends on standing at the very start or end of the text (unbalanced "
    "`**foo*`, `*foo**bar*`): left in English, the marks around the unit stand there, and "
    "Python-Markdown shows the asterisks": (
        frozenset({ENGLISH}), ("cm-409", "cm-412", "cm-442", "cm-443")),
    # Material's own documentation: structure holds on every page; two phrases stay in English.
    "a tab after two blank lines inside a nested admonition, which markdown-it's admonition "
    "plugin ends there (Python-Markdown does not)": (
        frozenset({PROSE}), ("reference-admonitions.md",)),
    "text after an HTML comment on a definition's second line (`<!-- md:flag -->  This ...`), "
    "which markdown-it reads as an HTML block": (
        frozenset({PROSE}), ("setup-extensions-python-markdown-extensions.md",)),
}
EXPECTED: dict[str, frozenset[str]] = {
    name: checks for checks, names in CANNOT_HOLD.values() for name in names
}


def failing_checks(page: Page) -> dict[str, str]:
    return {check: detail for check, detail in problems(page)}


def page_id(path: Path) -> str:
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.name


def test_docs_pages_hold() -> None:
    """The handbook's own pages: no exception at all."""
    assert DOCS_PAGES
    broken = {page_id(path): failing_checks(Page(page_id(path), path.read_text(encoding="utf-8"), *SITE))
              for path in DOCS_PAGES}
    assert {name: found for name, found in broken.items() if found} == {}


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_PAGES, ids=page_id)
def test_corpus_pages_hold(path: Path) -> None:
    found = failing_checks(Page(path.name, path.read_text(encoding="utf-8"), *SITE))
    assert set(found) == EXPECTED.get(path.name, frozenset()), found


@needs_corpus
@pytest.mark.parametrize("suite", SUITES)
def test_peer_snippets_hold(suite: str) -> None:
    """Each peer input, rendered with its own test's extensions (the CommonMark examples, which
    name none, with the site's), holds, or fails exactly the checks listed for it."""
    surprises = {}
    for snippet in (snippet for snippet in SNIPPETS if snippet["suite"] == suite):
        found = failing_checks(peer_page(snippet, SITE))
        if set(found) != EXPECTED.get(snippet["id"], frozenset()):
            surprises[snippet["id"]] = found or "holds now: take it off CANNOT_HOLD"
    assert surprises == {}


@needs_corpus
def test_corpus_holds_every_peer_suite() -> None:
    assert len(SNIPPETS) >= 1400 and {"commonmark", "python-markdown", "pymdown"} <= set(SUITES)
    listed = set(EXPECTED) - {snippet["id"] for snippet in SNIPPETS} - {p.name for p in CORPUS_PAGES}
    assert listed == set(), "CANNOT_HOLD names inputs that are not in the corpus"
