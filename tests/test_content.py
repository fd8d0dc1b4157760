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
                "illness/medicines.md", "facilities/oxygen-and-monitoring.md", "cards/home-isolation.md",
                "cards/danger-signs-adults.md", "cards/danger-signs-children.md"]


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


# A drug dose is an amount of medicine: a mass or unit (500 mg, 10 mg/kg, 1 g/kg, 5 mL/kg, 1000 IU), or a count
# of tablets or capsules. Chlorine recipes are not doses: strengths in g/L, mg/L (ppm) or %, and NaDCC or HTH
# tablets "per litre", are allowed, so a mass per volume is not flagged and a tablet count is flagged only
# when the line is not about a disinfectant.
_PER_BODY = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|μg|ug|micrograms?|milligrams?|grams?|g|mL|ml|IU|units?)"
    r"\s*(?:/|per|a|each)\s*(?:kg|kilograms?|m2|m²|dose|day)\b", re.I)
_MASS = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|μg|micrograms?|milligrams?|IU|international units)\b"
                   r"(?!\s*(?:/|per|in|a|each)\s*(?:L|l|litres?|liters?)\b)", re.I)
_COUNT = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|one|two|three|four|half an?|a half)\s*(?:tablets?|capsules?|pills?|caplets?|puffs?|lozenges?)\b",
    re.I)
_FREQUENCY = re.compile(r"\b(?:\d+|once|twice|three|four)\s*(?:times\s*)?(?:a|per|each)\s*day\b"
                        r"|\bevery\s*\d+(?:\s*to\s*\d+)?\s*hours\b", re.I)
_DISINFECTANT = re.compile(r"chlorine|chlorometric|NaDCC|dichloroisocyanurate|\bHTH\b|hypochlorite|bleach|disinfect|"
                           r"purif|water treatment|\blit(?:re|er)s?\b|\d\s*L\b|ppm", re.I)
_MEDICINE = re.compile(r"medicine|paracetamol|acetaminophen|ibuprofen|aspirin|antibiotic|antiviral|steroid|drug|"
                       r"tablet|capsule|dose|nirmatrelvir|molnupiravir|remdesivir|dexamethasone|zinc|\bORS\b", re.I)


def _doses(text: str) -> list[str]:
    """Amounts of medicine in a text. A dose per body weight or per day is always one; a plain mass or a count of
    tablets is one unless its line is a disinfectant or water recipe (chlorine in mg/L or ppm, NaDCC tablets per
    litre); a frequency (twice a day, every 6 hours) is one on a line about a medicine."""
    found = [match.group(0) for match in _PER_BODY.finditer(text)]
    for line in text.splitlines():
        recipe = _DISINFECTANT.search(line)
        if not recipe:
            found += [match.group(0) for match in _MASS.finditer(line)]
            found += [match.group(0) for match in _COUNT.finditer(line)]
            if _MEDICINE.search(line):
                found += [match.group(0) for match in _FREQUENCY.finditer(line)]
    return found


def test_the_dose_check_tells_doses_from_chlorine_recipes() -> None:
    for dose in ("Give 500 mg of paracetamol.", "10 mg/kg", "1 g/kg", "20 mL/kg of fluid", "5000 IU", "250 mcg",
                 "Take 2 tablets.", "one tablet", "Paracetamol twice a day.", "an antiviral every 12 hours",
                 "1.5 mg per dose", "300 micrograms", "Zinc: 20 mg a day", "Give ORS 3 times a day."):
        assert _doses(dose), dose
    for recipe in ("Dissolve 1 NaDCC tablet of 1.67 g in 1 litre of water.", "a solution of 5 g/L (0.5%)",
                   "0.1% (1000 mg/L) chlorine", "Use 2 tablets of NaDCC per 10 litres.", "HTH granules: 7 g per litre",
                   "- 1 tablet in 20 L of water", "5000 mg per litre", "1000 ppm: 1000 mg in each litre",
                   "Change the cloth 2 times a day.", "Wash hands for 40 to 60 seconds.", "Give 2 doses of vaccine.",
                   "Mix one packet of ORS with the water written on the packet."):
        assert not _doses(recipe), recipe


def test_no_drug_dosing() -> None:
    offenders = [f"{path.relative_to(SOURCE)}: {dose}" for path in PAGES for dose in _doses(path.read_text(encoding="utf-8"))]
    assert offenders == []


# The danger signs are listed on the danger-signs page and repeated on the home page, the one-page summaries and
# the wall cards. Every copy must list every sign: a sign dropped or changed on one page fails here.
DANGER_PAGES = {"illness/danger-signs.md": ("adults", "children"), "index.md": ("adults", "children"),
                "appendix/one-page-summaries.md": ("adults", "children"),
                "cards/danger-signs-adults.md": ("adults",), "cards/danger-signs-children.md": ("children",)}
_ADMONITION = re.compile(r'^!!! danger "([^"]*)"\n((?:    .*\n|\n(?=    ))+)', re.M)


def _sign(item: str) -> str:
    text = re.sub(r"\s+", " ", item.strip().lower())
    text = re.sub(r"[;.,]+$", "", text)
    return re.sub(r"^(?:and|or) ", "", text)


def _danger_lists(name: str) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for title, body in _ADMONITION.findall((SOURCE / name).read_text(encoding="utf-8")):
        group = "children" if "child" in title.lower() else "adults"
        assert group not in lists, f"{name} has two danger-sign lists for {group}"
        lists[group] = [_sign(line[len("    - "):]) for line in body.splitlines() if line.startswith("    - ")]
    return lists


def test_danger_sign_lists_agree_across_pages() -> None:
    reference = _danger_lists("illness/danger-signs.md")
    assert len(reference.get("adults", [])) >= 8 and len(reference.get("children", [])) >= 9, reference
    for group, signs in reference.items():
        assert len(signs) == len(set(signs)), f"a {group} sign is listed twice"
    for name, groups in DANGER_PAGES.items():
        lists = _danger_lists(name)
        assert sorted(lists) == sorted(groups), f"{name}: danger-sign lists for {sorted(lists)}, expected {sorted(groups)}"
        for group in groups:
            missing = [sign for sign in reference[group] if sign not in lists[group]]
            extra = [sign for sign in lists[group] if sign not in reference[group]]
            assert not missing and not extra, f"{name} ({group}): missing {missing}, not on the danger-signs page {extra}"


def test_the_danger_sign_check_sees_a_dropped_sign() -> None:
    page = (SOURCE / "index.md").read_text(encoding="utf-8")
    dropped = page.replace("    - vomits everything;\n", "", 1)
    assert dropped != page
    lists = {("children" if "child" in title.lower() else "adults"):
             [_sign(line[6:]) for line in body.splitlines() if line.startswith("    - ")]
             for title, body in _ADMONITION.findall(dropped)}
    assert set(_danger_lists("illness/danger-signs.md")["children"]) - set(lists["children"]) == {"vomits everything"}


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


# --- Every number names its source where it stands ----------------------------------------------

# Digits that are names or dates, not quantities: COVID-19, SARS-CoV-2, SpO2, N95, FFP2, UN3373, the
# handbook's own "Part 2", and years.
NAME_WITH_DIGITS = re.compile(r"\b[A-Za-z][\w-]*\d[\w-]*\b|\b\d+(?=-[A-Za-z])|\bPart \d+\b|\b(?:19|20)\d\d\b")
QUANTITY = re.compile(r"\d")


def _source_names() -> set[str]:
    """Who can be named as a source: the organisations and authors of the references page."""
    text = (SOURCE / "appendix" / "references.md").read_text(encoding="utf-8")
    names = set()
    for heading in re.findall(r"^### (.+)$", text, re.M):
        names.add(heading.split(" (")[0].removeprefix("The "))
        names.update(re.findall(r"\(([^)]+)\)", heading))
    for author in re.findall(r"^- ([^*]+?)\. \*", text, re.M):
        names.add(author.split(",")[0].removesuffix(" et al"))
        names.update(re.findall(r"\(([A-Z]{2,})\)", author))
    names.discard("Licence")
    return names


def _blocks(body: str):
    """(kind, text) of each heading, paragraph, list item and table row, in order, with list and
    table boundaries: ("open"/"close", "")."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    row: list[str] | None = None
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open", "table_open"):
            yield "open", ""
        elif token.type in ("bullet_list_close", "ordered_list_close", "table_close"):
            yield "close", ""
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            yield ("header" if tokens[index + 1].type == "thead_close" else "row"), " | ".join(row)
            row = None
        elif token.type == "inline":
            if row is not None:
                row.append(token.content)
            else:
                yield ("heading" if tokens[index - 1].type == "heading_open" else "text"), token.content


def _unsourced_numbers(text: str, names: set[str]) -> list[str]:
    """Blocks (paragraph, list item, table row) with a quantity and no source named in the block, in
    the sentence that leads into it (one ending with a colon, or the paragraph before a list or
    table), in its table's header or in its heading."""
    body = text.split("\n---\n", 1)[1].split("\n## Sources\n", 1)[0]
    named = lambda words: any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", words) for name in names)  # noqa: E731
    heading = lead = header = ""
    depth = 0  # inside a list or table: the paragraph before it leads into it
    problems = []
    for kind, content in _blocks(body):
        if kind in ("open", "close"):
            depth += 1 if kind == "open" else -1
            header = ""
            lead = lead if depth or kind == "open" else ""  # a lead-in leads into one list or table
            continue
        if kind == "heading":
            heading, lead = content, ""
            continue
        if kind == "header":
            header = content
        quantity = QUANTITY.search(NAME_WITH_DIGITS.sub("", re.sub(r"\]\([^)]*\)|<[^>]+>", "]", content)))
        if quantity and not any(named(words) for words in (content, lead, header, heading)):
            problems.append(content)
        if depth == 0:
            lead = content if content.rstrip().endswith(":") or named(content) else ""
    return problems


def test_the_source_check_sees_an_unsourced_number() -> None:
    names = {"WHO", "CDC"}
    page = "---\ntitle: T\n---\n\n# T\n\n## Masks\n\nWear it for 4 hours.\n\nWHO advises 3 layers.\n\n" \
           "WHO gives these times:\n\n- 20 seconds\n\n| a | b |\n| - | - |\n| 5% | 9 |\n\n## Sources\n\n- 1\n"
    assert _unsourced_numbers(page, names) == ["Wear it for 4 hours.", "5% | 9"]
    sourced_header = page.replace("| a | b |", "| a (CDC) | b |")
    assert _unsourced_numbers(sourced_header, names) == ["Wear it for 4 hours."]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_every_number_names_its_source_where_it_stands(path: Path) -> None:
    problems = _unsourced_numbers(path.read_text(encoding="utf-8"), _source_names())
    assert not problems, "numbers with no source named in their sentence, list lead-in or section:\n" + \
        "\n".join(f"  {problem[:120]}" for problem in problems)
