"""Languages are staged and built in parallel processes; the web root is the same as one process makes."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

from helpers import two_language_project

from handbook.build import stage_all
from handbook.config import load_config
from handbook.site import run_mkdocs
from handbook.stage import staged_root

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
    run_mkdocs(config, staged_root(config), one, workers=1)
    run_mkdocs(config, staged_root(config), parallel, workers=2)
    assert (parallel / "fr" / "protect" / "masks.html").is_file()
    assert '<html lang="en"' in (parallel / "404.html").read_text(encoding="utf-8")
    differences = _differences(one, parallel)
    assert differences in ([], ["search/search_index.js", "search/search_index.json"]), differences
    assert _search_docs(one) == _search_docs(parallel), "the merged search index lost or changed entries"
    assert not [path for path in tmp_path.iterdir() if path.name.startswith("mkdocs-")], "scratch builds left behind"
