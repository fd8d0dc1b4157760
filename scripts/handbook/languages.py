"""What the pipeline knows about each language it can publish: script direction and ISO 639-3 code.

A language code in `mkdocs.yml` that is not listed here is refused, so a typo or a path such as
`../x` never becomes a folder name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageInfo:
    direction: str  # "ltr" or "rtl"
    iso639_3: str  # Kiwix and ZIM metadata want the three-letter code
    plural_forms: str = "nplurals=2; plural=(n != 1);"  # the gettext header Poedit expects


KNOWN_LANGUAGES: dict[str, LanguageInfo] = {
    "en": LanguageInfo("ltr", "eng"),
    "ar": LanguageInfo(
        "rtl", "ara",
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    ),
    "bn": LanguageInfo("ltr", "ben"),
    "es": LanguageInfo("ltr", "spa"),
    "fr": LanguageInfo("ltr", "fra", "nplurals=2; plural=(n > 1);"),
    "hi": LanguageInfo("ltr", "hin"),
    "pt": LanguageInfo("ltr", "por"),
    "sw": LanguageInfo("ltr", "swa"),
    "zh": LanguageInfo("ltr", "zho", "nplurals=1; plural=0;"),
}
