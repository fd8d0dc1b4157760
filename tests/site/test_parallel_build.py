"""Languages are staged and built in parallel processes; the web root is the same as one process makes.

Each language's build is kept by a hash of what it reads: an edited catalog rebuilds its language only.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

from helpers import two_language_project

from handbook.build import stage_all
from handbook.translation.catalog import load_catalog
from handbook.config import load_config
from handbook.translation.catalogs import Catalogs
from handbook.site.mkdocs_build import run_mkdocs
from handbook.site.stage import staged_root

# Written by the last language built in one process, by the source language's build in parallel.
DIFFERENT_BY_DESIGN = {"sitemap.xml", "sitemap.xml.gz"}


def _tree(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def _differences(left: Path, right: Path) -> list[str]:
    files = _tree(left)
    assert files == _tree(right), sorted(files ^ _tree(right))
    _, mismatch, errors = filecmp.cmpfiles(left, right, sorted(files), shallow=False)
    return sorted(set(mismatch + errors) - DIFFERENT_BY_DESIGN)


def _search_docs(site: Path) -> dict[str, dict]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return {doc["location"]: doc for doc in docs}


def test_parallel_staging_and_build_match_one_process(tmp_path: Path) -> None:
    config = load_config(two_language_project(tmp_path / "project"))
    stage_all(config, workers=1)
    one_stage = tmp_path / "staged-one"
    staged_root(config).rename(one_stage)
    stage_all(config, workers=2)
    assert _differences(one_stage, staged_root(config)) == []

    one, parallel = tmp_path / "site-one", tmp_path / "site-parallel"
    one.mkdir()
    parallel.mkdir()
    run_mkdocs(config, staged_root(config), one, per_language=False)
    assert run_mkdocs(config, staged_root(config), parallel, workers=2) == {"built": ["en", "fr"], "reused": []}
    assert (parallel / "fr" / "protect" / "masks.html").is_file()
    assert '<html lang="en"' in (parallel / "404.html").read_text(encoding="utf-8")
    differences = _differences(one, parallel)
    assert differences in ([], ["search/search_index.js", "search/search_index.json"]), differences
    assert _search_docs(one) == _search_docs(parallel), "the merged search index lost or changed entries"
    assert not [path for path in tmp_path.iterdir() if path.name.startswith("mkdocs-")], "scratch builds left behind"


def test_an_edited_catalog_rebuilds_its_language_only(tmp_path: Path) -> None:
    config = load_config(two_language_project(tmp_path / "project"))
    stage_all(config)
    first = tmp_path / "first"
    first.mkdir()
    assert run_mkdocs(config, staged_root(config), first)["built"] == ["en", "fr"]

    catalog = Catalogs(config).page("fr", Path("protect/masks.md"))
    entry = next(entry for entry in load_catalog(catalog).po if entry.msgstr and not entry.msgid.startswith("#"))
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace(f'msgstr "{entry.msgstr}"', f'msgstr "{entry.msgstr} (modifié)"', 1), encoding="utf-8")
    assert text != catalog.read_text(encoding="utf-8"), "the test did not manage to edit the catalog"
    stage_all(config)
    second = tmp_path / "second"
    second.mkdir()
    assert run_mkdocs(config, staged_root(config), second) == {"built": ["fr"], "reused": ["en"]}
    assert "(modifié)" in (second / "fr" / "protect" / "masks.html").read_text(encoding="utf-8")
    third = tmp_path / "third"
    third.mkdir()
    assert run_mkdocs(config, staged_root(config), third) == {"built": [], "reused": ["en", "fr"]}
    assert _differences(second, third) == [], "a site put together from the cache differs from the one built"

    reference = tmp_path / "reference"
    reference.mkdir()
    run_mkdocs(config, staged_root(config), reference, per_language=False)
    differences = _differences(reference, second)
    assert differences in ([], ["search/search_index.js", "search/search_index.json"]), differences
    assert _search_docs(reference) == _search_docs(second)
