"""`make bench`: what the handbook costs readers and maintainers, as one table.

Reader side: the first load of every page (full site and lite edition) per language, gzip, median
and heaviest; what opening search then fetches (Material's scripts, worker, index); the PDF, zip and
EPUB of each language, with what the EPUB's embedded fonts weigh (whatever `site/downloads/` holds);
its handouts: the largest HTML file gzipped (against its budget) and the largest poster.
Maintainer side, in a temporary copy of the project: a full build, a rebuild with nothing changed, a rebuild after editing one PO file and one
after `handbook add-language` adds a language the handbook does not ship (as shares of the full build); machine translation batched against argostranslate's `translate()` once
per unit and against one engine call per unit, with the tiny test model; a second pretranslation
pass answered from the cache.

    .venv/bin/python scripts/bench.py [--site site] [--skip-build] [--skip-mt]
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

sys.path.insert(0, str(REPO / "scripts"))

from devtools.inputs import copy_inputs  # noqa: E402
from handbook.config import load_config  # noqa: E402
from handbook.translation.catalogs import Catalogs  # noqa: E402
from devtools.weights import gzip_size, search_loads, weigh  # noqa: E402

SKIP_FOLDERS = {"lite", "assets", "search", "downloads"}


def kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def mb(size: int) -> str:
    return f"{size / 1e6:.2f} MB"


# --- Reader side ---------------------------------------------------------------------------------


def full_pages(site: Path, code: str, default: bool, codes: set[str]) -> list[Path]:
    root = site if default else site / code
    return sorted(
        page for page in root.rglob("*.html")
        if page.relative_to(root).parts[0] not in SKIP_FOLDERS | codes and page.name != "404.html"
    )


def download(site: Path, code: str, suffix: str, exclude: str = "") -> str:
    folder = site / "downloads"
    found = sorted(
        path for path in folder.glob(f"*{suffix}")
        if f"-{code}" in path.stem.replace("_", "-") and (not exclude or exclude not in path.name)
    ) if folder.is_dir() else []
    return mb(found[0].stat().st_size) if found else "n/a"


def reader_rows(site: Path) -> list[tuple[str, str]]:
    config = load_config(REPO / "mkdocs.yml")
    codes = {language.code for language in config.languages}
    rows = []
    for language in config.languages:
        full = weigh(full_pages(site, language.code, language.default, codes), site)
        lite = weigh(sorted((site / "lite" / language.code).rglob("*.html")), site)
        home = (site if language.default else site / language.code) / "index.html"
        index = (site if language.default else site / language.code) / "search" / "search_index.json"
        opening = sum(gzip_size(path.read_bytes()) for path in search_loads(home, index)) if home.is_file() else 0
        cells = [
            f"full {kb(full.median)} / {kb(full.maximum)}" if full else "full n/a",
            f"+ search {kb(opening)}" if opening else "+ search n/a",
            f"lite {kb(lite.median)} / {kb(lite.maximum)}" if lite else "lite n/a",
            f"PDF {download(site, language.code, '.pdf', 'booklet')}",
            f"zip {download(site, language.code, '.zip')}",
        ]
        rows.append((f"{language.code}: page first load, gzip, median / max; opening search; downloads", " · ".join(cells)))
        rows.append((f"{language.code}: handouts, largest HTML gzip (budget 15 KB); largest poster", handout_cell(site, language.code)))
    return rows


def epub_rows(site: Path) -> list[tuple[str, str]]:
    """Each language's EPUB, and what of it is embedded fonts (only for the scripts `epub_font_scripts` names)."""
    from handbook.editions.epub import EpubEdition, font_bytes

    config = load_config(REPO / "mkdocs.yml")
    rows = []
    for language in config.languages:
        path = site / "downloads" / EpubEdition().file_name(language)
        if not path.is_file():
            rows.append((f"{language.code}: EPUB (of which embedded fonts)", "n/a"))
            continue
        fonts = font_bytes(path)
        embedded = f"{mb(fonts)} {language.script}" if fonts else f"none, {language.script}"
        rows.append((f"{language.code}: EPUB (of which embedded fonts)", f"{mb(path.stat().st_size)} ({embedded})"))
    return rows


def handout_cell(site: Path, code: str) -> str:
    folder = site / "downloads"
    pages = sorted(folder.glob(f"handout-{code}-*.html")) if folder.is_dir() else []
    posters = sorted(folder.glob(f"poster-{code}-*.pdf")) if folder.is_dir() else []
    if not pages:
        return "n/a"
    largest = max(gzip_size(path.read_bytes()) for path in pages)
    poster = max((path.stat().st_size for path in posters), default=0)
    return f"{len(pages)} handouts · HTML {kb(largest)} · poster {kb(poster) if poster else 'n/a'}"


# --- Builds ----------------------------------------------------------------------------------------


def copy_project(target: Path) -> Path:
    return copy_inputs(REPO, target)


def timed_build(config_file: Path, force: bool = False) -> float:
    from handbook.build import build

    start = time.perf_counter()
    build(load_config(config_file), force=force)
    return time.perf_counter() - start


def edit_one_catalog(root: Path, code: str = "bn") -> Path:
    """A translator's edit: one reviewed entry of one page changes its wording."""
    from handbook.translation.catalog import load_catalog, save_catalog

    catalogs = Catalogs(load_config(root / "mkdocs.yml"))
    path = catalogs.page(code, catalogs.pages()[0])
    catalog = load_catalog(path)
    entry = next(entry for entry in catalog.po if entry.msgstr and not entry.obsolete)
    entry.msgstr = f"{entry.msgstr} {entry.msgstr}"  # new wording; review counts stay the same
    save_catalog(catalog)
    return path


# Languages the handbook does not ship, tried in order for the "one more language" row.
CANDIDATE_LANGUAGES = ("am", "ur", "km", "ta", "ru", "ha")


def one_more_language(config_file: Path, full: float) -> tuple[str, str]:
    """`handbook add-language` and the build after it: what one more language costs a maintainer.

    The new language's catalogs are the empty ones `extract` starts (pages in English), which is
    what a build costs in pages, PDFs, ZIM and zip whatever the translation.
    """
    from handbook.addlang import add_language

    configured = {language.code for language in load_config(config_file).languages}
    code = next(code for code in CANDIDATE_LANGUAGES if code not in configured)
    start = time.perf_counter()
    add_language(config_file, code)
    extract = time.perf_counter() - start
    build = timed_build(config_file)
    return (f"one more language ({code}): add-language (extract), then the build",
            f"{extract:.1f} s + {build:.1f} s ({100 * build / full:.0f} % of the full build)")


def build_rows(work: Path, config_file: Path | None = None) -> list[tuple[str, str]]:
    config_file = config_file or copy_project(work / "project")
    root = config_file.parent
    full = timed_build(config_file, force=True)
    noop = timed_build(config_file)
    edited = edit_one_catalog(root, load_config(config_file).translated_languages[0].code)
    one = timed_build(config_file)
    return [
        ("full build (every language, cold caches)", f"{full:.1f} s"),
        ("rebuild, nothing changed", f"{noop:.2f} s ({100 * noop / full:.1f} % of full)"),
        (f"rebuild after editing one PO file ({edited.relative_to(root).as_posix()})",
         f"{one:.1f} s ({100 * one / full:.0f} % of full)"),
        one_more_language(config_file, full),
    ]


# --- Machine translation -----------------------------------------------------------------------------


def _argos_environment(root: Path) -> None:
    """Isolate argostranslate in `root`; must run before argostranslate is first imported."""
    for name, value in {
        "XDG_DATA_HOME": root / "data", "XDG_CONFIG_HOME": root / "config", "XDG_CACHE_HOME": root / "cache",
        "ARGOS_PACKAGES_DIR": root / "packages", "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/", "ARGOS_DEBUG": "0",
    }.items():
        os.environ[name] = str(value)


def _tiny_model_builder():
    """The tests' tiny Argos package builder, with the end-of-sentence token made a sure winner.

    Its random weights otherwise never end a sentence: every output runs to the engine's length
    cap, set per batch by the longest sentence, and the timing would measure only that quirk.
    Ending at once leaves what batching is for: the cost of each call to the model.
    """
    spec = importlib.util.spec_from_file_location("handbook_test_conftest", REPO / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    random_transformer = module._random_transformer

    def ending_transformer(vocabulary: list[str], seed: int = 0):
        transformer = random_transformer(vocabulary, seed)
        transformer.decoder.projection.bias[vocabulary.index("</s>")] = 50.0
        return transformer

    module._random_transformer = ending_transformer
    return module.build_argos_package


class Counting:
    """An engine wrapper that counts calls to the model."""

    def __init__(self, engine) -> None:
        self.engine, self.calls = engine, 0
        self.name, self.model_id = engine.name, engine.model_id

    def translate_batch(self, texts: list[str]) -> list[str]:
        self.calls += 1
        return self.engine.translate_batch(texts)


class RegexSentences:
    """argostranslate's sentence splitter, swapped for the engine's regex (MiniSBD downloads a model)."""

    def split_sentences(self, text: str) -> list[str]:
        from handbook.translation.mt import _Line

        return [sentence for line in text.split("\n") for sentence in _Line.split(line).sentences] or [text]


def best_of(runs: int, measure) -> float:
    """The fastest of `runs` timings: the least disturbed by whatever else the machine is doing."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        measure()
        timings.append(time.perf_counter() - start)
    return min(timings)


def mt_rows(work: Path, runs: int = 3) -> list[tuple[str, str]]:
    if importlib.util.find_spec("argostranslate") is None:
        return [("machine translation", "n/a (pip install .[mt])")]
    _argos_environment(work / "argos")
    import argostranslate.package
    import argostranslate.translate

    from handbook.translation.catalog import parse_po
    from handbook.translation.mt import TranslationCache, load_argos_engine, protect, translate_units

    # argostranslate logs every call at INFO on its own logger; printing that is not translating.
    logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)
    archive = _tiny_model_builder()(work, "en", "bn")
    argostranslate.package.install_from_path(archive)
    engine = load_argos_engine("en", "bn")
    units = list(dict.fromkeys(
        entry.msgid for catalogs in [Catalogs(load_config(REPO / "mkdocs.yml"))]
        for pot in map(catalogs.template, catalogs.pages())
        for entry in parse_po(pot) if entry.msgid
    ))
    sent = [protect(unit)[0] for unit in units]  # what the pipeline gives the model
    engine.translate_batch(units[:4])  # load the model before timing
    argos = argostranslate.translate.get_translation_from_codes("en", "bn")
    getattr(argos, "underlying", argos).sentencizer = RegexSentences()
    argos.translate(units[0])

    fresh = iter(range(runs))
    batched = best_of(runs, lambda: translate_units(engine, units, TranslationCache(work / f"cache-{next(fresh)}.json")))
    per_call = best_of(runs, lambda: [engine.translate_batch([text]) for text in sent])
    per_translate = best_of(runs, lambda: [argostranslate.translate.translate(text, "en", "bn") for text in sent])

    label = f"MT, {len(units)} units, tiny model, best of {runs}"
    rows = [
        (f"{label}: batched vs argostranslate translate() per unit",
         f"{batched:.2f} s vs {per_translate:.2f} s ({per_translate / batched:.1f}× faster batched)"),
        (f"{label}: batched vs one engine call per unit",
         f"{batched:.2f} s vs {per_call:.2f} s ({per_call / batched:.1f}× faster batched)"),
    ]

    cache = TranslationCache(work / "cache-rerun.json")
    translate_units(engine, units, cache)
    counting = Counting(engine)
    start = time.perf_counter()
    translate_units(counting, units, TranslationCache(work / "cache-rerun.json"))
    rerun = time.perf_counter() - start
    rows.append(("second pretranslation pass (all from the cache)", f"{rerun:.3f} s, {counting.calls} MT calls"))
    return rows


# --- Table ---------------------------------------------------------------------------------------------


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in rows)
    value_width = max(len(value) for _, value in rows)
    lines = [f"| {'measure'.ljust(width)} | {'value'.ljust(value_width)} |", f"|{'-' * (width + 2)}|{'-' * (value_width + 2)}|"]
    lines += [f"| {name.ljust(width)} | {value.ljust(value_width)} |" for name, value in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=None, help="measure this built site (default: the temporary build)")
    parser.add_argument("--skip-build", action="store_true", help="no build timings (needs --site or site/)")
    parser.add_argument("--skip-mt", action="store_true", help="no machine-translation timings")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    for noisy in ("mkdocs", "jieba", "weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as temporary:
        work = Path(temporary)
        if not args.skip_build:
            print("building in a temporary copy of the project (full, no-op, one PO edit)...", file=sys.stderr)
            rows += build_rows(work)
        site = args.site or (work / "project" / "site" if not args.skip_build else REPO / "site")
        if not site.is_dir():
            print(f"bench: no built site at {site}", file=sys.stderr)
            return 1
        rows = reader_rows(site) + epub_rows(site) + rows
        if not args.skip_mt:
            print("timing machine translation with the tiny test model...", file=sys.stderr)
            rows += mt_rows(work)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
