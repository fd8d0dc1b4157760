"""segments: what a unit is, and that rendering never breaks a page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers import CORPUS, needs_corpus

from handbook.translation.segments.extraction import extract
from handbook.site.english_units import EnglishUnitsExtension
from handbook.translation.segments.page import ENGLISH_END, ENGLISH_START, worth_translating
from handbook.translation.segments.substitution import render

REPO = Path(__file__).resolve().parents[2]
CORPUS_PAGES = sorted((CORPUS / "markdown-material-docs").glob("*.md"))
DOCS_PAGES = sorted((REPO / "docs" / "en").glob("**/*.md"))
ALL_PAGES = CORPUS_PAGES + DOCS_PAGES
# The Python-Markdown extensions of mkdocs.yml (the renderer the site is really built with), plus
# content tabs, which pages may use although mkdocs.yml does not enable them yet.
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"]
FRONT_MATTER = re.compile(r"---\r?\n(.*?)\r?\n---\r?\n", re.DOTALL)


def to_html(markdown_text: str) -> str:
    """The page as MkDocs renders it (MkDocs strips the front matter first)."""
    body = FRONT_MATTER.sub("", markdown_text, count=1)
    return markdown.markdown(body, extensions=EXTENSIONS)


def page_id(path: Path) -> str:
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.name


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # keeps \r\n and a missing final newline


def texts(markdown_text: str) -> list[str]:
    return [segment.text for segment in extract(markdown_text)]


def kinds(markdown_text: str) -> list[str]:
    return [segment.kind for segment in extract(markdown_text)]


def translated(markdown_text: str, mapping: dict[str, str]) -> str:
    return render(markdown_text, lambda segment: mapping.get(segment.text))


def untouched_lines(markdown_text: str) -> list[str]:
    """The lines (with their endings) that no unit touches: the page's structure."""
    spans = [segment.span for segment in extract(markdown_text)]
    lines, offset = [], 0
    for line in re.findall(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+$", markdown_text):
        start, end = offset, offset + len(line)
        offset = end
        if not any(a < end and b > start for a, b in spans):
            lines.append(line)
    return lines


# --- Whole pages ---------------------------------------------------------------------------------


@needs_corpus
def test_corpus_is_present() -> None:
    assert len(CORPUS_PAGES) >= 17, f"corpus missing at {CORPUS}"


def test_docs_are_present() -> None:
    assert DOCS_PAGES, "docs/en has no pages"


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_empty_translation_is_byte_identical(path: Path) -> None:
    source = read(path)
    assert render(source, lambda segment: None) == source
    assert render(source, lambda segment: "") == source


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_extraction_finds_units(path: Path) -> None:
    source = read(path)
    segments = extract(source)
    assert len(segments) >= 5
    for segment in segments:
        start, end = segment.span
        assert segment.text.strip() and "\n" not in segment.text
        assert 0 <= start < end <= len(source)
        assert source.count("\n", 0, start) + 1 == segment.line
    assert [s.span for s in segments] == sorted(s.span for s in segments)


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_identity_render_is_stable(path: Path) -> None:
    source = read(path)
    output = render(source, lambda segment: segment.text)
    assert output == source  # a translation equal to the source keeps the source bytes
    assert texts(output) == texts(source)


@pytest.mark.parametrize("path", CORPUS_PAGES[:6], ids=page_id)
def test_crlf_and_cr_pages_behave_like_lf_pages(path: Path) -> None:
    source = read(path)
    for newline in ("\r\n", "\r"):
        other = source.replace("\n", newline)
        assert render(other, lambda segment: None) == other
        assert texts(other) == texts(source)
        changed = render(source, lambda segment: segment.text + " (tr)")
        assert render(other, lambda segment: segment.text + " (tr)") == changed.replace("\n", newline)


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_changed_render_is_stable(path: Path) -> None:
    """Every unit really replaced (wrapped ones unwrapped): same units, nothing else moved."""
    source = read(path)
    output = render(source, lambda segment: segment.text + " (tr)")
    assert texts(output) == [text + " (tr)" for text in texts(source)]
    assert kinds(output) == kinds(source)
    assert untouched_lines(output) == untouched_lines(source)


# --- Units of each kind ------------------------------------------------------------------------

PAGE = """\
---
title: Hand hygiene
description: When and how to wash hands.
icon: material/hand
---

# Wash your hands { #wash }

Soap and water remove the virus
from your hands.

Why it matters
--------------

- Wet your hands
- Scrub for 20 seconds
    1. Palms
    2. Backs
- [ ] Dry them

1. First step
2. Second step

| Situation | Action |
|-----------|--------|
| Before eating | Wash **well** |

!!! warning "Do not share towels"

    Use your own towel.

??? note "More"
    Details here.

=== "At home"

    Use soap.

``` python
print("code is not translated")
```

<div class="note">
Raw HTML is not translated.
</div>

![A person washing hands](images/wash.png)

Term
:   Definition of the term.

Text with a note.[^1]

[^1]: The footnote text.

*[WHO]: World Health Organization

[WHO]: https://www.who.int

https://www.who.int

---

{ .lead }
"""


def test_units_of_every_kind() -> None:
    got = [(s.kind, s.text) for s in extract(PAGE)]
    assert got == [
        ("front-matter:title", "Hand hygiene"),
        ("front-matter:description", "When and how to wash hands."),
        ("heading", "Wash your hands { #wash }"),
        ("paragraph", "Soap and water remove the virus from your hands."),
        ("heading", "Why it matters"),
        ("list-item", "Wet your hands"),
        ("list-item", "Scrub for 20 seconds"),
        ("list-item", "Palms"),
        ("list-item", "Backs"),
        ("list-item", "Dry them"),
        ("list-item", "First step"),
        ("list-item", "Second step"),
        ("table-cell", "Situation"),
        ("table-cell", "Action"),
        ("table-cell", "Before eating"),
        ("table-cell", "Wash **well**"),
        ("admonition-title", "Do not share towels"),
        ("paragraph", "Use your own towel."),
        ("admonition-title", "More"),
        ("paragraph", "Details here."),
        ("tab-title", "At home"),
        ("paragraph", "Use soap."),
        ("paragraph", "![A person washing hands](images/wash.png)"),
        ("definition-term", "Term"),
        ("definition", "Definition of the term."),
        ("paragraph", "Text with a note.[^1]"),
        ("footnote", "The footnote text."),
        ("abbreviation", "World Health Organization"),
    ]
    lines = PAGE.splitlines()
    assert [s.line for s in extract(PAGE)][:4] == [2, 3, 7, 9]
    assert lines[extract(PAGE)[7].line - 1] == "    1. Palms"
    front = [s for s in extract(PAGE) if s.kind.startswith("front-matter")]
    assert [s.context for s in front] == ["title", "description"]


def replace_one(source: str, old: str, new: str) -> str:
    """Render `source` translating only the unit `old`; check it appears exactly once."""
    assert texts(source).count(old) == 1
    return translated(source, {old: new})


def assert_only_lines_changed(before: str, after: str, changed: dict[int, str]) -> None:
    """`after` is `before` with 0-based line `n` replaced by `changed[n]` (and no other change)."""
    expected = before.split("\n")
    for number, line in changed.items():
        expected[number] = line
    assert after == "\n".join(expected)


def test_heading_translation_keeps_markers_and_attributes() -> None:
    source = "## Title ##\n\nText.\n"
    assert texts(source) == ["Title", "Text."]
    assert_only_lines_changed(source, replace_one(source, "Title", "Titre"), {0: "## Titre ##"})
    setext = "Title\n=====\n\nText.\n"
    assert_only_lines_changed(setext, replace_one(setext, "Title", "Titre"), {0: "Titre"})


def test_wrapped_paragraph_is_unwrapped_and_rendered_on_one_line() -> None:
    source = "Intro.\n\n> Keep one metre\n> away from others.\n\nEnd.\n"
    assert texts(source) == ["Intro.", "Keep one metre away from others.", "End."]
    output = replace_one(source, "Keep one metre away from others.", "Restez à un mètre.")
    assert output == "Intro.\n\n> Restez à un mètre.\n\nEnd.\n"
    # a translation equal to the source keeps the wrapped lines
    assert render(source, lambda segment: segment.text) == source


def test_list_items_keep_their_markers_and_indentation() -> None:
    source = "- Wash\n- Scrub\n    1. Palms\n       and wrists\n    2. Backs\n\n3) Rinse\n"
    assert texts(source) == ["Wash", "Scrub", "Palms and wrists", "Backs", "Rinse"]
    assert kinds(source) == ["list-item"] * 5
    output = translated(source, {"Palms and wrists": "Paumes", "Rinse": "Rincer", "Wash": "Laver"})
    assert output == "- Laver\n- Scrub\n    1. Paumes\n    2. Backs\n\n3) Rincer\n"


def test_task_marker_stays_out_of_the_unit() -> None:
    source = "- [x] Done\n- [ ] To do\n"
    assert texts(source) == ["Done", "To do"]
    assert translated(source, {"To do": "À faire"}) == "- [x] Done\n- [ ] À faire\n"


def test_table_cells_are_units_and_rows_keep_their_layout() -> None:
    source = (
        "| Situation     | Action |\n"
        "|---------------|:------:|\n"
        "| Before eating | Wash   |\n"
        "| After `a\\|b` | Rinse  |\n"
    )
    assert texts(source) == ["Situation", "Action", "Before eating", "Wash", "After `a\\|b`", "Rinse"]
    output = translated(source, {"Wash": "Laver | frotter", "Situation": "Moment"})
    assert_only_lines_changed(source, output, {
        0: "| Moment     | Action |",
        2: "| Before eating | Laver \\| frotter   |",
    })
    # the translated table still has the same cells
    assert texts(output) == ["Moment", "Action", "Before eating", "Laver \\| frotter", "After `a\\|b`", "Rinse"]


def test_table_without_outer_pipes_and_adversarial_cells() -> None:
    source = "Sign | Action\n--- | ---\nFever | Rest\n"
    assert texts(source) == ["Sign", "Action", "Fever", "Rest"]
    output = translated(source, {"Fever": "# Fièvre `x", "Rest": "Repos \\"})
    assert texts(output) == ["Sign", "Action", "&#35; Fièvre &#96;x", "Repos \\"]
    assert untouched_lines(output) == untouched_lines(source)
    html = to_html(output)
    assert html.count("<td>") == 2 and "<h1" not in html


def test_admonition_title_and_body() -> None:
    source = '!!! tip "Wash often"\n\n    Soap works.\n\n???+ note "Say \\"hi\\""\n    Body.\n'
    assert [(s.kind, s.text) for s in extract(source)] == [
        ("admonition-title", "Wash often"), ("paragraph", "Soap works."),
        ("admonition-title", 'Say \\"hi\\"'), ("paragraph", "Body."),
    ]
    output = translated(source, {"Wash often": 'Lavez "souvent"', "Soap works.": "Le savon\nagit."})
    assert_only_lines_changed(source, output, {
        0: '!!! tip "Lavez &quot;souvent&quot;"', 2: "    Le savon agit.",
    })
    assert '<p class="admonition-title">Lavez &quot;souvent&quot;</p>' in to_html(output)


def test_untitled_admonitions_and_tabs() -> None:
    source = '!!! note\n\n    Body.\n\n!!! note ""\n\n    Other.\n\n===+ "Tab `one`"\n\n    In tab.\n'
    assert [(s.kind, s.text) for s in extract(source)] == [
        ("admonition-title", "Note"), ("paragraph", "Body."), ("paragraph", "Other."),
        ("tab-title", "Tab `one`"), ("paragraph", "In tab."),
    ]
    # the title Python-Markdown shows for a bare type is spelled out in a translation
    output = translated(source, {"Note": 'Nota "bene"'})
    assert_only_lines_changed(source, output, {0: '!!! note "Nota &quot;bene&quot;"'})
    assert '<p class="admonition-title">Nota &quot;bene&quot;</p>' in to_html(output)
    collapsible = '??? warning inline end\n    Body.\n\n??? "Titled"\n    Body.\n'
    assert texts(collapsible) == ["Warning", "Body.", "Titled", "Body."]


def test_front_matter_title_and_description_are_yaml_safe() -> None:
    source = "---\ntitle: \"Hand hygiene\"  # shown in the tab\ndescription: Wash.\nicon: x\n---\n\nText.\n"
    assert [(s.kind, s.text, s.context) for s in extract(source)][:2] == [
        ("front-matter:title", "Hand hygiene", "title"),
        ("front-matter:description", "Wash.", "description"),
    ]
    for title in ["Hygiène : les mains", "Note: wash", "- dash", "'quoted' \"both\"", "# hash", "a\nb",
                  "yes", "\x85\u2028 odd\x7f"]:
        output = translated(source, {"Hand hygiene": title})
        front = yaml.safe_load(output.split("---\n")[1])
        assert front == {"title": " ".join(title.splitlines()).strip(), "description": "Wash.", "icon": "x"}
        assert output.endswith("  # shown in the tab\ndescription: Wash.\nicon: x\n---\n\nText.\n")


def test_front_matter_other_keys_and_non_strings_are_not_units() -> None:
    source = "---\ntitle: 2020\ndescription: |\n  Block.\ntags: [a, b]\n---\n\nText.\n"
    assert texts(source) == ["Text."]


def test_code_html_math_and_markup_only_content_are_not_units() -> None:
    source = (
        "```\ncode line\n```\n\n    indented code\n\n<div class=\"x\">\nRaw text\n</div>\n\n"
        "$$\nx = y\n$$\n\n[ref]: https://example.org\n\nhttps://example.org/page\n\n---\n\n"
        "|---|\n\n{ .lead }\n\n![](images/no-alt.png)\n\n--8<-- \"includes/abbreviations.md\"\n\n:material-check:\n\n`code only`\n\nWords.\n"
    )
    assert texts(source) == ["Words."]


def test_raw_html_without_markdown_attribute_is_not_translated() -> None:
    source = (
        '<div class="grid" markdown>\n\nIn a grid.\n\n</div>\n\n'
        '<div class="raw">\n\nRaw inside.\n\n</div>\n\nAfter.\n'
    )
    assert texts(source) == ["In a grid.", "After."]


def test_image_alt_and_links_stay_inside_the_unit() -> None:
    source = 'Before.\n\n![Wash your hands](img/wash.png){ width="300" }\n\nSee [WHO](https://who.int "World Health").\n'
    assert texts(source)[1:] == [
        '![Wash your hands](img/wash.png){ width="300" }',
        'See [WHO](https://who.int "World Health").',
    ]
    output = replace_one(source, texts(source)[1], '![Lavez vos mains](img/wash.png){ width="300" }')
    assert_only_lines_changed(source, output, {2: '![Lavez vos mains](img/wash.png){ width="300" }'})


def test_definition_list_footnote_and_abbreviation() -> None:
    source = "Mask\n:   A cover for\n    nose and mouth.\n\nText.[^n]\n\n[^n]: A note\n    on two lines.\n\n*[PPE]: Personal protective equipment\n"
    assert [(s.kind, s.text) for s in extract(source)] == [
        ("definition-term", "Mask"), ("definition", "A cover for nose and mouth."),
        ("paragraph", "Text.[^n]"), ("footnote", "A note on two lines."),
        ("abbreviation", "Personal protective equipment"),
    ]
    output = translated(source, {"A cover for nose and mouth.": "Un couvre-visage.",
                                 "A note on two lines.": "Une note.",
                                 "Personal protective equipment": "Équipement de protection"})
    assert output == ("Mask\n:   Un couvre-visage.\n\nText.[^n]\n\n[^n]: Une note.\n\n"
                      "*[PPE]: Équipement de protection\n")


def test_paragraph_hiding_a_python_markdown_construct_is_left_alone() -> None:
    # markdown-it reads these as one paragraph; Python-Markdown finds a table or a snippet in it.
    assert texts("| a | `b|c` |\n|---|---|\n") == []
    assert texts('Some text\n--8<-- "note.md"\n') == []


def test_paragraph_split_where_python_markdown_splits_it() -> None:
    # a reference, an abbreviation or a `#heading` line: Python-Markdown ends the paragraph there
    source = "Some text\n[ref]: https://example.org\nMore text\n*[WHO]: World Health\n#Heading\n"
    assert [(s.kind, s.text) for s in extract(source)] == [
        ("paragraph", "Some text"), ("paragraph", "More text"),
        ("abbreviation", "World Health"), ("heading", "Heading"),
    ]
    output = translated(source, {"Some text": "Texte", "Heading": "#Titre"})
    assert output == "Texte\n[ref]: https://example.org\nMore text\n*[WHO]: World Health\n#&#35;Titre\n"
    assert tag_counts(to_html(output)) == tag_counts(to_html(source))


def test_line_endings_and_missing_final_newline_are_kept() -> None:
    source = "# Title\r\n\r\nFirst line\r\nsecond line\r\n\r\n- item"
    assert texts(source) == ["Title", "First line second line", "item"]
    output = translated(source, {"Title": "Titre", "First line second line": "Ligne", "item": "élément"})
    assert output == "# Titre\r\n\r\nLigne\r\n\r\n- élément"


# --- Translations never change the structure --------------------------------------------------

ADVERSARIAL = [
    "# Heading", "#hashtag", "> quote", "- item", "+ item", "* item", "1. item", "2) item",
    "1234567890. item", "!!! note", '=== "Tab"', "??? note", "```", "~~~", "    indented",
    "<div>", "<!-- comment -->", "[ref]: https://x.org", "[^1]: note", "*[ABBR]: text", "*[A][^1]:", "*[ABBR] : text", "---",
    "***", "===", ": definition", "$$", "\\begin{align}", "--8<-- \"file.md\"", "{ .class }", "| a | b |",
    "text\n# heading\n\n- list", "text #", "C#",
]


@pytest.mark.parametrize("attack", ADVERSARIAL)
def test_block_markers_in_translations_are_neutralised(attack: str) -> None:
    output = render(PAGE, lambda segment: f"{attack} Lorem" if segment.kind != "heading" else f"Lorem {attack}")
    assert kinds(output) == kinds(PAGE)
    assert untouched_lines(output) == untouched_lines(PAGE)
    if "<" not in attack:  # raw HTML in a translation is refused by the checks (raw-html), not here
        html = to_html(output)
        reference = to_html(render(PAGE, lambda segment: "Lorem"))
        assert tag_counts(html) == tag_counts(reference)


def tag_counts(html: str) -> dict[str, int]:
    """How many of each block element the page has (what a translation must not change)."""
    block = ("h1", "h2", "p", "li", "ul", "ol", "table", "tr", "td", "th", "div", "blockquote",
             "pre", "dl", "dt", "dd", "details", "hr", "br")
    return {tag: len(re.findall(rf"<{tag}[\s>]", html)) for tag in block}


PROPERTY_PAGES = [*DOCS_PAGES[:2], *(path for path in CORPUS_PAGES if path.name in (
    "reference-data-tables.md", "reference-lists.md", "reference-admonitions.md",
    "reference-content-tabs.md", "reference-tooltips.md", "reference-footnotes.md",
))]
MARKUP = st.sampled_from([
    "*", "**", "_", "|", "\\|", "\\", "#", "##", ">", "-", "+", "1.", "2)", "!!!", "???", "===", "`",
    "```", "~~~", "    ", "\t", "\n", "\r\n", "\r", "<div>", "</div>", "<!--", "-->", "[", "]", "(",
    ")", "[^1]:", "[x]:", "*[", "]:", ":", "{", "}", "{: .x}", "$$", "--8<--", "---", '"', "'", "&",
    "&quot;", " ", "\x00", "\x85", "\u2028", "\x0c",
])
FRAGMENT = st.lists(st.one_of(MARKUP, st.text(max_size=3)), max_size=6).map("".join)
# Words in the middle, so that the unit is still worth translating once re-extracted.
TRANSLATION = st.tuples(FRAGMENT, FRAGMENT).map(lambda parts: f"{parts[0]}Lorem ipsum{parts[1]}")
EXAMPLES = int(os.environ.get("SEGMENTS_EXAMPLES", "60"))


# Line structure a translation must keep: hard breaks, a block attribute list, several terms,
# a heading line inside a paragraph, untyped and code titles. (A paragraph over a rule gets a
# blank line, so its untouched lines differ: test_paragraph_over_a_rule_stays_a_paragraph.)
LINES_PAGE = """\
Dr. Ana Silva
12 Main Street\\
Springfield

Lorem ipsum dolor
sit amet.
{ .annotate }

Fever
High temperature
:   A body temperature
    above 38 °C.

Intro
#Tight heading
after.

??? "Why?"
    Because.

!!! tip

    Tip text.

``` py title="Timer"
print(1)
```
""".replace("Silva\n", "Silva  \n")


@pytest.mark.parametrize("path", [*PROPERTY_PAGES, None, "lines"],
                         ids=lambda p: "sample" if p is None else p if isinstance(p, str) else page_id(p))
def test_random_translations_never_change_the_structure(path: Path | str | None) -> None:
    source = LINES_PAGE if path == "lines" else read(path) if isinstance(path, Path) else PAGE
    order = {segment.span: index for index, segment in enumerate(extract(source))}
    structure, unit_kinds = untouched_lines(source), kinds(source)
    blocks = tag_counts(to_html(render(source, lambda segment: "Lorem ipsum")))

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(translations=st.lists(TRANSLATION, min_size=1, max_size=8))
    def check(translations: list[str]) -> None:
        # A translation that is all markup (`code`, a URL) is fine on the page but no unit once
        # re-extracted: the "same units" half of the property holds for the others only.
        assume(all(worth_translating(translation) for translation in translations))
        output = render(source, lambda s: translations[order[s.span] % len(translations)])
        assert untouched_lines(output) == structure
        assert kinds(output) == unit_kinds
        if front := FRONT_MATTER.match(output):
            assert isinstance(yaml.safe_load(front[1]), dict)  # the front matter still parses
        # What Python-Markdown builds: same blocks. Raw HTML is refused earlier, by the checks
        # (raw-html), and a footnote reference can rightly appear or go with a translation.
        if not any("<" in translation or "[^" in translation for translation in translations):
            assert tag_counts(to_html(output)) == blocks

    check()


@pytest.mark.parametrize("path", [*PROPERTY_PAGES, None, "lines"],
                         ids=lambda p: "sample" if p is None else p if isinstance(p, str) else page_id(p))
def test_english_left_among_random_translations_changes_no_structure(path: Path | str | None) -> None:
    """Some units translated (hostile text too), the others left in English and marked as a
    translated page marks them: the same blocks as without the marks, and no mark is left."""
    source = LINES_PAGE if path == "lines" else read(path) if isinstance(path, Path) else PAGE
    order = {segment.span: index for index, segment in enumerate(extract(source))}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(translations=st.lists(st.one_of(st.none(), TRANSLATION), min_size=2, max_size=8))
    def check(translations: list[str | None]) -> None:
        assume(all(translation is None or worth_translating(translation) for translation in translations))

        def choose(segment):
            return translations[order[segment.span] % len(translations)]

        body = FRONT_MATTER.sub("", render(source, choose, mark_english=True), count=1)
        html = markdown.markdown(body, extensions=[*EXTENSIONS, EnglishUnitsExtension()])
        assert ENGLISH_START not in html and ENGLISH_END not in html
        # Raw HTML and footnote references in a translation: as in the test above.
        if not any(translation and ("<" in translation or "[^" in translation) for translation in translations):
            assert tag_counts(html) == tag_counts(to_html(render(source, choose)))

    check()


# --- Line structure that carries meaning --------------------------------------------------------


@pytest.mark.parametrize("ending", ["  ", "   ", "\\"])
def test_hard_break_ends_a_unit_and_stays_outside(ending: str) -> None:
    source = f"Dr. Ana Silva{ending}\n12 Main Street{ending}\nSpringfield\n"
    assert texts(source) == ["Dr. Ana Silva", "12 Main Street", "Springfield"]
    output = translated(source, {"12 Main Street": "Rua Principal 12  \\", "Springfield": "Cidade"})
    # the break is the English page's, kept; a translation cannot add one (trailing spaces go,
    # a final backslash is doubled into a literal one)
    assert output == f"Dr. Ana Silva{ending}\nRua Principal 12  \\\\{ending}\nCidade\n"
    assert to_html(output).count("<br") == to_html(source).count("<br")
    assert to_html(translated("One line\nand its wrap\n", {"One line and its wrap": "Un  \nDeux\\"})).count("<br") == 0


def test_hard_break_inside_code_or_emphasis_is_no_split() -> None:
    assert texts("`code  \nspan` and text\n") == ["`code span` and text"]  # no break in code
    # a break inside emphasis cannot sit between two units: the paragraph stays in English
    assert texts("*foo  \nbar*\n") == []


def test_block_attribute_list_on_its_own_line_stays_out_of_the_unit() -> None:
    source = "Text of a paragraph\nthat wraps.\n{ .annotate }\n\n- Item\n  {: #item }\n"
    assert texts(source) == ["Text of a paragraph that wraps.", "Item"]
    output = translated(source, {"Text of a paragraph that wraps.": "Texte.", "Item": "Élément"})
    assert output == "Texte.\n{ .annotate }\n\n- Élément\n  {: #item }\n"
    html = markdown.markdown(output, extensions=["attr_list"])
    assert '<p class="annotate">Texte.</p>' in html and '<li id="item">Élément</li>' in html
    # a translation cannot make one: alone it is escaped, after text it is on the same line
    attack = translated(source, {"Item": "{: .evil }"})
    assert 'class="evil"' not in markdown.markdown(attack, extensions=["attr_list"])


def test_definition_list_with_several_terms_keeps_one_term_per_line() -> None:
    source = "Fever\nHigh temperature\n:   A body temperature above 38 °C.\n:   A sign of infection.\n"
    assert [(s.kind, s.text) for s in extract(source)] == [
        ("definition-term", "Fever"), ("definition-term", "High temperature"),
        ("definition", "A body temperature above 38 °C."), ("definition", "A sign of infection."),
    ]
    output = translated(source, {"Fever": "Fièvre", "High temperature": "Température élevée"})
    assert output == source.replace("Fever", "Fièvre").replace("High temperature", "Température élevée")
    html = markdown.markdown(output, extensions=["def_list"])
    assert html.count("<dt>") == 2 and html.count("<dd>") == 2


def test_loose_definition_after_a_comment_term() -> None:
    source = "<!-- md:option lang -->\n\n:   <!-- md:default en --> Sets the\n    language.\n"
    assert [(s.kind, s.text) for s in extract(source)] == [("definition", "Sets the language.")]
    output = translated(source, {"Sets the language.": "Fixe la langue."})
    assert output == "<!-- md:option lang -->\n\n:   <!-- md:default en --> Fixe la langue.\n"


def test_paragraph_over_a_rule_stays_a_paragraph() -> None:
    # CommonMark reads a heading over two lines; Python-Markdown a paragraph, then a rule
    source = "Wash your hands\nwith soap.\n---\n\nAfter.\n"
    assert [(s.kind, s.text) for s in extract(source)] == [
        ("paragraph", "Wash your hands with soap."), ("paragraph", "After.")]
    output = translated(source, {"Wash your hands with soap.": "Lavez-vous les mains."})
    assert output == "Lavez-vous les mains.\n\n---\n\nAfter.\n"
    assert tag_counts(to_html(output)) == tag_counts(to_html(source))
    quoted = "> Wash your hands\n> with soap.\n> ---\n"
    assert translated(quoted, {"Wash your hands with soap.": "Lavez."}) == "> Lavez.\n>\n> ---\n"
    # a one-line setext heading is a heading in both
    assert kinds("Title\n---\n") == ["heading"]
    # over `===` Python-Markdown shows the underline as text: no unit could keep that
    assert texts("Some\ntext\n===\n") == []


def test_titles_without_a_type_and_code_titles_are_units() -> None:
    source = ('??? "Details"\n    Body.\n\n!!! "Plain"\n    Body.\n\n'
              '``` python title="Wash timer"\nprint(1)\n```\n\n~~~ { .sh title="Run it" }\nrun\n~~~\n')
    assert [(s.kind, s.text) for s in extract(source)] == [
        ("admonition-title", "Details"), ("paragraph", "Body."),
        ("admonition-title", "Plain"), ("paragraph", "Body."),
        ("code-title", "Wash timer"), ("code-title", "Run it"),
    ]
    output = translated(source, {"Wash timer": "Minuteur", "Details": "Détails"})
    assert '``` python title="Minuteur"\nprint(1)\n```' in output and output.startswith('??? "Détails"')
    # a quote or a backtick cannot be written in a code title: the English one stays
    for attack in ['Say "hi"', "Tick `", "--8<-- x"]:
        assert translated(source, {"Wash timer": attack}) == source
    apostrophes = "``` py title='Timer'\nx\n```\n"
    assert translated(apostrophes, {"Timer": 'Le "minuteur"'}) == apostrophes.replace("Timer", 'Le "minuteur"')
    assert translated(apostrophes, {"Timer": "L'horloge"}) == apostrophes


def test_python_markdown_heading_rules() -> None:
    assert texts("### foo\\\n") == []  # a paragraph for Python-Markdown, a heading for CommonMark
    source = "#Tight heading\n\nText.\n"
    assert [(s.kind, s.text) for s in extract(source)] == [("heading", "Tight heading"), ("paragraph", "Text.")]
    assert translated(source, {"Tight heading": "#Titre serré"}) == "#&#35;Titre serré\n\nText.\n"


def test_units_split_by_a_hard_break_cannot_reach_across_it() -> None:
    source = "First line  \nsecond line\n"
    for first, second in [("Un `", "deux `"), ("Un *", "deux*"), ("Un <!--", "deux -->"),
                          ("Un [lien", "deux](#ancre)")]:
        output = translated(source, {"First line": first, "second line": second})
        assert "<br />" in to_html(output)  # the break is still a break, outside any markup
        assert kinds(output) == ["paragraph", "paragraph"]
        if first[-1] in "`*":  # the unpaired mark is written as a character reference
            assert texts(output)[0] == first[:-1] + f"&#{ord(first[-1])};"
    # marks a unit pairs on its own are kept
    output = translated(source, {"First line": "Un **gras** et `code`"})
    assert "<strong>gras</strong>" in to_html(output) and "<code>code</code>" in to_html(output)
