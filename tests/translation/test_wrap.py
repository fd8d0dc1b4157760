"""One canonical PO wrapping: `handbook wrap` applies it, `wrap --check` names what is not in it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import REPO, copy_project

from handbook.__main__ import main
from handbook.translation.catalog import load_catalog, save_catalog
from handbook.config import load_config
from handbook.translation.extract import extract
from handbook.translation.catalogs import Catalogs

needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="gettext's msgcat is not installed")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def entries(path: Path) -> list[tuple]:
    return sorted((e.obsolete, e.msgctxt or "", e.msgid, e.msgstr, tuple(e.flags), e.previous_msgid or "")
                  for e in load_catalog(path).po)


def test_every_catalog_of_the_repository_is_in_the_canon(capsys: pytest.CaptureFixture[str]) -> None:
    """What the pull-request workflow runs: the catalogs as committed need no re-wrapping."""
    assert len(Catalogs(load_config(REPO / "mkdocs.yml")).files()) > 100
    assert main(["-f", str(REPO / "mkdocs.yml"), "wrap", "--check"]) == 0, capsys.readouterr().out


def _msgcat(*options: str):
    def rewrap(path: Path) -> None:
        subprocess.run(["msgcat", *options, str(path), "-o", str(path)], check=True)
    return rewrap


def _crlf(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def _bom(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


@needs_gettext
@pytest.mark.parametrize("editor", [_msgcat("--width=79"), _msgcat("--width=60"), _msgcat("--no-wrap"), _crlf, _bom],
                         ids=["msgcat-79", "msgcat-60", "msgcat-no-wrap", "crlf", "bom"])
@pytest.mark.parametrize("page", ["bn/index.po", "ar/illness/danger-signs.po", "zh/_site.po"])
def test_an_editors_rewrap_is_found_and_undone_byte_for_byte(
    project: Path, capsys: pytest.CaptureFixture[str], editor, page: str
) -> None:
    path = project.parent / "translations" / page
    original = path.read_bytes()
    before = entries(path)
    editor(path)
    assert path.read_bytes() != original
    command = ["-f", str(project), "wrap", "--lang", page.split("/")[0]]
    assert main([*command, "--check"]) == 1
    out = capsys.readouterr().out
    assert f"translations/{page}: not in the project's line wrapping" in out and "run `make wrap`" in out
    assert path.read_bytes() != original  # --check changes nothing
    assert main(command) == 0
    assert path.read_bytes() == original and entries(path) == before
    assert main([*command, "--check"]) == 0


def test_wrap_check_can_be_limited_to_a_language(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project.parent / "translations" / "bn" / "index.po"
    _crlf(path)
    assert main(["-f", str(project), "wrap", "--check", "--lang", "fr"]) == 0
    assert main(["-f", str(project), "wrap", "--check", "--lang", "bn"]) == 1
    assert "translations/bn/index.po" in capsys.readouterr().out


def test_extract_keeps_untouched_entries_and_writes_changed_ones_in_the_canon(project: Path) -> None:
    """After an English edit, `extract` leaves untouched entries as they were and the catalogs stay canonical."""
    config = load_config(project)
    catalogs = {path: path.read_bytes() for path in Catalogs(config).files()}
    page = project.parent / "docs" / "en" / "index.md"
    text = page.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if len(line) > 40 and line[0].isalpha())
    page.write_text(text.replace(first, first + " A sentence added for the test, long enough to be wrapped "
                                 "over more than one line of the catalog."), encoding="utf-8")
    extract(config)
    changed = [path for path, data in catalogs.items() if path.read_bytes() != data]
    assert any(path.name == "index.po" for path in changed)
    assert all(path.name in ("index.po", "index.pot") for path in changed)
    assert main(["-f", str(project), "wrap", "--check"]) == 0


def test_a_saved_catalog_is_in_the_canon(project: Path) -> None:
    path = project.parent / "translations" / "hi" / "index.po"
    catalog = load_catalog(path)
    entry = next(entry for entry in catalog.po if entry.msgstr and len(entry.msgstr) > 80)
    entry.msgstr = entry.msgstr + " " + entry.msgstr
    assert save_catalog(catalog)
    assert main(["-f", str(project), "wrap", "--check", "--lang", "hi"]) == 0


def test_a_catalog_extract_creates_is_in_the_canon(project: Path) -> None:
    path = project.parent / "translations" / "fr" / "index.po"
    path.unlink()
    extract(load_config(project))
    assert path.is_file()
    assert main(["-f", str(project), "wrap", "--check", "--lang", "fr"]) == 0
