"""Fonts by query: fontconfig says which installed family writes each language, and what it covers.

A PDF names its fonts explicitly (a generic sans picks Japanese glyphs for Chinese and DejaVu for
Arabic), so for each language we ask fontconfig (`fc-list :lang=xx`) which installed families
cover it and take Noto Sans first, then Noto Serif, then anything else, in fontconfig's own order
(`zh` is asked as `zh-cn`, CLDR's likely territory, so Simplified Chinese gets the SC family).
Noto Sans follows for Latin words inside other scripts (WHO, N95). Before rendering, every
character of a PDF's text is checked against the fonts that will draw it; when no installed font
has it, the build stops and names the Debian package to install.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from handbook.config import HandbookConfig, Language
from handbook.errors import SetupError

LATIN_FAMILY = "Noto Sans"
PREFERRED = ("Noto Sans", "Noto Serif")  # in this order; other families come after
# Debian packages that hold the Noto fonts of a script (ISO 15924); every other script's are in
# fonts-noto-core.
CJK_SCRIPTS = {"Hani", "Hans", "Hant", "Jpan", "Kore", "Hira", "Kana", "Hang", "Bopo"}
PACKAGES = {"cjk": "fonts-noto-cjk", "emoji": "fonts-noto-color-emoji", "other": "fonts-noto-core"}
# What shaping consumes without a glyph of its own (joiners, direction marks, soft hyphen).
IGNORABLE = {"\u00ad", "\ufeff"}


def _run(*args: str) -> list[str]:
    if shutil.which(args[0]) is None:
        return []
    result = subprocess.run(list(args), capture_output=True, text=True, check=False)
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


@functools.cache
def families_for(lang: str) -> tuple[str, ...]:
    """Installed families that fontconfig says cover the language tag `lang` (`am`, `zh-cn`)."""
    names = {line.split(",")[0] for line in _run("fc-list", f":lang={lang}", "family")}
    return tuple(sorted(names))


@functools.cache
def _fontconfig_order(lang: str) -> tuple[str, ...]:
    """Families in fontconfig's order of preference for `lang` (its configuration, e.g. SC for zh-cn)."""
    return tuple(dict.fromkeys(line.split(",")[0] for line in _run("fc-match", "-s", f":lang={lang}", "family")))


def _rank(family: str, order: tuple[str, ...]) -> tuple:
    words = family.split()
    kind = next((index for index, prefix in enumerate(PREFERRED)
                 if family == prefix or (family.startswith(prefix + " ") and "Mono" not in words)), len(PREFERRED))
    return (kind, order.index(family) if family in order else len(order), len(family), family)


@functools.cache
def known_tags() -> frozenset[str]:
    """The language tags fontconfig has an orthography for (`zh-cn` is one, `ko-kr` is not)."""
    return frozenset(tag for line in _run("fc-list", "-f", "%{lang}\n") for tag in line.split("|"))


def language_tag(code: str, territory: str) -> str:
    """The fontconfig tag to ask for a language: with CLDR's likely territory when fontconfig
    distinguishes it (`zh-cn`: Simplified Chinese fonts), else the bare code."""
    regional = f"{code}-{territory.lower()}"
    return regional if territory and regional in known_tags() else code


@functools.cache
def _letters_of(code: str, script: str) -> tuple[str, ...]:
    """Some letters of the language (CLDR's exemplars through ICU), else of its script."""
    import icu

    letters = [item for item in icu.LocaleData(code).getExemplarSet(0, 0) if len(item) == 1 and item.isalpha()]
    if not letters:
        try:
            letters = [item for item in icu.UnicodeSet(f"[[:sc={script}:]&[:L:]]") if len(item) == 1]
        except icu.ICUError:  # a script code ICU's property has not (Hans, Jpan: they are combinations)
            letters = []
    return tuple(letters[:: max(1, len(letters) // 24)][:24])


@functools.cache
def _choose(code: str, territory: str, script: str, forced: str | None) -> str | None:
    if forced:
        return forced if family_installed(forced) else None
    tag = language_tag(code, territory)
    candidates = families_for(tag)
    if not candidates:  # fontconfig has no orthography for the language: ask by its letters
        letters = _letters_of(code, script)
        if letters:
            charset = " ".join(f"{ord(letter):x}" for letter in letters)
            candidates = tuple(sorted({line.split(",")[0] for line in _run("fc-list", f":charset={charset}", "family")}))
    if not candidates:
        return None
    order = _fontconfig_order(tag)
    return min(candidates, key=lambda family: _rank(family, order))


def font_family(language: Language) -> str | None:
    """The installed family that writes `language` (an override from `languages.OVERRIDES` wins)."""
    return _choose(language.code, language.territory, language.script, language.font)


def font_stack(language: Language) -> list[str]:
    """The families a PDF of `language` names: its own, then Noto Sans for Latin words."""
    own = font_family(language)
    return list(dict.fromkeys([family for family in (own, LATIN_FAMILY) if family]))


@functools.cache
def family_installed(family: str) -> bool:
    """Whether fontconfig knows `family` (what Pango, and so WeasyPrint, will use)."""
    return bool(_run("fc-list", f":family={family}", "family"))


@functools.cache
def face_file(family: str, style: str) -> Path | None:
    """The file of one face (`Regular`, `Bold`) of an installed family, as fontconfig lists it; None without it."""
    files = sorted(_run("fc-list", "-f", "%{file}\n", f"{family}:style={style}"))
    return Path(files[0]) if files else None


def package_for_script(script: str) -> str:
    """The Debian package with the Noto fonts of an ISO 15924 script."""
    if script in CJK_SCRIPTS:
        return PACKAGES["cjk"]
    if script == "Zsye":
        return PACKAGES["emoji"]
    return PACKAGES["other"]


def check_fonts(config: HandbookConfig) -> None:
    """Stop before rendering anything when a language has no installed font, naming the package."""
    missing: dict[str, list[str]] = {}
    if not family_installed(LATIN_FAMILY):
        missing.setdefault(PACKAGES["other"], []).append(f"{LATIN_FAMILY} (Latin)")
    for language in config.languages:
        if font_family(language) is None:
            wanted = language.font or f"a font for {language.name} ({language.code}, script {language.script})"
            missing.setdefault(package_for_script(language.script), []).append(wanted)
    if missing:
        lines = [f"no installed font: {', '.join(fonts)}; install it with: apt-get install {package}"
                 for package, fonts in sorted(missing.items())]
        raise SetupError("\n".join(lines), config.config_file)


# --- What the chosen fonts cover -------------------------------------------------------------------


def _parse_charset(text: str) -> set[int]:
    covered: set[int] = set()
    for part in text.split():
        start, _, end = part.partition("-")
        covered.update(range(int(start, 16), int(end or start, 16) + 1))
    return covered


@functools.cache
def family_coverage(family: str) -> frozenset[int]:
    """Every character the family's regular face has a glyph for (fontconfig's charset)."""
    lines = _run("fc-list", "-f", "%{charset}\n", f"{family}:style=Regular") or _run("fc-list", "-f", "%{charset}\n", family)
    return frozenset(_parse_charset(lines[0])) if lines else frozenset()


@functools.cache
def any_font_covers(char: str) -> bool:
    """Whether some installed font has `char`: Pango falls back to it, and the PDF embeds it."""
    return bool(_run("fc-list", f":charset={ord(char):x}", "family"))


def drawable(char: str) -> bool:
    """Characters that need a glyph: not spaces, controls, format marks (joiners, bidi marks)."""
    return not char.isspace() and char not in IGNORABLE and unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def script_of(char: str) -> str:
    import icu

    return icu.Script.getScript(ord(char)).getShortName()


def uncovered(text: str, families: Iterable[str]) -> list[str]:
    """Characters of `text` that none of `families` nor any other installed font can draw."""
    covered: set[int] = set()
    for family in families:
        covered |= family_coverage(family)
    return sorted(char for char in set(text)
                  if drawable(char) and ord(char) not in covered and not any_font_covers(char))


def check_coverage(language: Language, text: str, document: str, where: Path) -> None:
    """Stop when `document` (a PDF of `language`) would have characters no installed font draws."""
    missing = uncovered(text, font_stack(language))
    if not missing:
        return
    packages: dict[str, list[str]] = {}
    for char in missing:
        packages.setdefault(package_for_script(script_of(char)), []).append(f"U+{ord(char):04X} {char}")
    lines = [f"{document}: no installed font has {', '.join(chars[:12])}{' …' if len(chars) > 12 else ''}; "
             f"install: apt-get install {package}" for package, chars in sorted(packages.items())]
    raise SetupError("\n".join(lines), where)


def lang_font_css(languages: Iterable[Language]) -> str:
    """`:lang()` font rules for the print stylesheet, one per language.

    Only on elements that carry a `lang` attribute (the page, a language's name in its own script):
    the rest inherits, so `code` keeps its monospace font. Each PDF gets the rule of its own
    language only, so adding a language leaves the others' PDFs (and their cache keys) as they were."""
    rules = []
    for language in languages:
        families = ", ".join(f'"{family}"' for family in font_stack(language))
        rules.append(f"[lang]:lang({language.code}) {{ font-family: {families}, sans-serif; }}")
    return "\n".join(rules) + "\n"
