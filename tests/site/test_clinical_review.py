"""No page claims a clinical review that did not happen: without `clinical_review` a page says so."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import small_project

from handbook.__main__ import main
from handbook.errors import BuildError
from handbook.site.stage import check_clinical_review
from handbook.translation.ui import UI_STRINGS

NONE = UI_STRINGS["clinical.none"]
REVIEW = "clinical_review:\n  by: Dr A. Example\n  date: 2026-12-01\n"


def _pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.mark.slow
def test_unreviewed_pages_say_so_everywhere_and_a_named_review_replaces_it(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    config_file = str(project / "mkdocs.yml")
    assert main(["-q", "-f", config_file, "build"]) == 0
    site = project / "site"
    for page in ("index.html", "danger.html", "fr/danger.html", "lite/en/danger.html", "lite/fr/danger.html"):
        assert NONE in (site / page).read_text(encoding="utf-8"), page
    # Generated pages (downloads, translation status) have no medical content and no notice.
    assert NONE not in (site / "downloads.html").read_text(encoding="utf-8")
    assert " ".join(NONE.split()[:6]) in " ".join(_pdf_text(site / "downloads" / "handbook-en.pdf").split())

    danger = project / "docs" / "en" / "danger.md"
    danger.write_text(danger.read_text(encoding="utf-8").replace("last_reviewed:", REVIEW + "last_reviewed:", 1),
                      encoding="utf-8")
    assert main(["-q", "-f", config_file, "build"]) == 0
    for page in ("danger.html", "fr/danger.html", "lite/en/danger.html"):
        text = (site / page).read_text(encoding="utf-8")
        assert NONE not in text and "Dr A. Example, 2026-12-01" in text, page
    assert NONE in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("front_matter", [
    "clinical_review: yes\n",
    "clinical_review:\n  date: 2026-12-01\n",
    "clinical_review:\n  by: ''\n  date: 2026-12-01\n",
    "clinical_review:\n  by: Dr A. Example\n",
    "clinical_review:\n  by: Dr A. Example\n  date: soon\n",
    f"clinical_review:\n  by: Dr A. Example\n  date: {datetime.date.today() + datetime.timedelta(days=2)}\n",
])
def test_a_malformed_clinical_review_stops_the_build_at_its_line(front_matter: str) -> None:
    text = f"---\ntitle: Danger signs\n{front_matter}last_reviewed: 2026-11-25\n---\n\n# Danger signs\n"
    with pytest.raises(BuildError) as caught:
        check_clinical_review(text, Path("docs/en/danger.md"))
    assert str(caught.value).startswith("docs/en/danger.md:3: clinical_review needs")


def test_a_named_and_dated_review_and_a_page_without_one_pass() -> None:
    check_clinical_review(f"---\ntitle: T\n{REVIEW}---\n\n# T\n", Path("a.md"))
    check_clinical_review("---\ntitle: T\nlast_reviewed: 2026-11-25\n---\n\n# T\n", Path("a.md"))
