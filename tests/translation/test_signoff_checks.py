"""`handbook check` on sign-offs: each malformed case is an error (or a warning) at its catalog line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import set_translations, small_project

from handbook.__main__ import main
from handbook.translation.checks.po_file import check_catalog
from handbook.translation.critical import Criticality

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'  # lines 1-4
PAGE = "# Care\n\nRest at home.\n\n!!! danger\n    Call 112 now.\n"


def _check(tmp_path: Path, body: str) -> list[tuple[int, str, str]]:
    path = tmp_path / "care.po"
    path.write_text(HEADER + body, encoding="utf-8")
    criticality = Criticality.of_text(PAGE)
    return [(problem.line, problem.severity, problem.code)
            for problem in check_catalog(path, target_lang="fr", criticality=criticality)]


ENTRY = '#: docs/en/care.md:3\nmsgid "Rest at home."\nmsgstr "Reposez-vous chez vous."\n'
CRITICAL = '#: docs/en/care.md:6\nmsgid "Call 112 now."\nmsgstr "Appelez le 112 maintenant."\n'


def test_signed_units_pass(tmp_path: Path) -> None:
    assert _check(tmp_path, "# reviewed-by: Ana Lima 2026-01-15\n" + ENTRY + "\n"
                  "# reviewed-by: Ana Lima 2026-01-15\n# clinical-review: Dr. Karim 2026-01-16\n" + CRITICAL) == []


@pytest.mark.parametrize("line", [
    "Reviewed by: Ana 2026-01-15",  # another spelling
    "reviewed-by: Ana",  # no date
    "reviewed-by: 2026-01-15",  # no name
    "reviewed-by: Ana 2026-02-30",  # no such day
    "reviewed-by: Ana 15/01/2026",  # not an ISO date
    "reviewed-by: Ana 2999-01-01",  # in the future
    "clinical review: Dr. Karim 2026-01-16",  # another spelling of the other kind
])
def test_a_malformed_signoff_line_is_an_error_at_its_line(tmp_path: Path, line: str) -> None:
    problems = _check(tmp_path, "# reviewed-by: Ana Lima 2026-01-15\n# clinical-review: Dr. Karim 2026-01-16\n"
                      f"# {line}\n" + CRITICAL)
    assert problems == [(7, "error", "signoff-malformed")]


def test_a_unit_not_fuzzy_without_reviewed_by_is_an_error(tmp_path: Path) -> None:
    assert _check(tmp_path, ENTRY) == [(5, "error", "signoff-missing")]
    # a malformed line does not count as the sign-off either: both are reported
    assert _check(tmp_path, "# reviewed by Ana 2026-01-15\n" + ENTRY) == [
        (5, "error", "signoff-malformed"), (5, "error", "signoff-missing")]
    # a fuzzy draft needs no sign-off, and an empty entry neither
    assert _check(tmp_path, "#, fuzzy\n" + ENTRY) == []
    assert _check(tmp_path, '#: docs/en/care.md:3\nmsgid "Rest at home."\nmsgstr ""\n') == []


def test_a_clinical_review_of_a_unit_that_is_not_critical_is_an_error(tmp_path: Path) -> None:
    problems = _check(tmp_path, "# reviewed-by: Ana Lima 2026-01-15\n# clinical-review: Dr. Karim 2026-01-16\n" + ENTRY)
    assert problems == [(6, "error", "clinical-review-not-critical")]


def test_a_signoff_on_a_draft_is_a_warning(tmp_path: Path) -> None:
    assert _check(tmp_path, "# reviewed-by: Ana Lima 2026-01-15\n#, fuzzy\n" + ENTRY) == [(5, "warning", "signoff-on-draft")]


def test_check_fails_naming_file_and_line_and_an_unknown_critical_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = small_project(tmp_path)
    config_file = str(project / "mkdocs.yml")
    set_translations(project, {"Hand hygiene": ("হাতের পরিচ্ছন্নতা", False)})
    assert main(["-f", config_file, "check", "--lang", "bn"]) == 1
    path = project / "translations" / "bn" / "index.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = [number for number, text in enumerate(lines, start=1) if text == 'msgid "Hand hygiene"']
    out = capsys.readouterr().out
    assert len(first) == 2 and all(
        any(f"{path}:{line}: error:" in row and "[signoff-missing]" in row for line in range(number - 4, number + 1)
            for row in out.splitlines()) for number in first)
    set_translations(project, {"Hand hygiene": ("হাতের পরিচ্ছন্নতা", False)}, reviewed_by="Ana")
    assert main(["-f", config_file, "check", "--lang", "bn"]) == 0
    capsys.readouterr()

    page = project / "docs" / "en" / "danger.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "last_reviewed:", "critical_sections:\n  - Danger signs\n  - Dangr signs\nlast_reviewed:"), encoding="utf-8")
    assert main(["-f", config_file, "check", "--lang", "bn"]) == 1
    assert f"{page}:5: error: critical_sections names 'Dangr signs'" in capsys.readouterr().out
