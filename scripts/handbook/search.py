"""One search index per language, with word splitting that fits its script.

mkdocs-static-i18n can merge every language into one index (`reconfigure_search`), so results mix
languages, and lunr's default trimmer drops every word that is not Latin (a Bengali search finds
nothing). We let the search plugin index every page (`reconfigure_search: false`, which also keeps
pages still in English), split the index by language folder after the build, give each part lunr
settings that fit its script, and point each language's pages at their own part (see
`overrides/main.html`). Chinese text is cut into words at build time (jieba, through
Material's search plugin), so readers download no dictionary.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from .config import HandbookConfig
from .fsutil import write_atomic, write_if_changed

LATIN = r"[\s\-]+"
# No stemmer anywhere: Material adds a trailing wildcard to the query, and lunr does not stem
# wildcard terms, so stemmed index words (manos -> man) would never match what readers type.
# Punctuation that separates words in each script, besides spaces: danda (Bengali, Hindi), Arabic
# comma, semicolon and question mark, Chinese punctuation and the zero-width space jieba leaves.
SETTINGS: dict[str, dict] = {
    "en": {"lang": ["en"], "separator": LATIN, "pipeline": ["stopWordFilter"]},
    "es": {"lang": ["es"], "separator": r"[\s\-]+", "pipeline": ["trimmer", "stopWordFilter"]},
    "fr": {"lang": ["fr"], "separator": r"[\s\-'’]+", "pipeline": ["trimmer", "stopWordFilter"]},
    "pt": {"lang": ["pt"], "separator": r"[\s\-]+", "pipeline": ["trimmer", "stopWordFilter"]},
    "sw": {"lang": ["en"], "separator": LATIN, "pipeline": ["trimmer"]},
    "bn": {"lang": ["en"], "separator": r"[\s\-।॥,;:!?.()\"'“”‘’]+", "pipeline": []},
    "hi": {"lang": ["en"], "separator": r"[\s\-।॥,;:!?.()\"'“”‘’]+", "pipeline": []},
    "ar": {"lang": ["en"], "separator": r"[\s\-،؛؟,;:!?.()\"'«»]+", "pipeline": []},
    "zh": {"lang": ["en"], "separator": r"[\s\u200b\u3000\-、。，．？！；：（）“”]+", "pipeline": []},
}


def jieba_user_dictionary(config: HandbookConfig) -> Path | None:
    """The Chinese glossary as a jieba user dictionary, so agreed terms (手卫生) stay one word.

    Readers type terms, and the browser does not cut their query into words: a term jieba split
    in two could not be found.
    """
    glossary = config.root / "data" / "glossary" / "zh.tsv"
    if not glossary.is_file():
        return None
    terms = []
    for line in glossary.read_text(encoding="utf-8").splitlines()[1:]:
        translation = (line.split("\t") + ["", ""])[1].strip()
        if translation and " " not in translation:
            terms.append(f"{translation} 100000 n")
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
        index = {"config": {**combined["config"], **SETTINGS.get(language.code, SETTINGS["en"])}, "docs": docs}
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


def worker_imports(worker: str, languages: list[str]) -> list[str]:
    """What Material's search worker imports (`importScripts`) for an index in `languages`: URLs
    resolved like `worker`'s own (mirrors the worker's code in Material 9)."""
    lunr = posixpath.normpath(posixpath.join(posixpath.dirname(worker), "..", "lunr"))
    wanted = []
    for code in languages:
        if code in ("hi", "th"):
            wanted.append(f"{lunr}/wordcut.js")
        if code == "ja":
            wanted.append(f"{lunr}/tinyseg.js")
        if code != "en":
            wanted.append(f"{lunr}/min/lunr.{code}.min.js")
    if len(languages) > 1:
        wanted.append(f"{lunr}/min/lunr.multi.min.js")
    return [f"{lunr}/min/lunr.stemmer.support.min.js", *wanted] if wanted else []
