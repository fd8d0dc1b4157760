"""Edition codes: what moves a language's code (its content, and nothing else), and that every output
of a language prints the same code.

The first half works on a small project in a throwaway git repository; the second reads the
outputs of the built site (slow). `OUTPUTS` lists each output with how to read the code it
prints: a new edition adds its line there.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import REPO, small_project

from handbook.config import HandbookConfig, Language, load_config
from handbook.editions import bundle
from handbook.editions.base import EditionInputs
from handbook.editions.downloads import downloads_page_url
from handbook.editions.identity import EditionCode, edition_code, edition_codes, editions_epoch
from handbook.editions.links import language_prefix
from handbook.editions.pdf import FormEdition
from handbook.editions.registry import EDITIONS
from handbook.errors import BuildError
from handbook.translation.ui import strings_for

CODE_FORMAT = re.compile(r"\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}")
FIRST_DAY, SECOND_DAY = "2026-03-01T10:00:00+00:00", "2026-04-02T23:30:00+00:00"
FIXED_EPOCH = 1767225600  # 2026-01-01T00:00:00Z


# --- A small project in git -------------------------------------------------------------------------


def _git(root: Path, *arguments: str, date: str = FIRST_DAY) -> str:
    environment = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                   "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
                   "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["git", *arguments], cwd=root, env=environment, check=True,
                          capture_output=True, text=True).stdout.strip()


def _commit(root: Path, date: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "--allow-empty", "-m", "change", date=date)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_project(tmp_path_factory.mktemp("small"))


@pytest.fixture
def repository(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small project, committed once on FIRST_DAY; no SOURCE_DATE_EPOCH."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above the copy
    project = tmp_path / "project"
    shutil.copytree(small, project)
    (project / ".gitignore").write_text("build/\n", encoding="utf-8")
    _git(project, "init", "-q", "-b", "main")
    _commit(project, FIRST_DAY)
    return project


def _codes(project: Path) -> dict[str, EditionCode]:
    return edition_codes(load_config(project / "mkdocs.yml"))


def _append(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def _day(iso: str) -> datetime.date:
    return datetime.datetime.fromisoformat(iso).astimezone(datetime.timezone.utc).date()


def test_a_committed_code_is_the_day_of_the_last_content_commit_and_a_hash(repository: Path) -> None:
    codes = _codes(repository)
    assert set(codes) >= {"en", "bn", "fr"}
    for code in codes.values():
        assert code.committed and code.date == _day(FIRST_DAY)
        assert CODE_FORMAT.fullmatch(str(code)), str(code)
    assert len({code.digest for code in codes.values()}) == len(codes), "each language has its own content"


OUTSIDE_CONTENT = {
    "another language's catalog": "translations/fr/index.po",
    "the code": "scripts/tool.py",
    "the theme": "overrides/main.html",
    "the configuration": "mkdocs.yml",
}


@pytest.mark.parametrize("what", sorted(OUTSIDE_CONTENT))
def test_a_commit_outside_a_languages_content_leaves_its_code(repository: Path, what: str) -> None:
    before = _codes(repository)
    _append(repository / OUTSIDE_CONTENT[what], "\n# an edit\n")
    _commit(repository, SECOND_DAY)
    after = _codes(repository)
    assert after["bn"] == before["bn"] and after["en"] == before["en"]
    if what == "another language's catalog":
        assert after["fr"].digest != before["fr"].digest and after["fr"].date == _day(SECOND_DAY)


def test_a_commit_to_a_languages_catalog_or_the_english_pages_changes_its_code(repository: Path) -> None:
    before = _codes(repository)
    _append(repository / "translations" / "bn" / "index.po", "\n# a translator's note\n")
    _commit(repository, SECOND_DAY)
    after = _codes(repository)
    assert after["bn"].digest != before["bn"].digest and after["bn"].date == _day(SECOND_DAY)
    assert after["en"] == before["en"] and after["fr"] == before["fr"]

    _append(repository / "docs" / "en" / "danger.md", "\nCall for help.\n")
    _commit(repository, "2026-05-03T08:00:00+00:00")
    english = _codes(repository)
    assert all(english[code].digest != after[code].digest for code in english), "the English pages are every language's"
    assert all(code.date == datetime.date(2026, 5, 3) and code.committed for code in english.values())


def test_uncommitted_edits_make_a_new_code_dated_by_source_date_epoch_then_the_commit(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed, english = _codes(repository)["bn"], _codes(repository)["en"]
    _append(repository / "translations" / "bn" / "index.po", "\n# not committed yet\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXED_EPOCH))
    edited = _codes(repository)["bn"]
    assert edited.digest != committed.digest and not edited.committed
    assert edited.date == datetime.date(2026, 1, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _codes(repository)["bn"].date == datetime.datetime.now(datetime.timezone.utc).date()  # made today
    assert _codes(repository)["en"] == english, "an uncommitted Bengali edit moved the English code"

    _commit(repository, SECOND_DAY)
    assert _codes(repository)["bn"] == EditionCode(_day(SECOND_DAY), edited.digest, True)


def test_outside_git_the_same_files_have_the_same_digest(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_git = _codes(repository)
    shutil.rmtree(repository / ".git")
    outside = _codes(repository)
    assert {code: value.digest for code, value in outside.items()} == {code: value.digest for code, value in in_git.items()}
    newest_review = datetime.date(2026, 11, 25)  # the small project's pages' `last_reviewed`
    assert all(not value.committed and value.date == newest_review for value in outside.values())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXED_EPOCH))
    assert all(value.date == datetime.date(2026, 1, 1) for value in _codes(repository).values())


def test_a_project_inside_a_larger_repository(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    shutil.copytree(small, tmp_path / "work" / "handbook")
    _git(tmp_path / "work", "init", "-q", "-b", "main")
    _commit(tmp_path / "work", FIRST_DAY)
    code = _codes(tmp_path / "work" / "handbook")["bn"]
    assert code.committed and code.date == _day(FIRST_DAY)


def test_the_editions_date_is_the_codes_unless_source_date_epoch_is_set(repository: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    code = _codes(repository)["bn"]
    midnight = int(datetime.datetime.combine(code.date, datetime.time(), datetime.timezone.utc).timestamp())
    assert editions_epoch(code) == midnight
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXED_EPOCH))
    assert editions_epoch(code) == FIXED_EPOCH


def _form_key(project: Path, language: str) -> str:
    config = load_config(project / "mkdocs.yml")
    inputs = EditionInputs(config, project / "site", 0, "settings")
    return FormEdition().job(inputs, config.language(language)).key


def test_a_job_printing_the_code_is_made_again_when_its_content_changes_only(repository: Path) -> None:
    """The supply form prints the code: another language's commit leaves its key, its own changes it."""
    before = _form_key(repository, "bn")
    _append(repository / "translations" / "fr" / "index.po", "\n# an edit\n")
    _append(repository / "scripts" / "tool.py", "# an edit\n")
    _commit(repository, SECOND_DAY)
    assert _form_key(repository, "bn") == before, "a commit that leaves Bengali alone would remake its form"
    _append(repository / "translations" / "bn" / "index.po", "\n# a translator's note\n")  # not on the form
    _commit(repository, "2026-05-03T08:00:00+00:00")
    assert _form_key(repository, "bn") != before, "the form would keep an old edition code"


def test_a_zip_page_without_the_themes_footer_stops_the_build_naming_it() -> None:
    config = load_config(REPO / "mkdocs.yml")
    line = '<p class="hb-edition">Edition 2026-12-05.0123abcd</p>'
    page = '<html><body><footer><div class="md-copyright"><p>Licence</p></div></footer></body></html>'
    stamped = bundle.rewrite_page(page, "protect/masks.html", set(), config, config.source_language, line)
    assert stamped.index(line) > stamped.index('class="md-copyright"') and stamped.count(line) == 1
    with pytest.raises(BuildError) as raised:
        bundle.rewrite_page(page.replace("md-copyright", "other"), "protect/masks.html", set(), config,
                            config.source_language, line)
    assert "protect/masks.html" in str(raised.value)


# --- Every output of a built language prints the same code (slow) ------------------------------------


@dataclass(frozen=True)
class Output:
    """One output of a language, and how to read the texts of it that must carry the code."""

    name: str
    texts: Callable[[Path, HandbookConfig, Language], Iterator[tuple[str, str]]]  # (where, text)


def _pdf_pages(path: Path, pages: Callable[[int], list[int]]) -> Iterator[tuple[str, str]]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    for index in pages(len(reader.pages)):
        yield f"{path.name} page {index + 1}", reader.pages[index].extract_text() or ""


def _reading_edition(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    """The cover (code and where to check it), and the foot of a page in the middle."""
    return _pdf_pages(site / "downloads" / f"handbook-{language.code}.pdf", lambda count: [0, count // 2, count - 1])


def _booklet(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    return _pdf_pages(site / "downloads" / f"handbook-{language.code}-booklet.pdf", lambda count: [count // 2])


def _supply_form(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    return _pdf_pages(site / "downloads" / f"supply-request-form-{language.code}.pdf", lambda count: list(range(count)))


def _zip_readme_and_pages(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(site / "downloads" / f"handbook-{language.code}-offline.zip") as archive:
        readme = [name for name in archive.namelist() if name.endswith("/README.txt")]
        pages = [name for name in archive.namelist() if name.endswith(".html")]
        assert len(readme) == 1 and pages
        for name in readme + pages:
            yield name, archive.read(name).decode("utf-8")


def _zim_metadata_and_pages(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    from libzim.reader import Archive

    archive = Archive(site / "downloads" / f"handbook-{language.code}.zim")
    yield "metadata Edition", archive.get_metadata("Edition").decode("utf-8")
    yield "metadata LongDescription", archive.get_metadata("LongDescription").decode("utf-8")
    pages = 0
    for index in range(archive.entry_count):  # the content entries: metadata and indexes come after
        entry = archive._get_entry_by_id(index)  # libzim's reader has no public way to list entries
        item = entry.get_item() if not entry.is_redirect else None
        if item is not None and item.mimetype == "text/html":
            pages += 1
            yield entry.path, bytes(item.content).decode("utf-8")
    assert pages, "no page in the ZIM"


def _epub_metadata_and_title_page(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    """The package document's `schema:version`, and the title page (code and where to check it)."""
    with zipfile.ZipFile(site / "downloads" / f"handbook-{language.code}.epub") as archive:
        package = next(name for name in archive.namelist() if name.endswith(".opf"))
        versions = re.findall(r'<meta property="schema:version">([^<]*)</meta>', archive.read(package).decode("utf-8"))
        assert len(versions) == 1, f"{package}: one schema:version expected, found {versions}"
        yield f"{package} schema:version", versions[0]
        cover = next(name for name in archive.namelist() if name.endswith("/cover.xhtml"))
        yield cover, archive.read(cover).decode("utf-8")


def _handouts(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    pages = sorted((site / "downloads").glob(f"handout-{language.code}-*.html"))
    assert pages
    for page in pages:
        yield page.name, page.read_text(encoding="utf-8")


def _posters(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    posters = sorted((site / "downloads").glob(f"poster-{language.code}-*.pdf"))
    assert posters
    for poster in posters:
        yield from _pdf_pages(poster, lambda count: list(range(count)))


def _lite_pages(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    pages = sorted((site / "lite" / language.code).rglob("*.html"))
    assert pages
    for page in pages:
        yield page.relative_to(site).as_posix(), page.read_text(encoding="utf-8")


def _downloads_page(site: Path, config: HandbookConfig, language: Language) -> Iterator[tuple[str, str]]:
    page = site / language_prefix(language) / "downloads.html"
    yield page.relative_to(site).as_posix(), page.read_text(encoding="utf-8")
    manifest = json.loads((site / "downloads" / "editions.json").read_text(encoding="utf-8"))
    yield "editions.json", manifest["languages"][language.code]["edition"]


# Offline copies also say where to check that they are current: the language's Downloads page.
OUTPUTS = [
    Output("reading edition (PDF)", _reading_edition),
    Output("booklet (PDF)", _booklet),
    Output("supply form (PDF)", _supply_form),
    Output("offline zip", _zip_readme_and_pages),
    Output("ZIM", _zim_metadata_and_pages),
    Output("EPUB", _epub_metadata_and_title_page),
    Output("handouts (HTML)", _handouts),
    Output("posters (PDF)", _posters),
    Output("lite pages", _lite_pages),
    Output("Downloads page and editions.json", _downloads_page),
]
SAYS_WHERE_TO_CHECK = {"offline zip", "ZIM", "lite pages", "EPUB", "handouts (HTML)"}  # every page; the PDF on its cover


@pytest.fixture(scope="module")
def built(built_project: Path) -> tuple[Path, HandbookConfig]:
    return built_project / "site", load_config(built_project / "mkdocs.yml")


def _squeezed(text: str) -> str:
    """PDF text without the breaks and spaces the extraction puts between runs."""
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
@pytest.mark.parametrize("output", OUTPUTS, ids=[output.name for output in OUTPUTS])
def test_every_output_of_a_language_prints_its_edition_code(built: tuple[Path, HandbookConfig], output: Output) -> None:
    site, config = built
    missing = []
    for language in config.languages:
        code = str(edition_code(config, language))
        url = downloads_page_url(config, language)
        texts = list(output.texts(site, config, language))
        for where, text in texts:
            if code not in _squeezed(text):
                missing.append(f"{language.code}: {where} lacks {code}")
            if output.name in SAYS_WHERE_TO_CHECK and where.endswith((".html", ".xhtml")) and f'href="{url}"' not in text:
                missing.append(f"{language.code}: {where} does not link to {url}")
        if output.name == "reading edition (PDF)":
            cover = _squeezed(texts[0][1])
            assert url in cover, f"{language.code}: the cover does not say where to check it is current"
        if output.name == "offline zip":
            readme = texts[0][1]
            assert url in readme and strings_for(config, language).ui["edition.current"] in readme, language.code
    assert not missing, "\n".join(missing[:20])


@pytest.mark.slow
def test_editions_json_lists_every_file_as_it_is_on_disk(built: tuple[Path, HandbookConfig]) -> None:
    site, config = built
    downloads = site / "downloads"
    manifest_bytes = (downloads / "editions.json").read_bytes()
    manifest = json.loads(manifest_bytes)
    assert manifest["format"] == 1 and manifest["site_url"] == config.site_url
    assert set(manifest["languages"]) == {language.code for language in config.languages}
    per_language = {edition.kind for edition in EDITIONS if edition.per_language}
    for language in config.languages:
        entry = manifest["languages"][language.code]
        assert entry["edition"] == str(edition_code(config, language))
        assert entry["downloads_page"] == downloads_page_url(config, language)
        assert {file["edition"] for file in entry["files"]} == per_language
    listed = [file for entry in manifest["languages"].values() for file in entry["files"]] + manifest["shared"]
    for file in listed:
        data = (downloads / file["file"]).read_bytes()
        assert (file["size"], file["sha256"]) == (len(data), hashlib.sha256(data).hexdigest()), file["file"]
    sums = (downloads / "SHA256SUMS").read_text(encoding="utf-8")
    assert f"{hashlib.sha256(manifest_bytes).hexdigest()}  editions.json\n" in sums
