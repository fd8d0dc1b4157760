r"""Translation checks: a translated unit must keep the numbers, links and page structure of the English.

Translations come from volunteers we cannot vet and are read by patients and clinics, so a changed
dose, a swapped link or a smuggled script must be caught before the page is built. `check_unit`
compares one English Markdown unit (msgid) with its translation (msgstr) and is pure;
`check_catalog` runs it over a PO file (fuzzy drafts too, obsolete entries skipped) and turns an
unreadable file into problems at a line instead of a traceback; `check_all` runs every catalog.

| code | severity | catches | why |
|---|---|---|---|
| po-syntax | error | unclosed string, stray text, msgid without msgstr, file cut short (warning: no final newline) | a broken catalog silently loses translations |
| charset | error | bytes that are not UTF-8; a header declaring another charset (a UTF-8 byte-order mark, as Notepad writes, is fine: check and build read catalogs with the same reader, `catalog.read_catalog_text`) | the wrong decoder turns every accent into garbage |
| number-mismatch | error | a number missing, changed or added; any script's digits, `0,1` = `0.1`, `1 000` = `1,000`, `٫`; order free; `1:49` is 1 and 49; digits spelled as words in the translation count as missing | doses, temperatures and durations must not drift |
| unit-mismatch | error | a unit after a number missing, added, or moved to another number (`5 % … 20 mL` → `5 mL … 20 %`; `38 °C (100.4 °F)` keeps its pair); units are data (`units.tsv`): symbols (`%`, `°C`, `°F`, `mL`, `L/min`, `mg`…) in every language, words (`breaths per minute`) per language | 5 mg is not 5 g |
| url-changed | error | a link or image target, autolink, bare URL (http, https, www.), e-mail address (`<a@b.org>`, bare or `mailto:`) or reference label (`[text][label]`) replaced by another | a stranger could send readers to a fake clinic |
| url-added | error | a URL or link target the English does not have | same reason |
| url-removed | warning | a URL of the English missing from the translation | the reader loses a source; not dangerous |
| script | error | `javascript:`, `vbscript:`, `data:` links (even hidden by entities or tabs); `<script>`, `<iframe>`, `<object>`, `<embed>`, `<style>`, `<svg>`... and `on*=` attributes not in the English | code would run in readers' browsers |
| raw-html | error | an HTML tag or comment whose name and attributes are not in the English (code spans excepted) | raw HTML bypasses Markdown escaping |
| html-unbalanced | error | an element of the English left open, closed twice or its closing tag mangled (`</ b>`, `</b`) | the rest of the page would become a link or bold |
| html-dropped | error | an HTML tag of the English (`<a>`, `<img>`, `<kbd>`...) missing | a link or picture the reader needs is gone |
| attr-list | error | an attribute list (`{ .class #id key=value }`, `{: … }`) added or changed anywhere (after a link, image, emphasis or code span; heading, paragraph, list item, table cell, admonition title); one dropped is a markdown-structure error | Python-Markdown turns it into HTML attributes: `onclick`, `style="display:none"`, `href` |
| markdown-block | error | a translation that starts with, or has a line starting with, a block marker the English has not there (`#`, `>`, `!!!`, `???`, `===`, `- `, `* `, `+ `, `1. `, `\|`, fences, rules, setext underlines) | a paragraph must not become a heading, admonition or list |
| unclosed-code | error | a backtick left unpaired | the rest of the unit changes meaning, or code leaks out as markup |
| markdown-structure | error | different counts of links, images or code spans; the English's block marker dropped | a lost link or command changes what the reader can do |
| emphasis | warning | different counts of `*em*` and `**strong**` | often a fair choice, sometimes broken markup |
| placeholder | error | `{name}`, `%s`, `%(name)s` not kept; a machine-translation `⟦0⟧` left over | the template fails or shows junk |
| invisible-control | error | a bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069), any other invisible (default-ignorable) character, a joiner (ZWJ, ZWNJ) outside a word, or any invisible inside a number, more often than the English has it; LRM, RLM and ALM, joiners between letters and variation selectors after a non-digit stay allowed | hidden characters can make a dose read backwards or hide text ("Trojan Source") |
| glossary | error, warning | a keep-as-is term not written as in the English (error); the agreed translation of a term not used (warning) | drug and organisation names must stay recognisable |
| untranslated-identical | warning | msgstr equal to msgid with three words or more, unless all long words are capitalised (a name) | usually a copy, not a translation |

`is_security_problem` names the codes the build refuses even when `handbook check` was skipped:
script, raw-html, html-unbalanced, attr-list, url-changed, url-added, markdown-block, unclosed-code
and invisible-control: they can run code, send readers elsewhere, break the page around the unit or
make readers see other text than the reviewer saw. The others are quality errors.

Known limits: signs (`-5`) and Roman numerals are not read; the English is read with English
separators (`1,500` = 1500) while a translation's `1.500` may be 1.5 or 1500; a translated link to a
localised page (`fr.wikipedia.org`) is an url-changed error by design.
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import polib
import regex
from markdown_it import MarkdownIt

from handbook.translation.catalog import parse_po, read_catalog_text
from handbook.errors import CatalogError, HandbookError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from handbook.config import HandbookConfig

ERROR, WARNING = "error", "warning"
Finding = tuple[str, str, str]  # (severity, code, message)

SECURITY_CODES = frozenset({
    "script", "raw-html", "html-unbalanced", "attr-list", "url-changed", "url-added", "markdown-block", "unclosed-code",
    "invisible-control",
})


def is_security_problem(code: str) -> bool:
    """True for the problems that let a translation run code, redirect readers or break the page."""
    return code in SECURITY_CODES


@dataclass(frozen=True)
class Problem:
    """One finding in a catalog, printed like a compiler diagnostic so editors can jump to it."""

    path: Path
    line: int
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message} [{self.code}]"


# ---------------------------------------------------------------- shared text helpers

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)")
_AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>", re.I)
_REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)
_EMAIL_AUTOLINK = re.compile(r"<[^<>\s@]+@[^<>\s]+>")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'`]+", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])(?:mailto:)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
_REFERENCE_LABEL = re.compile(r"\]\[([^\[\]]+)\]|\[([^\[\]]+)\]\[\]")
_PLACEHOLDER = re.compile(
    r"%%|%\([^)\s]+\)[-#0+]*\d*(?:\.\d+)?[sdifeEgGxXocr]|%[-#0+]*\d*(?:\.\d+)?[sdifeEgGxXocr]"
    r"|\{[A-Za-z_0-9.\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}|⟦\d+⟧"
)
_MT_PLACEHOLDER = re.compile(r"⟦\d*⟧?|⟧")


def _link_targets(text: str) -> set[str]:
    """Every place the unit can send a reader: Markdown targets, autolinks, reference definitions and
    labels, bare URLs and e-mail addresses (written `mailto:` + the address in lower case)."""
    found = set(_LINK_TARGET.findall(text)) | set(_AUTOLINK.findall(text)) | set(_REF_DEFINITION.findall(text))
    found |= {url.rstrip(".,;:!?") for url in _BARE_URL.findall(text)}
    found = {target for target in found if target and not _EMAIL.fullmatch(target)}
    found |= {f"mailto:{address.rstrip('.').lower()}" for address in _EMAIL.findall(text)}
    labels = (" ".join((full or collapsed).lower().split()) for full, collapsed in _REFERENCE_LABEL.findall(text))
    return found | {f"[{label}]" for label in labels}


def _without_code(text: str) -> str:
    """Drop code spans: their content is shown literally, so tags and markers inside are harmless."""
    return _CODE_SPAN.sub(" ", text)


# ---------------------------------------------------------------- data files


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """(line, values of `columns`) of a tab-separated file; a missing file has no rows, a wrong header is an error."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ())[: len(columns)] != columns:
            raise HandbookError(f"the header must start with {chr(9).join(columns)!r}", path, 1)
        rows = [(reader.line_num, [(row.get(name) or "").strip() for name in columns]) for row in reader]
        return [(line, values) for line, values in rows if values[0]]


# ---------------------------------------------------------------- numbers and units

_DIGIT_SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "٪": "%"})
_GROUP_SPACES = "\u00a0\u202f\u2009 '’"
_NUMBER = re.compile(rf"(?:\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?!\d)|\d+)(?:[.,]\d+)*")
_SMALL_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_WORD_VALUES = dict(zip(_SMALL_WORDS, range(13))) | {"twenty": 20, "fifty": 50, "hundred": 100, "thousand": 1000}
_NOT_NUMBERS = [
    _LINK_TARGET, _AUTOLINK, _REF_DEFINITION, _BARE_URL, _EMAIL, _PLACEHOLDER, re.compile(r"<[^<>]*>"),
    re.compile(r"\{:?[^{}\n]*\}"),  # attribute lists, compared on their own
]


def _normalise_digits(text: str) -> str:
    """Write every decimal digit in ASCII: Bengali ১০, Devanagari १०, Arabic ١٠ and full-width １０ are 10."""
    text = unicodedata.normalize("NFKC", text).translate(_DIGIT_SEPARATORS)
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)


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


def _prose(text: str) -> str:
    """The text without URLs, placeholders and tags, which have their own checks."""
    for pattern in _NOT_NUMBERS:
        text = pattern.sub(" ", text)
    return _normalise_digits(text)


def _numbers(text: str, english: bool) -> list[frozenset]:
    return [_readings(match.group(), english) for match in _NUMBER.finditer(_prose(text))]


def _show(numbers: list[frozenset]) -> str:
    shown = ("/".join(sorted(f"{value:f}" if isinstance(value, Decimal) else value for value in n)) for n in numbers)
    return ", ".join(shown) or "nothing"


def _check_numbers(msgid: str, msgstr: str) -> list[Finding]:
    """Match numbers as multisets (order may change); a number matches when one of its readings does."""
    unmatched = sorted(_numbers(msgstr, english=False), key=len)
    missing = []
    for number in sorted(_numbers(msgid, english=True), key=len):
        partner = next((other for other in unmatched if other == number), None)
        partner = partner or next((other for other in unmatched if other & number), None)
        if partner is None:
            missing.append(number)
        else:
            unmatched.remove(partner)
    spelled = Counter(_WORD_VALUES[word] for word in re.findall(r"[a-z]+", msgid.lower()) if word in _WORD_VALUES)
    for number in list(unmatched):  # "size one" may become "longueur 1"; the reverse is still an error
        value = next((value for value in number if spelled[value] > 0), None)
        if value is not None:
            spelled[value] -= 1
            unmatched.remove(number)
    if not missing and not unmatched:
        return []
    message = f"numbers differ: the English has {_show(missing)} where the translation has {_show(unmatched)}"
    return [(ERROR, "number-mismatch", message)]


class UnitTable:
    """Unit symbols and words after a number, read from `units.tsv` beside this module.

    Symbols (language `*`) are the same in every language and are always compared. Words
    ("breaths per minute") are listed per language and compared only when the translation's
    language has its own words for that unit; otherwise its number is compared without a unit.
    """

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self.rows = rows
        self._patterns: dict[str, tuple[re.Pattern, dict[str, str]]] = {}

    @classmethod
    def load(cls, path: Path = Path(__file__).with_name("units.tsv")) -> UnitTable:
        rows = [(row[0], row[1], row[2]) for _, row in _read_rows(path, ("unit", "language", "written"))]
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
    text = _prose(_without_code(text))
    found = {unit for _, unit in UNITS.find(text, language) if unit in comparable}
    return found | ({"%"} if "%" in text else set())


def _comparable_units(target_lang: str) -> set[str]:
    """Symbols always; word units only when the translation's language has words for them."""
    return UNITS.symbols() | UNITS.words(target_lang)


def _check_units(msgid: str, msgstr: str, target_lang: str) -> list[Finding]:
    """Unit symbols stay symbols; unit words are compared where `units.tsv` lists both languages' words."""
    comparable = _comparable_units(target_lang)
    english, translated = _units(msgid, "en", comparable), _units(msgstr, target_lang, comparable)
    missing = [(ERROR, "unit-mismatch", f"unit {unit!r} of the English is missing") for unit in english - translated]
    added = [(ERROR, "unit-mismatch", f"unit {unit!r} is not in the English") for unit in translated - english]
    return sorted(missing) + sorted(added)


def _quantities(text: str, language: str, comparable: set[str], english: bool) -> list[tuple[frozenset, str | None]]:
    """Every number with the unit written right after it (None when it has none)."""
    prose = _prose(text)
    units = {offset: unit for offset, unit in UNITS.find(prose, language) if unit in comparable}
    return [(_readings(match.group(), english), units.get(match.end())) for match in _NUMBER.finditer(prose)]


def _check_unit_pairs(msgid: str, msgstr: str, target_lang: str) -> list[Finding]:
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
            value = _show([number])
            message = f"{value} has unit {unit or 'none'} in the English but {partner[1] or 'none'} in the translation"
            findings.append((ERROR, "unit-mismatch", message))
    return findings


# ---------------------------------------------------------------- links, scripts and raw HTML

_SCRIPT_LINK = re.compile(r"(?:java|vb)script:|(?<=[(<=\"'])data:")
_DANGEROUS_TAGS = set("script iframe frame frameset object embed applet style base meta link form svg".split())
_DANGEROUS_TEXT = re.compile(rf"<\s*/?\s*({'|'.join(sorted(_DANGEROUS_TAGS))})\b", re.I)


def _check_urls(msgid: str, msgstr: str) -> list[Finding]:
    """Every target in the translation must be one of the English targets, byte for byte."""
    english, translated = _link_targets(msgid), _link_targets(msgstr)
    added, removed = sorted(translated - english), sorted(english - translated)
    findings = [(ERROR, "url-changed", f"link target {old!r} changed to {new!r}") for old, new in zip(removed, added)]
    findings += [(ERROR, "url-added", f"link target {new!r} is not in the English") for new in added[len(removed):]]
    findings += [(WARNING, "url-removed", f"link target {old!r} is missing") for old in removed[len(added):]]
    return findings


class _TagCollector(HTMLParser):
    """Collect tags, attributes and comments with the same parser rules a browser roughly follows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, tuple(sorted((name, value or "") for name, value in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("/" + tag, ()))

    def handle_comment(self, data: str) -> None:
        self.tags.append(("!--", (("text", data),)))

    handle_decl = handle_pi = unknown_decl = handle_comment


def _tags(text: str) -> list[tuple[str, tuple]]:
    parser = _TagCollector()
    text = _EMAIL_AUTOLINK.sub(" ", _AUTOLINK.sub(" ", _without_code(text)))  # autolinks are links, not tags
    # `</ b>` and a `</b` cut short are text to Markdown and browsers (Python's parser would read them as tags).
    parser.feed(re.sub(r"</(?=\s)|</[A-Za-z][^<>]*$", "&lt;/", text))
    parser.close()
    return parser.tags


def _script_links(text: str) -> list[str]:
    """Script URLs, even hidden by entities, tabs or case (`JaVa&#x09;script:`), outside code spans."""
    squeezed = re.sub(r"[\s\x00-\x1f]", "", html.unescape(_without_code(text))).lower()
    return _SCRIPT_LINK.findall(squeezed)


_VOID_TAGS = set("area base br col embed hr img input link meta param source track wbr".split())


def _tag_balance(tags: list[tuple[str, tuple]]) -> Counter:
    """Open minus closed elements per tag name: what would swallow the rest of the page if not zero."""
    balance: Counter = Counter()
    for tag, _ in tags:
        name = tag.lstrip("/")
        if name in _VOID_TAGS or name == "!--":
            continue
        balance[name] += -1 if tag.startswith("/") else 1
    return balance


def _check_html(msgid: str, msgstr: str) -> list[Finding]:
    """Raw HTML may only be what the English already has, balanced as it is; anything that can run code is refused."""
    findings: list[Finding] = []
    english_tags, translated_tags = _tags(msgid), _tags(msgstr)
    english = Counter(english_tags)
    for tag, attrs in translated_tags:
        if english[(tag, attrs)] > 0:
            english[(tag, attrs)] -= 1
        elif tag.lstrip("/") in _DANGEROUS_TAGS or any(name.startswith("on") for name, _ in attrs):
            message = f"<{tag.lstrip('/')}> can run code or restyle the page and is not in the English"
            findings.append((ERROR, "script", message))
        else:
            shown = " ".join([tag] + [name for name, _ in attrs])
            findings.append((ERROR, "raw-html", f"HTML <{shown}> is not in the English"))
    for (tag, _), count in sorted(english.items()):
        if count > 0 and not tag.startswith("!"):
            findings.append((ERROR, "html-dropped", f"HTML <{tag}> of the English is missing"))
    english_balance, translated_balance = _tag_balance(english_tags), _tag_balance(translated_tags)
    for name in sorted(set(english_balance) | set(translated_balance)):
        if english_balance[name] != translated_balance[name]:
            message = f"<{name}> is left open or closed twice (the rest of the page would be inside it)"
            findings.append((ERROR, "html-unbalanced", message))
    dangerous = [len(_DANGEROUS_TEXT.findall(_without_code(text))) for text in (msgid, msgstr)]
    if not findings and dangerous[1] > dangerous[0]:
        findings.append((ERROR, "script", "an unfinished <script>-like tag is not in the English"))
    if len(_script_links(msgstr)) > len(_script_links(msgid)):
        findings.append((ERROR, "script", f"a {_script_links(msgstr)[0]} link runs code in the reader's browser"))
    return list(dict.fromkeys(findings))


# ---------------------------------------------------------------- attribute lists

_ATTR_LIST_START = re.compile(r"\{:?[ ]*[^}\n ]")
_ATTR_LIST_LINE = re.compile(r"\{\:?[ ]*([^\}\n ][^\n]*)\}")  # Python-Markdown's attr_list BASE_RE
_SAFE_ATTRIBUTES = {".", "id"}


def _attribute_lists(text: str) -> list[tuple[tuple[str, str], ...]]:
    """Every attribute list Python-Markdown's attr_list could read in the text, parsed as it parses them.

    Wherever it stands (after a link, emphasis, image or code span; at the end of a heading,
    paragraph, list item, table cell or admonition title): position does not matter here, since a
    translation may not add one anywhere. Code spans are left out: their braces are shown as written.
    """
    from markdown.extensions.attr_list import get_attrs_and_remainder

    prose = _without_code(text)
    found = []
    for start in _ATTR_LIST_START.finditer(prose):
        match = _ATTR_LIST_LINE.match(prose, start.start())
        if match is None:
            continue
        attributes, _ = get_attrs_and_remainder(match.group(1))
        if attributes:
            found.append(tuple((name.lower(), value or "") for name, value in attributes))
    return found


def _show_attributes(attributes: tuple[tuple[str, str], ...]) -> str:
    shown = (f"{name}{value}" if name == "." else f"{name}={value!r}" for name, value in attributes)
    return "{ " + " ".join(shown) + " }"


def _check_attribute_lists(msgid: str, msgstr: str) -> list[Finding]:
    """Attribute lists (`{ .class #id key=value }`) become HTML attributes: structure, not text.

    One the English does not have could add an event handler, a style that hides a dose or an
    `href` to another site, so any added or changed list is a security error; a dropped one loses
    a class or an anchor.
    """
    placeholders = {found for found in _PLACEHOLDER.findall(msgid) if found.startswith("{")}
    if placeholders:
        # A format string (an interface string filled by code): the English's placeholders are
        # compared by the placeholder check; any other brace group may still be an attribute list.
        pattern = re.compile("|".join(map(re.escape, sorted(placeholders, key=len, reverse=True))))
        msgid, msgstr = pattern.sub(" ", msgid), pattern.sub(" ", msgstr)
    english, translated = Counter(_attribute_lists(msgid)), Counter(_attribute_lists(msgstr))
    findings: list[Finding] = []
    for attributes in sorted((translated - english).elements()):
        risky = sorted({name for name, _ in attributes if name not in _SAFE_ATTRIBUTES})
        why = f" (sets {', '.join(risky)})" if risky else ""
        message = f"attribute list {_show_attributes(attributes)} is not in the English{why}"
        findings.append((ERROR, "attr-list", message))
    for attributes in sorted((english - translated).elements()):
        message = f"attribute list {_show_attributes(attributes)} of the English is missing"
        findings.append((ERROR, "markdown-structure", message))
    return findings


# ---------------------------------------------------------------- Markdown structure

_MARKDOWN = MarkdownIt("commonmark")
_COUNTED = {"link_open": "links", "image": "images", "code_inline": "code spans",
            "em_open": "emphasis", "strong_open": "strong emphasis"}
_BLOCK_MARKER = re.compile(
    r"^ {0,3}(#{1,6}(?=\s|$)|>|!!!|\?\?\?\+?|===|(?:[-*_] *){3,}$|=+ *$|-+ *$|[-*+](?=\s|$)"
    r"|\d{1,9}[.)](?=\s|$)|\||`{3,}|~{3,})"
)


def _inline_counts(text: str) -> Counter:
    tokens = _MARKDOWN.parseInline(text)[0].children or []
    return Counter(_COUNTED[token.type] for token in tokens if token.type in _COUNTED)


def _marker(line: str) -> str | None:
    """The block marker a line starts with, with list numbers and rule spacing made comparable."""
    match = _BLOCK_MARKER.match(line)
    return re.sub(r"\d+", "1", match.group(1).replace(" ", "")) if match else None


def _check_markdown(msgid: str, msgstr: str) -> list[Finding]:
    """Links, images and code must survive; no new headings, admonitions or lists; backticks paired."""
    findings: list[Finding] = []
    english, translated = _inline_counts(msgid), _inline_counts(msgstr)
    for kind in _COUNTED.values():
        if english[kind] != translated[kind]:
            severity, code = (WARNING, "emphasis") if "emphasis" in kind else (ERROR, "markdown-structure")
            findings.append((severity, code, f"{translated[kind]} {kind} where the English has {english[kind]}"))
    if _without_code(msgstr).count("`") > _without_code(msgid).count("`"):
        findings.append((ERROR, "unclosed-code", "a backtick is not paired, so a code span is left open"))
    english_lines, translated_lines = msgid.splitlines() or [""], msgstr.splitlines() or [""]
    first_english, first_translated = _marker(english_lines[0]), _marker(translated_lines[0])
    if first_translated and first_translated != first_english:
        findings.append((ERROR, "markdown-block", f"the translation starts with {first_translated!r}: a new block type"))
    elif first_english and not first_translated:
        findings.append((ERROR, "markdown-structure", f"the block marker {first_english!r} of the English is missing"))
    later = [Counter(filter(None, map(_marker, lines[1:]))) for lines in (english_lines, translated_lines)]
    for marker in sorted(later[1] - later[0]):
        findings.append((ERROR, "markdown-block", f"a line of the translation starts with {marker!r}: a new block"))
    return findings


# ---------------------------------------------------------------- placeholders and copies


def _check_placeholders(msgid: str, msgstr: str) -> list[Finding]:
    """Format placeholders are filled by code, and MT placeholders must have been put back by pretranslation."""
    leftovers = Counter(_MT_PLACEHOLDER.findall(msgstr)) - Counter(_MT_PLACEHOLDER.findall(msgid))
    findings = [(ERROR, "placeholder", f"machine-translation placeholder {left} was not put back") for left in leftovers]
    english = Counter(p for p in _PLACEHOLDER.findall(msgid) if p != "%%")
    translated = Counter(p for p in _PLACEHOLDER.findall(msgstr) if p != "%%" and not _MT_PLACEHOLDER.fullmatch(p))
    for placeholder in sorted((english - translated) + (translated - english)):
        where = "is missing" if english[placeholder] > translated[placeholder] else "is not in the English"
        findings.append((ERROR, "placeholder", f"placeholder {placeholder!r} {where}"))
    return findings


# ---------------------------------------------------------------- invisible controls

# From Unicode's own properties (the `regex` module reads the Unicode Character Database), not a list.
_INVISIBLE_CLASS = r"[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]"
_INVISIBLE = regex.compile(_INVISIBLE_CLASS)
_IN_WORD = regex.compile(r"[\p{L}\p{M}]")
_JOINER = regex.compile(r"\p{Join_Control}")
_VARIATION_SELECTOR = regex.compile(r"\p{Variation_Selector}")
_BIDI_CONTROL = regex.compile(r"\p{Bidi_Control}")
_DIRECTION_MARKS = frozenset({"L", "R", "AL"})  # bidi classes of LRM, RLM and ALM: marks, not embeddings
# A digit, then at most one separator (`0.5`, `1 000`), with any invisible characters between.
_SEPARATOR = r"[.,٫٬'’\u00a0\u202f\u2009]?"
_DIGIT_BEFORE = regex.compile(rf"\p{{Nd}}{_INVISIBLE_CLASS}*{_SEPARATOR}{_INVISIBLE_CLASS}*\Z")
_DIGIT_AFTER = regex.compile(rf"{_INVISIBLE_CLASS}*{_SEPARATOR}{_INVISIBLE_CLASS}*\p{{Nd}}")


def _inside_number(text: str, position: int) -> bool:
    """A digit on both sides of text[position], past at most one separator: `1\u200b0`, `0.\u200e5`."""
    return bool(_DIGIT_BEFORE.search(text[:position]) and _DIGIT_AFTER.match(text, position + 1))


def _invisible_problem(text: str, position: int) -> str | None:
    """Why the invisible character at text[position] must not be there, or None when translators need it."""
    char = text[position]
    if _inside_number(text, position):
        return "inside a number, where it can split or reorder the digits"
    if _BIDI_CONTROL.match(char):
        if unicodedata.bidirectional(char) in _DIRECTION_MARKS:
            return None  # LRM, RLM, ALM: set the direction of neighbouring punctuation, reorder nothing
        return "can reorder the text around it (a dose could read backwards)"
    if _JOINER.match(char):
        inside = _IN_WORD.match(text[position - 1:position] or " ") and _IN_WORD.match(text[position + 1:] or " ")
        return None if inside else "outside a word (joiners belong between letters)"
    if _VARIATION_SELECTOR.match(char) and position and not text[position - 1].isspace():
        return None  # chooses the glyph of the character before it
    return "hides text or changes how it reads, without showing anything"


def _check_invisible(msgid: str, msgstr: str) -> list[Finding]:
    """Characters a reviewer cannot see must not come with a translation ("Trojan Source")."""
    allowed = Counter(_INVISIBLE.findall(msgid))
    findings: list[Finding] = []
    for match in _INVISIBLE.finditer(msgstr):
        char = match.group()
        why = _invisible_problem(msgstr, match.start())
        if why is None:
            continue
        if allowed[char] > 0:
            allowed[char] -= 1
            continue
        name = unicodedata.name(char, "unnamed character")
        findings.append((ERROR, "invisible-control", f"invisible U+{ord(char):04X} {name} {why}; it is not in the English"))
    return list(dict.fromkeys(findings))


def _check_identical(msgid: str, msgstr: str, target_lang: str) -> list[Finding]:
    """A copy of a real sentence is usually an unfinished translation; names, code and URLs are not."""
    if msgstr.strip() != msgid.strip() or target_lang.split("_")[0].split("-")[0] == "en":
        return []
    words = re.findall(r"[^\W\d_]{2,}", _prose(_without_code(msgid)))
    if len(words) < 3 or all(word[0].isupper() for word in words if len(word) > 3):
        return []  # too short to be a sentence, or a name such as "Ministry of Health"
    return [(WARNING, "untranslated-identical", "the translation is a copy of the English")]


# ---------------------------------------------------------------- glossary


def _in_english(text: str, term: str) -> str | None:
    """The term as the English writes it, matched as whole words in any case."""
    match = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.I)
    return match.group() if match else None


@dataclass(frozen=True)
class Glossary:
    """Terms kept as written (drug, brand and code names) and the agreed translation of the others."""

    keep_terms: frozenset[str] = frozenset()
    translations: dict[str, str] = field(default_factory=dict, hash=False)

    @classmethod
    def load(cls, root: Path, lang: str) -> Glossary:
        """Read `data/glossary.tsv` (term, translate yes/no, note) and `data/glossary/<lang>.tsv`."""
        shared = root / "data" / "glossary.tsv"
        keep = set()
        for number, (term, answer) in _read_rows(shared, ("term", "translate")):
            if answer.lower() not in ("yes", "no"):
                raise HandbookError(f"translate must be yes or no, not {answer!r}", shared, number)
            if answer.lower() == "no":
                keep.add(term)
        rows = _read_rows(root / "data" / "glossary" / f"{lang}.tsv", ("term", "translation"))
        translations = {term: translation for _, (term, translation) in rows if translation}
        return cls(frozenset(keep), translations)

    def check(self, msgid: str, msgstr: str) -> list[Finding]:
        """Kept terms must appear unchanged (error); agreed translations should be used (warning)."""
        # Substrings in the translation: word boundaries fail in Chinese or Thai, and inflections add endings.
        written = [_in_english(msgid, term) for term in sorted(self.keep_terms)]
        missing = [term for term in written if term and term not in msgstr]
        findings = [(ERROR, "glossary", f"{term!r} must stay as written") for term in missing]
        for term, translation in sorted(self.translations.items()):
            if _in_english(msgid, term) and translation.casefold() not in msgstr.casefold():
                findings.append((WARNING, "glossary", f"{term!r} is usually translated {translation!r}"))
        return findings


# ---------------------------------------------------------------- one unit, one catalog


def check_unit(msgid: str, msgstr: str, *, target_lang: str, glossary: Glossary | None = None) -> list[Finding]:
    """Every problem of one translated unit as (severity, code, message); an empty msgstr has none."""
    if not msgstr.strip():
        return []
    findings: list[Finding] = []
    for check in (_check_numbers, _check_urls, _check_html, _check_attribute_lists, _check_markdown,
                  _check_placeholders, _check_invisible):
        findings += check(msgid, msgstr)
    findings += _check_units(msgid, msgstr, target_lang) + _check_unit_pairs(msgid, msgstr, target_lang)
    findings += _check_identical(msgid, msgstr, target_lang)
    if glossary is not None:
        findings += glossary.check(msgid, msgstr)
    return findings


_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?![\w\[])\s*(.*)$")
_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"\s*$')
_CHARSET = re.compile(r'^"Content-Type:[^"]*charset=([^\s"\\]+)', re.I | re.M)


def _scan_po(lines: list[str]) -> tuple[list[tuple[int, str, str]], list[int]]:
    """Find what polib forgives (an unclosed string, a missing msgstr at the end) and every msgstr line."""
    problems, msgstr_lines, waiting_msgid = [], [], 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword = _KEYWORD.match(line)
        if keyword and keyword.group(1) == "msgid":
            if waiting_msgid:
                problems.append((waiting_msgid, ERROR, "msgid has no msgstr"))
            waiting_msgid = number
        elif keyword and keyword.group(1).startswith("msgstr"):
            waiting_msgid = 0
            msgstr_lines.append(number)
        string = keyword.group(2) if keyword else line
        if not string.startswith('"'):
            problems.append((number, ERROR, f"unexpected text {line[:40]!r}"))
        elif not _PO_STRING.match(string):
            cut = " (file cut short?)" if number >= len(lines) - 1 else ""
            problems.append((number, ERROR, f"malformed string: unclosed, an unescaped quote or text after it{cut}"))
    if waiting_msgid:
        problems.append((waiting_msgid, ERROR, "the file ends before this entry's msgstr (file cut short?)"))
    return problems, msgstr_lines


def _read_catalog(path: Path) -> tuple[list[Problem], list[int] | None]:
    """Decode a catalog as UTF-8 and check its syntax; problems here mean its entries cannot be trusted."""
    try:
        text = read_catalog_text(path)  # the build's own reader: what passes here, the build reads alike
    except CatalogError as err:
        if not path.is_file():
            return [Problem(path, 1, ERROR, "po-syntax", f"cannot read the catalog: {err.message}")], None
        declared = _CHARSET.search(path.read_bytes().decode("latin-1"))
        hint = f" (its header declares {declared.group(1)})" if declared else ""
        message = f"the file is not valid UTF-8{hint}; catalogs must be saved as UTF-8"
        return [Problem(path, err.line or 1, ERROR, "charset", message)], None
    lines = re.split(r"\r\n|\r|\n", text)
    problems = []
    declared = _CHARSET.search(text)
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        line = text.count("\n", 0, declared.start()) + 1
        message = f"the header declares charset {declared.group(1)}; catalogs must be UTF-8"
        problems.append(Problem(path, line, ERROR, "charset", message))
    syntax, msgstr_lines = _scan_po(lines)
    problems += [Problem(path, line, severity, "po-syntax", message) for line, severity, message in syntax]
    if text and not text.endswith(("\n", "\r")):
        problems.append(Problem(path, len(lines), WARNING, "po-syntax", "no newline at the end (file cut short?)"))
    broken = any(severity == ERROR for _, severity, _ in syntax)
    return problems, None if broken else msgstr_lines


def _unit_pairs(entry: polib.POEntry) -> list[tuple[int, str, str]]:
    """(plural form, English, translation) for every form of an entry; form 0 translates the singular."""
    if not entry.msgid_plural:
        return [(0, entry.msgid, entry.msgstr)]
    forms = sorted((int(form), text) for form, text in entry.msgstr_plural.items())
    return [(form, entry.msgid_plural if form else entry.msgid, text) for form, text in forms]


def check_catalog(path: Path, *, target_lang: str, glossary: Glossary | None = None) -> list[Problem]:
    """Every problem of one PO file, each at the line of the msgstr it concerns."""
    path = Path(path)
    problems, msgstr_lines = _read_catalog(path)
    if msgstr_lines is None:
        return problems
    try:
        catalog = parse_po(path)
    except Exception as err:  # polib raises OSError for syntax, but other types on odd input; none may escape
        message = err.message if isinstance(err, CatalogError) else str(err)
        found = re.search(r"line (\d+)", message)
        return problems + [Problem(path, int(found.group(1)) if found else 1, ERROR, "po-syntax", message)]
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        first = bisect_right(msgstr_lines, entry.linenum or 0)
        for form, english, translation in _unit_pairs(entry):
            line = msgstr_lines[first + form] if first + form < len(msgstr_lines) else entry.linenum or 1
            for severity, code, message in check_unit(english, translation, target_lang=target_lang, glossary=glossary):
                problems.append(Problem(path, line, severity, code, message))
    return problems


def check_all(config: HandbookConfig, languages: Iterable[str] | str | None = None) -> list[Problem]:
    """`handbook check`: every catalog of the chosen languages (default: all translations), one glossary each."""
    codes = [languages] if isinstance(languages, str) else list(languages or ())
    chosen = [config.language(code) for code in codes] if codes else config.translated_languages
    problems: list[Problem] = []
    for language in chosen:
        glossary = Glossary.load(config.root, language.code)
        for path in sorted((config.translations_dir / language.code).rglob("*.po")):
            problems += check_catalog(path, target_lang=language.code, glossary=glossary)
    return problems
