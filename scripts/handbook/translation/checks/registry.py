"""Every check, declared once: its code, severity, whether the build refuses it, and what it catches.

The check modules make their findings through `finding`, which refuses a code declared nowhere;
`handbook check --list` prints `markdown_table`, and README.md's table of checks is that output
(a test compares them). The build refuses (falls back to English for) a unit with an error whose
check is `refused`: those can run code, send readers elsewhere, break the page around the unit or
make readers see other text than the reviewer saw, even when `handbook check` was never run.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"
Finding = tuple[str, str, str]  # (severity, code, message)


@dataclass(frozen=True)
class Check:
    """One kind of problem a translation can have."""

    code: str
    severities: tuple[str, ...]  # the first is the usual one
    refused: bool  # the build falls back to English for a unit with this error
    catches: str
    why: str


CHECKS: tuple[Check, ...] = (
    Check("po-syntax", (ERROR, WARNING), False,
          "unclosed string, stray text, msgid without msgstr, file cut short (warning: no final newline)",
          "a broken catalog silently loses translations"),
    Check("charset", (ERROR,), False,
          "bytes that are not UTF-8; a header declaring another charset (a UTF-8 byte-order mark, as Notepad "
          "writes, is fine: check and build read catalogs with the same reader, `catalog.read_catalog_text`)",
          "the wrong decoder turns every accent into garbage"),
    Check("number-mismatch", (ERROR,), False,
          "a number missing, changed or added; any script's digits, `0,1` = `0.1`, `1 000` = `1,000`, `٫`; "
          "order free; `1:49` is 1 and 49; digits spelled as words in the translation count as missing, except a "
          "dual noun CLDR writes for 2 of a unit (Arabic `شهرين` for `2 months`)",
          "doses, temperatures and durations must not drift"),
    Check("unit-mismatch", (ERROR,), False,
          "a unit after a number missing, added, or moved to another number (`5 % … 20 mL` → `5 mL … 20 %`; "
          "`38 °C (100.4 °F)` keeps its pair); units are data (`units.tsv`): symbols (`%`, `°C`, `°F`, `mL`, "
          "`L/min`, `mg`…) in every language, words (`breaths per minute`) per language",
          "5 mg is not 5 g"),
    Check("url-changed", (ERROR,), True,
          "a link or image target, autolink, bare URL (http, https, www.), e-mail address (`<a@b.org>`, bare or "
          "`mailto:`) or reference label (`[text][label]`) replaced by another",
          "a stranger could send readers to a fake clinic"),
    Check("url-added", (ERROR,), True,
          "a URL or link target the English does not have",
          "same reason"),
    Check("url-removed", (WARNING,), False,
          "a URL of the English missing from the translation",
          "the reader loses a source; not dangerous"),
    Check("script", (ERROR,), True,
          "`javascript:`, `vbscript:`, `data:` links (even hidden by entities or tabs); `<script>`, `<iframe>`, "
          "`<object>`, `<embed>`, `<style>`, `<svg>`... and `on*=` attributes not in the English",
          "code would run in readers' browsers"),
    Check("raw-html", (ERROR,), True,
          "an HTML tag or comment whose name and attributes are not in the English (code spans excepted)",
          "raw HTML bypasses Markdown escaping"),
    Check("html-unbalanced", (ERROR,), True,
          "an element of the English left open, closed twice or its closing tag mangled (`</ b>`, `</b`)",
          "the rest of the page would become a link or bold"),
    Check("html-dropped", (ERROR,), False,
          "an HTML tag of the English (`<a>`, `<img>`, `<kbd>`...) missing",
          "a link or picture the reader needs is gone"),
    Check("attr-list", (ERROR,), True,
          "an attribute list (`{ .class #id key=value }`, `{: … }`) added or changed anywhere (after a link, "
          "image, emphasis or code span; heading, paragraph, list item, table cell, admonition title); one "
          "dropped is a markdown-structure error",
          "Python-Markdown turns it into HTML attributes: `onclick`, `style=\"display:none\"`, `href`"),
    Check("markdown-block", (ERROR,), True,
          "a translation that starts with, or has a line starting with, a block marker the English has not "
          "there (`#`, `>`, `!!!`, `???`, `===`, `- `, `* `, `+ `, `1. `, `\\|`, fences, rules, setext underlines)",
          "a paragraph must not become a heading, admonition or list"),
    Check("unclosed-code", (ERROR,), True,
          "a backtick left unpaired",
          "the rest of the unit changes meaning, or code leaks out as markup"),
    Check("markdown-structure", (ERROR,), False,
          "different counts of links, images or code spans; the English's block marker dropped",
          "a lost link or command changes what the reader can do"),
    Check("emphasis", (WARNING,), False,
          "different counts of `*em*` and `**strong**`",
          "often a fair choice, sometimes broken markup"),
    Check("placeholder", (ERROR,), False,
          "`{name}`, `%s`, `%(name)s` not kept; a machine-translation `⟦0⟧` left over",
          "the template fails or shows junk"),
    Check("invisible-control", (ERROR,), True,
          "a bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069), any other invisible "
          "(default-ignorable) character, a joiner (ZWJ, ZWNJ) outside a word, or any invisible inside a number, "
          "more often than the English has it; LRM, RLM and ALM, joiners between letters and variation "
          "selectors after a non-digit stay allowed",
          "hidden characters can make a dose read backwards or hide text (\"Trojan Source\")"),
    Check("glossary", (ERROR, WARNING), False,
          "a keep-as-is term not written as in the English (error); the agreed translation of a term not used "
          "(warning)",
          "drug and organisation names must stay recognisable"),
    Check("signoff-malformed", (ERROR,), False,
          "a translator comment that looks like a sign-off but is not `reviewed-by: NAME YYYY-MM-DD` or "
          "`clinical-review: NAME YYYY-MM-DD` (other spelling, no name, no date, a date not real or in the future)",
          "it counts for nothing: nobody may believe a unit reviewed when the build does not"),
    Check("signoff-missing", (ERROR,), False,
          "a translated entry that is not fuzzy and has no valid `reviewed-by` line",
          "who checked a translation against the English must be on record"),
    Check("clinical-review-not-critical", (ERROR,), False,
          "a `clinical-review` line on a unit that is not critical (no number or unit, not in a danger or warning "
          "box, not on a page or in a section marked critical)",
          "a clinical review claims more than happened, or the unit's English lost what made it critical"),
    Check("signoff-on-draft", (WARNING,), False,
          "a sign-off on a fuzzy entry",
          "it counts for nothing until fuzzy is removed"),
    Check("critical-section-unknown", (ERROR,), False,
          "an English page's `critical_sections` names a heading the page does not have",
          "the section a health worker must check would silently count as not critical"),
    Check("untranslated-identical", (WARNING,), False,
          "msgstr equal to msgid with three words or more, unless all long words are capitalised (a name)",
          "usually a copy, not a translation"),
)

BY_CODE = {check.code: check for check in CHECKS}
REFUSED_CODES = frozenset(check.code for check in CHECKS if check.refused)


def finding(code: str, message: str, severity: str | None = None) -> Finding:
    """A finding of the declared check `code`, at its usual severity unless another it declares is given."""
    check = BY_CODE[code]
    severity = severity or check.severities[0]
    if severity not in check.severities:
        raise ValueError(f"check {code!r} is not declared with severity {severity!r}")
    return (severity, code, message)


def refuses(severity: str, code: str) -> bool:
    """Whether the build falls back to English for a unit with this finding."""
    return severity == ERROR and code in REFUSED_CODES


def markdown_table() -> str:
    """The table of checks README.md shows (and `handbook check --list` prints)."""
    lines = ["| code | severity | build | catches | why |", "|---|---|---|---|---|"]
    for check in CHECKS:
        build = "falls back to English" if check.refused else ""
        lines.append(f"| {check.code} | {', '.join(check.severities)} | {build} | {check.catches} | {check.why} |")
    return "\n".join(lines) + "\n"
