"""The supply-request form, defined once in `data/supply-request-form.yml`, in every language.

The XLSForm, the paper forms and the SMS / e-mail template are all made from this one definition,
so they cannot drift apart. Its title, labels, hints and choices are interface strings like the
templates' own: they go into each language's `_site.po` (msgctxt `form:title`, `form:<field>.label`,
`form:<field>.hint`, `form:<field>.<choice>`), and `translation.ui` reads them back under the same
rule (`policy`) as every other string.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import yaml

from handbook.errors import HandbookError
from handbook.translation.catalog import TemplateUnit

DEFINITION = Path("data") / "supply-request-form.yml"
FIELD_TYPES = ("text", "select_one", "quantities")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
CONTEXT = "form:"


@dataclass(frozen=True)
class Choice:
    name: str
    label: str


@dataclass(frozen=True)
class FormField:
    name: str
    type: str  # one of FIELD_TYPES
    label: str
    hint: str
    required: bool
    choices: tuple[Choice, ...]
    line: int  # in the definition: where a translation's reference points
    multiline: bool = False  # a text field with room for several lines


@dataclass(frozen=True)
class SupplyForm:
    form_id: str
    title: str
    fields: tuple[FormField, ...]


def _text(mapping: dict, key: str, path: Path, line: int, required: bool = True) -> str:
    value = mapping.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise HandbookError(f"{key} must be a non-empty text, got {value!r}", path, line)
    return value


def _choices(node: yaml.MappingNode, data: dict, path: Path, line: int) -> tuple[Choice, ...]:
    raw = data.get("choices")
    if data["type"] == "text":
        if raw:
            raise HandbookError("a text field has no choices", path, line)
        return ()
    if not isinstance(raw, list) or not raw:
        raise HandbookError(f"a {data['type']} field needs a list of choices", path, line)
    items = next(value for key, value in node.value if key.value == "choices").value
    choices = []
    for item_node, item in zip(items, raw):
        at = item_node.start_mark.line + 1
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not NAME.match(name):
            raise HandbookError(f"a choice's name must be a letter then letters, digits or _, got {name!r}", path, at)
        choices.append(Choice(name, _text(item, "label", path, at)))
    if len({choice.name for choice in choices}) != len(choices):
        raise HandbookError("two choices have the same name", path, line)
    return tuple(choices)


def load_definition(root: Path) -> SupplyForm:
    """The form as `data/supply-request-form.yml` defines it (English); every problem at its line."""
    path = root / DEFINITION
    return _load(path, path.read_text(encoding="utf-8"))


@functools.cache
def _load(path: Path, text: str) -> SupplyForm:
    try:
        data, tree = yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as error:
        raise HandbookError(f"not valid YAML: {error}", path) from error
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list) or not data["fields"]:
        raise HandbookError("the form needs a form_id, a title and a list of fields", path, 1)
    nodes = next(value for key, value in tree.value if key.value == "fields").value
    fields = []
    for node, item in zip(nodes, data["fields"]):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            raise HandbookError("a field is a mapping (name, type, label, hint, required, choices)", path, line)
        name = item.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            raise HandbookError(f"a field's name must be a letter then letters, digits or _, got {name!r}", path, line)
        if item.get("type") not in FIELD_TYPES:
            raise HandbookError(f"{name}: type must be one of {', '.join(FIELD_TYPES)}, got {item.get('type')!r}", path, line)
        for flag in ("required", "multiline"):
            if not isinstance(item.get(flag, False), bool):
                raise HandbookError(f"{name}: {flag} must be true or false", path, line)
        fields.append(FormField(name, item["type"], _text(item, "label", path, line), _text(item, "hint", path, line, False),
                                item.get("required", False), _choices(node, item, path, line), line,
                                item.get("multiline", False)))
    if len({field.name for field in fields}) != len(fields):
        raise HandbookError("two fields have the same name", path, 1)
    form_id = data.get("form_id")
    if not isinstance(form_id, str) or not NAME.match(form_id):
        raise HandbookError(f"form_id must be a letter then letters, digits or _, got {form_id!r}", path, 1)
    return SupplyForm(form_id, _text(data, "title", path, 1), tuple(fields))


def form_units(root: Path) -> list[TemplateUnit]:
    """The form's strings as units of the `_site.po` template."""
    form = load_definition(root)
    where = DEFINITION.as_posix()
    units = [TemplateUnit(form.title, f"{CONTEXT}title", "form", ((where, "1"),))]
    for field in form.fields:
        reference = ((where, str(field.line)),)
        units.append(TemplateUnit(field.label, f"{CONTEXT}{field.name}.label", "form", reference))
        if field.hint:
            units.append(TemplateUnit(field.hint, f"{CONTEXT}{field.name}.hint", "form", reference))
        units += [TemplateUnit(choice.label, f"{CONTEXT}{field.name}.{choice.name}", "form", reference)
                  for choice in field.choices]
    return units


def translated_form(root: Path, pick: Callable[[str, str], str]) -> SupplyForm:
    """The form with each string through `pick(msgctxt, English)`: a language's usable translation, else English."""
    form = load_definition(root)
    fields = tuple(
        replace(field, label=pick(f"{CONTEXT}{field.name}.label", field.label),
                hint=pick(f"{CONTEXT}{field.name}.hint", field.hint) if field.hint else "",
                choices=tuple(Choice(choice.name, pick(f"{CONTEXT}{field.name}.{choice.name}", choice.label))
                              for choice in field.choices))
        for field in form.fields
    )
    return SupplyForm(form.form_id, pick(f"{CONTEXT}title", form.title), fields)


# --- The message for requests by SMS or e-mail -------------------------------------------------------


def message_template(form: SupplyForm) -> str:
    """The form as a short text to fill in and send where there is no data connection."""
    lines = [form.title.upper()]
    for field in form.fields:
        if field.type == "quantities":
            lines.append(f"{field.label}:")
            lines += [f"- {choice.label}: " for choice in field.choices]
        elif field.type == "select_one":
            lines.append(f"{field.label} ({' / '.join(choice.label for choice in field.choices)}): ")
        else:
            lines.append(f"{field.label}: ")
    return "\n".join(lines)


def sms_href(number: str, body: str) -> str:
    """`sms:+123?body=…`: opens the phone's messaging app with the text filled in (RFC 5724)."""
    return f"sms:{number}?body={quote(body, safe='')}"


def mailto_href(address: str, subject: str, body: str) -> str:
    """`mailto:a@b?subject=…&body=…`: opens an e-mail with the text filled in (RFC 6068, CRLF line breaks)."""
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body.replace(chr(10), chr(13) + chr(10)), safe='')}"


def request_links(form: SupplyForm, sms: str, email: str) -> dict[str, str]:
    """The form's message in one language and, for each way configured, the link that sends it
    (`sms`, `email`; "" when not configured): what pages and offline editions show."""
    message = message_template(form)
    return {
        "message": message,
        "sms": sms_href(sms, message) if sms else "",
        "email": mailto_href(email, form.title, message) if email else "",
    }
