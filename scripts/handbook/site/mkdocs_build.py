"""Build the web root with MkDocs from the staged tree, into a temporary folder swapped in on success."""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from handbook.site.cache import language_site_digest
from handbook.site.english_units import EnglishUnitsExtension
from handbook.config import HandbookConfig
from handbook.errors import BuildError
from handbook.fsutil import swap_directory, write_atomic
from handbook.processes import run_in_processes
from handbook.translation.supply_form import request_links
from handbook.translation.ui import interface_partials, site_strings

SITE_HOOK = Path(__file__).with_name("hooks.py")

log = logging.getLogger("handbook")


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say what failed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def apply_site_strings(config: HandbookConfig, mkdocs_config) -> None:
    """Give each language of mkdocs-static-i18n its translated interface, nav sections and site name."""
    for language in mkdocs_config.plugins["i18n"].config.languages:
        strings = site_strings(config, None if language.default else language.locale, config.review_policy)
        language["extra"] = {"ui": strings.ui, "supply": request_links(strings.form, config.supply_request_sms,
                                                                        config.supply_request_email)}
        language["nav_translations"] = strings.nav
        language["site_name"] = strings.site_name
        language["site_description"] = strings.site_description


class _FreshEachRead(list):
    """A list MkDocs gets a new copy of each time it reads it: `mkdocs serve` loads the configuration
    again for every rebuild with the same override values, and plugins change the entries they got."""

    def __iter__(self):
        return iter(copy.deepcopy(list.copy(self)))


def mkdocs_overrides(config: HandbookConfig) -> dict:
    """What MkDocs must read differently from `mkdocs.yml`: every language of the i18n plugin with a
    `name:` (mkdocs-static-i18n requires one; the handbook takes the language's own name from CLDR)."""
    import yaml

    from handbook.config import MkDocsYamlLoader, i18n_options

    plugins = (yaml.load(config.config_file.read_text(encoding="utf-8"), Loader=MkDocsYamlLoader) or {}).get("plugins") or []
    _, i18n = i18n_options(plugins)
    names = {language.code: language.name for language in config.languages}
    for entry in i18n.get("languages") or []:
        if isinstance(entry, dict) and not entry.get("name"):
            entry["name"] = names.get(str(entry.get("locale")), str(entry.get("locale")))
    return {"plugins": _FreshEachRead(plugins)}


def prepare_mkdocs_config(config: HandbookConfig, mkdocs_config) -> None:
    """What MkDocs needs from the handbook beyond mkdocs.yml: translated strings, no word cutting,
    English text on translated pages marked as English (`english_units`).

    Material's search plugin cuts every Han run with jieba in every language, which loads jieba's
    dictionary (and prints four lines) in each language's build and cuts Japanese as if it were
    Chinese: `search.split_search_index` cuts each language's index by its script instead.
    Used by the build and by `handbook serve`, so the preview is the same site.
    """
    from material.plugins.search import plugin as material_search

    apply_site_strings(config, mkdocs_config)
    material_search.jieba = None
    # English shown on a translated page says so (`english_units`).
    extensions = mkdocs_config.markdown_extensions
    if not any(isinstance(extension, EnglishUnitsExtension) for extension in extensions):
        source = config.source_language
        extensions.append(EnglishUnitsExtension(source.code, source.direction))
    # Material's interface for the languages it ships no strings for: after overrides/, before Material.
    partials = str(interface_partials(config))
    dirs = mkdocs_config.theme.dirs
    if partials not in dirs:
        dirs.insert(1 if config.overrides_dir.is_dir() else 0, partials)


def _mkdocs_build(config: HandbookConfig, staged_dir: Path, site_dir: Path, only: str | None = None) -> None:
    """One MkDocs build: every language in turn (mkdocs-static-i18n), or `only` that one.

    For one language, the i18n plugin is told it is already building that language: it then
    writes that language alone, with every language still in its switcher and alternates.
    """
    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        mkdocs_config = load_config(
            config_file=str(config.config_file), docs_dir=str(staged_dir), site_dir=str(site_dir),
            hooks=[str(SITE_HOOK)], **mkdocs_overrides(config),
        )
        prepare_mkdocs_config(config, mkdocs_config)
        if only is not None:
            i18n = mkdocs_config.plugins["i18n"]
            i18n.current_language, i18n.building = only, True
        build(mkdocs_config)
    except (MkDocsException, jinja2.TemplateError, OSError) as error:
        details = "\n".join(f"  {message}" for message in collector.messages)
        raise BuildError(f"MkDocs failed: {error}\n{details}".rstrip(), config.config_file) from error
    finally:
        logger.removeHandler(collector)


def _merge_language_builds(config: HandbookConfig, parts: dict[str, Path], site_dir: Path) -> None:
    """One web root from one build per language.

    The source language's build is the root (its 404 page and sitemap, which lists every
    language's alternates); each other language brings its own folder, any root file the root
    lacks, and its entries for the search index, which `search.split_search_index` splits again.
    """
    source = config.source_language.code
    for item in parts[source].iterdir():
        item.rename(site_dir / item.name)
    index_path = site_dir / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.is_file() else None
    for code, part in parts.items():
        if code == source:
            continue
        (part / code).rename(site_dir / code)
        for path in sorted(part.rglob("*")):
            target = site_dir / path.relative_to(part)
            if path.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                path.rename(target)
        own_index = part / "search" / "search_index.json"
        if index is not None and own_index.is_file():
            index["docs"] += json.loads(own_index.read_text(encoding="utf-8"))["docs"]
    if index is not None:
        write_atomic(index_path, json.dumps(index, ensure_ascii=False, separators=(",", ":")))


def _cached_part(cache: Path, code: str, key: str) -> Path:
    return cache / f"{code}-{key}"


def _keep_part(cache: Path, code: str, key: str, part: Path, whole: bool) -> None:
    """Copy a freshly built language into the cache (all of it or nothing), dropping its older builds.

    Only the source language's build is kept whole; of the others, what the merge takes from them:
    their folder and their search entries (their root files are the same as the source's).
    """
    final = _cached_part(cache, code, key)
    partial = cache / f".{final.name}.part"
    shutil.rmtree(partial, ignore_errors=True)
    if whole:
        shutil.copytree(part, partial)
    else:
        shutil.copytree(part / code, partial / code)
        index = part / "search" / "search_index.json"
        if index.is_file():
            (partial / "search").mkdir()
            shutil.copyfile(index, partial / "search" / index.name)
    partial.rename(final)
    for old in cache.glob(f"{code}-*"):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)


def run_mkdocs(config: HandbookConfig, staged_dir: Path, site_dir: Path, workers: int | None = None,
               per_language: bool = True) -> dict[str, list[str]]:
    """Build the web root of every language with MkDocs; returns which languages were built or reused.

    Each language is built in a process of its own (a fresh one each time, so nothing carries over
    from one language to the next), as many at once as there are cores, and kept in
    `build/cache/mkdocs/` under a hash of what it reads (`buildcache.language_site_digest`): after
    one catalog is edited, only that language is built again. `per_language=False` is one MkDocs
    run building the languages in turn, as mkdocs-static-i18n does by itself.
    """
    interface_partials(config, warn=True)
    if not per_language or len(config.languages) < 2:
        _mkdocs_build(config, staged_dir, site_dir)
        return {"built": [language.code for language in config.languages], "reused": []}
    cache = config.build_dir / "cache" / "mkdocs"
    cache.mkdir(parents=True, exist_ok=True)
    keys = {language.code: language_site_digest(config, staged_dir, language.code) for language in config.languages}
    todo = [code for code, key in keys.items() if not _cached_part(cache, code, key).is_dir()]
    with tempfile.TemporaryDirectory(prefix="mkdocs-", dir=site_dir.parent) as scratch:
        parts = {code: Path(scratch) / code for code in keys}
        run_in_processes("the site", [
            (code, _mkdocs_build, (config, staged_dir, parts[code], code)) for code in todo
        ], workers, fresh=True)
        for code in todo:
            _keep_part(cache, code, keys[code], parts[code], whole=code == config.source_language.code)
        for code, key in keys.items():
            if code not in todo:
                shutil.copytree(_cached_part(cache, code, key), parts[code])
        _merge_language_builds(config, parts, site_dir)
    reused = [code for code in keys if code not in todo]
    log.info("site: %d language(s) built, %d reused from %s", len(todo), len(reused), cache)
    return {"built": todo, "reused": reused}


@contextlib.contextmanager
def fresh_site(config: HandbookConfig) -> Iterator[Path]:
    """A new folder beside `site/` to build into; swapped in only when the block succeeds.

    A failed build, or one interrupted at any point, leaves the previous `site/` as it was.
    """
    config.site_dir.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{config.site_dir.name}.new-", dir=config.site_dir.parent))
    new.chmod(0o755)  # mkdtemp makes 0700; a web server must be able to read the site
    try:
        yield new
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    swap_directory(new, config.site_dir)
