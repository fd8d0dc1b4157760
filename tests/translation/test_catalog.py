"""PO catalogs: written back unchanged, merged like msgmerge, and valid for gettext's own tools."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from helpers import CORPUS, needs_corpus

from handbook.translation.catalog import TemplateUnit, dump_catalog, load_catalog, merge, new_catalog, save_catalog
from handbook.errors import CatalogError

CORPUS_CATALOGS = sorted((CORPUS / "po-python-docs-fr").glob("*.po"))


def _unit(msgid: str, line: int = 1, context: str = "") -> TemplateUnit:
    return TemplateUnit(msgid, context, "paragraph", (("docs/en/page.md", str(line)),))


@needs_corpus
def test_corpus_is_there() -> None:
    assert len(CORPUS_CATALOGS) == 8


@pytest.mark.parametrize("path", CORPUS_CATALOGS, ids=lambda path: path.name)
def test_corpus_catalog_is_written_back_unchanged(path: Path) -> None:
    catalog = load_catalog(path)
    assert len(catalog.po) > 0
    assert dump_catalog(catalog) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CORPUS_CATALOGS, ids=lambda path: path.name)
def test_corpus_catalog_keeps_fuzzy_and_previous(path: Path) -> None:
    catalog = load_catalog(path)
    reparsed = polib.pofile(dump_catalog(catalog))
    assert [(entry.msgid, entry.msgstr, entry.fuzzy, entry.previous_msgid) for entry in reparsed] == [
        (entry.msgid, entry.msgstr, entry.fuzzy, entry.previous_msgid) for entry in catalog.po
    ]


@needs_corpus
def test_edited_entry_is_rewritten_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "glossary.po"
    shutil.copyfile(CORPUS / "po-python-docs-fr" / "glossary.po", path)
    catalog = load_catalog(path)
    fuzzy = next(entry for entry in catalog.po if entry.fuzzy)
    fuzzy.flags.remove("fuzzy")
    assert save_catalog(catalog)
    old_lines = (CORPUS / "po-python-docs-fr" / "glossary.po").read_text(encoding="utf-8").splitlines()
    new_lines = path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(old_lines, new_lines, n=0, lineterm="")
               if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))]
    # Only that entry moved: its fuzzy flag went, its text may be re-wrapped; nothing else changed.
    assert "-#, fuzzy" in changed
    assert len(changed) <= 2 * (len(str(fuzzy).splitlines()) + 1)
    reread = load_catalog(path)
    assert not next(entry for entry in reread.po if entry.msgid == fuzzy.msgid).fuzzy


def test_merge_new_changed_removed_kept(tmp_path: Path) -> None:
    catalog = new_catalog(tmp_path / "page.po", "fr", "Handbook")
    merge(catalog, [_unit("Wash your hands often."), _unit("Open the windows to let fresh air in."),
                    _unit("Keep at least 1 metre away from others.")])
    for entry, translation in zip(catalog.po, ["Lavez-vous souvent les mains.", "Ouvrez les fenêtres pour aérer.",
                                               "Restez à au moins 1 mètre des autres."]):
        entry.msgstr = translation
    counts = merge(catalog, [
        _unit("Wash your hands often.", line=3),
        _unit("Open the windows wide to let fresh air in.", line=5),
        _unit("A completely new sentence about vaccines.", line=7),
    ])
    assert counts == {"new": 1, "fuzzy": 1, "kept": 1, "obsolete": 1}
    by_id = {entry.msgid: entry for entry in catalog.po}
    kept = by_id["Wash your hands often."]
    assert kept.msgstr == "Lavez-vous souvent les mains." and not kept.fuzzy
    assert kept.occurrences == [("docs/en/page.md", "3")]
    changed = by_id["Open the windows wide to let fresh air in."]
    assert changed.fuzzy and changed.previous_msgid == "Open the windows to let fresh air in."
    assert changed.msgstr == "Ouvrez les fenêtres pour aérer."
    assert by_id["A completely new sentence about vaccines."].msgstr == ""
    removed = by_id["Keep at least 1 metre away from others."]
    assert removed.obsolete and removed.msgstr == "Restez à au moins 1 mètre des autres."


def test_merge_revives_an_obsolete_entry(tmp_path: Path) -> None:
    catalog = new_catalog(tmp_path / "page.po", "fr", "Handbook")
    merge(catalog, [_unit("Cover coughs and sneezes.")])
    catalog.po[0].msgstr = "Couvrez la toux et les éternuements."
    merge(catalog, [_unit("Something else entirely, nothing alike at all.")])
    merge(catalog, [_unit("Cover coughs and sneezes.")])
    entry = next(entry for entry in catalog.po if entry.msgid == "Cover coughs and sneezes.")
    assert not entry.obsolete and entry.msgstr == "Couvrez la toux et les éternuements." and not entry.fuzzy


def test_written_catalog_passes_msgfmt_check(tmp_path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt is missing: `make test` installs gettext")
    catalog = new_catalog(tmp_path / "page.po", "bn", "Handbook")
    merge(catalog, [_unit('He said "wash" \\ then\ttab', line=2), _unit("Second", context="title")])
    catalog.po[0].msgstr = "তিনি বললেন \"ধুয়ে নিন\" \\ তারপর\tট্যাব"
    catalog.po[0].flags.append("fuzzy")
    save_catalog(catalog)
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalog.path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@needs_corpus
def test_save_writes_nothing_when_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "about.po"
    shutil.copyfile(CORPUS / "po-python-docs-fr" / "about.po", path)
    assert save_catalog(load_catalog(path)) is False


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d\n', 5, "not a valid PO file"),
        (b'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr \n', 5, "not a valid PO file"),
        (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "\xe9t\xe9"\n', 5, "not valid UTF-8"),
        (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "a"\nmsgstr "b"\n', 1, "charset ISO-8859-1"),
    ],
    ids=["unterminated-string", "truncated", "not-utf8", "latin1-header"],
)
def test_broken_catalog_names_file_and_line(tmp_path: Path, content: bytes, line: int, message: str) -> None:
    path = tmp_path / "broken.po"
    path.write_bytes(content)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)
