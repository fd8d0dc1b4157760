"""One search index per language, with word splitting chosen from its script's Unicode data.

mkdocs-static-i18n can merge every language into one index (`reconfigure_search`), so results mix
languages, and lunr's default trimmer drops every word that is not Latin (a Bengali search finds
nothing). We let the search plugin index every page (`reconfigure_search: false`, which also keeps
pages still in English), split the index by language folder after the build, give each part lunr
settings that fit its script, and point each language's pages at their own part (see
`overrides/main.html`).

What a language needs comes from CLDR's exemplar characters (through ICU), never from its code:

- the separator is white space, the zero-width space and every punctuation mark of Unicode's
  Common script or of the language's own scripts (Arabic comma, danda, Chinese full stop...);
- Latin-script languages that lunr-languages knows keep its trimmer and stop words (no stemmer:
  Material adds a wildcard to the query, and lunr does not stem wildcard terms); every other
  script gets no pipeline, since lunr's trimmers drop the letters they do not know;
- scripts written without spaces between words (Unicode line-break classes SA, ID, CJ: Thai, Lao,
  Khmer, Myanmar, Japanese) are cut into words at build time with ICU's word break, joined by
  zero-width spaces, and their index loads `lunr.wordbreak.min.js` (in `overrides/assets/`), which
  cuts the reader's query with `Intl.Segmenter`, the same ICU algorithm, in the browser;
- Chinese (Han letters only) is cut with jieba and the Chinese glossary as a user dictionary, so
  agreed terms such as 手卫生 stay one word; Material's search cuts a Chinese query against the
  index's own words. jieba is loaded only when a language needs it, and quietly.

Readers download no dictionary.
"""

from __future__ import annotations

import functools
import json
import logging
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handbook.config import HandbookConfig, Language
from handbook.fsutil import write_atomic, write_if_changed
from handbook.translation.glossary import Glossary

ZERO_WIDTH_SPACE = "\u200b"
WORD_BREAK_PLUGIN = "wordbreak"  # lunr "language" whose file cuts queries: lunr/min/lunr.wordbreak.min.js
SPACELESS_LINE_BREAK = "[[:lb=SA:][:lb=ID:][:lb=CJ:]]"  # words are not separated by spaces


@dataclass(frozen=True)
class WordBreaking:
    scripts: tuple[str, ...]  # ISO 15924 scripts of the language's letters
    cutter: str | None  # "icu", "jieba", or None when words are separated by spaces


@functools.cache
def word_breaking(code: str) -> WordBreaking:
    """How `code` separates its words, from CLDR's exemplar letters of the language."""
    import icu

    exemplars = icu.LocaleData(code).getExemplarSet(0, icu.ULocaleDataExemplarSetType.ES_STANDARD)
    letters = [item for item in exemplars if unicodedata.category(item[0]).startswith("L")]
    scripts = sorted({icu.Script.getScript(ord(letter[0])).getShortName() for letter in letters} - {"Zyyy", "Zinh"})
    spaceless = icu.UnicodeSet(SPACELESS_LINE_BREAK)
    if not letters or sum(spaceless.contains(letter) for letter in letters) * 2 <= len(letters):
        return WordBreaking(tuple(scripts), None)
    return WordBreaking(tuple(scripts), "jieba" if scripts == ["Hani"] else "icu")


def _character_class(chars: list[str]) -> str:
    """A regex character class for JavaScript (no `u` flag: BMP only) and Python alike."""
    points = sorted(ord(char) for char in chars if ord(char) <= 0xFFFF)
    ranges: list[list[int]] = []
    for point in points:
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    parts = [f"\\u{start:04x}" + (f"-\\u{end:04x}" if end > start else "") for start, end in ranges]
    return "".join(parts)


@functools.cache
def separator(scripts: tuple[str, ...]) -> str:
    """White space, the zero-width space and the punctuation of the Common script and of `scripts`."""
    import icu

    wanted = "".join(f"[:scx={script}:]" for script in ("Zyyy", *scripts))
    punctuation = list(icu.UnicodeSet(f"[[:P:]&[{wanted}]]"))
    return f"[\\s{_character_class([ZERO_WIDTH_SPACE, *punctuation])}]+"


def lunr_languages() -> set[str]:
    """Languages whose lunr-languages file Material ships (trimmer, stop words, stemmer)."""
    from importlib.resources import files

    folder = files("material") / "templates" / "assets" / "javascripts" / "lunr" / "min"
    names = [entry.name for entry in folder.iterdir()]
    return {"en"} | {name.split(".")[1] for name in names if name.startswith("lunr.") and name.count(".") == 3}


def index_settings(language: Language) -> dict:
    """lunr settings (`lang`, `separator`, `pipeline`) for the index of `language`."""
    breaking = word_breaking(language.code)
    settings = {"lang": ["en"], "separator": separator(breaking.scripts), "pipeline": []}
    if breaking.cutter == "icu":
        settings["lang"] = [WORD_BREAK_PLUGIN]
    elif breaking.scripts == ("Latn",) and language.code in lunr_languages():
        settings.update(lang=[language.code], pipeline=["trimmer", "stopWordFilter"])
    return settings


# --- Cutting words at build time ------------------------------------------------------------------


@functools.cache
def _runs(pattern: str) -> re.Pattern[str]:
    """A Python regex for runs of the characters of an ICU set (non-BMP characters included)."""
    import icu

    chars = sorted(ord(char) for char in icu.UnicodeSet(pattern))
    return re.compile("[" + "".join(re.escape(chr(point)) for point in chars) + "]+")


def icu_cutter(code: str) -> Callable[[str], list[str]]:
    """ICU's word break for `code`: what `Intl.Segmenter` does in the reader's browser."""
    import icu

    breaker = icu.BreakIterator.createWordInstance(icu.Locale(code))

    def cut(run: str) -> list[str]:
        text = icu.UnicodeString(run)
        breaker.setText(text)
        bounds = [0, *breaker]
        return [str(text[start:end]) for start, end in zip(bounds, bounds[1:])]
    return cut


def jieba_cutter(config: HandbookConfig) -> Callable[[str], list[str]]:
    """jieba with the Chinese glossary as its user dictionary; its start-up messages are silenced."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    dictionary = jieba_user_dictionary(config)
    if dictionary is not None:
        tokenizer.load_userdict(str(dictionary))
    return lambda run: list(tokenizer.cut(run))


def cut_words(text: str, runs: re.Pattern[str], cut: Callable[[str], list[str]]) -> str:
    """`text` with each run of space-less script cut into words, joined by zero-width spaces."""
    def replace(match: re.Match) -> str:
        words = [word for word in cut(match.group(0)) if word]
        return ZERO_WIDTH_SPACE + ZERO_WIDTH_SPACE.join(words) + ZERO_WIDTH_SPACE
    return runs.sub(replace, text).strip(ZERO_WIDTH_SPACE)


def word_cutter(config: HandbookConfig, language: Language) -> Callable[[str], str] | None:
    """What cuts the index text of `language` into words, or None when spaces already do."""
    cutter = word_breaking(language.code).cutter
    if cutter == "jieba":
        runs, cut = _runs("[:sc=Han:]"), jieba_cutter(config)
    elif cutter == "icu":
        runs, cut = _runs(f"[{SPACELESS_LINE_BREAK}[:M:]]"), icu_cutter(language.code)
    else:
        return None
    return lambda text: cut_words(text, runs, cut)


def jieba_user_dictionary(config: HandbookConfig) -> Path | None:
    """The Chinese glossary as a jieba user dictionary, so agreed terms (手卫生) stay one word."""
    translations = Glossary.load(config.root, "zh").translations.values()
    if not translations:
        return None
    terms = [f"{translation} 100000 n" for translation in translations if " " not in translation]
    path = config.build_dir / "search" / "jieba-user-dictionary.txt"
    write_if_changed(path, "\n".join(sorted(set(terms))) + "\n")
    return path


def split_search_index(config: HandbookConfig, site_dir: Path) -> dict[str, int]:
    """Write `search/` (source language) and `<lang>/search/` indexes; returns entries per language."""
    combined_path = site_dir / "search" / "search_index.json"
    if not combined_path.is_file():
        return {}
    combined = json.loads(combined_path.read_text(encoding="utf-8"))
    prefixes = tuple(f"{language.code}/" for language in config.translated_languages)
    counts = {}
    for language in config.languages:
        if language.default:
            docs = [doc for doc in combined["docs"] if not doc["location"].startswith(prefixes)]
            folder = site_dir
        else:
            prefix = f"{language.code}/"
            docs = [{**doc, "location": doc["location"][len(prefix):]}
                    for doc in combined["docs"] if doc["location"].startswith(prefix)]
            folder = site_dir / language.code
        cut = word_cutter(config, language)
        if cut is not None:
            docs = [{**doc, "title": cut(doc["title"]), "text": cut(doc["text"])} for doc in docs]
        index = {"config": {**combined["config"], **index_settings(language)}, "docs": docs}
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        write_atomic(folder / "search" / "search_index.json", text)
        write_atomic(folder / "search" / "search_index.js", f"var __index = {text}")  # read from file://
        counts[language.code] = len(docs)
    return counts


MATERIAL_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def search_worker(page_html: str) -> str | None:
    """The URL of Material's search worker in a built page (relative to the page), from its config block."""
    found = MATERIAL_CONFIG.search(page_html)
    return json.loads(found.group(1)).get("search") if found else None


@functools.cache
def worker_segmenters() -> dict[str, list[str]]:
    """The segmenter scripts Material's search worker imports before some lunr languages, read from
    the worker itself (`case"ja":…push(`${base}/tinyseg.js`)`): lunr language -> files."""
    from importlib.resources import files

    folder = files("material") / "templates" / "assets" / "javascripts" / "workers"
    found: dict[str, list[str]] = {}
    for entry in folder.iterdir():
        if entry.name.startswith("search.") and entry.name.endswith(".js"):
            text = entry.read_text(encoding="utf-8")
            for cases, name in re.findall(r'((?:case"[\w-]+":)+)\w+\.push\(`\$\{\w+\}/([\w.-]+\.js)`\)', text):
                for code in re.findall(r'case"([\w-]+)":', cases):
                    found.setdefault(code, []).append(name)
    return found


def worker_imports(worker: str, languages: list[str]) -> list[str]:
    """What Material's search worker imports (`importScripts`) for an index in `languages`: URLs
    resolved like `worker`'s own (mirrors the worker's code in Material 9)."""
    lunr = posixpath.normpath(posixpath.join(posixpath.dirname(worker), "..", "lunr"))
    wanted = []
    for code in languages:
        wanted += [f"{lunr}/{name}" for name in worker_segmenters().get(code, [])]
        if code != "en":
            wanted.append(f"{lunr}/min/lunr.{code}.min.js")
    if len(languages) > 1:
        wanted.append(f"{lunr}/min/lunr.multi.min.js")
    return [f"{lunr}/min/lunr.stemmer.support.min.js", *wanted] if wanted else []
