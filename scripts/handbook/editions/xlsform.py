"""The supply-request form as an XLSForm: one workbook, every language, for KoboToolbox and ODK Central.

Made from `data/supply-request-form.yml` in each language (`translation.supply_form`, strings under
the review policy like every other), so it lists the same fields as the paper forms. The workbook
has the three sheets those services import as they are: `survey` (one row per question, a
`label::<Language> (<code>)` and a `hint::…` column per language), `choices` and `settings`.
openpyxl writes the time of writing into `docProps/core.xml` and into every zip entry: both are set
to the edition's date (SOURCE_DATE_EPOCH), so two builds give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from handbook.config import Language
from handbook.editions.base import Edition, EditionInputs, Job, cache_key, code_version
from handbook.editions.zipped import reproducible_zip
from handbook.fsutil import write_atomic
from handbook.translation.supply_form import SupplyForm
from handbook.translation.ui import strings_for

Sheet = list[list[str]]
QUANTITY = ". >= 0"  # a quantity cannot be negative


def column_language(language: Language) -> str:
    """`English (en)`: how XLSForm names a language, its English name and its code."""
    from babel import Locale

    return f"{Locale.parse('en').languages.get(language.code, language.name)} ({language.code})"


def _translated(forms: dict[str, SupplyForm], pick) -> list[str]:
    """One cell per language: the text `pick` takes from that language's form."""
    return [pick(form) for form in forms.values()]


def workbook_sheets(forms: dict[str, SupplyForm], version: str) -> dict[str, Sheet]:
    """The sheets of the XLSForm, as rows of text; `forms` is each language's form, by column name."""
    source = next(iter(forms.values()))
    columns = list(forms)
    survey: Sheet = [["type", "name", *[f"label::{name}" for name in columns], *[f"hint::{name}" for name in columns],
                      "required", "constraint", "appearance"]]
    choices: Sheet = [["list_name", "name", *[f"label::{name}" for name in columns]]]

    for index, field in enumerate(source.fields):
        labels = _translated(forms, lambda form: form.fields[index].label)
        hints = _translated(forms, lambda form: form.fields[index].hint)
        required = "yes" if field.required else ""
        if field.type == "quantities":
            survey.append(["begin_group", field.name, *labels, *hints, "", "", "field-list"])
            for number, choice in enumerate(field.choices):
                item_labels = _translated(forms, lambda form: form.fields[index].choices[number].label)
                survey.append(["integer", choice.name, *item_labels, *[""] * len(columns), "", QUANTITY, ""])
            survey.append(["end_group", "", *[""] * (2 * len(columns)), "", "", ""])
        elif field.type == "select_one":
            survey.append([f"select_one {field.name}", field.name, *labels, *hints, required, "", ""])
            for number, choice in enumerate(field.choices):
                choices.append([field.name, choice.name,
                                *_translated(forms, lambda form: form.fields[index].choices[number].label)])
        else:
            appearance = "multiline" if field.multiline else ""
            survey.append(["text", field.name, *labels, *hints, required, "", appearance])
    survey.append(["today", "today", *[""] * (2 * len(columns)), "", "", ""])
    settings: Sheet = [["form_title", "form_id", "version", "default_language"],
                       [source.title, source.form_id, version, columns[0]]]
    return {"survey": survey, "choices": choices, "settings": settings}


def xlsx_bytes(sheets: dict[str, Sheet], epoch: int) -> bytes:
    """The workbook as reproducible bytes: the documented dates and every zip entry's time are `epoch`."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([cell if cell != "" else None for cell in row])
    moment = datetime.fromtimestamp(epoch, timezone.utc).replace(tzinfo=None)
    workbook.properties.creator = "handbook"
    workbook.properties.created = moment
    written = io.BytesIO()
    workbook.save(written)  # sets `modified` to now: put right below
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    entries = []
    with zipfile.ZipFile(written) as source:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", lambda m: m.group(1) + stamp.encode(), data)
            entries.append((entry.filename, data))
    return reproducible_zip(entries, epoch)


def write_xlsx(target: Path, sheets: dict[str, Sheet], epoch: int) -> None:
    """In a worker: the workbook, to `target`."""
    write_atomic(target, xlsx_bytes(sheets, epoch))


class XlsFormEdition(Edition):
    """The XLSForm: one file for every language, listed on every language's Downloads page."""

    kind = "xlsform"
    label = "downloads.xlsform"
    file_pattern = "supply-request-form.xlsx"
    per_language = False
    code_files = ("editions/base.py", "editions/build.py", "editions/xlsform.py", "editions/zipped.py",
                  "translation/supply_form.py")

    def job(self, inputs: EditionInputs, language: Language) -> Job:
        from importlib.metadata import version

        config = inputs.config
        languages = (config.source_language, *config.translated_languages)  # the default language first
        forms = {column_language(each): strings_for(config, each).form for each in languages}
        sheets = workbook_sheets(forms, datetime.fromtimestamp(inputs.epoch, timezone.utc).strftime("%Y%m%d%H"))
        key = cache_key(self.kind, code_version(self.code_files), f"openpyxl={version('openpyxl')}", repr(sheets),
                        str(inputs.epoch))
        return Job(self.kind, language, key, write_xlsx, (sheets, inputs.epoch), 1, ".xlsx")
