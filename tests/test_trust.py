"""Nothing lost: failed builds keep the old site, writes are atomic, concurrent runs take turns."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from helpers import CORPUS, copy_project, hold_lock, needs_corpus, take_lock, wait_for

from handbook.__main__ import main
from handbook.translation.catalog import load_catalog, save_catalog
from handbook.fsutil import write_atomic


@pytest.mark.slow
def test_failed_build_leaves_the_previous_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_file = copy_project(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the site that is online now", encoding="utf-8")
    broken = tmp_path / "docs" / "en" / "protect" / "masks.md"
    broken.write_text(broken.read_text(encoding="utf-8") + "\nSee [nowhere](no-such-page.md).\n", encoding="utf-8")
    assert main(["-f", str(config_file), "build"]) == 1
    assert "no-such-page.md" in capsys.readouterr().err
    assert (site / "index.html").read_text(encoding="utf-8") == "the site that is online now"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".site")] == []


@needs_corpus
def test_interrupted_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "about.po"
    shutil.copyfile(CORPUS / "po-python-docs-fr" / "about.po", path)
    before = path.read_bytes()
    catalog = load_catalog(path)
    catalog.po[1].msgstr = "changed"

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        save_catalog(catalog)
    assert path.read_bytes() == before
    assert sorted(item.name for item in tmp_path.iterdir()) == ["about.po"]


def test_written_files_are_readable_by_a_web_server(tmp_path: Path) -> None:
    write_atomic(tmp_path / "page.html", "<p>hello</p>")
    assert (tmp_path / "page.html").stat().st_mode & 0o044 == 0o044


def test_a_second_run_waits_for_the_lock(tmp_path: Path) -> None:
    lock, log, ready, release = (str(tmp_path / name) for name in ("x.lock", "log", "ready", "release"))
    context = multiprocessing.get_context("spawn")
    first = context.Process(target=hold_lock, args=(lock, log, ready, release))
    first.start()
    assert wait_for(Path(ready)), "the first run never took the lock"
    second = context.Process(target=take_lock, args=(lock, log))
    second.start()
    second.join(timeout=2)
    assert second.is_alive(), "the second run did not wait for the lock"
    Path(release).touch()
    first.join()
    second.join()
    assert Path(log).read_text().splitlines() == ["first done", "second"]
