"""The supply-request form, defined once: the XLSForm imports as it is, the paper forms list the same
fields in every language, the SMS / e-mail text and links are encoded right, and all of it follows
the catalogs under the review policy."""

from __future__ import annotations

import html
import io
import re
import time
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from helpers import REPO

from handbook.config import load_config
from handbook.editions import pdf
from handbook.editions.base import EditionInputs
from handbook.editions.stamp import Stamp
from handbook.editions.xlsform import XlsFormEdition, column_language, xlsx_bytes
from handbook.errors import HandbookError
from handbook.translation.supply_form import DEFINITION, load_definition, request_links
from handbook.translation.policy import ENGLISH_FALLBACK, SHOW_DRAFTS
from handbook.translation.ui import site_strings, strings_for

EPOCH = 1764547200  # 2025-12-01T00:00:00Z
STAMP = Stamp("2025-12-01.0123abcd", "https://handbook.example.org/downloads.html")


@pytest.fixture(scope="module")
def config():
    return load_config(REPO / "mkdocs.yml")


@pytest.fixture(scope="module")
def xlsx(config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The XLSForm as the build writes it."""
    job = XlsFormEdition().job(EditionInputs(config, tmp_path_factory.mktemp("site"), EPOCH, ""), config.source_language)
    target = tmp_path_factory.mktemp("xlsform") / "supply-request-form.xlsx"
    job.run(target, *job.args)
    return target


def _sheet(path: Path, name: str) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    rows = list(load_workbook(path, read_only=True)[name].iter_rows(values_only=True))
    header = rows[0]
    return [{key: value or "" for key, value in zip(header, row)} for row in rows[1:]]


def test_the_xlsform_converts_to_an_xform_without_errors_or_warnings(config, xlsx: Path) -> None:
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(xlsform=str(xlsx), warnings=warnings)
    assert warnings == [] and result.warnings == []
    for language in config.languages:
        assert f'<translation lang="{column_language(language)}"' in result.xform, language.code
    assert 'default="true()"' in result.xform.split(f'lang="{column_language(config.source_language)}"', 1)[1][:20]
    settings = _sheet(xlsx, "settings")[0]
    assert settings["form_id"] == "supply_request" and settings["default_language"] == "English (en)"


def test_a_broken_xlsform_is_what_the_conversion_catches(config, xlsx: Path, tmp_path: Path) -> None:
    """The conversion above can fail: a select_one without its choices is an error."""
    from openpyxl import load_workbook
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    workbook = load_workbook(xlsx)
    workbook["choices"].delete_rows(2, workbook["choices"].max_row)
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)
    with pytest.raises(PyXFormError):
        convert(xlsform=str(broken), warnings=[])


def _paper_fields(document: str) -> list[tuple[str, str]]:
    """(name, label) of each field and choice on a paper form, in order."""
    found = []
    for match in re.finditer(r'data-(?:field|choice)="([^"]+)"[^>]*>(.*?)(?=<small>|data-(?:field|choice)=|</tr>)',
                             document, re.S):
        text = html.unescape(re.sub(r"<[^>]*>?", " ", match.group(2))).replace(" *", " ")
        found.append((match.group(1), " ".join(text.split())))
    return found


def _xlsform_fields(xlsx: Path, column: str) -> list[tuple[str, str]]:
    """(name, label) of each question, group and choice of the XLSForm in one language, in form order."""
    choices: dict[str, list[tuple[str, str]]] = {}
    for row in _sheet(xlsx, "choices"):
        choices.setdefault(row["list_name"], []).append((row["name"], row[f"label::{column}"]))
    found = []
    for row in _sheet(xlsx, "survey"):
        if not row[f"label::{column}"]:
            continue  # end of a group, metadata
        found.append((row["name"], row[f"label::{column}"]))
        if row["type"].startswith("select_one "):
            found += choices[row["type"].split(" ", 1)[1]]
    return found


def test_paper_forms_and_the_xlsform_list_the_same_fields_in_every_language(config, xlsx: Path) -> None:
    definition = load_definition(config.root)
    names = [field.name for field in definition.fields]
    for language in config.languages:
        paper = _paper_fields(pdf.form_html(config, language, EPOCH, STAMP))
        online = _xlsform_fields(xlsx, column_language(language))
        assert paper == online, language.code
        assert [name for name, _ in paper if name in names] == names, language.code
    french = dict(_paper_fields(pdf.form_html(config, config.language("fr"), EPOCH, STAMP)))
    assert french["gloves"] == strings_for(config, config.language("fr")).form.fields[3].choices[2].label


def test_the_form_follows_the_catalogs_under_the_review_policy(config) -> None:
    """Drafts show under show-drafts, English under english-fallback: the one rule of `policy`."""
    drafts, english = site_strings(config, "fr", SHOW_DRAFTS), site_strings(config, "fr", ENGLISH_FALLBACK)
    assert drafts.form.title == "Demande de matériel médical" and english.form.title == "Medical supply request"
    assert drafts.form.fields[0].label == "Établissement de santé"
    template = (REPO / "translations" / "templates" / "_site.pot").read_text(encoding="utf-8")
    for field in load_definition(config.root).fields:
        assert f'msgctxt "form:{field.name}.label"' in template
        for choice in field.choices:
            assert f'msgctxt "form:{field.name}.{choice.name}"' in template


def test_the_workbook_is_the_same_bytes_at_another_time(config) -> None:
    job = XlsFormEdition().job(EditionInputs(config, REPO, EPOCH, ""), config.source_language)
    sheets = job.args[0]
    first = xlsx_bytes(sheets, EPOCH)
    time.sleep(1.1)  # openpyxl's clock moves on; the workbook must not
    assert xlsx_bytes(sheets, EPOCH) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 12, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2025-12-01T00:00:00Z"] * 2
    assert xlsx_bytes(sheets, EPOCH + 86400) != first


def test_the_message_and_its_links_are_percent_encoded(config) -> None:
    form = strings_for(config, config.language("ar")).form
    links = request_links(form, "+254700000001", "supply@example.org")
    assert links["message"].splitlines()[0] == form.title.upper()
    lines = links["message"].splitlines()
    assert [line.split(" (", 1)[0].rstrip(": ") for line in lines if not line.startswith("- ")][1:] == \
        [field.label.split(" (", 1)[0] for field in form.fields]
    assert len(lines) == 1 + len(form.fields) + len(form.fields[3].choices)
    sms = urlsplit(links["sms"])
    assert links["sms"].startswith("sms:+254700000001?body=") and not re.search(r"[\s\u0600-\u06ff]", links["sms"])
    assert parse_qs(sms.query)["body"] == [links["message"]]
    assert links["email"].startswith("mailto:supply@example.org?subject=")
    query = parse_qs(urlsplit(links["email"]).query)
    assert query["subject"] == [form.title] and query["body"] == [links["message"].replace("\n", "\r\n")]
    assert "%0D%0A" in links["email"] and unquote(links["email"]).count("&") == 1
    assert request_links(form, "", "") == {"message": links["message"], "sms": "", "email": ""}


def test_a_bad_definition_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    text = (REPO / DEFINITION).read_text(encoding="utf-8").replace("type: select_one", "type: choose_one", 1)
    (tmp_path / DEFINITION).write_text(text, encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        load_definition(tmp_path)
    line = next(number for number, row in enumerate(text.splitlines(), 1) if "name: urgency" in row)
    assert raised.value.path == tmp_path / DEFINITION and raised.value.line == line
    assert "type must be one of text, select_one, quantities" in str(raised.value)
