"""Tests for the translation checks: each check catches its bad case and lets the good one through."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import CORPUS, REPO, needs_corpus

from handbook.translation.checks.po_file import Problem, check_all, check_catalog
from handbook.translation.checks.registry import CHECKS, finding, markdown_table, refuses
from handbook.translation.checks.unit import check_unit
from handbook.translation.glossary import Glossary
from handbook.errors import HandbookError

CORPUS_CATALOGS = CORPUS / "po-python-docs-fr"


def codes(msgid: str, msgstr: str, lang: str = "fr", glossary: Glossary | None = None) -> set[str]:
    return {code for _, code, _ in check_unit(msgid, msgstr, target_lang=lang, glossary=glossary)}


def errors(msgid: str, msgstr: str, lang: str = "fr") -> set[str]:
    return {code for severity, code, _ in check_unit(msgid, msgstr, target_lang=lang) if severity == "error"}


def warnings(msgid: str, msgstr: str, lang: str = "fr") -> set[str]:
    return {code for severity, code, _ in check_unit(msgid, msgstr, target_lang=lang) if severity == "warning"}


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Take 2 tablets every 8 hours.", "Prenez 2 comprimés toutes les 8 heures."),
        ("Take 2 tablets every 8 hours.", "Toutes les 8 heures, prenez 2 comprimés."),  # order may change
        ("Wash for 20 seconds.", "ধুয়ে নিন ২০ সেকেন্ড।"),  # Bengali digits
        ("Wash for 20 seconds.", "२० सेकंड तक धोएं।"),  # Devanagari
        ("Wash for 20 seconds.", "اغسل لمدة ٢٠ ثانية."),  # Arabic-Indic
        ("Wash for 20 seconds.", "به مدت ۲۰ ثانیه بشویید."),  # Extended Arabic-Indic
        ("Wash for 20 seconds.", "洗手２０秒。"),  # full-width
        ("A dose of 0.1 mg.", "Une dose de 0,1 mg."),  # decimal comma
        ("A dose of 0.5 mg.", "جرعة ٠٫٥ mg."),  # Arabic decimal separator
        ("About 1,000 people.", "Environ 1\u202f000 personnes."),  # narrow no-break space
        ("About 1,000 people.", "Environ 1 000 personnes."),
        ("About 1,000 people.", "Etwa 1.000 Menschen."),
        ("About 1,000 people.", "About 1000 people, roughly."),
        ("It costs 1,234.5 units.", "Cela coûte 1 234,5 unités."),
        ("Mix bleach 1:49 with water.", "Mélangez l'eau de Javel à 1:49 avec de l'eau."),
        ("Requires Python 3.13 or later.", "Nécessite Python 3.13 ou plus récent."),
        ("A string of size one.", "Une chaîne de longueur 1."),  # the English spelled it out
        ("COVID-19 spreads in droplets.", "La COVID-19 se transmet par des gouttelettes."),
    ],
)
def test_numbers_that_mean_the_same_pass(msgid: str, msgstr: str) -> None:
    assert "number-mismatch" not in codes(msgid, msgstr)


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Take 2 tablets every 8 hours.", "Prenez 2 comprimés toutes les 6 heures."),  # changed
        ("Take 2 tablets every 8 hours.", "Prenez 2 comprimés régulièrement."),  # missing
        ("Take 2 tablets.", "Prenez 2 comprimés 3 fois."),  # added
        ("Take 2 tablets.", "Prenez deux comprimés."),  # words are not accepted
        ("Mix bleach 1:49 with water.", "Mélangez l'eau de Javel à 1:4 avec de l'eau."),
        ("A dose of 0.1 mg.", "Une dose de 1 mg."),
        ("A dose of 0.5 mg.", "جرعة ٥ mg."),
        ("Wash for 20 seconds.", "२ सेकंड तक धोएं।"),
        ("Take 2 and 2 tablets.", "Prenez 2 comprimés."),  # compared as a multiset
        ("About 1,500 people.", "Environ 1.5 personnes."),  # the English comma groups thousands
    ],
)
def test_numbers_that_differ_are_errors(msgid: str, msgstr: str) -> None:
    assert "number-mismatch" in errors(msgid, msgstr)


def test_numbers_in_urls_and_placeholders_are_left_to_their_own_checks() -> None:
    msgid = "See [WHO](https://who.int/2020) for {count} cases."
    found = check_unit(msgid, "Voir [OMS](https://who.int/2021) pour {count} cas.", target_lang="fr")
    assert [code for _, code, _ in found] == ["url-changed"]


# ASCII, Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai, Myanmar, full-width
DIGIT_ZEROS = [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0x1040, 0xFF10]


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(DIGIT_ZEROS))
def test_any_script_digits_equal_ascii(number: int, zero: int) -> None:
    local = "".join(chr(zero + int(digit)) for digit in str(number))
    assert "number-mismatch" not in codes(f"Keep {number} doses.", f"Gardez {local} doses.")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
@settings(max_examples=200)
def test_a_unit_never_disagrees_with_itself_and_never_crashes(text: str) -> None:
    assert errors(text, text) == set()


# ---------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("Give 5 mg.", "Donnez 5 mg.", True),
        ("Give 5 mg.", "Donnez 5 g.", False),
        ("Give 5 mL.", "Donnez 5 ml.", True),
        ("Over 70% of cases.", "Plus de 70 % des cas.", True),
        ("Over 70% of cases.", "أكثر من ٧٠٪ من الحالات.", True),
        ("Over 70% of cases.", "超过７０％的病例。", True),
        ("Over 70% of cases.", "Plus de 70 pour cent des cas.", False),
        ("A fever is 38 °C or more.", "La fièvre, c'est 38 °C ou plus.", True),
        ("A fever is 38 °C or more.", "La fièvre, c'est 38 degrés ou plus.", False),
        ("Keep 2 m apart.", "Gardez 2 m de distance.", True),
        ("Keep 2 m apart.", "Gardez 2 mètres de distance.", False),
        ("Wash for 20 seconds.", "Lavez pendant 20 secondes.", True),  # unit words are translated
        ("Take 2 tablets.", "Prenez 2 kg de comprimés.", False),  # a unit added
    ],
)
def test_units(msgid: str, msgstr: str, ok: bool) -> None:
    assert ("unit-mismatch" not in errors(msgid, msgstr)) is ok


# ---------------------------------------------------------------- links and scripts


def test_same_link_targets_pass() -> None:
    msgid = "Read [the guide](https://who.int/guide), see ![map](img/map.svg) or <https://who.int> and www.who.int."
    msgstr = "Lisez [le guide](https://who.int/guide), voyez ![carte](img/map.svg) ou <https://who.int> et www.who.int."
    assert codes(msgid, msgstr) == set()


@pytest.mark.parametrize(
    ("msgid", "msgstr", "code"),
    [
        ("Read [the guide](https://who.int/guide).", "Lisez [le guide](https://evil.example/guide).", "url-changed"),
        ("Read [the guide](guide.md).", "Lisez [le guide](autre.md).", "url-changed"),
        ("Read the guide.", "Lisez [le guide](https://evil.example).", "url-added"),
        ("Read the guide.", "Lisez le guide sur https://evil.example.", "url-added"),
        ("Read the guide.", "Lisez <mailto:x@evil.example>.", "url-added"),
        ("See ![map](img/map.svg).", "Voir ![carte](img/fake.svg).", "url-changed"),
        ("Read [the guide](guide.md).", "Lisez [le guide](javascript:alert(1)).", "script"),
        ("Read [the guide](guide.md).", "Lisez [le guide](JaVa\tScRiPt:alert(1)).", "script"),
        ("Read [the guide](guide.md).", "Lisez [le guide](&#106;avascript:alert(1)).", "script"),
        ("See ![map](map.svg).", "Voir ![carte](data:image/svg+xml;base64,AAAA).", "script"),
        ("Read [the guide](guide.md).", "Lisez [le guide](vbscript:msgbox).", "script"),
    ],
)
def test_changed_added_and_script_links_are_errors(msgid: str, msgstr: str, code: str) -> None:
    assert code in errors(msgid, msgstr)


def test_a_removed_link_is_only_a_warning() -> None:
    found = check_unit("See https://who.int for more.", "Voir le site de l'OMS.", target_lang="fr")
    assert [(severity, code) for severity, code, _ in found] == [("warning", "url-removed")]


# ---------------------------------------------------------------- raw HTML


@pytest.mark.parametrize(
    ("msgid", "msgstr", "code"),
    [
        ("Stay home.", "Restez <b>chez vous</b>.", "raw-html"),
        ("Stay <abbr title=\"at home\">home</abbr>.", "Restez <abbr title=\"ailleurs\">chez vous</abbr>.", "raw-html"),
        ("Stay home.", "Restez chez vous.<!-- hidden -->", "raw-html"),
        ("Stay home.", "Restez <script>alert(1)</script> chez vous.", "script"),
        ("Stay home.", "Restez <SCRIPT src=//evil.example/x.js></SCRIPT>.", "script"),
        ("Stay home.", "Restez <img src=x onerror=alert(1)> chez vous.", "script"),
        ("Stay home.", "Restez <iframe src=//evil.example></iframe>.", "script"),
        ("Stay home.", "Restez <object data=x></object>.", "script"),
        ("Stay home.", "Restez <embed src=x>.", "script"),
        ("Stay home.", "Restez <style>body{display:none}</style>.", "script"),
        ("Stay home.", "Restez <a href=\"javascript:alert(1)\">ici</a>.", "script"),
        ("Stay home.", "Restez chez vous <script", "script"),  # unfinished tag
    ],
)
def test_raw_html_not_in_the_english_is_refused(msgid: str, msgstr: str, code: str) -> None:
    assert code in errors(msgid, msgstr)


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Line one<br>line two.", "Ligne un<br>ligne deux."),
        ("Press <kbd>Ctrl</kbd>.", "Appuyez sur <kbd>Ctrl</kbd>."),
        ("Write `<b>` for bold.", "Écrivez `<b>` pour le gras."),  # code is shown, not run
        ("If a < b then b > a.", "Si a < b alors b > a."),
    ],
)
def test_html_of_the_english_and_text_that_looks_like_html_pass(msgid: str, msgstr: str) -> None:
    assert not {"raw-html", "script"} & codes(msgid, msgstr)


# ---------------------------------------------------------------- Markdown structure


@pytest.mark.parametrize(
    ("msgid", "msgstr", "code"),
    [
        ("Read [the guide](guide.md) and [FAQ](faq.md).", "Lisez [le guide](guide.md) et la FAQ.", "markdown-structure"),
        ("Run `pip install`.", "Lancez pip install.", "markdown-structure"),
        ("See ![map](map.svg).", "Voir la carte.", "markdown-structure"),
        ("Run `pip install` now.", "Lancez `pip install maintenant.", "unclosed-code"),
        ("Stay home.", "# Restez chez vous.", "markdown-block"),
        ("Stay home.", "!!! danger \"Restez\"", "markdown-block"),
        ("Stay home.", "??? note", "markdown-block"),
        ("Stay home.", "=== \"Onglet\"", "markdown-block"),
        ("Stay home.", "> Restez chez vous.", "markdown-block"),
        ("Stay home.", "- Restez chez vous.", "markdown-block"),
        ("Stay home.", "2020. Restez chez vous.", "markdown-block"),
        ("Stay home.", "| Restez | chez vous |", "markdown-block"),
        ("Stay home and rest.", "Restez chez vous\n# et reposez-vous.", "markdown-block"),
        ("Stay home and rest.", "Restez chez vous\n* et reposez-vous.", "markdown-block"),
        ("Stay home and rest.", "Restez chez vous\n---", "markdown-block"),  # setext heading
        ("Stay home and rest.", "Restez chez vous\n```\ncode", "markdown-block"),
    ],
)
def test_markdown_structure_changes_are_errors(msgid: str, msgstr: str, code: str) -> None:
    assert code in errors(msgid, msgstr)


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("- Stay home.", "- Restez chez vous."),
        ("1. Stay home.", "1. Restez chez vous."),
        ("**Stay** home and use `soap`.", "**Restez** chez vous et utilisez du `savon`."),
        ("Stay home\nand rest.", "Restez chez vous\net reposez-vous."),
        ("Use ``a ` b`` here.", "Utilisez ``a ` b`` ici."),
    ],
)
def test_kept_markdown_structure_passes(msgid: str, msgstr: str) -> None:
    assert codes(msgid, msgstr) == set()


def test_changed_emphasis_is_only_a_warning() -> None:
    assert warnings("Stay **home**.", "Restez chez vous.") == {"emphasis"}
    assert errors("Stay **home**.", "Restez chez vous.") == set()


# ---------------------------------------------------------------- placeholders


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("Hello {name}.", "Bonjour {name}.", True),
        ("Hello {name}.", "Bonjour {nom}.", False),
        ("Hello %s, %(count)d left.", "Bonjour %s, il en reste %(count)d.", True),
        ("Hello %s, %(count)d left.", "Bonjour, il en reste %(count)d.", False),
        ("Over 50% of people.", "Plus de 50 % des gens.", True),  # "% d" is French typography, not %d
        ("Wash your hands.", "Lavez-vous ⟦0⟧ les mains.", False),  # leftover MT placeholder
    ],
)
def test_placeholders(msgid: str, msgstr: str, ok: bool) -> None:
    assert ("placeholder" not in errors(msgid, msgstr)) is ok


# ---------------------------------------------------------------- glossary


@pytest.fixture
def glossary(tmp_path: Path) -> Glossary:
    (tmp_path / "data" / "glossary").mkdir(parents=True)
    (tmp_path / "data" / "glossary.tsv").write_text(
        "term\ttranslate\tnote\nParacetamol\tno\tdrug name\nface mask\tyes\t\n", encoding="utf-8"
    )
    (tmp_path / "data" / "glossary" / "fr.tsv").write_text(
        "term\ttranslation\tnote\nface mask\tmasque\t\n", encoding="utf-8"
    )
    return Glossary.load(tmp_path, "fr")


def test_glossary_loads_both_files(glossary: Glossary) -> None:
    assert glossary.keep_terms == {"Paracetamol"}
    assert glossary.translations == {"face mask": "masque"}


def test_glossary_kept_term_missing_is_an_error(glossary: Glossary) -> None:
    found = check_unit("Take Paracetamol.", "Prenez du paracétamol.", target_lang="fr", glossary=glossary)
    assert ("error", "glossary") in {(severity, code) for severity, code, _ in found}
    assert codes("Take Paracetamol.", "Prenez du Paracetamol.", glossary=glossary) == set()


def test_glossary_expected_translation_missing_is_a_warning(glossary: Glossary) -> None:
    found = check_unit("Wear a face mask.", "Portez un couvre-visage.", target_lang="fr", glossary=glossary)
    assert [(severity, code) for severity, code, _ in found] == [("warning", "glossary")]
    assert codes("Wear a face mask.", "Portez un masque.", glossary=glossary) == set()


def test_glossary_bad_translate_value_is_reported_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "glossary.tsv").write_text("term\ttranslate\tnote\nWHO\tno\t\nmask\tmaybe\t\n", encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        Glossary.load(tmp_path, "fr")
    assert raised.value.line == 3


def test_glossary_missing_files_are_empty_and_a_bad_header_is_reported(tmp_path: Path) -> None:
    assert Glossary.load(tmp_path, "fr") == Glossary()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "glossary.tsv").write_text("word\tkeep\nx\tno\n", encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        Glossary.load(tmp_path, "fr")
    assert raised.value.line == 1


# ---------------------------------------------------------------- copies of the English


def test_a_copied_sentence_is_a_warning() -> None:
    assert warnings("Wash your hands often.", "Wash your hands often.") == {"untranslated-identical"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [("COVID-19", "fr"), ("World Health Organization", "fr"), ("`pip install handbook`", "fr"),
     ("https://who.int/emergencies", "fr"), ("Wash your hands often.", "en_GB")],
)
def test_names_code_urls_and_english_targets_are_not_copies(text: str, lang: str) -> None:
    assert "untranslated-identical" not in codes(text, text, lang=lang)


# ---------------------------------------------------------------- security subset and Problem


def test_security_subset() -> None:
    for code in ("script", "raw-html", "url-changed", "url-added", "markdown-block", "unclosed-code"):
        assert refuses("error", code)
    for code in ("number-mismatch", "url-removed", "emphasis", "glossary", "markdown-structure", "po-syntax"):
        assert not refuses("error", code)


def test_a_warning_is_never_refused_and_an_undeclared_check_cannot_be_reported() -> None:
    assert not refuses("warning", "script")
    with pytest.raises(KeyError):
        finding("no-such-check", "x")
    with pytest.raises(ValueError):
        finding("script", "x", "warning")  # declared as an error only


def test_readme_table_of_checks_is_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    """README.md shows `handbook check --list` as it prints it, so the two cannot drift apart."""
    from handbook.__main__ import main

    assert main(["check", "--list"]) == 0
    printed = capsys.readouterr().out
    assert printed == markdown_table()
    assert [line.split(" | ")[0].strip("| ") for line in printed.splitlines()[2:]] == [check.code for check in CHECKS]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### What `handbook check` reports"):readme.index("\n## Security")]
    table = "\n".join(line for line in section.splitlines() if line.startswith("|")) + "\n"
    assert table == printed


def test_problem_prints_like_a_compiler() -> None:
    problem = Problem(Path("fr/a.po"), 12, "error", "url-added", "link target 'x' is not in the English")
    assert str(problem) == "fr/a.po:12: error: link target 'x' is not in the English [url-added]"


# ---------------------------------------------------------------- catalogs

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def write_po(tmp_path: Path, body: str | bytes, header: str = HEADER) -> Path:
    path = tmp_path / "page.po"
    path.write_bytes(header.encode("utf-8") + (body if isinstance(body, bytes) else body.encode("utf-8")))
    return path


def test_problems_point_at_the_msgstr_line_and_cover_fuzzy_but_not_obsolete(tmp_path: Path) -> None:
    path = write_po(
        tmp_path,
        '# reviewed-by: Ana 2026-01-15\n#: page.md:3\nmsgid "Take 2 tablets."\nmsgstr "Prenez 2 comprimés."\n\n'  # lines 5-8
        '#: page.md:5\n#, fuzzy\n#| msgid "old"\nmsgid ""\n"Take 8 tablets."\nmsgstr ""\n"Prenez 6 comprimés."\n\n'  # 10-16
        '#~ msgid "Take 1."\n#~ msgstr "Prenez 9."\n',
    )
    problems = check_catalog(path, target_lang="fr")
    assert [(problem.line, problem.code) for problem in problems] == [(15, "number-mismatch")]
    assert problems[0].path == path


def test_plural_forms_are_checked_against_their_english(tmp_path: Path) -> None:
    path = write_po(
        tmp_path,
        '# reviewed-by: Ana 2026-01-15\nmsgid "Take {n} tablet."\nmsgid_plural "Take {n} tablets."\n'
        'msgstr[0] "Prenez {n} comprimé."\nmsgstr[1] "Prenez {m} comprimés."\n',
    )
    found = [(problem.line, problem.code) for problem in check_catalog(path, target_lang="fr")]
    # `{m}` is no placeholder of the English, so it may also be read as an attribute list: refused.
    assert sorted(found) == [(9, "attr-list"), (9, "placeholder"), (9, "placeholder")]


def test_a_syntax_error_is_a_problem_with_its_line(tmp_path: Path) -> None:
    path = write_po(tmp_path, 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d" junk\n')
    [problem] = check_catalog(path, target_lang="fr")
    assert (problem.path, problem.line, problem.severity, problem.code) == (path, 9, "error", "po-syntax")


def test_text_outside_strings_is_a_syntax_error(tmp_path: Path) -> None:
    path = write_po(tmp_path, 'msgid "a"\nmsgstr "b"\nthis is not PO\n')
    assert [(problem.line, problem.code) for problem in check_catalog(path, target_lang="fr")] == [(7, "po-syntax")]


def test_bytes_that_are_not_utf8_are_a_charset_problem(tmp_path: Path) -> None:
    path = write_po(tmp_path, b'msgid "coffee"\nmsgstr "caf\xe9"\n', header=HEADER.replace("UTF-8", "ISO-8859-1"))
    [problem] = check_catalog(path, target_lang="fr")
    assert (problem.line, problem.code) == (6, "charset")
    assert "ISO-8859-1" in problem.message


def test_a_header_declaring_another_charset_is_a_charset_problem(tmp_path: Path) -> None:
    path = write_po(tmp_path, '#, fuzzy\nmsgid "coffee"\nmsgstr "café"\n', header=HEADER.replace("UTF-8", "ISO-8859-1"))
    assert [(problem.line, problem.code) for problem in check_catalog(path, target_lang="fr")] == [(3, "charset")]


def test_a_file_cut_in_a_msgstr_is_a_problem(tmp_path: Path) -> None:
    path = write_po(tmp_path, 'msgid "a"\nmsgstr "b"\n\nmsgid "Take 2 tablets."\nmsgstr "Prenez 2 com')
    problems = check_catalog(path, target_lang="fr")
    assert (9, "error", "po-syntax") in [(problem.line, problem.severity, problem.code) for problem in problems]
    assert all(problem.path == path for problem in problems)


def test_a_file_cut_before_a_msgstr_is_a_problem(tmp_path: Path) -> None:
    path = write_po(tmp_path, 'msgid "a"\nmsgstr "b"\n\nmsgid "Take 2 tablets."\n')
    assert [(problem.line, problem.code) for problem in check_catalog(path, target_lang="fr")] == [(8, "po-syntax")]


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    [problem] = check_catalog(tmp_path / "missing.po", target_lang="fr")
    assert problem.code == "po-syntax"


@given(st.integers(min_value=0, max_value=400))
@settings(max_examples=100, deadline=None)
def test_a_catalog_cut_anywhere_never_raises(tmp_path_factory: pytest.TempPathFactory, cut: int) -> None:
    body = ('#: a.md:1\nmsgid ""\n"Take 2 tablets "\n"every 8 hours."\nmsgstr ""\n"Prenez 2 comprimés "\n'
            '"toutes les 8 heures."\n\nmsgid "Wash «hands»\\n"\nmsgstr "Lavez «les mains»\\n"\n').encode("utf-8")
    path = write_po(tmp_path_factory.mktemp("cut"), body[:cut])
    for problem in check_catalog(path, target_lang="fr"):
        assert problem.path == path and problem.line >= 1


def test_check_all_checks_every_catalog_of_the_chosen_languages(tmp_path: Path) -> None:
    for code, number in (("fr", 3), ("bn", 2)):
        (tmp_path / "translations" / code / "care").mkdir(parents=True)
        (tmp_path / "translations" / code / "care" / "page.po").write_text(
            HEADER + f'#, fuzzy\nmsgid "Take 2 tablets."\nmsgstr "Prenez {number} comprimés."\n', encoding="utf-8"
        )
    languages = {code: SimpleNamespace(code=code) for code in ("en", "fr", "bn")}
    config = SimpleNamespace(
        root=tmp_path, translations_dir=tmp_path / "translations", language=languages.__getitem__,
        source_dir=tmp_path / "docs" / "en",
        translated_languages=(languages["fr"], languages["bn"]),
    )
    assert [problem.code for problem in check_all(config)] == ["number-mismatch"]
    assert check_all(config, ["bn"]) == []
    assert len(check_all(config, "fr")) == 1


# ---------------------------------------------------------------- real catalogs

NUMBER_AND_URL_CODES = {"number-mismatch", "unit-mismatch", "url-changed", "url-added"}


@needs_corpus
def test_few_false_alarms_on_reviewed_french_python_docs() -> None:
    """Human-reviewed catalogs are mostly right, so number and URL errors on them are mostly false alarms."""
    files = sorted(CORPUS_CATALOGS.glob("*.po"))
    assert len(files) == 8
    reviewed = 0
    flagged: set[tuple[Path, int]] = set()
    per_check: Counter[str] = Counter()
    for path in files:
        entries = [entry for entry in polib.pofile(str(path)) if not entry.obsolete]
        starts = [entry.linenum for entry in entries]
        reviewed += sum(1 for entry in entries if entry.msgid and entry.translated())
        for problem in check_catalog(path, target_lang="fr"):
            assert problem.code not in ("po-syntax", "charset"), problem
            entry = entries[bisect_right(starts, problem.line) - 1]
            if problem.code in NUMBER_AND_URL_CODES and problem.severity == "error" and not entry.fuzzy:
                per_check[problem.code] += 1
                flagged.add((path, entry.linenum))
    rate = len(flagged) / reviewed
    print(f"\n{reviewed} reviewed entries, {len(flagged)} flagged ({rate:.2%}); errors per check: {dict(per_check)}")
    assert reviewed > 500
    assert rate < 0.02


# ---------------------------------------------------------------- attribute lists

# One unit per place Python-Markdown's attr_list reads a list, with its English: (English, translation
# with an added list). Each translation really gets the attribute when rendered (checked below).
ATTRIBUTE_LIST_PLACES = [
    ("Read [the danger signs](illness/danger-signs.md) now.",
     '[বিপদের লক্ষণ](illness/danger-signs.md){ onclick="alert(1)" } এখনই পড়ুন।', "bn", "a"),
    ("Ask for [supplies](https://forms.example.org/supply).",
     'اطلب [المستلزمات](https://forms.example.org/supply){ href="//other.example/supply" }.', "ar", "a"),
    ("Take **1 tablet** a day.", '每天服用**1 片**{ style="display:none" }。', "zh", "strong"),
    ("Take *one* a day.", "Prenez *un*{: hidden } par jour.", "fr", "em"),
    ("See ![the map](img/map.svg).", "Voir ![la carte](img/map.svg){ onerror=alert(1) }.", "fr", "img"),
    ("Type `help`.", "Tapez `aide`{ onmouseover=x }.", "fr", "code"),
    ("## Masks", "## মাস্ক { onclick=x }", "bn", "h2"),
    ("Wash your hands.", "اغسل يديك.\n{: onclick=x }", "ar", "p"),
    ("- Wash your hands.", "- 洗手。\n  { onclick=x }", "zh", "li"),
    ("Masks", "Masques { onclick=x }", "fr", "td"),
]


def render_markdown(text: str, cell: bool = False) -> str:
    import markdown

    if cell:
        text = f"| a |\n|---|\n| {text} |"
    return markdown.markdown(text, extensions=["attr_list", "tables", "def_list", "admonition"])


@pytest.mark.parametrize(("msgid", "msgstr", "lang", "element"), ATTRIBUTE_LIST_PLACES)
def test_an_added_attribute_list_is_a_security_error_wherever_it_stands(
    msgid: str, msgstr: str, lang: str, element: str
) -> None:
    rendered = render_markdown(msgstr, cell=element == "td")
    attributes = re.search(rf"<{element}\b([^>]*)>", rendered)
    assert attributes and re.search(r"\b(on\w+|href|style|hidden)\b", attributes.group(1)), rendered
    assert "attr-list" in errors(msgid, msgstr, lang)
    assert refuses("error", "attr-list")


def test_an_admonition_title_attribute_list_is_caught() -> None:
    assert "attr-list" in errors('!!! warning "Danger signs"', '!!! warning "Signes de danger" { onclick=x }')


@pytest.mark.parametrize(
    ("msgid", "msgstr", "lang"),
    [
        ("## Masks {#masks}", "## মাস্ক {#masks}", "bn"),
        ("Wear a mask.\n{: .important }", "ارتدِ كمامة.\n{: .important }", "ar"),
        ("Press **Stop**{: .key }.", "按**停止**{: .key }。", "zh"),
        ("Use `{name}` in code.", "Utilisez `{name}` dans le code.", "fr"),  # braces in code are shown
        ("Hello {name}.", "Bonjour {name}.", "fr"),  # a placeholder kept
    ],
)
def test_the_attribute_lists_of_the_english_may_stay(msgid: str, msgstr: str, lang: str) -> None:
    assert errors(msgid, msgstr, lang) == set()


@pytest.mark.parametrize(
    ("msgid", "msgstr", "code"),
    [
        ("## Masks {#masks}", "## Masques {#masques}", "attr-list"),  # changed: an anchor elsewhere breaks
        ("## Masks {#masks}", "## Masques", "markdown-structure"),  # dropped
        ("Press **Stop**{: .key }.", "Appuyez sur **Stop**{: .key .big }.", "attr-list"),
    ],
)
def test_a_changed_or_dropped_attribute_list_is_an_error(msgid: str, msgstr: str, code: str) -> None:
    assert code in errors(msgid, msgstr)


def real_units() -> list[tuple[str, str]]:
    """(English, translation) of every translated unit of the handbook's own catalogs."""
    pairs = []
    for path in sorted(REPO.joinpath("translations").glob("*/**/*.po")):
        pairs += [(entry.msgid, entry.msgstr) for entry in polib.pofile(str(path)) if entry.msgstr and entry.msgid]
    return pairs


REAL_UNITS = real_units()
_NAMES = st.sampled_from(["onclick", "onload", "style", "href", "src", "hidden", "title", "data-x", "class", "id",
                          "onmouseover", "formaction", "x"])
_VALUES = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters='"\n{}'),
                  min_size=1, max_size=12)
_ATTRIBUTES = st.one_of(
    st.builds(lambda n, v: f'{n}="{v}"', _NAMES, _VALUES),
    st.builds(lambda n, v: f"{n}={v}", _NAMES, st.from_regex(r"[A-Za-z0-9:/().#-]{1,10}", fullmatch=True)),
    st.builds(lambda v: f".{v}", st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True)),
    st.builds(lambda v: f"#{v}", st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True)),
    _NAMES,
)
_ATTRIBUTE_LISTS = st.builds(
    lambda colon, parts, space: "{" + (":" if colon else "") + space + " ".join(parts) + space + "}",
    st.booleans(), st.lists(_ATTRIBUTES, min_size=1, max_size=3), st.sampled_from(["", " ", "  "]),
)


@given(unit=st.sampled_from(REAL_UNITS), attribute_list=_ATTRIBUTE_LISTS, where=st.sampled_from(["end", "line", "after"]))
@settings(max_examples=300, deadline=None)
def test_random_attribute_lists_added_to_real_units_are_always_refused(
    unit: tuple[str, str], attribute_list: str, where: str
) -> None:
    msgid, msgstr = unit
    if where == "end":
        hostile = msgstr.rstrip() + attribute_list
    elif where == "line":
        hostile = msgstr.rstrip() + "\n" + attribute_list
    else:  # right after the first link, emphasis or code span, else after the first word
        found = re.search(r"\]\([^)]*\)|\*\*|`[^`]+`", msgstr)
        cut = found.end() if found else len(msgstr.split(" ")[0])
        hostile = msgstr[:cut] + attribute_list + msgstr[cut:]
    found = check_unit(msgid, hostile, target_lang="xx")
    assert any(refuses(severity, code) for severity, code, _ in found), (hostile, found)


# ---------------------------------------------------------------- numbers keep their units


@pytest.mark.parametrize(
    ("msgid", "msgstr", "lang", "ok"),
    [
        ("Use 5% bleach and 20 mL of water.", "Utilisez de l'eau de Javel à 5 mL et 20 % d'eau.", "fr", False),
        ("Use 5% bleach and 20 mL of water.", "৫% ব্লিচ এবং ২০ mL পানি ব্যবহার করুন।", "bn", True),
        ("Use 5% bleach and 20 mL of water.", "استخدم ٥ mL من المبيض و٢٠٪ من الماء.", "ar", False),
        ("A fever is 38 °C (100.4 °F) or more.", "La fièvre : 38 °C (100,4 °F) ou plus.", "fr", True),
        ("A fever is 38 °C (100.4 °F) or more.", "发烧：38 °F（100.4 °C）或以上。", "zh", False),
        ("A fever is 38 °C or more.", "La fièvre : 38 °F ou plus.", "fr", False),
        ("Wash at 60 °C to 90 °C.", "Lavez entre 60 et 90 °C.", "fr", True),  # a range writes the unit once
        ("Give oxygen at 5 L/min.", "Donnez de l'oxygène à 5 L/min.", "fr", True),
        ("Give oxygen at 5 L/min.", "Donnez de l'oxygène à 5 L.", "fr", False),
        ("More than 30 breaths per minute.", "Plus de 30 respirations par minute.", "fr", True),
        ("More than 30 breaths per minute.", "Plus de 30 /min.", "fr", True),
        ("More than 30 breaths per minute.", "Más de 30 respiraciones por minuto.", "es", True),
        ("30 breaths per minute and 5 L/min.", "30 L/min et 5 respirations par minute.", "fr", False),
        ("Chlorine at 1000 ppm.", "الكلور بتركيز ١٠٠٠ جزء في المليون.", "ar", True),
        ("Chlorine at 1000 ppm.", "Chlore à 1000 ppm.", "fr", True),
    ],
)
def test_numbers_keep_their_own_units(msgid: str, msgstr: str, lang: str, ok: bool) -> None:
    assert ("unit-mismatch" not in errors(msgid, msgstr, lang)) is ok


def test_units_are_data(tmp_path: Path) -> None:
    from handbook.translation.checks.numbers import UnitTable

    path = tmp_path / "units.tsv"
    path.write_text("unit\tlanguage\twritten\nkm\t*\tkm\n/min\tsw\tpumzi kwa dakika\n", encoding="utf-8")
    table = UnitTable.load(path)
    assert [unit for _, unit in table.find("Tembea 5 km, pumua 30 Pumzi kwa dakika.", "sw")] == ["km", "/min"]
    assert [unit for _, unit in table.find("Tembea 5 KM.", "sw")] == []  # symbols keep their case
    assert table.words("sw") == {"/min"} and table.words("fr") == set()
    path.write_text("unit\twritten\n", encoding="utf-8")
    with pytest.raises(HandbookError, match="header must start with"):
        UnitTable.load(path)


# ---------------------------------------------------------------- e-mail addresses


@pytest.mark.parametrize(
    ("msgid", "msgstr", "lang", "code"),
    [
        ("Write to <help@example.org>.", "لكتابة إلى <help@evil.example>.", "ar", "url-changed"),
        ("Write to help@example.org.", "Écrivez à x@evil.example.", "fr", "url-changed"),
        ("Write to us.", "写信给 x@evil.example。", "zh", "url-added"),
        ("Write to us.", "লিখুন [আমাদের](mailto:x@evil.example)।", "bn", "url-added"),
    ],
)
def test_changed_or_added_email_addresses_are_errors(msgid: str, msgstr: str, lang: str, code: str) -> None:
    assert code in errors(msgid, msgstr, lang)
    assert refuses("error", code)


def test_email_addresses_may_change_form_and_a_removed_one_is_a_warning() -> None:
    assert codes("Write to <Help@Example.org>.", "Écrivez à help@example.org ou [ici](mailto:help@example.org).") == set()
    assert warnings("Write to <help@example.org>.", "Écrivez-nous.") == {"url-removed"}


# ---------------------------------------------------------------- HTML the English has stays balanced


@pytest.mark.parametrize(
    ("msgid", "msgstr", "lang", "code"),
    [
        ('See <a href="x.html">this page</a>.', 'Voir <a href="x.html">cette page.', "fr", "html-unbalanced"),
        ("Press <kbd>Ctrl</kbd>.", "اضغط <kbd>Ctrl</ kbd>.", "ar", "html-unbalanced"),
        ("Press <kbd>Ctrl</kbd>.", "按 <kbd>Ctrl</kbd", "zh", "html-unbalanced"),
        ("Press <kbd>Ctrl</kbd>.", "টিপুন <kbd>Ctrl</kbd></kbd>।", "bn", "html-unbalanced"),
        ('See <a href="x.html">this page</a>.', "Voir cette page.", "fr", "html-dropped"),
        ('See <img src="map.svg" alt="map"> here.', "Voir ici.", "fr", "html-dropped"),
        ("Read [the guide][who].", "Lisez [le guide][evil].", "fr", "url-changed"),
        ("Read [the guide][who].", "اقرأ [الدليل][who] و[المزيد][other].", "ar", "url-added"),
    ],
)
def test_html_and_reference_labels_of_the_english_stay(msgid: str, msgstr: str, lang: str, code: str) -> None:
    assert code in errors(msgid, msgstr, lang)


def test_kept_html_and_reference_labels_pass() -> None:
    assert errors('See <a href="x.html">this page</a>.', 'Voir <a href="x.html">cette page</a>.') == set()
    assert errors("Read [the guide][WHO guide].", "Lisez [le guide][who  Guide].") == set()
    assert errors("Read [the WHO guide][].", "Lisez [the WHO guide][].") == set()
    assert refuses("error", "html-unbalanced") and not refuses("error", "html-dropped")


@pytest.mark.parametrize(("english", "translation", "language"), [
    ("Child under 2 months", "طفل أقل من شهرين", "ar"),  # oblique dual of CLDR's شهران
    ("for 2 days", "لمدة يومين", "ar"),
    ("2 weeks", "أسبوعان", "ar"),  # CLDR's own nominative form
    ("under 2 months, 50 or more from 2 to 11 months", "أقل من شهرين، 50 أو أكثر من 2 إلى 11 شهرًا", "ar"),
    ("2 days", "יומיים", "he"),
])
def test_a_dual_noun_carries_the_number_two(english: str, translation: str, language: str) -> None:
    assert "number-mismatch" not in codes(english, translation, language)


@pytest.mark.parametrize(("english", "translation", "language"), [
    ("Child under 2 months", "طفل أقل من الآخرين", "ar"),  # a plural in -ين is not a dual of a unit
    ("3 days", "ثلاثة أيام", "ar"),  # only 2 has a dual
    ("under 2 years", "moins de deux ans", "fr"),  # French has no dual: a spelled number is missing
    ("2 months", "شهرين", "fa"),  # Persian has no dual category in CLDR
])
def test_only_a_cldr_dual_of_a_unit_stands_for_two(english: str, translation: str, language: str) -> None:
    assert "number-mismatch" in codes(english, translation, language)
