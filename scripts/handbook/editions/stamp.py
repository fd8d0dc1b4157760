"""What every output of a language prints to say which edition it is: its edition code, and the
address of the language's Downloads page online, which names the current edition.

A reader holding an old copy (a PDF on a clinic wall, a zip passed on a USB stick) compares the two
codes: no script, no connection needed to read the code, a plain link to check it. The code is
editions/identity.py's; a job that prints it has it in its cache key because the text it renders
(and hashes) contains it.
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.config import HandbookConfig, Language


@dataclass(frozen=True)
class Stamp:
    code: str  # "2026-12-05.3f9a1c2e"
    current_url: str  # the language's Downloads page online

    def code_line(self, ui: dict[str, str]) -> str:
        """`Edition 2026-12-05.3f9a1c2e`, in the language, for plain text (the zip's README); like the
        templates' `stamp.html`, a translation that lost `{code}` still prints the code."""
        words = ui["edition.code"]
        return words.replace("{code}", self.code) if "{code}" in words else f"{words} {self.code}"


def edition_stamp(config: HandbookConfig, language: Language, code: str | None = None) -> Stamp:
    """The stamp of `language`; `code` when already known (EditionInputs.code), else computed."""
    # Late: downloads.py lists every edition, whose modules use this one.
    from handbook.editions.downloads import downloads_page_url
    from handbook.editions.identity import edition_code

    return Stamp(code if code is not None else str(edition_code(config, language)), downloads_page_url(config, language))
