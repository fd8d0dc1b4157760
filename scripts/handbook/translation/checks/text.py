"""What several checks read the same way: link targets, code spans, placeholders and prose."""

from __future__ import annotations

import re
import unicodedata

CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)")
AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>", re.I)
REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)
EMAIL_AUTOLINK = re.compile(r"<[^<>\s@]+@[^<>\s]+>")
BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'`]+", re.I)
EMAIL = re.compile(r"(?<![\w.+-])(?:mailto:)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
REFERENCE_LABEL = re.compile(r"\]\[([^\[\]]+)\]|\[([^\[\]]+)\]\[\]")
PLACEHOLDER = re.compile(
    r"%%|%\([^)\s]+\)[-#0+]*\d*(?:\.\d+)?[sdifeEgGxXocr]|%[-#0+]*\d*(?:\.\d+)?[sdifeEgGxXocr]"
    r"|\{[A-Za-z_0-9.\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}|⟦\d+⟧"
)
MT_PLACEHOLDER = re.compile(r"⟦\d*⟧?|⟧")


def link_targets(text: str) -> set[str]:
    """Every place the unit can send a reader: Markdown targets, autolinks, reference definitions and
    labels, bare URLs and e-mail addresses (written `mailto:` + the address in lower case)."""
    found = set(LINK_TARGET.findall(text)) | set(AUTOLINK.findall(text)) | set(REF_DEFINITION.findall(text))
    found |= {url.rstrip(".,;:!?") for url in BARE_URL.findall(text)}
    found = {target for target in found if target and not EMAIL.fullmatch(target)}
    found |= {f"mailto:{address.rstrip('.').lower()}" for address in EMAIL.findall(text)}
    labels = (" ".join((full or collapsed).lower().split()) for full, collapsed in REFERENCE_LABEL.findall(text))
    return found | {f"[{label}]" for label in labels}


def without_code(text: str) -> str:
    """Drop code spans: their content is shown literally, so tags and markers inside are harmless."""
    return CODE_SPAN.sub(" ", text)


_DIGIT_SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "٪": "%"})
_NOT_PROSE = [
    LINK_TARGET, AUTOLINK, REF_DEFINITION, BARE_URL, EMAIL, PLACEHOLDER, re.compile(r"<[^<>]*>"),
    re.compile(r"\{:?[^{}\n]*\}"),  # attribute lists, compared on their own
]


def _normalise_digits(text: str) -> str:
    """Write every decimal digit in ASCII: Bengali ১০, Devanagari १०, Arabic ١٠ and full-width １０ are 10."""
    text = unicodedata.normalize("NFKC", text).translate(_DIGIT_SEPARATORS)
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)


def prose(text: str) -> str:
    """The text without URLs, placeholders and tags, which have their own checks; digits in ASCII."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return _normalise_digits(text)
