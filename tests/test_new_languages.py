"""Adding a language is one line in mkdocs.yml: six languages the handbook does not ship, end to end.

A copy of the project is cut down to three pages and English (so it builds in a minute); then, as a
volunteer team would, each language is added by editing only `mkdocs.yml` (one line, or
`handbook add-language`) and its catalogs, and the project is built once for every check below:
`lang`/`dir` and translated text on the pages, PDF fonts covering every character, ZIM language
metadata, and a search in each language, in Chromium, finding its page and nothing of another.

The languages cover what the handbook's readers write: Urdu (right to left, Arabic script, Material
has strings), Amharic (Ethiopic, Material has none), Russian (Cyrillic), Tamil (South Indian),
Khmer and Thai (no spaces between words).
"""

from __future__ import annotations

import html as htmlmod
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from helpers import copy_project, embedded_fonts, installed_font_coverage

from handbook.__main__ import main
from handbook.config import load_config

PAGES = ("index.md", "protect/hand-hygiene.md", "protect/masks.md")
TITLE = "Hand hygiene"
FIRST_PARAGRAPH = "Clean hands stop the virus from passing from surfaces to your eyes, nose and mouth. ..."

# Per language: the page title, a translation of the first paragraph, and what a reader types to
# find it (for Khmer and Thai, several words written together, as those scripts are).
NEW = {
    "ur": ("ہاتھوں کی صفائی", "صاف ہاتھ وائرس کو سطحوں سے آپ کی آنکھوں، ناک اور منہ تک جانے سے روکتے ہیں۔", "وائرس"),
    "am": ("የእጅ ንጽህና", "ንጹህ እጆች ቫይረሱ ከገጽታዎች ወደ ዓይንዎ፣ አፍንጫዎና አፍዎ እንዳይተላለፍ ያቆማሉ።", "ቫይረሱ"),
    "ru": ("Гигиена рук", "Чистые руки не дают вирусу попасть с поверхностей в глаза, нос и рот.", "вирусу"),
    "ta": ("கை சுகாதாரம்", "சுத்தமான கைகள் வைரஸ் மேற்பரப்புகளிலிருந்து உங்கள் கண்கள், மூக்கு மற்றும் வாய்க்குச் செல்வதைத் தடுக்கின்றன.", "வைரஸ்"),
    "km": ("អនាម័យដៃ", "ដៃស្អាតការពារមេរោគពីការឆ្លងពីផ្ទៃទៅភ្នែក ច្រមុះ និងមាត់របស់អ្នក។", "ការពារមេរោគ"),
    "th": ("สุขอนามัยของมือ", "มือที่สะอาดช่วยหยุดไม่ให้ไวรัสแพร่จากพื้นผิวไปสู่ตา จมูก และปากของคุณ", "มือที่สะอาด"),
}
DIRECTION = {"ur": "rtl"}
ISO639_3 = {"ur": "urd", "am": "amh", "ru": "rus", "ta": "tam", "km": "khm", "th": "tha"}
AMHARIC_PLACEHOLDER = "ፈልግ"  # Material's "Search" box, translated in am/_site.po


def _small_project(root: Path) -> Path:
    """The project with English only and three pages (the precondition, not part of adding)."""
    config_file = copy_project(root)
    text = config_file.read_text(encoding="utf-8")
    start, end = text.index("nav:\n"), text.index("\ntheme:")
    nav = "nav:\n  - index.md\n  - downloads.md\n  - Protect yourself and others:\n      - protect/hand-hygiene.md\n" \
          "      - protect/masks.md\n  - translation-status.md\n"
    text = text[:start] + nav + text[end:]
    languages = text.index("        - locale: bn\n")
    after = re.search(r"\n  [-#]", text[languages:]).start() + languages + 1
    config_file.write_text(text[:languages] + text[after:], encoding="utf-8")
    source = root / "docs" / "en"
    for path in source.rglob("*.md"):
        if path.relative_to(source).as_posix() not in PAGES:
            path.unlink()
    for page in PAGES:  # links to the pages left out become plain text
        path = source / page

        def unlink(match: re.Match, path: Path = path) -> str:
            target = (path.parent / match.group(2).split("#")[0]).resolve()
            return match.group(0) if not target.is_relative_to(source.resolve()) or target.is_file() else match.group(1)
        path.write_text(re.sub(r"\[([^\]]*)\]\(([^)\s]+\.md(?:#[^)]*)?)\)", unlink, path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    for folder in (root / "translations").iterdir():
        shutil.rmtree(folder)
    return config_file


def _translate(catalog: Path, translations: dict[tuple[str | None, str], str]) -> None:
    """Fill the entries whose (msgctxt, msgid) is given; a None msgctxt matches any, a msgid ending
    in "..." any msgid that starts so."""
    po = polib.pofile(str(catalog))
    for entry in po:
        for (context, start), text in translations.items():
            same = entry.msgid == start or (start.endswith("...") and entry.msgid.startswith(start[:-3]))
            if context in (None, entry.msgctxt) and same:
                entry.msgstr = text
    po.save()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("new-languages")
    config_file = _small_project(root)
    codes = list(NEW)
    # One line each in mkdocs.yml, `name:` left out: the switcher gets CLDR's own name.
    text = config_file.read_text(encoding="utf-8")
    anchor = "          build: true\n"
    lines = "".join(f"        - locale: {code}\n" for code in codes[:-1])
    config_file.write_text(text.replace(anchor, anchor + lines), encoding="utf-8")
    assert main(["-q", "-f", str(config_file), "extract"]) == 0
    # The last one with the command that does both steps.
    assert main(["-q", "-f", str(config_file), "add-language", codes[-1]]) == 0
    for code, (title, paragraph, _) in NEW.items():
        _translate(root / "translations" / code / "protect" / "hand-hygiene.po",
                   {(None, TITLE): title, (None, FIRST_PARAGRAPH): paragraph})
        site = {("site_name", "COVID-19 Prevention and Care Handbook"): f"{title} · COVID-19"}
        if code == "am":
            site[("material:search.placeholder", "Search")] = AMHARIC_PLACEHOLDER
        _translate(root / "translations" / code / "_site.po", site)
    return root


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    # A process of its own, as `make build` runs it: its warnings are what a maintainer reads.
    result = subprocess.run([sys.executable, "-m", "handbook", "-f", str(project / "mkdocs.yml"), "build"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (project / "build-log.txt").write_text(result.stderr, encoding="utf-8")
    return project / "site"


def test_only_mkdocs_yml_and_catalogs_changed(project: Path) -> None:
    config = load_config(project / "mkdocs.yml")
    assert [language.code for language in config.translated_languages] == list(NEW)
    assert {language.code: language.direction for language in config.translated_languages} == \
        {code: DIRECTION.get(code, "ltr") for code in NEW}
    assert sorted(path.name for path in (project / "translations").iterdir()) == sorted([*NEW, "templates"])


@pytest.mark.slow
@pytest.mark.parametrize("code", NEW)
def test_pages_have_lang_dir_and_translated_text(built: Path, code: str) -> None:
    title, paragraph, _ = NEW[code]
    page = (built / code / "protect" / "hand-hygiene.html").read_text(encoding="utf-8")
    assert f'<html lang="{code}"' in page
    assert f'<body dir="{DIRECTION.get(code, "ltr")}"' in page
    assert f">{title}</h1>" in page and paragraph in htmlmod.unescape(page)
    lite = (built / "lite" / code / "protect" / "hand-hygiene.html").read_text(encoding="utf-8")
    assert f'lang="{code}" dir="{DIRECTION.get(code, "ltr")}"' in lite and title in lite


@pytest.mark.slow
def test_switcher_names_each_language_in_itself(built: Path) -> None:
    page = (built / "protect" / "hand-hygiene.html").read_text(encoding="utf-8")
    for name in ("اردو", "አማርኛ", "Русский", "தமிழ்", "ខ្មែរ", "ไทย"):
        assert name in page


@pytest.mark.slow
def test_material_strings_missing_are_english_with_a_warning_and_translatable(project: Path, built: Path) -> None:
    log = (project / "build-log.txt").read_text(encoding="utf-8")
    # Material ships Urdu, Russian, Tamil and Thai, not Amharic or Khmer.
    assert re.search(r"km: Material has no interface strings .* 50 of 50 shown in English", log), log
    assert re.search(r"am: Material has no interface strings .* 49 of 50 shown in English", log), log
    assert not re.search(r"(ur|ru|ta|th): Material has no interface strings", log)
    amharic = (built / "am" / "index.html").read_text(encoding="utf-8")
    assert f'placeholder="{AMHARIC_PLACEHOLDER}"' in amharic
    assert "Skip to content" in (built / "km" / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="Поиск"' in (built / "ru" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("code", NEW)
def test_pdf_fonts_cover_every_character_of_its_text(built: Path, code: str) -> None:
    from pypdf import PdfReader

    from handbook.fonts import drawable

    reader = PdfReader(built / "downloads" / f"handbook-{code}.pdf")
    assert reader.trailer["/Root"]["/Lang"] == code
    names = embedded_fonts(reader)
    covered = installed_font_coverage(names)
    title, paragraph, _ = NEW[code]
    text = title + paragraph + "".join(page.extract_text() for page in reader.pages)
    missing = sorted({char for char in text if drawable(char) and ord(char) not in covered})
    assert missing == [], f"{code}: {sorted(names)} lack {[f'U+{ord(char):04X}' for char in missing]}"
    own_script = {char for char in title if char.isalpha()}
    assert own_script <= {chr(point) for point in covered}


@pytest.mark.slow
@pytest.mark.parametrize("code", NEW)
def test_every_edition_is_made(built: Path, code: str) -> None:
    from handbook.editions.registry import edition_files

    config = load_config(built.parent / "mkdocs.yml")
    language = config.language(code)
    for name in edition_files(config, language):
        assert (built / "downloads" / name).stat().st_size > 1000, name
    sums = (built / "downloads" / "SHA256SUMS").read_text(encoding="utf-8")
    assert f"handbook-{code}-booklet.pdf" in sums and f"supply-request-form-{code}.pdf" in sums


@pytest.mark.slow
@pytest.mark.parametrize("code", NEW)
def test_zim_declares_the_language(built: Path, code: str) -> None:
    from libzim.reader import Archive

    archive = Archive(built / "downloads" / f"handbook-{code}.zim")
    assert archive.get_metadata("Language").decode() == ISO639_3[code]
    entry = archive.get_entry_by_path("protect/hand-hygiene.html")
    assert NEW[code][0] in bytes(entry.get_item().content).decode("utf-8")


@pytest.mark.slow
def test_spaceless_scripts_are_cut_into_words_in_the_index(built: Path) -> None:
    for code in ("km", "th"):
        index = json.loads((built / code / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == ["wordbreak"]
        separator = re.compile(index["config"]["separator"])
        tokens = {token for doc in index["docs"] for token in separator.split(doc["text"])}
        query = NEW[code][2]
        assert query not in tokens, "the phrase is several words"
        assert (built / "assets" / "javascripts" / "lunr" / "min" / "lunr.wordbreak.min.js").is_file()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("code", NEW)
def test_search_in_the_browser_finds_the_page_in_that_language_only(built: Path, code: str) -> None:
    from browser import chromium, chromium_path, serve_directory

    if chromium_path() is None:
        pytest.skip("chromium is not installed (`make test` installs it: apt-get install chromium)")
    with serve_directory(built) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}{code}/protect/masks.html")
        assert page.search(NEW[code][2]) > 0
        links = page.evaluate("[...document.querySelectorAll('.md-search-result__link')].map(a => a.href)")
        assert any(f"/{code}/protect/hand-hygiene.html" in link for link in links), links
        assert all(f"/{code}/" in link for link in links), links
        assert page.requested(f"{code}/search/search_index.json")
