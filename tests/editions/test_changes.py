"""The Changes pages and the PDF's "Changes in this edition", from a temporary git repository."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import set_translations, small_project

from handbook import git
from handbook.__main__ import main
from handbook.config import HandbookConfig, load_config
from handbook.editions.changes import PAGE, changes_markdown, histories, newest_changes, numbers_changed
from handbook.editions.history import (
    ADDED, CHANGED, REMOVED, HistoryReader, english_changes, language_history, translation_changes,
)
from handbook.editions.identity import blobs_at, commit_code, content_paths, edition_code
from handbook.editions.templates import render
from handbook.errors import ConfigError
from handbook.site.cache import input_digest
from handbook.translation.catalog import parse_po_bytes
from handbook.translation.ui import strings_for

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

WASH = "Wash your hands with soap and water for at least 40 seconds."
WASH_NOW = "Wash your hands well with soap and water for at least 20 seconds."
RUB = "Rub every part of both hands."
WASH_UNIT = f"{WASH} {RUB}"  # one paragraph of two lines: one unit
CARE = "Call a health worker if breathing is hard."


def _git(root: Path, *arguments: str, date: str = "2026-11-01T10:00:00Z") -> str:
    environment = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                   "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
                   "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["git", *arguments], cwd=root, env=environment, check=True,
                          capture_output=True, text=True).stdout.strip()


def _edit_english(project: Path, old: str, new: str) -> None:
    page = project / "docs" / "en" / "index.md"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")
    assert main(["-q", "-f", str(project / "mkdocs.yml"), "extract"]) == 0


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two editions: the first with a reviewed Bengali unit; the second edits an English unit (a
    number too) and that translation."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18: the date of uncommitted editions
    project = small_project(tmp_path)
    set_translations(project, {WASH_UNIT: ("সাবান ও পানি দিয়ে অন্তত ৪০ সেকেন্ড হাত ধুন। দুই হাতের সব জায়গা ঘষুন।", False),
                               CARE: ("শ্বাস নিতে কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।", False)}, reviewed_by="Ana")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "first edition")
    _edit_english(project, WASH, WASH_NOW)
    set_translations(project, {CARE: ("শ্বাস নিতে খুব কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।", False)}, reviewed_by="Ana")
    _git(project, "commit", "-q", "-am", "second edition", date="2026-11-20T10:00:00Z")
    return project


def _config(project: Path) -> HandbookConfig:
    return load_config(project / "mkdocs.yml")


def _page(config: HandbookConfig, code: str) -> str:
    language = config.language(code)
    return changes_markdown(config, language, strings_for(config, language).ui, histories(config)[code])


def _headings(markdown: str) -> list[str]:
    return re.findall(r"^## Edition (\S+) \{: #edition-\S+ \}$", markdown, re.M)


def test_editions_are_listed_newest_first_with_identitys_codes(repository: Path) -> None:
    config = _config(repository)
    for language in (config.source_language, config.language("bn")):
        prefix = ""
        expected = [str(commit_code(commit, blobs_at(config, language, commit.sha, prefix)))
                    for commit in git.commits_touching(repository, content_paths(config, language, prefix))]
        assert len(expected) == 2 and expected[0].startswith("2026-11-20.") and expected[1].startswith("2026-11-01.")
        assert _headings(_page(config, language.code)) == expected
        assert expected[0] == str(edition_code(config, language))  # what every output prints
    history = language_history(config, config.source_language, 10, 40)
    assert [edition.first for edition in history.editions] == [False, True]  # the oldest has nothing before it
    assert not history.more


def test_an_edited_english_unit_is_a_word_diff_with_its_numbers_flagged(repository: Path) -> None:
    english = _page(_config(repository), "en")
    newest = english.split("## Edition")[1]
    assert "Passages changed: 1" in newest
    assert '<a href="index.html">Hand hygiene</a>' in newest
    assert ('Wash your hands <ins><span class="hb-sr">inserted text: </span>well</ins> with soap and water for at least '
            '<del><span class="hb-sr">deleted text: </span>40</del> <ins><span class="hb-sr">inserted text: </span>20</ins>'
            ' seconds.') in newest
    assert "Numbers changed: 40 → 20" in newest
    assert "Review:" not in newest  # English is the source: it has no review state


def test_a_translation_shows_its_changed_units_with_their_review_state(repository: Path) -> None:
    bengali = _page(_config(repository), "bn").split("## Edition")[1]
    units = re.findall(r"<li .*?</li>", bengali)
    assert len(units) == 2, units
    english, translation = units
    assert "English, changed:" in english and "well</ins>" in english
    assert "Review: Outdated draft" in english  # the reviewed translation of the old English is now a draft
    assert "Translation, changed:" in translation and 'lang="bn"' in translation
    assert "<ins><span class=\"hb-sr\">inserted text: </span>খুব</ins>" in translation
    assert "Review: Reviewed" in translation
    assert "Numbers changed" not in translation


def test_a_changed_number_in_a_translation_is_flagged(repository: Path) -> None:
    set_translations(repository, {CARE: ("৫ মিনিট শ্বাস নিতে কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।", True)})
    bengali = _page(_config(repository), "bn").split("## Edition")[1]
    assert "Numbers changed: – → 5" in bengali
    assert "Review: Human draft" in bengali


def test_uncommitted_edits_are_the_newest_edition(repository: Path) -> None:
    _edit_english(repository, RUB, "Rub every part of both hands and wrists.")
    config = _config(repository)
    current = edition_code(config, config.source_language)
    assert not current.committed
    english = _page(config, "en")
    codes = _headings(english)
    assert codes[0] == str(current) and codes[1].startswith("2026-11-20.") and len(codes) == 3
    newest = english.split("## Edition")[1]
    assert "not yet recorded" in newest
    assert "<del><span class=\"hb-sr\">deleted text: </span>hands.</del> <ins><span class=\"hb-sr\">inserted text: </span>hands and wrists.</ins>" in newest
    assert "well</ins>" not in newest  # the committed change belongs to the edition before


def test_only_the_last_editions_are_shown(repository: Path) -> None:
    config_file = repository / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("changes_editions: 10", "changes_editions: 1"), encoding="utf-8")
    english = _page(_config(repository), "en")
    assert len(_headings(english)) == 1
    assert "Older editions are kept in the history" in english
    config_file.write_text(text.replace("changes_editions: 10", "changes_editions: 0"), encoding="utf-8")
    with pytest.raises(ConfigError, match="changes_editions must be a whole number of at least 1"):
        _config(repository)


def test_outside_git_the_page_says_there_is_no_history(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    config = _config(project)
    english = _page(config, "en")
    assert "built without the history" in english
    assert _headings(english) == []
    assert f'<code class="hb-edition-code">{edition_code(config, config.source_language)}</code>' in english
    ui = strings_for(config, config.source_language).ui
    assert newest_changes(config, config.source_language, ui) is None


def test_the_pdf_lists_the_newest_edition_and_links_the_page(repository: Path) -> None:
    config = _config(repository)
    language = config.language("bn")
    ui = strings_for(config, language).ui
    shown = newest_changes(config, language, ui)
    html = render(config, "pdf/changes.html", ui=ui, changes=shown, changes_url="https://example.org/bn/changes.html")
    assert ui["changes.pdf.title"] in html
    assert "<del>40</del> <ins>20</ins>" in html and "hb-sr" not in html  # no screen-reader labels in print
    assert "Numbers changed: 40 → 20" in html
    assert 'href="https://example.org/bn/changes.html"' in html
    book = (Path(config.overrides_dir) / "editions" / "pdf" / "book.html").read_text(encoding="utf-8")
    assert book.index('{% include "pdf/changes.html" %}') > book.index("</nav>")  # after the contents


def test_the_site_cache_notices_a_commit_that_changes_no_file(repository: Path) -> None:
    _edit_english(repository, RUB, "Rub every part of both hands and wrists.")
    config = _config(repository)
    before = input_digest(config)
    _git(repository, "commit", "-q", "-am", "third edition", date="2026-11-25T10:00:00Z")
    assert input_digest(config) != before  # the same files, but the Changes pages now list a third edition


def test_history_is_cached_by_file_pair(repository: Path) -> None:
    config = _config(repository)
    histories(config)
    cached = (config.build_dir / "cache" / "changes.json").read_text(encoding="utf-8")
    assert "খুব" in cached and "well" in cached
    reader = HistoryReader(config)
    assert reader.cache.pairs  # read back


def test_units_are_matched_old_to_new() -> None:
    before = "# Title\n\nFirst paragraph here.\n\nSecond one stays.\n\nThird goes away entirely.\n"
    after = "# Title\n\nFirst paragraph is here.\n\nSecond one stays.\n\nA brand new paragraph about masks.\n"
    assert english_changes(before, after, "page.md") == [
        [CHANGED, "", "First paragraph here.", "First paragraph is here."],
        [CHANGED, "", "Third goes away entirely.", "A brand new paragraph about masks."],  # one for one
    ]
    after_two = "# Title\n\nSecond one stays.\n\nThird goes away, entirely.\n\nNew words.\n\nMore new words.\n"
    assert english_changes(before, after_two, "page.md") == [
        [REMOVED, "", "First paragraph here.", ""],
        [CHANGED, "", "Third goes away entirely.", "Third goes away, entirely."],
        [ADDED, "", "", "New words."],
        [ADDED, "", "", "More new words."],
    ]
    assert english_changes(None, "# New page\n", "page.md") == [[ADDED, "", "", "New page"]]


def test_translations_are_compared_entry_by_entry(tmp_path: Path) -> None:
    def catalog(body: str):
        return parse_po_bytes(('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body).encode(),
                              tmp_path / "x.po")

    old = catalog('msgid "Soap"\nmsgstr "Savon"\n\nmsgid "Water"\nmsgstr ""\n\nmsgid "Hands"\nmsgstr "Mains"\n')
    new = catalog('msgid "Soap"\nmsgstr "Du savon"\n\nmsgid "Water"\nmsgstr "Eau"\n\n'
                  '#, fuzzy\n#| msgid "Hands"\nmsgid "Both hands"\nmsgstr "Mains"\n')
    assert translation_changes(old, new) == [
        [CHANGED, "", "Soap", "Savon", "Du savon"],
        [ADDED, "", "Water", "", "Eau"],  # the English change itself is the page's to show
    ]


def test_numbers_changed() -> None:
    assert numbers_changed("Wait 10 minutes.", "Wait 5 minutes.", english=True) == ("10", "5")
    assert numbers_changed("Wait 10 minutes.", "Wait ten minutes.", english=True) == ("10", "–")
    assert numbers_changed("2 doses, 10 days", "10 days, 2 doses", english=True) is None
    assert numbers_changed("", "৫ মিনিট", english=False) == ("–", "5")


def test_the_page_is_in_the_nav_beside_the_translation_status() -> None:
    from helpers import REPO

    pages = [entry.page for entry in load_config(REPO / "mkdocs.yml").nav_pages]
    assert pages[pages.index("translation-status.md") + 1] == PAGE


def test_a_shallow_clone_says_its_history_was_not_fetched(repository: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repository}", str(clone))
    english = _page(_config(clone), "en")
    assert len(_headings(english)) == 1
    assert "was not fetched" in english and "The first edition" not in english
    assert "The first edition" in _page(_config(repository), "en")  # the whole history has it


def test_a_change_undone_is_an_edition_of_its_own_with_its_own_heading_id(repository: Path) -> None:
    _edit_english(repository, RUB, "Rub every part of both hands and wrists.")
    _git(repository, "commit", "-q", "-am", "third edition", date="2026-11-20T11:00:00Z")
    _edit_english(repository, "Rub every part of both hands and wrists.", RUB)
    _git(repository, "commit", "-q", "-am", "fourth edition: the third undone", date="2026-11-20T12:00:00Z")
    english = _page(_config(repository), "en")
    codes = _headings(english)
    assert len(codes) == 4 and codes[0] == codes[2]  # the same content, the same day: the same code
    ids = re.findall(r"\{: #(\S+) \}", english)
    assert len(set(ids)) == 4, ids
    assert "Older editions" not in english  # the whole history is shown


def test_text_without_spaces_is_compared_character_by_character() -> None:
    from helpers import REPO

    from handbook.editions.changes import ShownUnit
    from handbook.translation.word_diff import DiffPiece, diff_text, word_diff

    pieces = word_diff("请至少洗手40秒。", "请至少洗手20秒钟。")
    assert diff_text(pieces) == "请至少洗手[-40-]{+20+}秒{+钟+}。"  # not the whole sentence, and no spaces added
    assert pieces[1] == DiffPiece("removed", "40", joined=True)
    config = load_config(REPO / "mkdocs.yml")
    ui = strings_for(config, config.source_language).ui
    unit = ShownUnit("translation", "changed", tuple(pieces), "zh", "ltr", ("40", "20"), "human-draft")
    html = render(config, "changes-unit.html", ui=ui, unit=unit)
    assert "请至少洗手<del>" in html and "</del><ins>" in html and "</ins>秒<ins>" in html


def test_an_interface_string_missing_from_its_catalog_is_untranslated(tmp_path: Path) -> None:
    """The interface strings (`_site.md`, which has no source file) are units like a page's: one the
    catalog lacks is untranslated, as the status page says."""
    from handbook.editions.history import _CurrentStates
    from handbook.translation.catalogs import SITE_PAGE, Catalogs
    from handbook.translation.review import UNTRANSLATED
    from handbook.translation.ui import UI_STRINGS

    config = _config(small_project(tmp_path))
    language = config.language("bn")
    Catalogs(config).site(language.code).unlink(missing_ok=True)
    states = _CurrentStates(config, language, {})
    assert states.state(SITE_PAGE, "ui:edition.code", UI_STRINGS["edition.code"]) == UNTRANSLATED
    assert states.state(SITE_PAGE, "ui:edition.code", "No such string") is None
