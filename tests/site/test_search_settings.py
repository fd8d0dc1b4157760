"""Search settings by script, from Unicode and CLDR data: separators, pipeline, words cut at build time."""

from __future__ import annotations

import re

import pytest

from helpers import REPO

from handbook.site import search
from handbook.config import Language, load_config
from handbook.languages import language_facts

CONFIG = load_config(REPO / "mkdocs.yml")


def _language(code: str) -> Language:
    facts = language_facts(code)
    return Language(code, facts.native_name, False, facts.direction, facts.iso639_3, facts.script, facts.territory)


@pytest.mark.parametrize(("code", "cutter"), [
    ("th", "icu"), ("lo", "icu"), ("km", "icu"), ("my", "icu"), ("ja", "icu"), ("zh", "jieba"),
    ("ko", None), ("en", None), ("am", None), ("ur", None), ("ta", None), ("ru", None), ("bn", None),
])
def test_scripts_without_spaces_are_cut(code: str, cutter: str | None) -> None:
    assert search.word_breaking(code).cutter == cutter


@pytest.mark.parametrize(("code", "marks"), [
    ("ur", "،؛؟۔"), ("ar", "،؛؟"), ("am", "።፣፤"), ("hi", "।॥"), ("bn", "।"), ("zh", "，。、？！"), ("km", "។៕"),
    ("th", "๚๛"), ("my", "၊။"), ("ru", "«»—"), ("en", ".,;:!?()\"“”‘’"),
])
def test_separator_splits_at_the_scripts_own_punctuation(code: str, marks: str) -> None:
    separator = re.compile(search.index_settings(_language(code))["separator"])
    for mark in marks:
        assert separator.split(f"word{mark}word") == ["word", "word"], f"{code}: U+{ord(mark):04X} {mark}"
    assert separator.split("a\u200bb c") == ["a", "b", "c"]
    assert separator.pattern.isascii(), "JavaScript reads it without the u flag: escapes only"


def test_pipeline_by_script() -> None:
    settings = {language.code: search.index_settings(language) for language in CONFIG.languages}
    assert settings["fr"]["lang"] == ["fr"] and settings["fr"]["pipeline"] == ["trimmer", "stopWordFilter"]
    for code in ("bn", "hi", "ar", "zh"):
        assert settings[code]["lang"] == ["en"] and settings[code]["pipeline"] == []
    for code in ("ru", "am", "ta", "ha"):  # lunr's trimmers know Latin letters only, or no lunr file at all
        assert search.index_settings(_language(code))["pipeline"] == []
    assert search.index_settings(_language("km"))["lang"] == [search.WORD_BREAK_PLUGIN]


def test_icu_cuts_thai_and_khmer_into_words_between_zero_width_spaces() -> None:
    thai = search.word_cutter(CONFIG, _language("th"))("ล้างมือด้วยสบู่ and water")
    assert thai == "ล้าง\u200bมือ\u200bด้วย\u200bสบู่\u200b and water"
    khmer = search.word_cutter(CONFIG, _language("km"))("លាងដៃជាមួយសាប៊ូ")
    assert khmer.split("\u200b") == ["លាងដៃ", "ជាមួយ", "សាប៊ូ"]
    assert search.word_cutter(CONFIG, _language("ru")) is None


def test_chinese_is_cut_with_the_glossary_and_japanese_is_not_cut_as_chinese() -> None:
    chinese = search.word_cutter(CONFIG, CONFIG.language("zh"))("勤洗手是手卫生的关键")
    assert "手卫生" in chinese.split("\u200b")
    japanese = search.word_cutter(CONFIG, _language("ja"))("手を洗いましょう")
    assert "\u200b" in japanese and "".join(japanese.split("\u200b")) == "手を洗いましょう"


def test_the_query_side_file_is_what_the_worker_imports() -> None:
    imports = search.worker_imports("assets/javascripts/workers/search.js", [search.WORD_BREAK_PLUGIN])
    plugin = "assets/javascripts/lunr/min/lunr.wordbreak.min.js"
    assert plugin in imports
    source = (REPO / "overrides" / plugin).read_text(encoding="utf-8")
    assert "Intl.Segmenter" in source and "lunr.wordbreak = function" in source
