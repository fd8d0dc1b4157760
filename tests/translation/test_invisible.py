"""Invisible controls ("Trojan Source"): what reorders or hides text is refused, what scripts need is kept."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import REPO

from handbook.translation.checks.po_file import check_catalog
from handbook.translation.checks.registry import refuses
from handbook.translation.checks.unit import check_unit
from handbook.translation.render import translate_page


def invisible(msgid: str, msgstr: str, lang: str) -> list[str]:
    return [message for _, code, message in check_unit(msgid, msgstr, target_lang=lang) if code == "invisible-control"]


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr"),
    [
        # Bengali: ZWJ before the hasanta makes the ya-phala after ra (র‍্যা), ZWNJ stops a conjunct.
        ("bn", "Ask for a rapid test.", "র\u200d\u09cd\u09afাপিড টেস্টের জন্য বলুন।"),
        ("bn", "Wash for 20 seconds.", "২০ সেকেন্ড ধরে হাত ধুয়ে নিন (ক্‌ষ)।"),
        # Hindi: ZWNJ after the virama shows the half form, ZWJ the explicit half consonant.
        ("hi", "Keep 1 metre away.", "1 मीटर दूर रहें, क्‌ष और क्‍ष।"),
        # Arabic and Persian: RLM and LRM set the direction around Latin and numbers, ZWNJ inside a word.
        ("ar", "Take 2 tablets of paracetamol.", "خذ 2 \u200eparacetamol\u200f أقراص."),
        ("ar", "Take 2 tablets.", "\u200fخذ ٢ أقراص."),
        ("ar", "I want water.", "می\u200cخواهم آب."),
        ("ar", "Take 2 tablets.", "\u061cخذ ٢ أقراص."),  # ALM, the Arabic letter mark
        # An emoji with its variation selector; an invisible the English has too.
        ("fr", "Stay home ❤️.", "Restez chez vous ❤️."),
        ("fr", "Use\u00adful tips.", "Con\u00adseils utiles."),
    ],
)
def test_what_scripts_need_is_allowed(lang: str, msgid: str, msgstr: str) -> None:
    assert invisible(msgid, msgstr, lang) == []


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr", "named"),
    [
        # An override turns "10 mg" around in the reader's eyes; every embedding, override and isolate.
        ("ar", "Take 10 mg.", "خذ \u202e01 gm\u202c.", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("fr", "Take 10 mg.", "Prenez \u202d10 mg\u202c.", "U+202D LEFT-TO-RIGHT OVERRIDE"),
        ("ar", "Take 10 mg.", "خذ \u202a10 mg\u202c.", "U+202A LEFT-TO-RIGHT EMBEDDING"),
        ("ar", "Take 10 mg.", "خذ \u202b10 mg\u202c.", "U+202C POP DIRECTIONAL FORMATTING"),
        ("ar", "Take 10 mg.", "خذ \u206610 mg\u2069.", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("ar", "Take 10 mg.", "خذ \u206710 mg\u2069.", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("ar", "Take 10 mg.", "خذ \u206810 mg\u2069.", "U+2069 POP DIRECTIONAL ISOLATE"),
        # Zero-width characters inside a number, in three scripts' digits; even the marks and joiners.
        ("bn", "Take 10 mg.", "১\u200b০ mg নিন।", "U+200B ZERO WIDTH SPACE"),
        ("hi", "Take 10 mg.", "१\u200d० mg लें।", "U+200D ZERO WIDTH JOINER"),
        ("ar", "Take 10 mg.", "خذ ١\u200c٠ mg.", "U+200C ZERO WIDTH NON-JOINER"),
        ("fr", "Take 0.5 mg.", "Prenez 0,\u200e5 mg.", "U+200E LEFT-TO-RIGHT MARK"),
        ("zh", "Take 10 mg.", "服用 1\u20600 mg。", "U+2060 WORD JOINER"),
        ("zh", "Take 1,000 mg.", "服用 1,\u200f000 mg。", "U+200F RIGHT-TO-LEFT MARK"),
        # Joiners outside a word, and invisible characters no script needs.
        ("hi", "Wash your hands.", "\u200dहाथ धोएँ।", "U+200D ZERO WIDTH JOINER"),
        ("bn", "Wash your hands.", "হাত \u200c ধুয়ে নিন।", "U+200C ZERO WIDTH NON-JOINER"),
        ("fr", "Wash your hands.", "Lavez vos\u200b mains.", "U+200B ZERO WIDTH SPACE"),
        ("fr", "Wash your hands.", "Lavez vos\u3164mains.", "U+3164 HANGUL FILLER"),
        ("fr", "Wash your hands.", "Lavez vos mains\U000e0041.", "U+E0041 TAG LATIN CAPITAL LETTER A"),
        ("fr", "Wash your hands.", "\ufeffLavez vos mains.", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_what_reorders_or_hides_text_is_an_error(lang: str, msgid: str, msgstr: str, named: str) -> None:
    messages = invisible(msgid, msgstr, lang)
    assert any(named in message for message in messages), messages
    assert all("it is not in the English" in message for message in messages)


def test_invisible_controls_are_refused_by_the_build() -> None:
    assert refuses("error", "invisible-control")
    source = "# Dose\n\nTake 10 mg twice a day.\n"
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="Take 10 mg twice a day.", msgstr="خذ \u202e01 gm\u202c مرتين يوميا."))
    catalog.append(polib.POEntry(msgid="Dose", msgstr="الجرعة"))
    text, report = translate_page(source, catalog, page=Path("dose.md"), catalog_file=Path("translations/ar/dose.po"),
                                  language="ar", policy="show-drafts")
    assert "Take 10 mg twice a day." in text and "\u202e" not in text
    assert "# الجرعة" in text
    assert len(report.refused) == 1 and "RIGHT-TO-LEFT OVERRIDE" in report.refused[0]


def test_a_catalog_reports_the_control_at_its_msgstr_line(tmp_path: Path) -> None:
    path = tmp_path / "dose.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Take 10 mg."\nmsgstr "Prenez 1\u200b0 mg."\n', encoding="utf-8")
    problems = [problem for problem in check_catalog(path, target_lang="fr") if problem.code == "invisible-control"]
    assert [(problem.line, problem.severity) for problem in problems] == [(5, "error")]


def test_the_handbooks_own_translations_pass() -> None:
    """Real Bengali, Hindi and Arabic drafts use joiners and marks: none of them is refused."""
    catalogs = sorted((REPO / "translations").glob("[!t]*/**/*.po"))
    assert catalogs
    for path in catalogs:
        lang = path.relative_to(REPO / "translations").parts[0]
        assert [str(p) for p in check_catalog(path, target_lang=lang) if p.code == "invisible-control"] == []


@given(st.text(alphabet=st.characters(categories=("Nd",)), min_size=2, max_size=6),
       st.sampled_from(["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\u061c", "\ufeff"]),
       st.integers(min_value=1, max_value=5))
def test_any_zero_width_character_inside_any_scripts_number_is_refused(digits: str, char: str, at: int) -> None:
    at = min(at, len(digits) - 1)
    assert invisible("Take the dose.", f"dose {digits[:at]}{char}{digits[at:]} ok", "fr")
