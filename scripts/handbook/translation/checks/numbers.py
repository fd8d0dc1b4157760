"""Numbers and units: a dose, temperature or duration must survive translation unchanged.

Numbers are compared as multisets of values (order may change), in any script's digits and with
either decimal separator; units are data (`units.tsv` beside the translation package): symbols are
compared in every language, unit words only where the translation's language lists its own.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import babel
from babel.units import format_unit

from handbook.translation.checks.registry import Finding, finding
from handbook.translation.checks.text import prose, without_code
from handbook.translation.tsv import read_rows

if TYPE_CHECKING:
    from collections.abc import Callable

UNITS_FILE = Path(__file__).parent.parent / "units.tsv"
_GROUP_SPACES = "\u00a0\u202f\u2009 '’"
_NUMBER = re.compile(rf"(?:\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?!\d)|\d+)(?:[.,]\d+)*")
_SMALL_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
WORD_VALUES = dict(zip(_SMALL_WORDS, range(13))) | {"twenty": 20, "fifty": 50, "hundred": 100, "thousand": 1000}


def _readings(token: str, english: bool) -> frozenset:
    """The values a written number can mean: `1,500` is 1500 in English, but 1500 or 1.5 in a translation."""
    token = re.sub(f"[{_GROUP_SPACES}]", "", token)
    parts = re.split(r"[.,]", token)
    separators = re.findall(r"[.,]", token)
    if not separators:
        return frozenset({Decimal(token)})
    if len(separators) == 1:
        whole, fraction = parts
        decimal, thousands = Decimal(f"{whole}.{fraction}"), Decimal(whole + fraction)
        if len(fraction) != 3 or whole == "0" or len(whole) > 3:
            return frozenset({decimal})
        if english:  # the source follows English conventions
            return frozenset({thousands if separators[0] == "," else decimal})
        return frozenset({decimal, thousands})
    grouped = len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:-1])
    if grouped and len(set(separators[:-1])) == 1 and separators[-1] != separators[0]:
        return frozenset({Decimal("".join(parts[:-1]) + "." + parts[-1])})  # 1,234.5 or 1.234,5
    if grouped and len(set(separators)) == 1 and len(parts[-1]) == 3:
        return frozenset({Decimal("".join(parts))})  # 1,000,000
    return frozenset({token.replace(",", ".")})  # a version or list such as 3.13.1: compared as written


def numbers_in(text: str, english: bool) -> list[frozenset]:
    """Every number of `text` as the values it can mean (see `_readings`); also what makes a unit critical."""
    return [_readings(match.group(), english) for match in _NUMBER.finditer(prose(text))]


def show_numbers(numbers: list[frozenset]) -> str:
    shown = ("/".join(sorted(f"{value:f}" if isinstance(value, Decimal) else value for value in n)) for n in numbers)
    return ", ".join(shown) or "nothing"


@functools.cache
def _dual_pattern(language: str) -> re.Pattern | None:
    """Nouns that carry the number 2 by themselves in `language`, from CLDR's unit patterns.

    Where a language has a dual (CLDR plural category "two"), CLDR writes "2 days" without a digit
    (Arabic يومان, Hebrew יומיים): each such form, first word only, is a 2 in a translation. Arabic
    duals also take the oblique ending -ين for -ان (شهرين beside شهران) and, written as one word, the
    article and a one-letter proclitic (بالشهرين). Only these unit nouns count, so a plural ending
    in -ين elsewhere is never read as a 2.
    """
    try:
        locale = babel.Locale.parse(re.split(r"[-_]", language)[0])
    except (ValueError, babel.UnknownLocaleError):
        return None
    if "two" not in locale.plural_form.tags:
        return None
    words = set()
    for unit in locale.unit_display_names:
        try:
            written = format_unit(2, unit, locale=locale, length="long")
        except (KeyError, ValueError):
            continue
        first = written.split()[0] if written.strip() else ""
        if first and not any(char.isdigit() for char in written) and "/" not in first:
            words.add(first)
            if first.endswith("\u0627\u0646"):  # Arabic dual: nominative -ان, oblique -ين
                words.add(first[:-2] + "\u064a\u0646")
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    clitics = "(?:[\u0648\u0641\u0628\u0644\u0643]?(?:\u0627\u0644)?)?" if locale.language == "ar" else ""
    return re.compile(rf"(?<!\w){clitics}(?:{alternatives})(?!\w)")


def check_numbers(msgid: str, msgstr: str, target_lang: str = "") -> list[Finding]:
    """Match numbers as multisets (order may change); a number matches when one of its readings does.

    A 2 the translation writes as a dual noun ("شهرين" for "2 months") is matched too (see
    `_dual_pattern`)."""
    unmatched = sorted(numbers_in(msgstr, english=False), key=len)
    missing = []
    for number in sorted(numbers_in(msgid, english=True), key=len):
        partner = next((other for other in unmatched if other == number), None)
        partner = partner or next((other for other in unmatched if other & number), None)
        if partner is None:
            missing.append(number)
        else:
            unmatched.remove(partner)
    spelled = Counter(WORD_VALUES[word] for word in re.findall(r"[a-z]+", msgid.lower()) if word in WORD_VALUES)
    for number in list(unmatched):  # "size one" may become "longueur 1"; the reverse is still an error
        value = next((value for value in number if spelled[value] > 0), None)
        if value is not None:
            spelled[value] -= 1
            unmatched.remove(number)
    duals = _dual_pattern(target_lang) if target_lang and missing else None
    if duals is not None:
        for _ in duals.finditer(prose(msgstr)):
            two = next((number for number in missing if Decimal(2) in number), None)
            if two is None:
                break
            missing.remove(two)
    if not missing and not unmatched:
        return []
    message = f"numbers differ: the English has {show_numbers(missing)} where the translation has {show_numbers(unmatched)}"
    return [finding("number-mismatch", message)]


class UnitTable:
    """Unit symbols and words after a number, read from `units.tsv`.

    Symbols (language `*`) are the same in every language and are always compared. Words
    ("breaths per minute") are listed per language and compared only when the translation's
    language has its own words for that unit; otherwise its number is compared without a unit.
    """

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self.rows = rows
        self._patterns: dict[str, tuple[re.Pattern, dict[str, str]]] = {}

    @classmethod
    def load(cls, path: Path = UNITS_FILE) -> UnitTable:
        rows = [(row[0], row[1], row[2]) for _, row in read_rows(path, ("unit", "language", "written"))]
        return cls(rows)

    def symbols(self) -> set[str]:
        return {unit for unit, language, _ in self.rows if language == "*"}

    def words(self, language: str) -> set[str]:
        """Units this language writes in words (the part of a code before `_` or `-` is the language)."""
        base = re.split(r"[-_]", language)[0]
        return {unit for unit, lang, _ in self.rows if lang == base}

    def pattern(self, language: str) -> tuple[re.Pattern, dict[str, str]]:
        """A regex matching any unit written after a number in `language`, and written form -> unit."""
        if language not in self._patterns:
            base = re.split(r"[-_]", language)[0]
            forms = {written: unit for unit, lang, written in self.rows if lang in ("*", base)}
            folded = {written.casefold(): unit for written, unit in forms.items()}
            alternatives = "|".join(re.escape(written) for written in sorted(forms, key=len, reverse=True))
            # Symbols are case-sensitive (mg is not Mg); words are matched in any case.
            regex = re.compile(rf"(?<=\d)[ \u00a0\u202f]?(?:(?i:{alternatives}))(?![\w'’])")
            self._patterns[language] = (regex, forms | {k: v for k, v in folded.items() if k not in forms})
        return self._patterns[language]

    def find(self, text: str, language: str) -> list[tuple[int, str]]:
        """(offset just after the number, unit) for every unit that follows a number."""
        regex, forms = self.pattern(language)
        found = []
        for match in regex.finditer(text):
            written = match.group().lstrip(" \u00a0\u202f")
            unit = forms.get(written) or forms.get(written.casefold())
            if unit is not None and (written in forms or unit not in self.symbols()):
                found.append((match.start(), unit))
        return found


UNITS = UnitTable.load()


def _units(text: str, language: str, comparable: set[str]) -> set[str]:
    text = prose(without_code(text))
    found = {unit for _, unit in UNITS.find(text, language) if unit in comparable}
    return found | ({"%"} if "%" in text else set())


def _comparable_units(target_lang: str) -> set[str]:
    """Symbols always; word units only when the translation's language has words for them."""
    return UNITS.symbols() | UNITS.words(target_lang)


def check_units(msgid: str, msgstr: str, target_lang: str) -> list[Finding]:
    """Unit symbols stay symbols; unit words are compared where `units.tsv` lists both languages' words."""
    comparable = _comparable_units(target_lang)
    english, translated = _units(msgid, "en", comparable), _units(msgstr, target_lang, comparable)
    missing = [finding("unit-mismatch", f"unit {unit!r} of the English is missing") for unit in english - translated]
    added = [finding("unit-mismatch", f"unit {unit!r} is not in the English") for unit in translated - english]
    return sorted(missing) + sorted(added)


def _quantities(text: str, language: str, comparable: set[str], english: bool) -> list[tuple[frozenset, str | None]]:
    """Every number with the unit written right after it (None when it has none)."""
    plain = prose(text)
    units = {offset: unit for offset, unit in UNITS.find(plain, language) if unit in comparable}
    return [(_readings(match.group(), english), units.get(match.end())) for match in _NUMBER.finditer(plain)]


def check_unit_pairs(msgid: str, msgstr: str, target_lang: str) -> list[Finding]:
    """A number keeps its own unit: "5 % … 20 mL" written "5 mL … 20 %" is an error.

    Numbers are paired with the same unit first; then a number written without a unit may stand
    for one with a unit (a range, "60 à 90 °C"). A number left with another unit than its English
    is an error; numbers with no partner at all are the number check's to report.
    """
    comparable = _comparable_units(target_lang)
    english = _quantities(msgid, "en", comparable, english=True)
    translated = _quantities(msgstr, target_lang, comparable, english=False)

    def pair(accept: Callable[[str | None, str | None], bool]) -> None:
        for item in list(english):
            partner = next((other for other in translated if other[0] & item[0] and accept(item[1], other[1])), None)
            if partner is not None:
                english.remove(item)
                translated.remove(partner)

    pair(lambda ours, theirs: ours == theirs)
    pair(lambda ours, theirs: theirs is None)
    findings = []
    for number, unit in list(english):
        partner = next((other for other in translated if other[0] & number), None)
        if partner is not None:
            translated.remove(partner)
            value = show_numbers([number])
            message = f"{value} has unit {unit or 'none'} in the English but {partner[1] or 'none'} in the translation"
            findings.append(finding("unit-mismatch", message))
    return findings
