"""`extra.handbook` in `mkdocs.yml`, declared with MkDocs' own config options.

The options are a `mkdocs.config.base.Config`, as a MkDocs plugin declares its own. MkDocs'
`Config.validate` stops at the first option that fails; `validate_options` checks every option
instead, so that `load_config` reports every problem of the file at once, each at its key.
"""

from __future__ import annotations

import copy
import re
from typing import Any, TypeVar
from urllib.parse import urlsplit

from mkdocs.config import config_options
from mkdocs.config.base import Config, ValidationError, get_schema

from handbook.translation.policy import CRITICAL_REVIEWED, REVIEW_POLICIES


# Where a problem is: the keys from the top of mkdocs.yml, and the sentence naming it.
Problem = tuple[tuple[str, ...], str]
Options = TypeVar("Options", bound=Config)


class HttpsURL(config_options.URL):
    """An address readers open: MkDocs' URL (a scheme and a host), https only and without spaces."""

    def run_validation(self, value: object) -> str:
        try:
            valid = bool(super().run_validation(value))
        except ValidationError:
            valid = False
        if not valid or urlsplit(str(value)).scheme != "https" or any(c.isspace() for c in str(value)):
            raise ValidationError(f"must be an https:// address, got {value!r}")
        return str(value)  # as written: MkDocs' URL would normalise it, and it is printed on the PDFs


class Text(config_options.Type):
    """Text that says something: MkDocs' Type(str), not empty."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"must be a non-empty text, got {value!r}")
        return value


class OneOf(config_options.Choice):
    """MkDocs' Choice, with a message that lists the choices as they are written in mkdocs.yml."""

    def run_validation(self, value: object) -> str:
        if value not in self.choices:
            raise ValidationError(f"must be one of {', '.join(self.choices)}, got {value!r}")
        return value


class PhoneNumber(config_options.Type):
    """A phone number in E.164 form (`+` and up to 15 digits), as an `sms:` link needs it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"\+[1-9]\d{1,14}", value):
            raise ValidationError(f"must be a phone number in E.164 form (+ and the country code, no spaces), got {value!r}")
        return value


class EmailAddress(config_options.Type):
    """An e-mail address (local part, @, a domain with a dot), as a `mailto:` link needs it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not re.fullmatch(
                r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+", value) or ".." in value:
            raise ValidationError(f"must be an e-mail address (name@example.org), got {value!r}")
        return value


class Count(config_options.Type):
    """A whole number, at least 1."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(int, **kwargs)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"must be a whole number of at least 1, got {value!r}")
        return value


class ScriptCode(config_options.Type):
    """An ISO 15924 script code as CLDR and ICU write it (`Beng`, `Deva`, `Ethi`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        import icu

        if not isinstance(value, str) or not re.fullmatch(r"[A-Z][a-z]{3}", value) or not icu.Script.getCode(value):
            raise ValidationError(f"must be an ISO 15924 script code (Beng, Deva, Ethi...), got {value!r}")
        return value


# Scripts whose fonts e-readers often lack: complex scripts that e-ink readers' firmware (Kobo,
# PocketBook, older Kindles) ships no font for. Latin, Cyrillic, Greek, Arabic, Hebrew, Thai and
# CJK are there on nearly every reader and phone, so embedding them would only add weight.
EPUB_FONT_SCRIPTS = ["Beng", "Deva", "Gujr", "Guru", "Knda", "Mlym", "Orya", "Taml", "Telu", "Sinh",
                     "Ethi", "Mymr", "Khmr", "Laoo", "Tibt", "Thaa"]


class LicenceOptions(Config):
    """`extra.handbook.licence`: printed in every page's footer and on every offline edition."""

    # The licence's short name, e.g. "CC BY 4.0".
    name = Text()
    # The licence's text.
    url = HttpsURL()


class HandbookOptions(Config):
    """`extra.handbook`: what the handbook needs beyond what MkDocs reads."""

    # Where facilities ask for supplies: linked from the pages, printed with a QR code on the PDFs.
    supply_request_url = HttpsURL()
    # Where requests by SMS and e-mail go (the form's text, prefilled); none: no such link.
    supply_request_sms = config_options.Optional(PhoneNumber())
    supply_request_email = config_options.Optional(EmailAddress())
    # The licence of the text.
    licence = config_options.SubConfig(LicenceOptions)
    # How unreviewed translations are shown (`translation.policy`): "critical-reviewed" shows drafts
    # with a notice but English for critical units not clinically reviewed; "show-drafts" shows
    # every draft; "english-fallback" shows English for every unreviewed unit.
    review_policy = OneOf(REVIEW_POLICIES, default=CRITICAL_REVIEWED)
    # Where the translation notice sends a reader who wants to help; none: the notice has no link.
    contribute_url = config_options.Optional(HttpsURL())
    # How many editions each language's Changes page lists, newest first (older ones are in git).
    changes_editions = Count(default=10)
    # Scripts (ISO 15924) whose font the EPUB of a language written in them carries, subset to the
    # characters the book uses; other languages rely on the reader's own fonts.
    epub_font_scripts = config_options.ListOfItems(ScriptCode(), default=EPUB_FONT_SCRIPTS)


def validate_options(options_class: type[Options], values: object, where: tuple[str, ...]) -> tuple[Options, list[Problem]]:
    """`values` checked against `options_class`, with every problem found; sub-configs are checked the same way.

    A missing option without a default is reported here, so every option only judges a value that is there.
    """
    options = options_class()
    named = ".".join(where)
    if not isinstance(values, dict):
        return options, [(where, f"{named} must be a mapping of options, got {values!r}")]
    problems: list[Problem] = []
    schema = get_schema(options_class)
    for key, option in schema:
        at, value = where + (key,), values.get(key)
        if isinstance(option, config_options.SubConfig):
            options[key], found = validate_options(option.config_class, {} if value is None else value, at)
            problems += found
        elif value is None and option.default is None and not isinstance(option, config_options.Optional):
            problems.append((at, f"{named}.{key} is missing"))
        else:
            if value is None and option.default is not None:
                value = copy.deepcopy(option.default)  # MkDocs' options fill in a missing value only when loading a file
            try:
                options[key] = option.validate(value)
            except ValidationError as error:
                problems.append((at, f"{named}.{key} {error}"))
    known = [key for key, _ in schema]
    for key in (key for key in values if key not in known):
        problems.append((where + (str(key),), f"{named}.{key} is not an option (known: {', '.join(known)})"))
    return options, problems
