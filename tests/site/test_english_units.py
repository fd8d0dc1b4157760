"""English text on a translated page carries `lang` and `dir`: the element it fills, or a span around it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest

from helpers import PAGE, REPO, set_translations, small_project

from handbook.config import load_config
from handbook.site.english_units import EnglishUnitsExtension
from handbook.site.guard import new_features
from handbook.translation.segments.page import ENGLISH_END, ENGLISH_START
from handbook.translation.segments.substitution import render

MARK = 'dir="ltr" lang="en"'  # as Python-Markdown writes them on an element without other attributes
ENGLISH = {"lang": "en", "dir": "ltr"}


ELEMENT = re.compile(r'<(\w+)((?: [\w-]+="[^"]*")*)>')


def attributes_of(html: str, tag: str, text: str) -> dict[str, str]:
    """The attributes of the `tag` element whose content starts with `text`, and the direction of
    a `<span dir>` that opens its content (where `english_units` puts an English element's)."""
    for match in ELEMENT.finditer(html):
        if match[1] != tag:
            continue
        attributes = dict(re.findall(r' ([\w-]+)="([^"]*)"', match[2]))
        inner = re.match(r'<span dir="(\w+)">', html[match.end():])
        if inner and html.startswith(text, match.end() + inner.end()):
            return {**attributes, "dir": inner[1]}
        if html.startswith(text, match.end()):
            return attributes
    raise AssertionError(f"no <{tag}> starting with {text!r}")


@pytest.fixture(scope="module")
def extensions() -> list:
    config = load_config(REPO / "mkdocs.yml")
    return [name for name, _ in config.markdown_extensions], {name: opts for name, opts in config.markdown_extensions if opts}


def to_html(text: str, extensions, marked: bool = True) -> str:
    names, options = extensions
    return markdown.Markdown(extensions=names + [EnglishUnitsExtension()] * marked, extension_configs=options).convert(text)


def arabic(source: str, translations: dict[str, str]) -> str:
    return render(source, lambda segment: translations.get(segment.text), mark_english=True)


def test_fallback_units_carry_language_and_direction_and_translated_ones_nothing(extensions) -> None:
    source = PAGE.split("---\n", 2)[2] + "\nTerm\n:   A definition.\n\nA note[^1].\n\n[^1]: Said so.\n"
    html = to_html(arabic(source, {"Hand hygiene": "نظافة اليدين", "Method": "الطريقة",
                                   "Soap and water": "الماء والصابون", "Term": "مصطلح"}), extensions)
    assert ENGLISH_START not in html and ENGLISH_END not in html
    for tag, text in (("p", "Wash your hands with soap and water for at least 40 seconds.\nRub every part"),
                      ("h2", "Sources"), ("th", "Time"), ("td", "40 seconds"), ("p", "Seek care now"),
                      ("li", "WHO. <em>Hand hygiene</em>"), ("dd", "A definition."),
                      ("p", 'Said so.&#160;<a class="footnote-backref"'), ("p", "A note<sup"),
                      ("p", 'See the <a href="danger.md">danger signs</a>.')):
        assert ENGLISH.items() <= attributes_of(html, tag, text).items(), (tag, text)
    for tag, text in (("h1", "نظافة اليدين"), ("th", "الطريقة"), ("td", "الماء والصابون"), ("dt", "مصطلح")):
        assert not {"lang", "dir"} & attributes_of(html, tag, text).keys(), (tag, text)
    assert html.count('lang="en"') == 13


def test_english_beside_translated_text_gets_a_span(extensions) -> None:
    source = "- An item\n    - A sub-item\n\nLine one  \nline two\n"
    html = to_html(arabic(source, {"A sub-item": "بند فرعي", "line two": "السطر الثاني"}), extensions)
    assert f"<li><span {MARK}>An item</span><ul>\n<li>بند فرعي</li>" in html
    assert f"<p><span {MARK}>Line one</span><br />\nالسطر الثاني</p>" in html
    all_english = to_html(arabic(source, {}), extensions)
    # the whole item is English: the language on it, the direction inside, the sublist outside the span
    assert '<li lang="en"><span dir="ltr">An item</span><ul>\n<li lang="en"><span dir="ltr">A sub-item</span></li>' in all_english
    assert '<p lang="en"><span dir="ltr">Line one<br />\nline two</span></p>' in all_english


def test_headings_keep_their_ids_and_the_table_of_contents_reads_no_mark(extensions) -> None:
    names, options = extensions
    md = markdown.Markdown(extensions=names + [EnglishUnitsExtension()], extension_configs=options)
    html = md.convert(arabic("# Title { #top }\n\n## Second part\n", {}))
    assert attributes_of(html, "h1", "Title") == {**ENGLISH, "id": "top"}
    assert attributes_of(html, "h2", "Second part") == {**ENGLISH, "id": "second-part"}
    assert [(token["name"], token["id"]) for token in md.toc_tokens[0]["children"]] == [("Second part", "second-part")]


def test_a_lone_mark_is_dropped(extensions) -> None:
    html = to_html(f"Text {ENGLISH_END}here {ENGLISH_START}and there.\n", extensions)
    assert html == "<p>Text here and there.</p>"


def test_the_english_pages_render_as_without_the_extension(extensions) -> None:
    pages = sorted((REPO / "docs" / "en").rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert to_html(text, extensions) == to_html(text, extensions, marked=False), page


def test_the_guard_finds_nothing_new_in_the_marks(extensions) -> None:
    english = to_html(PAGE, extensions, marked=False)
    translated = to_html(arabic(PAGE, {"Hand hygiene": "نظافة اليدين"}), extensions)
    assert '<p lang="en"><span dir="ltr">' in translated and new_features(english, translated) == []


def arabic_project(root: Path) -> Path:
    """The small project with English and Arabic only."""
    small_project(root)
    config_file = root / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    start, keep, stop = (text.index(f"        - locale: {code}\n") for code in ("bn", "ar", "zh"))
    end = re.search(r"\n  [-#]", text[stop:]).start() + stop + 1
    config_file.write_text(text[:start] + text[keep:stop] + text[end:], encoding="utf-8")
    for folder in (root / "translations").iterdir():
        if folder.is_dir() and folder.name != "ar":
            shutil.rmtree(folder)
    return root


@pytest.mark.slow
def test_an_arabic_page_marks_its_english_on_the_site_lite_page_pdf_and_handout(tmp_path: Path) -> None:
    from handbook.__main__ import main
    from handbook.editions.base import EditionInputs
    from handbook.editions.handout import HandoutEdition
    from handbook.editions.handouts import Handout

    (tmp_path / "project").mkdir()
    project = arabic_project(tmp_path / "project")  # the handout is written beside it
    set_translations(project, {
        "Hand hygiene": ("نظافة اليدين", False), "Method": ("الطريقة", False), "Soap and water": ("الماء والصابون", False),
        "See the [danger signs](danger.md).": ("انظر [علامات الخطر](danger.md).", False),
        "Hand rub with at least 60% alcohol": ('فرك { lang="en" dir="ltr" onclick="x" }', False),  # hostile
        "20 seconds": ('<span lang="en">٢٠ ثانية</span>', False),  # hostile
    }, language="ar", reviewed_by="Ana", clinical_review="Dr. Karim")
    config_file = project / "mkdocs.yml"
    assert main(["-q", "-f", str(config_file), "build"]) == 0
    site = project / "site"
    page = (site / "ar" / "index.html").read_text(encoding="utf-8")
    for tag, text in (("p", "Wash your hands"), ("h2", "Sources"), ("li", "WHO."), ("th", "Time"), ("td", "40 seconds"),
                      ("p", "Seek care now"), ("td", "Hand rub with at least 60% alcohol"), ("td", "20 seconds")):
        assert ENGLISH.items() <= attributes_of(page, tag, text).items(), (tag, text)
    for tag, text in (("h1", "نظافة اليدين"), ("th", "الطريقة"), ("td", "الماء والصابون"), ("p", "انظر")):
        assert not {"lang", "dir"} & attributes_of(page, tag, text).keys(), (tag, text)
    assert "onclick" not in page and "فرك" not in page and "٢٠ ثانية" not in page  # refused: English shown
    assert "\ufdd0" not in page and "\ufdd1" not in page

    english_page = (site / "index.html").read_text(encoding="utf-8")
    article = english_page[english_page.index("<article"):english_page.index("</article>")]
    assert 'lang="en"' not in article and 'dir="ltr"' not in article

    lite = (site / "lite" / "ar" / "index.html").read_text(encoding="utf-8")
    assert ENGLISH.items() <= attributes_of(lite, "p", "Wash your hands").items()
    assert not {"lang", "dir"} & attributes_of(lite, "h1", "نظافة اليدين").keys()

    from pypdf import PdfReader

    printed = " ".join(page.extract_text() for page in PdfReader(site / "downloads" / "handbook-ar.pdf").pages)
    assert "Rub every part of both hands." in printed  # in right-to-left order it prints ".Wash your hands"

    config = load_config(config_file)
    inputs = EditionInputs(config, site, 1764892800, "settings")
    inputs.shared["handouts"] = [Handout("index.md", None, "hand-hygiene", "Hand hygiene")]
    [job] = HandoutEdition().jobs(inputs, config.language("ar"))
    job.run(tmp_path / job.file, *job.args)
    handout = (tmp_path / job.file).read_text(encoding="utf-8")
    assert ENGLISH.items() <= attributes_of(handout, "td", "40 seconds").items()
    assert ENGLISH.items() <= attributes_of(handout, "p", "Wash your hands").items()
    assert not {"lang", "dir"} & attributes_of(handout, "td", "الماء والصابون").keys()


SPAN_TAG = re.compile(r"<span\b[^>]*>|</span>")


def _without_added_spans(html: str) -> str:
    """The HTML without the spans `english_units` adds (`dir="ltr"`, with or without `lang`),
    their content kept: each end tag is matched to its own start tag."""
    out, position, added = [], 0, []
    for tag in SPAN_TAG.finditer(html):
        out.append(html[position:tag.start()])
        position = tag.end()
        if tag[0] == "</span>":
            if not added.pop():
                out.append(tag[0])
        else:
            mine = tag[0] in ('<span dir="ltr">', f"<span {MARK}>")
            added.append(mine)
            if not mine:
                out.append(tag[0])
    return "".join(out) + html[position:]


def test_on_the_handbooks_arabic_pages_the_marks_only_add_attributes_and_spans(extensions) -> None:
    """Every page with the repository's Arabic catalogs: the same HTML as without marks, but for the
    attributes and spans, and no mark left."""
    from handbook.translation.catalog import load_catalog
    from handbook.translation.catalogs import Catalogs
    from handbook.translation.render import translate_page

    config = load_config(REPO / "mkdocs.yml")
    catalogs, marked_units = Catalogs(config), 0
    for page in sorted(path.relative_to(config.source_dir) for path in config.source_dir.rglob("*.md")):
        path = catalogs.page("ar", page)
        staged, _ = translate_page((config.source_dir / page).read_text(encoding="utf-8"),
                                   load_catalog(path).po if path.exists() else None, page=page, catalog_file=path,
                                   language="ar", policy=config.review_policy)
        html = to_html(staged, extensions)
        assert ENGLISH_START not in html and ENGLISH_END not in html, page
        marked_units += html.count(' lang="en"')
        undone = _without_added_spans(html).replace(' lang="en"', "")
        plain = staged.replace(ENGLISH_START, "").replace(ENGLISH_END, "")
        assert undone == to_html(plain, extensions, marked=False), page
    assert marked_units > 0
