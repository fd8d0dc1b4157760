"""The English handbook: every page dated and cited, references complete, glossary data and page agree."""

from __future__ import annotations

import datetime
import re
import xml.dom.minidom
from pathlib import Path

import pytest
import yaml

from helpers import REPO

from handbook.translation.glossary import shared_terms

SOURCE = REPO / "docs" / "en"
PAGES = sorted(SOURCE.rglob("*.md"))
URL = re.compile(r"https://[^\s)>\]]+")
NOTICE_PAGES = ["index.md", "illness/symptoms-and-testing.md", "illness/home-care.md", "illness/danger-signs.md",
                "facilities/oxygen-and-monitoring.md"]


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.relative_to(REPO)} has no front matter"
    return yaml.safe_load(text.split("---\n", 2)[1])


def _sources(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    assert "\n## Sources\n" in text, f"{path.relative_to(REPO)} has no '## Sources' section"
    return text.split("\n## Sources\n", 1)[1]


def test_there_are_enough_pages() -> None:
    assert len(PAGES) >= 12


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_page_has_front_matter_with_review_date(path: Path) -> None:
    meta = _front_matter(path)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    reviewed = meta.get("last_reviewed")
    assert isinstance(reviewed, datetime.date), "last_reviewed must be an ISO date"
    assert reviewed <= datetime.date.today()
    heading = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert heading and heading.group(1) == meta["title"]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_page_ends_with_its_sources(path: Path) -> None:
    sources = _sources(path)
    assert URL.search(sources), "the Sources section cites no https:// source"
    assert "\n## " not in sources, "Sources must be the last section"


def test_references_page_lists_every_cited_source() -> None:
    references = (SOURCE / "appendix" / "references.md").read_text(encoding="utf-8")
    missing = sorted({url.rstrip(".,") for path in PAGES for url in URL.findall(_sources(path))}
                     - {url.rstrip(".,") for url in URL.findall(references)})
    assert missing == []


def test_medical_notice_where_it_matters() -> None:
    for name in NOTICE_PAGES:
        text = (SOURCE / name).read_text(encoding="utf-8")
        assert '!!! warning "Not a substitute for professional care"' in text, name
        assert "Seek" in text.split("Not a substitute for professional care", 1)[1][:600], name


def test_no_drug_dosing() -> None:
    dose = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|micrograms?|milligrams?|IU|units?/kg|mg/kg)\b", re.I)
    offenders = [f"{path.relative_to(SOURCE)}: {match.group(0)}"
                 for path in PAGES for match in dose.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_glossary_data_is_one_term_a_line_with_a_note() -> None:
    terms = shared_terms(REPO)
    assert len(terms) >= 20
    assert len({term.term for term in terms}) == len(terms)
    for term in terms:
        assert term.translate in ("yes", "no") and term.note, term.term


def test_glossary_page_matches_the_data() -> None:
    page = (SOURCE / "appendix" / "glossary.md").read_text(encoding="utf-8")
    table = {cells[0]: cells[1] for cells in (
        [cell.strip() for cell in line.strip("|").split("|")] for line in page.splitlines() if line.startswith("| "))
        if cells[0] not in ("Term", "---")}
    assert table == {term.term: term.translate for term in shared_terms(REPO)}


@pytest.mark.parametrize("path", sorted((SOURCE / "images").glob("*.svg")), ids=lambda path: path.name)
def test_svg_images_are_small_valid_and_titled(path: Path) -> None:
    document = xml.dom.minidom.parse(str(path))
    assert document.documentElement.getAttribute("viewBox")
    assert document.getElementsByTagName("title")
    assert path.stat().st_size < 8 * 1024


def test_every_image_has_alt_text_and_exists() -> None:
    for path in PAGES:
        for alt, src in re.findall(r"!\[([^\]]*)\]\(([^)\s]+)", path.read_text(encoding="utf-8")):
            assert alt.strip(), f"{path.relative_to(SOURCE)}: image {src} has no alt text"
            assert (path.parent / src).resolve().is_file(), f"{path.relative_to(SOURCE)}: {src} is missing"
