"""Fonts by fontconfig query: each language's family, and a stop naming the package when nothing draws a character."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers import REPO

from handbook import fonts
from handbook.config import Language, load_config
from handbook.errors import SetupError
from handbook.languages import language_facts

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
CONFIG = load_config(REPO / "mkdocs.yml")


def _language(code: str) -> Language:
    facts = language_facts(code)
    return Language(code, facts.native_name, False, facts.direction, facts.iso639_3, facts.script,
                    facts.territory, facts.plural_forms, facts.font)


def test_the_shipped_languages_keep_their_fonts() -> None:
    chosen = {language.code: fonts.font_family(language) for language in CONFIG.languages}
    assert chosen == {"en": "Noto Sans", "bn": "Noto Sans Bengali", "hi": "Noto Sans Devanagari", "ar": "Noto Naskh Arabic",
                      "zh": "Noto Sans CJK SC", "es": "Noto Sans", "fr": "Noto Sans", "pt": "Noto Sans", "sw": "Noto Sans"}


@pytest.mark.parametrize("code", ["am", "ta", "km", "my", "ur", "ja", "ko", "ru"])
def test_a_new_language_gets_an_installed_noto_family_that_covers_its_letters(code: str) -> None:
    import icu

    family = fonts.font_family(_language(code))
    if family is None:
        pytest.skip(f"no font for {code} installed ({fonts.package_for_script(language_facts(code).script)})")
    assert family.startswith(("Noto Sans", "Noto Serif")) and "Mono" not in family
    assert family in fonts.families_for(fonts.language_tag(code, language_facts(code).territory))
    exemplars = [item for item in icu.LocaleData(code).getExemplarSet(0, 0) if len(item) == 1]
    covered = fonts.family_coverage(family) | fonts.family_coverage(fonts.LATIN_FAMILY)
    assert sum(ord(char) in covered for char in exemplars) / len(exemplars) > 0.95


def test_a_language_fontconfig_does_not_know_is_asked_by_its_letters() -> None:
    assert fonts.families_for("ckb") == ()  # Central Kurdish: fontconfig has no orthography for it
    family = fonts.font_family(_language("ckb"))
    if family is None:
        pytest.skip("no Arabic-script font installed")
    assert "Arabic" in family and ord("ە") in fonts.family_coverage(family)


def test_regional_fonts_follow_cldrs_likely_territory() -> None:
    assert fonts.language_tag("zh", "CN") == "zh-cn"
    assert fonts.language_tag("ko", "KR") == "ko"  # fontconfig has no ko-kr orthography
    if fonts.families_for("ko"):
        assert fonts.font_family(_language("ko")).endswith("KR")


def test_a_character_no_font_draws_stops_with_the_package() -> None:
    nowhere = "\U0010fffd"  # private use: no font has it
    assert fonts.uncovered(f"abc {nowhere}", ["Noto Sans"]) == [nowhere]
    assert fonts.uncovered("abc ✓", ["Noto Sans"]) == [], "what another installed font draws is drawn by fallback"
    with pytest.raises(SetupError) as caught:
        fonts.check_coverage(CONFIG.language("en"), f"Handbook {nowhere}", "handbook-en.pdf", REPO / "docs" / "en")
    message = str(caught.value)
    assert "handbook-en.pdf" in message and "U+10FFFD" in message and "apt-get install fonts-noto-core" in message


def test_packages_by_script() -> None:
    assert fonts.package_for_script("Hans") == fonts.package_for_script("Jpan") == "fonts-noto-cjk"
    assert fonts.package_for_script("Ethi") == fonts.package_for_script("Khmr") == "fonts-noto-core"


def test_a_language_without_font_stops_the_build_naming_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "font_family", lambda language: None if language.code == "zh" else "Noto Sans")
    with pytest.raises(SetupError) as caught:
        fonts.check_fonts(CONFIG)
    assert "(zh, script Hans)" in str(caught.value) and "apt-get install fonts-noto-cjk" in str(caught.value)


def test_print_css_names_each_languages_font_by_lang() -> None:
    css = fonts.lang_font_css(CONFIG.languages)
    assert '[lang]:lang(bn) { font-family: "Noto Sans Bengali", "Noto Sans", sans-serif; }' in css
    assert css.count(":lang(") == len(CONFIG.languages)
    print_css = (REPO / "overrides" / "print.css").read_text(encoding="utf-8")
    assert re.findall(r":lang\((\w+)\)", print_css) == ["xx"], "no language is named in the stylesheet itself"
