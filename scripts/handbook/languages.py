"""What the pipeline knows about a language, read from maintained data, never typed in here.

- CLDR, through Babel: the writing direction, the name of the language in itself, the script it is
  most likely written in (ISO 15924, from CLDR's likely subtags: `ur` -> `Arab`) and the gettext
  plural forms.
- ISO 639, through pycountry: the three-letter code Kiwix wants, and whether a code is a language
  at all (`xx`, `mis` or a path such as `../x` are refused).

`OVERRIDES` holds what the data gets wrong for this handbook, one commented line each.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

CODE_PATTERN = re.compile(r"^[a-z]{2,3}$")

# Only what the data gets wrong for this handbook; every line says why.
OVERRIDES: dict[str, dict[str, str]] = {
    # Naskh is the book hand of printed Arabic and what the shipped Arabic editions use; fontconfig's
    # first sans family for Arabic (Noto Sans Arabic) is a display style.
    "ar": {"font": "Noto Naskh Arabic"},
}


class UnknownLanguage(ValueError):
    """The code is not an ISO 639 language."""


@dataclass(frozen=True)
class LanguageFacts:
    code: str
    native_name: str  # in the language itself, for the switcher when mkdocs.yml gives no `name:`
    direction: str  # "ltr" or "rtl"
    iso639_3: str  # Kiwix and ZIM metadata want the three-letter code
    script: str  # ISO 15924 code of the language's usual script: "Latn", "Arab", "Ethi", "Hans"...
    territory: str  # the territory CLDR finds most likely ("CN" for zh): picks regional fonts
    plural_forms: str  # the gettext `Plural-Forms` header of a new catalog
    font: str | None = None  # a font family forced by OVERRIDES, else chosen by fontconfig


def _iso639(code: str):
    import pycountry

    field = "alpha_2" if len(code) == 2 else "alpha_3"
    record = pycountry.languages.get(**{field: code})
    if record is None or getattr(record, "type", "") == "S":  # S: special codes (mis, mul, und, zxx)
        return None
    return record


@functools.cache
def language_facts(code: str) -> LanguageFacts:
    """Everything the data says about `code`; raises UnknownLanguage when it is not a language."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    from babel.messages.plurals import get_plural

    if not CODE_PATTERN.match(code):
        raise UnknownLanguage("a language code is two or three lower-case letters (ISO 639)")
    record = _iso639(code)
    if record is None:
        raise UnknownLanguage("ISO 639 has no language with this code")
    likely = str(get_global("likely_subtags").get(code, "")).split("_")
    script = likely[1] if len(likely) > 2 else "Latn"
    territory = likely[2] if len(likely) > 2 else ""
    try:
        locale = Locale.parse(code)
        name = locale.get_display_name(code) or record.name
        direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
        plural_forms = str(get_plural(code))
    except (UnknownLocaleError, ValueError):  # a real language CLDR has no data for yet: gettext's defaults
        name, direction, plural_forms = record.name, "ltr", "nplurals=2; plural=(n != 1);"
    # CLDR writes language names as they appear mid-sentence ("español"); a menu starts with a capital.
    name = name[:1].upper() + name[1:]
    override = OVERRIDES.get(code, {})
    return LanguageFacts(
        code=code, native_name=name, direction=direction, iso639_3=record.alpha_3, script=script,
        territory=territory, plural_forms=plural_forms, font=override.get("font"),
    )
