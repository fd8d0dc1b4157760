"""Machine pretranslation: protection round trips, the cache, batching, and a real Argos package."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.errors import BuildError, SetupError
from handbook.translation.mt import MissingLanguagePair, TranslationCache, protect, restore, translate_units

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


# --- protect / restore ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked", "saved"),
    [
        ("Run `pip install x` first.", "Run {0} first.", ["`pip install x`"]),
        ("Use ``a ` b`` here.", "Use {0} here.", ["``a ` b``"]),
        ("See https://www.who.int/emergencies.", "See {0}.", ["https://www.who.int/emergencies"]),
        ("Read [the guide](guide.md#masks) now.", "Read {0}the guide{1} now.", ["[", "](guide.md#masks)"]),
        ("![A mask](img/mask.png \"Mask\")", "{0}A mask{1}", ["![", '](img/mask.png "Mask")']),
        ("Call <b>now</b>&nbsp;please.", "Call {0}now{1}please.", ["<b>", "</b>&nbsp;"]),
        ("Use 60% alcohol.", "Use {0} alcohol.", ["60%"]),
        ("Mix 1:49 with 0.1% bleach.", "Mix {0} with {1} bleach.", ["1:49", "0.1%"]),
        ("Fever above 37.5 °C or 38°C.", "Fever above {0} or {1}.", ["37.5 °C", "38°C"]),
        ("Give 5 ml every 4 hours.", "Give {0} every 4 hours.", ["5 ml"]),
        ("Stay 1 metre apart for 20 seconds.", "Stay 1 metre apart for 20 seconds.", []),
        ("About 1,000 people.", "About {0} people.", ["1,000"]),
        ("**Wash** your _hands_.", "{0}Wash{1} your {2}hands{3}.", ["**", "**", "_", "_"]),
        ("**[Wash](x.md)** now", "{0}Wash{1} now", ["**[", "](x.md)**"]),
        ("## Masks {#masks}", "## Masks {0}", ["{#masks}"]),
        ("Type {0} or \\*", "Type {0} or {1}", ["{0}", "\\*"]),
        ("Write to help@example.org today.", "Write to {0} today.", ["help@example.org"]),
    ],
)
def test_protect_replaces_what_mt_must_not_touch(text: str, masked: str, saved: list[str]) -> None:
    assert protect(text) == (masked, saved)
    assert restore(masked, saved) == text


def test_glossary_terms_are_kept_whole_words_only() -> None:
    masked, saved = protect("COVID-19 lowers SpO2; SpO2x is not a term.", ["SpO2", "COVID-19"])
    assert masked == "{0} lowers {1}; SpO2x is not a term."
    assert saved == ["COVID-19", "SpO2"]


def test_longer_glossary_term_wins() -> None:
    assert protect("The COVID-19 vaccine works.", ["COVID-19", "COVID-19 vaccine"])[1] == ["COVID-19 vaccine"]


def test_restore_accepts_reordered_and_lightly_mangled_placeholders() -> None:
    saved = ["`x`", "60%"]
    assert restore("{1} then {0}", saved) == "60% then `x`"
    assert restore("{ 0 } and ｛1｝", saved) == "`x` and 60%"
    assert restore("{০} এবং {১}", saved) == "`x` এবং 60%"  # Bengali digits


@pytest.mark.parametrize(
    "translated",
    ["{0} only", "{0} {0} {1}", "{0} {1} {2}", "{0 and {1}", "nothing left"],
    ids=["dropped", "duplicated", "invented", "mangled", "all-gone"],
)
def test_restore_refuses_lost_or_extra_placeholders(translated: str) -> None:
    assert restore(translated, ["`a`", "`b`"]) is None


@given(st.text())
def test_restore_inverts_protect(text: str) -> None:
    masked, saved = protect(text)
    assert restore(masked, saved) == text


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), st.lists(st.text(min_size=1, max_size=8), max_size=3))
def test_restore_inverts_protect_with_glossary(text: str, terms: list[str]) -> None:
    masked, saved = protect(text, terms)
    assert restore(masked, saved) == text


@given(st.lists(st.sampled_from(["Wash ", "`code` ", "[link](u.md) ", "60% ", "{3} ", "**", "https://a.b/c ", "x "])))
def test_restore_inverts_protect_on_markdown_pieces(pieces: list[str]) -> None:
    text = "".join(pieces)
    masked, saved = protect(text)
    assert restore(masked, saved) == text
    assert "`" not in masked and "](" not in masked and "%" not in masked


# --- cache and batching, with a fake engine -----------------------------------------------------


class CountingEngine:
    """Wraps an engine (or echoes its input) and records every call."""

    def __init__(self, inner=None, name: str = "echo", model_id: str = "test:echo-1") -> None:
        self.inner = inner
        self.name = inner.name if inner else name
        self.model_id = inner.model_id if inner else model_id
        self.calls: list[list[str]] = []

    def translate_batch(self, texts: list[str]) -> list[str]:
        self.calls.append(list(texts))
        return self.inner.translate_batch(texts) if self.inner else [text.upper() for text in texts]


def test_only_cache_misses_reach_the_engine_in_batches(tmp_path: Path) -> None:
    texts = [f"Sentence number {word}." for word in "abcdefghij"]
    cache = TranslationCache.for_model(tmp_path, "test:echo-1")
    engine = CountingEngine()
    first = translate_units(engine, texts, cache, batch_size=4)
    assert first == [text.upper() for text in texts]
    assert [len(call) for call in engine.calls] == [4, 4, 2]
    assert (cache.hits, cache.misses) == (0, 10)

    reloaded = TranslationCache.for_model(tmp_path, "test:echo-1")
    engine.calls.clear()
    assert translate_units(engine, texts + ["A new one."], reloaded, batch_size=4) == first + ["A NEW ONE."]
    assert engine.calls == [["A new one."]]
    assert (reloaded.hits, reloaded.misses) == (10, 1)


def test_placeholders_are_restored_and_losses_flagged(tmp_path: Path) -> None:
    class DropsCode(CountingEngine):
        def translate_batch(self, texts: list[str]) -> list[str]:
            return [text.replace("{0}", "") if "code" in text else text.upper() for text in texts]

    texts = ["Run `make` now, code.", "Read [this](a.md).", "`only code`", "60%", ""]
    results = translate_units(DropsCode(), texts, TranslationCache(tmp_path / "c.json"))
    assert results == [None, "READ [THIS](a.md).", "`only code`", "60%", ""]


def test_duplicates_are_translated_once_and_progress_counts_units(tmp_path: Path) -> None:
    engine = CountingEngine()
    reports: list[tuple[int, int]] = []
    texts = ["Same text.", "Same text.", "Other text.", "Third text."]
    translate_units(engine, texts, TranslationCache(tmp_path / "c.json"), batch_size=2, progress=lambda *a: reports.append(a))
    assert engine.calls == [["Same text.", "Other text."], ["Third text."]]
    assert reports == [(3, 4), (4, 4)]


def test_glossary_change_retranslates_only_what_changed(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "c.json")
    engine = CountingEngine()
    translate_units(engine, ["Masks help.", "SpO2 matters."], cache)
    engine.calls.clear()
    assert translate_units(engine, ["Masks help.", "SpO2 matters."], cache, keep_terms=["SpO2"]) == [
        "MASKS HELP.",
        "SpO2 MATTERS.",
    ]
    assert engine.calls == [["{0} matters."]]


def test_cache_file_is_json_and_a_broken_one_is_reported(tmp_path: Path) -> None:
    cache = TranslationCache.for_model(tmp_path, "argos:translate-en_bn-1.9")
    cache.put("argos:translate-en_bn-1.9", "Hello.", "নমস্কার।")
    cache.save()
    assert cache.path.name == "argos-translate-en_bn-1.9.json"
    data = json.loads(cache.path.read_text(encoding="utf-8"))
    assert data["translations"] == {"argos:translate-en_bn-1.9": {"Hello.": "নমস্কার।"}}

    cache.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(BuildError, match="delete it"):
        TranslationCache(cache.path)


def test_engine_returning_the_wrong_count_is_an_error(tmp_path: Path) -> None:
    class Short(CountingEngine):
        def translate_batch(self, texts: list[str]) -> list[str]:
            return texts[:-1]

    with pytest.raises(BuildError, match="returned 1 translations for 2"):
        translate_units(Short(), ["One.", "Two."], TranslationCache(tmp_path / "c.json"))


def test_module_imports_without_the_mt_extra() -> None:
    """`handbook.mt` loads with argostranslate blocked; asking for an engine says what to install."""
    code = (
        "import sys\n"
        "for name in ('argostranslate', 'ctranslate2', 'sentencepiece'): sys.modules[name] = None\n"
        "import handbook.translation.mt as mt\n"
        "assert mt.restore(*mt.protect('`x` y')) == '`x` y'\n"
        "try:\n"
        "    mt.load_argos_engine('en', 'bn')\n"
        "except mt.SetupError as error:\n"
        "    print(error)\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(SCRIPTS)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True)
    assert "pip install .[mt]" in result.stdout


# --- the real argostranslate / CTranslate2 code, with the tiny package -------------------------------


@pytest.mark.mt
@pytest.mark.usefixtures("tiny_argos_package", "no_network")
def test_load_argos_engine_finds_the_installed_pair(argos_packages_dir: Path) -> None:
    from handbook.translation.mt import load_argos_engine

    engine = load_argos_engine("en", "bn")
    assert engine.name == "argos"
    assert engine.model_id == "argos:translate-en_bn-1.0"
    assert engine.package.package_path.parent == argos_packages_dir


@pytest.mark.mt
@pytest.mark.usefixtures("tiny_argos_package", "no_network")
def test_translate_batch_returns_one_string_per_unit() -> None:
    from handbook.translation.mt import load_argos_engine

    engine = load_argos_engine("en", "bn")
    texts = ["Wash your hands.", "Wear a mask. Stay home!\nCall a health worker.", "", "  ", "Rest."]
    outputs = engine.translate_batch(texts)
    assert len(outputs) == len(texts)
    assert all(isinstance(output, str) for output in outputs)
    assert outputs[1].count("\n") == 1  # lines are kept
    assert outputs[2:4] == ["", "  "]  # nothing to translate, nothing invented


@pytest.mark.mt
@pytest.mark.usefixtures("tiny_argos_package", "no_network")
def test_translate_units_batches_and_caches_with_the_real_model(tmp_path: Path) -> None:
    from handbook.translation.mt import load_argos_engine

    engine = CountingEngine(load_argos_engine("en", "bn"))
    texts = [f"Wash your hands {word} with soap." for word in "abcdefg"] + ["Use 60% alcohol, see `docs`."]
    cache = TranslationCache.for_model(tmp_path, engine.model_id)
    results = translate_units(engine, texts, cache, keep_terms=["COVID-19"], batch_size=3)
    assert len(engine.calls) == math.ceil(len(texts) / 3)
    assert len(results) == len(texts)
    for result in results:  # gibberish, but never a half-restored one
        assert result is None or isinstance(result, str)
    if results[-1] is not None:
        assert "60%" in results[-1] and "`docs`" in results[-1]

    engine.calls.clear()
    again = translate_units(engine, texts, TranslationCache.for_model(tmp_path, engine.model_id), batch_size=3)
    assert engine.calls == []
    assert again == results


@pytest.mark.mt
@pytest.mark.usefixtures("tiny_argos_package", "no_network")
def test_missing_pair_names_the_pair_and_the_fix() -> None:
    from handbook.translation.mt import load_argos_engine

    with pytest.raises(MissingLanguagePair) as caught:
        load_argos_engine("en", "sw")
    message = str(caught.value)
    assert "en→sw" in message
    assert "argospm install translate-en_sw" in message
    assert "install_from_path('translate-en_sw.argosmodel')" in message
    assert isinstance(caught.value, SetupError)


@pytest.mark.mt
@pytest.mark.usefixtures("no_network")
def test_another_pair_can_be_built_and_loaded(install_argos_package) -> None:
    from handbook.translation.mt import load_argos_engine

    install_argos_package("en", "fr")
    engine = load_argos_engine("en", "fr")
    assert engine.model_id == "argos:translate-en_fr-1.0"
    assert len(engine.translate_batch(["Wear a mask.", "Rest at home."])) == 2
