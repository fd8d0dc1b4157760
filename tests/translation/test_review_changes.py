"""`handbook review-changes --base REF`, in a temporary git repository: state changes and new sign-offs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import set_translations, small_project

from handbook.__main__ import main
from handbook.config import load_config
from handbook.errors import HandbookError
from handbook.translation.review_changes import changes

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(root: Path, *arguments: str) -> str:
    environment = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                   "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
                   "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["git", *arguments], cwd=root, env=environment, check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    project = small_project(tmp_path)
    set_translations(project, {"Soap and water": ("সাবান ও পানি", True), "Seek care now": ("এখনই চিকিৎসা নিন", True)})
    (project / "translations" / "bn" / "danger.po").unlink()  # added by the pull request
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    return project


def test_lists_state_changes_and_new_signoffs(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = _git(repository, "rev-parse", "HEAD")
    set_translations(repository, {"Soap and water": ("সাবান ও পানি", False)}, reviewed_by="Ana")
    set_translations(repository, {"Seek care now": ("এখনই চিকিৎসা নিন", False)}, reviewed_by="Ana",
                     clinical_review="Dr. Karim")
    main(["-q", "-f", str(repository / "mkdocs.yml"), "extract"])  # writes bn/danger.po again: all untranslated
    set_translations(repository, {"Danger signs": ("বিপদের লক্ষণ", True)}, page="danger.po")
    _git(repository, "commit", "-q", "-am", "review")  # danger.po stays untracked: compared all the same

    found = changes(load_config(repository / "mkdocs.yml"), base, ["bn"])
    summary = [(change.catalog, change.context, change.english, change.before, change.after, change.signed)
               for change in found]
    assert summary == [  # pages in order, units in their catalog's order
        ("translations/bn/danger.po", "title", "Danger signs", "untranslated", "human-draft", ()),
        ("translations/bn/danger.po", "", "Danger signs", "untranslated", "human-draft", ()),
        ("translations/bn/index.po", "", "Seek care now", "human-draft", "clinically-reviewed",
         ("clinical-review: Dr. Karim 2026-01-15", "reviewed-by: Ana 2026-01-15")),
        ("translations/bn/index.po", "", "Soap and water", "human-draft", "reviewed", ("reviewed-by: Ana 2026-01-15",)),
    ]
    lines = (repository / "translations" / "bn" / "index.po").read_text(encoding="utf-8").splitlines()
    soap = next(change for change in found if change.english == "Soap and water")
    assert lines[soap.line - 1].startswith("#")  # the entry's first line

    assert main(["-f", str(repository / "mkdocs.yml"), "review-changes", "--base", base, "--lang", "bn"]) == 0
    comment = capsys.readouterr().out
    assert "**translations/bn/index.po**" in comment and "**translations/bn/danger.po**" in comment
    assert "`Soap and water`: Human draft → Reviewed, signed `reviewed-by: Ana 2026-01-15`" in comment
    assert "`Seek care now`: Human draft → Clinically reviewed, signed `clinical-review: Dr. Karim 2026-01-15`" in comment
    assert main(["-f", str(repository / "mkdocs.yml"), "review-changes", "--base", "HEAD", "--json", "--lang", "bn"]) == 0
    listed = json.loads(capsys.readouterr().out)["changes"]  # since the last commit: the untracked catalog
    assert [(change["context"], change["english"], change["before"], change["after"]) for change in listed] == [
        ("title", "Danger signs", "untranslated", "human-draft"), ("", "Danger signs", "untranslated", "human-draft")]


def test_nothing_changed_says_so_and_an_unknown_ref_is_an_error(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / "translations" / "bn" / "danger.po").unlink(missing_ok=True)
    assert main(["-f", str(repository / "mkdocs.yml"), "review-changes", "--base", "HEAD"]) == 0
    assert capsys.readouterr().out == "No unit changed review state.\n"
    with pytest.raises(HandbookError, match="no commit of this repository"):
        changes(load_config(repository / "mkdocs.yml"), "no-such-branch")
    with pytest.raises(HandbookError, match="no commit"):
        changes(load_config(repository / "mkdocs.yml"), "--output=/tmp/x")
