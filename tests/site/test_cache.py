"""An unchanged rebuild does nothing; any changed input makes a real build."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from handbook.__main__ import main
from handbook.site.cache import input_digest, is_up_to_date, record
from handbook.config import load_config
from handbook.translation.catalogs import Catalogs


@pytest.mark.slow
def test_unchanged_rebuild_is_skipped(built_project: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = built_project / "site"
    marker = site / "index.html"
    before = marker.stat().st_mtime_ns
    with caplog.at_level(logging.INFO, logger="handbook"):
        assert main(["-f", str(built_project / "mkdocs.yml"), "build"]) == 0
    assert "site is up to date" in caplog.text
    assert "building the site" not in caplog.text
    assert marker.stat().st_mtime_ns == before, "the site was rewritten"


def test_any_input_change_invalidates_the_cache(tmp_path: Path) -> None:
    from helpers import copy_project

    config = load_config(copy_project(tmp_path / "project"))
    config.site_dir.mkdir()
    digest = input_digest(config)
    assert input_digest(config) == digest, "the digest is stable"
    record(config, digest)
    assert is_up_to_date(config, digest)

    catalog = Catalogs(config).of_language("bn")[0]
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert input_digest(config) != digest, "a changed PO file is an input"
    template = config.root / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not is_up_to_date(config, input_digest(config))

    moved = dataclasses.replace(config, site_dir=tmp_path / "elsewhere")
    assert not is_up_to_date(moved, digest), "a site that is not there is never up to date"
