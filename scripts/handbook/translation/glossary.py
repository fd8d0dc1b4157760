"""The glossary: terms kept as written everywhere, and each language's agreed translations.

`data/glossary.tsv` (term, translate yes/no, note) lists the terms of the English; `no` means a
drug, brand, organisation or code name every language keeps as written. `data/glossary/<lang>.tsv`
(term, translation, note) gives a language's agreed translations. This module is their one reader:
`handbook check` compares units with them, `pretranslate` protects the kept terms from machine
translation, and the Chinese search index cuts words with the Chinese translations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from handbook.errors import HandbookError
from handbook.translation.checks.registry import WARNING, Finding, finding
from handbook.translation.tsv import read_rows


@dataclass(frozen=True)
class GlossaryTerm:
    """One row of `data/glossary.tsv`."""

    term: str
    translate: str  # "yes" or "no", as written
    note: str
    line: int

    @property
    def kept(self) -> bool:
        return self.translate.lower() == "no"


def shared_terms(root: Path) -> list[GlossaryTerm]:
    """The rows of `data/glossary.tsv`; a translate value other than yes or no is an error at its line."""
    path = root / "data" / "glossary.tsv"
    terms = []
    for line, (term, answer, note) in read_rows(path, ("term", "translate"), optional=("note",)):
        if answer.lower() not in ("yes", "no"):
            raise HandbookError(f"translate must be yes or no, not {answer!r}", path, line)
        terms.append(GlossaryTerm(term, answer, note, line))
    return terms


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
        """Read `data/glossary.tsv` and `data/glossary/<lang>.tsv` (missing files are empty)."""
        keep = frozenset(term.term for term in shared_terms(root) if term.kept)
        rows = read_rows(root / "data" / "glossary" / f"{lang}.tsv", ("term", "translation"))
        translations = {term: translation for _, (term, translation) in rows if translation}
        return cls(keep, translations)

    def check(self, msgid: str, msgstr: str) -> list[Finding]:
        """Kept terms must appear unchanged (error); agreed translations should be used (warning)."""
        # Substrings in the translation: word boundaries fail in Chinese or Thai, and inflections add endings.
        written = [_in_english(msgid, term) for term in sorted(self.keep_terms)]
        missing = [term for term in written if term and term not in msgstr]
        findings = [finding("glossary", f"{term!r} must stay as written") for term in missing]
        for term, translation in sorted(self.translations.items()):
            if _in_english(msgid, term) and translation.casefold() not in msgstr.casefold():
                findings.append(finding("glossary", f"{term!r} is usually translated {translation!r}", WARNING))
        return findings
