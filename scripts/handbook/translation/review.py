"""Who checked a unit, and what state it is in: sign-offs read from translator comments.

A catalog entry records its review in translator comments (`# ` lines), which Poedit and Weblate
keep and show in their "comment" field:

    # reviewed-by: NAME YYYY-MM-DD      a translator checked the translation against the English
    # clinical-review: NAME YYYY-MM-DD  a health worker checked a critical unit (see `critical`)

The keyword is written exactly so (lower case, one hyphen, a colon), the date is an ISO date that
is not in the future (one day of slack for time zones) and NAME is whatever is left between them.
A comment line that looks like a sign-off in any other way (`Reviewed by: Ana`, `reviewed-by: Ana`
with no date, `clinical review: Ana 2026-13-40`) is malformed: it counts for nothing and
`malformed` reports it at its line in the catalog, so nobody believes a unit reviewed when the
build does not.

States, the one vocabulary of status, queue, policy and notices (`STATES`, in review order):

| state | meaning |
|---|---|
| untranslated | no translation: the page shows the English |
| machine-draft | fuzzy, written by a machine: its comment starts "Machine draft" (pretranslate) or "Draft translation written with an AI assistant" |
| human-draft | fuzzy, written by a person, or copied from a reviewed unit by translation memory (`memory`) |
| outdated-draft | fuzzy with a previous English (`#|`): the English changed since it was translated |
| unsigned | not fuzzy but without a valid reviewed-by line: nobody signed for it (an error: see `signoff_problems`); counted apart rather than as reviewed, which it is not, or as a draft, which would hide the error |
| reviewed | not fuzzy, with a valid reviewed-by line |
| clinically-reviewed | reviewed, and a critical unit with a valid clinical-review line too |

A non-critical unit is complete when reviewed, a critical one when clinically reviewed
(`is_complete`). Sign-offs of a fuzzy entry count for nothing: a draft is a draft.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

import polib

UNTRANSLATED, MACHINE_DRAFT, HUMAN_DRAFT, OUTDATED_DRAFT = "untranslated", "machine-draft", "human-draft", "outdated-draft"
UNSIGNED, REVIEWED, CLINICALLY_REVIEWED = "unsigned", "reviewed", "clinically-reviewed"
STATES = (UNTRANSLATED, MACHINE_DRAFT, HUMAN_DRAFT, OUTDATED_DRAFT, UNSIGNED, REVIEWED, CLINICALLY_REVIEWED)
DRAFT_STATES = frozenset({MACHINE_DRAFT, HUMAN_DRAFT, OUTDATED_DRAFT})
# How each state is named to readers and reviewers (the site's notice, the PDF cover, the status
# table, the pull-request comment); the interface strings `state.<name>` translate these.
STATE_LABELS = {
    UNTRANSLATED: "Untranslated", MACHINE_DRAFT: "Machine draft", HUMAN_DRAFT: "Human draft",
    OUTDATED_DRAFT: "Outdated draft", UNSIGNED: "Unsigned", REVIEWED: "Reviewed",
    CLINICALLY_REVIEWED: "Clinically reviewed",
}

REVIEWED_BY, CLINICAL_REVIEW = "reviewed-by", "clinical-review"
SIGNOFF_FORMAT = "{kind}: NAME YYYY-MM-DD"

# Comments that say a machine wrote the draft: pretranslate's note, and the note of the drafts
# this repository started with.
MACHINE_NOTES = ("Machine draft", "Draft translation written with an AI assistant")
# Pretranslate's note on a draft copied from a reviewed unit (see `memory`).
MEMORY_NOTE_START = "Translation memory:"

# Anything a person may have meant as a sign-off: either keyword in any case, with a space,
# hyphen or underscore between its words and any ending ("reviewed by", "Clinical-Reviewed").
_LOOKS_LIKE_SIGNOFF = re.compile(r"\s*(?P<kind>reviewed[\s_-]*by|clinical[\s_-]*review\w*)", re.I)
# The one way to write it (leading spaces forgiven).
_KEYWORD = re.compile(r"\s*(reviewed-by|clinical-review):(?=\s|$)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Signoff:
    """One valid sign-off: `kind` is REVIEWED_BY or CLINICAL_REVIEW."""

    kind: str
    name: str
    date: datetime.date
    line: int | None = None  # in the catalog, when its text was given


@dataclass(frozen=True)
class MalformedSignoff:
    """A comment line that looks like a sign-off but is not one, and why."""

    line: int | None
    text: str
    why: str


def _kind_meant(written: str) -> str:
    return CLINICAL_REVIEW if written.lower().startswith("clinical") else REVIEWED_BY


def parse_signoff(text: str, today: datetime.date | None = None) -> Signoff | str | None:
    """A comment line as a Signoff; as the reason it is malformed (str); None if it is no sign-off."""
    looks = _LOOKS_LIKE_SIGNOFF.match(text)
    if looks is None:
        return None
    kind = _kind_meant(looks["kind"])
    expected = f"write it `{SIGNOFF_FORMAT.format(kind=kind)}`"
    keyword = _KEYWORD.match(text)
    if keyword is None or keyword[1] != kind:
        return f"not a sign-off as written: {expected}"
    words = text[keyword.end():].split()
    if not words:
        return f"no name and no date: {expected}"
    if not _ISO_DATE.fullmatch(words[-1]):
        return f"no date at the end, or not an ISO date: {expected}"
    try:
        date = datetime.date.fromisoformat(words[-1])
    except ValueError:
        return f"{words[-1]} is not a real date: {expected}"
    latest = (today or datetime.date.today()) + datetime.timedelta(days=1)  # time zones ahead of ours
    if date > latest:
        return f"{words[-1]} is in the future: a sign-off records a review that happened"
    if len(words) == 1 or _ISO_DATE.fullmatch(words[-2]) and len(words) == 2:
        return f"no name: {expected}"
    return Signoff(kind, " ".join(words[:-1]), date)


def translator_comment_lines(entry: polib.POEntry, catalog_lines: Sequence[str] | None) -> list[int | None]:
    """The catalog line (1-based) of each line of `entry.tcomment`, read from the catalog's text.

    polib's `linenum` is the entry's first line; its comments follow until the first keyword.
    A translator comment is `#` alone or `#` followed by a space (or another `#`), as polib reads it.
    """
    count = len(entry.tcomment.split("\n")) if entry.tcomment else 0
    if catalog_lines is None or not entry.linenum:
        return [None] * count
    found: list[int | None] = []
    for number in range(entry.linenum, len(catalog_lines) + 1):
        stripped = catalog_lines[number - 1].strip()
        if not stripped.startswith("#") or stripped.startswith("#~"):
            break
        first = stripped.split(None, 1)[0]
        if first == "#" or first.startswith("##"):
            found.append(number)
    return (found + [None] * count)[:count]


@dataclass(frozen=True)
class Signoffs:
    """The sign-offs of one entry: the valid ones and the malformed lines."""

    valid: tuple[Signoff, ...] = ()
    malformed: tuple[MalformedSignoff, ...] = ()

    def of_kind(self, kind: str) -> tuple[Signoff, ...]:
        return tuple(signoff for signoff in self.valid if signoff.kind == kind)

    @property
    def reviewed_by(self) -> Signoff | None:
        """The latest reviewed-by sign-off."""
        return max(self.of_kind(REVIEWED_BY), key=lambda signoff: signoff.date, default=None)

    @property
    def clinical_review(self) -> Signoff | None:
        return max(self.of_kind(CLINICAL_REVIEW), key=lambda signoff: signoff.date, default=None)


def read_signoffs(entry: polib.POEntry, catalog_lines: Sequence[str] | None = None,
                  today: datetime.date | None = None) -> Signoffs:
    """Every sign-off of an entry; with the catalog's lines (`text.split("\\n")`), each at its line."""
    if not entry.tcomment:
        return Signoffs()
    valid, malformed = [], []
    texts = entry.tcomment.split("\n")
    for text, line in zip(texts, translator_comment_lines(entry, catalog_lines)):
        parsed = parse_signoff(text, today)
        if isinstance(parsed, Signoff):
            valid.append(Signoff(parsed.kind, parsed.name, parsed.date, line))
        elif parsed is not None:
            malformed.append(MalformedSignoff(line, text.strip(), parsed))
    return Signoffs(tuple(valid), tuple(malformed))


def clear_signoffs(entry: polib.POEntry) -> bool:
    """Remove every sign-off line, valid or not (the English changed: the review no longer holds).

    Returns whether anything was removed. Other translator comments stay."""
    if not entry.tcomment:
        return False
    lines = entry.tcomment.split("\n")
    kept = [line for line in lines if _LOOKS_LIKE_SIGNOFF.match(line) is None]
    entry.tcomment = "\n".join(kept)
    return len(kept) != len(lines)


def draft_origin(entry: polib.POEntry) -> str:
    """Who wrote a translation, from its comment: "machine", "memory" or "human"."""
    for line in (entry.tcomment or "").split("\n"):
        if line.startswith(MACHINE_NOTES):
            return "machine"
        if line.startswith(MEMORY_NOTE_START):
            return "memory"
    return "human"


def is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(text.strip() for text in entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


def is_outdated(entry: polib.POEntry) -> bool:
    """A fuzzy entry that remembers its previous English (`#| msgid`): the English changed."""
    return entry.fuzzy and (entry.previous_msgid is not None or entry.previous_msgctxt is not None)


def unit_state(entry: polib.POEntry, critical: bool, signoffs: Signoffs | None = None,
               today: datetime.date | None = None) -> str:
    """One of STATES for a current (not obsolete) entry; `critical` from `critical.Criticality`."""
    if not is_translated(entry):
        return UNTRANSLATED
    if entry.fuzzy:
        if is_outdated(entry):
            return OUTDATED_DRAFT
        return MACHINE_DRAFT if draft_origin(entry) == "machine" else HUMAN_DRAFT
    signoffs = signoffs if signoffs is not None else read_signoffs(entry, today=today)
    if signoffs.reviewed_by is None:
        return UNSIGNED
    if critical and signoffs.clinical_review is not None:
        return CLINICALLY_REVIEWED
    return REVIEWED


def is_complete(state: str, critical: bool) -> bool:
    """Nothing left to review: reviewed, and clinically reviewed when the unit is critical."""
    return state == CLINICALLY_REVIEWED or (state == REVIEWED and not critical)


def signoff_problems(entry: polib.POEntry, catalog_lines: Sequence[str], critical: bool,
                     today: datetime.date | None = None) -> list[tuple[int, str, str, str]]:
    """What `handbook check` reports about an entry's sign-offs, as (line, severity, code, message).

    Errors: a malformed sign-off line (signoff-malformed); a translated entry that is not fuzzy and
    has no valid reviewed-by line (signoff-missing); a clinical-review line on a unit that is not
    critical (clinical-review-not-critical). Warning: a sign-off on a fuzzy entry, which counts for
    nothing until fuzzy is removed (signoff-on-draft).
    """
    if entry.obsolete or not entry.msgid:
        return []
    signoffs = read_signoffs(entry, catalog_lines, today)
    first_line = entry.linenum or 1
    problems = [(bad.line or first_line, "error", "signoff-malformed", f"{bad.text!r}: {bad.why}")
                for bad in signoffs.malformed]
    if is_translated(entry) and not entry.fuzzy and signoffs.reviewed_by is None:
        problems.append((first_line, "error", "signoff-missing",
                         "not fuzzy, but no `reviewed-by: NAME YYYY-MM-DD` line: sign the review in the "
                         "translator comment, or mark the entry fuzzy (Poedit: Needs work)"))
    if not critical:
        for signoff in signoffs.of_kind(CLINICAL_REVIEW):
            problems.append((signoff.line or first_line, "error", "clinical-review-not-critical",
                             "a clinical review on a unit that is not critical (no number, danger or warning "
                             "box, or critical front matter): remove the line"))
    if entry.fuzzy and signoffs.valid:
        problems.append((signoffs.valid[0].line or first_line, "warning", "signoff-on-draft",
                         "a sign-off on a fuzzy entry counts for nothing: remove fuzzy if the review is done"))
    return sorted(problems)
