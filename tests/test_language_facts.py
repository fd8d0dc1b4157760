"""Language facts come from CLDR and ISO 639, and `handbook add-language` is the one-line edit."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from helpers import REPO

from handbook import languages
from handbook.addlang import with_language
from handbook.config import load_config
from handbook.errors import ConfigError
from handbook.languages import UnknownLanguage, language_facts


def _config_with(tmp_path: Path, lines: str) -> Path:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "          build: true\n"
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(text.replace(anchor, anchor + lines), encoding="utf-8")
    return config_file


@pytest.mark.parametrize(("code", "direction", "iso639_3", "script"), [
    ("ps", "rtl", "pus", "Arab"), ("ur", "rtl", "urd", "Arab"), ("fa", "rtl", "fas", "Arab"), ("he", "rtl", "heb", "Hebr"),
    ("am", "ltr", "amh", "Ethi"), ("uk", "ltr", "ukr", "Cyrl"), ("te", "ltr", "tel", "Telu"), ("my", "ltr", "mya", "Mymr"),
    ("ha", "ltr", "hau", "Latn"), ("fil", "ltr", "fil", "Latn"),
    ("kri", "ltr", "kri", "Latn"),  # Krio: in ISO 639, not yet in CLDR: gettext's default plural forms
])
def test_facts_of_a_language_the_handbook_does_not_ship(code: str, direction: str, iso639_3: str, script: str) -> None:
    facts = language_facts(code)
    assert (facts.direction, facts.iso639_3, facts.script) == (direction, iso639_3, script)
    assert facts.plural_forms.startswith("nplurals=") and facts.plural_forms.endswith(";")
    assert facts.native_name and facts.native_name[0] == facts.native_name[0].upper()


def test_plural_forms_and_names_follow_cldr() -> None:
    assert language_facts("ru").plural_forms.startswith("nplurals=3;")
    assert language_facts("km").plural_forms == "nplurals=1; plural=0;"
    assert language_facts("am").native_name == "አማርኛ"
    assert language_facts("es").native_name == "Español"  # CLDR writes "español" mid-sentence


@pytest.mark.parametrize("code", ["xx", "qqq", "mis", "und", "zxx", "EN", "e", "engl", "../x", "en-GB", ""])
def test_codes_that_are_not_languages_are_refused(code: str) -> None:
    with pytest.raises(UnknownLanguage):
        language_facts(code)


def test_a_language_not_in_iso_639_is_refused_with_its_line(tmp_path: Path) -> None:
    config_file = _config_with(tmp_path, "        - locale: qqq\n")
    with pytest.raises(ConfigError) as caught:
        load_config(config_file)
    line = next(number for number, text in enumerate(config_file.read_text(encoding="utf-8").splitlines(), 1) if "qqq" in text)
    assert f"mkdocs.yml:{line}: unknown language code 'qqq'" in str(caught.value)


def test_one_line_adds_a_language_with_its_own_name(tmp_path: Path) -> None:
    config = load_config(_config_with(tmp_path, "        - locale: ps\n        - locale: ta\n          name: Tamil\n"))
    pashto, tamil = config.language("ps"), config.language("ta")
    assert (pashto.name, pashto.direction, pashto.iso639_3) == ("پښتو", "rtl", "pus")
    assert tamil.name == "Tamil"


def test_overrides_are_few_and_each_says_why() -> None:
    source = Path(languages.__file__).read_text(encoding="utf-8")
    table = source[source.index("OVERRIDES"):source.index("\n}\n", source.index("OVERRIDES"))]
    entries = re.findall(r'^    "(\w+)":', table, re.M)
    assert len(entries) == len(languages.OVERRIDES) <= 3
    for code in entries:
        before = table[: table.index(f'    "{code}":')].rstrip().splitlines()[-1]
        assert before.strip().startswith("#"), f"override {code} has no comment saying why"
    tree = ast.parse(source)
    literals = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert not literals & {"bn", "hi", "zh", "es", "fr", "pt", "sw", "ur", "am"}, "no language facts typed into code"


def test_add_language_inserts_one_line_and_keeps_the_rest(tmp_path: Path) -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    added = with_language(text, "am", None, config_file)
    before, after = text.splitlines(keepends=True), added.splitlines(keepends=True)
    assert len(after) == len(before) + 1
    new = next(index for index, (old, line) in enumerate(zip(before, after)) if old != line)
    assert after[new] == "        - locale: am\n"
    assert after[new - 1] == "          name: Kiswahili\n" and after[new + 1:] == before[new:]
    with pytest.raises(ConfigError, match="'sw' is already configured"):
        with_language(text, "sw", None, config_file)
    named = with_language(text, "ur", "اردو", config_file)
    assert "        - locale: ur\n          name: اردو\n  # privacy" in named
