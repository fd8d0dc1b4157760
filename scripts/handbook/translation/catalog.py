"""PO catalogs: read and write them without churn, and merge new templates into them like msgmerge.

One catalog per page and language: `translations/<lang>/<page>.po`, with its template in
`translations/templates/<page>.pot`. Entries nobody changed are written back exactly as they were
read, so a translator's editor (Poedit, Weblate) and our tools never fight over line wrapping.
"""

from __future__ import annotations

import difflib
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from handbook.errors import CatalogError
from handbook.fsutil import write_if_changed
from handbook.translation.review import clear_signoffs

WRAP_WIDTH = 79  # what msgmerge, msgcat and Poedit use
FUZZY_MATCH_RATIO = 0.6  # how alike a changed unit must be to keep its old translation as a draft


@dataclass
class Catalog:
    """A polib catalog plus the original text of each entry, to write untouched entries verbatim."""

    path: Path
    po: polib.POFile
    _original: dict[int, tuple[tuple, str]] = field(default_factory=dict)
    _original_header: tuple[tuple, str] | None = None


def _entry_key(entry: polib.POEntry) -> tuple:
    return (
        entry.obsolete, entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())), tuple(entry.flags), entry.comment, entry.tcomment,
        tuple(entry.occurrences), entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
    )


def _header_key(po: polib.POFile) -> tuple:
    return (po.header, tuple(po.metadata.items()), po.metadata_is_fuzzy)


def _po_error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _lines(text: str, keepends: bool = False) -> list[str]:
    """Lines as gettext sees them: split at newlines only (str.splitlines() splits at far more)."""
    lines = re.split(r"(?<=\n)", text) if keepends else text.split("\n")
    return [line for line in lines if line] if keepends else lines


_PO_LINE = re.compile(
    r"""^\s*(?:\#~\s*|\#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$"""
)


def _first_malformed_line(text: str) -> int | None:
    """polib quietly accepts an unterminated string; gettext does not, and neither do we."""
    for number, line in enumerate(_lines(text), 1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~ msg", "#~ \"", "#| msg", "#| \""))):
            continue
        if not _PO_LINE.match(line):
            return number
    return None


def read_catalog_text(path: Path) -> str:
    """A catalog's text, the one way check and build decode it: UTF-8, with or without the
    byte-order mark some editors (Notepad) write first; anything else is a CatalogError at its line."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", path) from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8 (catalogs must be saved as UTF-8)", path, line) from error


def parse_po(path: Path) -> polib.POFile:
    """polib's entries of a catalog, the one way check and build parse it (a leading BOM is skipped)."""
    try:
        # From the file, not the string: polib splits a string with str.splitlines(), which also
        # breaks on characters such as U+2028 that gettext keeps inside a string.
        po = polib.pofile(str(path), encoding="utf-8-sig", wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError) as error:
        raise CatalogError(f"not a valid PO file: {error}", path, _po_error_line(str(error))) from error
    po.encoding = "utf-8"  # written back without the BOM
    return po


def parse_po_bytes(data: bytes, path: Path) -> polib.POFile:
    """`parse_po` of a catalog's bytes that are not on disk (as it was at a commit); errors name `path`."""
    with tempfile.TemporaryDirectory() as folder:  # parsed from a file, the one way (see `parse_po`)
        copy = Path(folder) / path.name
        copy.write_bytes(data)
        try:
            return parse_po(copy)
        except CatalogError as error:
            raise CatalogError(error.message, path, error.line) from error


def load_catalog(path: Path) -> Catalog:
    """Parse a catalog; a syntax or encoding problem becomes a CatalogError naming the file and line."""
    text = read_catalog_text(path)
    malformed = _first_malformed_line(text)
    if malformed is not None:
        raise CatalogError("not a valid PO file: expected a keyword and a quoted string, or a quoted string", path, malformed)
    po = parse_po(path)
    charset = po.metadata.get("Content-Type", "charset=UTF-8").partition("charset=")[2].strip()
    if charset and charset.upper() not in ("UTF-8", "CHARSET"):
        raise CatalogError(f"declares charset {charset}; catalogs must be UTF-8", path, 1)

    catalog = Catalog(path, po)
    lines = _lines(text, keepends=True)
    entries = sorted(po, key=lambda entry: entry.linenum)
    starts = [entry.linenum - 1 for entry in entries] + [len(lines)]
    header_text = "".join(lines[: starts[0]]).rstrip("\n") + "\n" if entries else text
    catalog._original_header = (_header_key(po), header_text)
    for entry, start, end in zip(entries, starts, starts[1:]):
        block = "".join(lines[start:end]).rstrip("\n") + "\n"
        catalog._original[id(entry)] = (_entry_key(entry), block)
    return catalog


def dump_catalog(catalog: Catalog) -> str:
    """Serialise: unchanged parts verbatim, changed ones the way polib writes them."""
    po = catalog.po
    header = catalog._original_header
    if header is not None and header[0] == _header_key(po):
        parts = [header[1]]
    else:
        empty = polib.POFile(wrapwidth=WRAP_WIDTH)
        empty.header, empty.metadata, empty.metadata_is_fuzzy = po.header, po.metadata, po.metadata_is_fuzzy
        parts = [str(empty).rstrip("\n") + "\n"]
    for entry in po:
        original = catalog._original.get(id(entry))
        if original is not None and original[0] == _entry_key(entry):
            parts.append(original[1])
        else:
            parts.append(entry.__unicode__(wrapwidth=WRAP_WIDTH).rstrip("\n") + "\n")
    return "\n".join(parts)


def canonical_text(catalog: Catalog) -> str:
    """The whole catalog as polib writes it at WRAP_WIDTH: the project's one wrapping (see `wrap`)."""
    catalog.po.wrapwidth = WRAP_WIDTH
    return str(catalog.po)


def check_same_entries(catalog: Catalog, text: str) -> None:
    """Raise CatalogError unless `text` holds exactly the catalog's header and entries (in any order)."""
    with tempfile.TemporaryDirectory() as folder:  # a file, not a string: see `parse_po`
        copy = Path(folder) / catalog.path.name
        copy.write_text(text, encoding="utf-8")
        again = parse_po(copy)
    po = catalog.po
    if Counter(map(_entry_key, again)) != Counter(map(_entry_key, po)) or _header_key(again) != _header_key(po):
        raise CatalogError("re-wrapping would change an entry; please fix this catalog by hand", catalog.path)


def save_catalog(catalog: Catalog) -> bool:
    """Write atomically, and only if something changed. Returns whether the file was written."""
    return write_if_changed(catalog.path, dump_catalog(catalog))


def new_catalog(path: Path, language: str, project: str, plural_forms: str | None = None) -> Catalog:
    """An empty catalog with the header gettext tools expect (msgfmt --check warns without it).

    `plural_forms` defaults to what CLDR says for the language (see `languages`)."""
    import datetime

    from handbook.languages import UnknownLanguage, language_facts

    if plural_forms is None:
        try:
            plural_forms = language_facts(language).plural_forms
        except UnknownLanguage:
            plural_forms = "nplurals=2; plural=(n != 1);"
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    po.header = f"{project}: translation catalog.\nHow to translate and review: see CONTRIBUTING.md."
    po.metadata = {
        "Project-Id-Version": project,
        "PO-Revision-Date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
        "Last-Translator": "none yet",
        "Language-Team": f"{language} translators (see CONTRIBUTING.md)",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }
    return Catalog(path, po)


@dataclass(frozen=True)
class TemplateUnit:
    """One translatable unit of a page, as the template lists it."""

    msgid: str
    context: str
    kind: str
    occurrences: tuple[tuple[str, str], ...]


def template_entries(units: Iterable[TemplateUnit]) -> list[polib.POEntry]:
    return [
        polib.POEntry(
            msgid=unit.msgid, msgstr="", msgctxt=unit.context or None,
            comment=unit.kind, occurrences=list(unit.occurrences),
        )
        for unit in units
    ]


def merge(catalog: Catalog, units: list[TemplateUnit]) -> dict[str, int]:
    """Update a catalog to a page's current units, the way msgmerge does.

    Kept units keep their translation; a changed unit takes the translation of the most similar
    vanished unit as a fuzzy draft with its previous msgid, without its sign-offs (`review`: the
    review was of the previous English); vanished units become obsolete.
    """
    po = catalog.po
    current = {(entry.msgctxt or "", entry.msgid): entry for entry in po if not entry.obsolete}
    obsolete_before = {(entry.msgctxt or "", entry.msgid): entry for entry in po if entry.obsolete}
    wanted = {(unit.context, unit.msgid) for unit in units}
    vanished = [entry for key, entry in current.items() if key not in wanted and entry.msgstr]
    counts = {"new": 0, "fuzzy": 0, "kept": 0, "obsolete": 0}
    merged: list[polib.POEntry] = []
    consumed: set[int] = set()  # old entries whose translation moved to a changed unit
    for unit in units:
        key = (unit.context, unit.msgid)
        entry = current.get(key) or obsolete_before.get(key)
        if entry is not None:
            entry.obsolete = False
            entry.occurrences = list(unit.occurrences)
            entry.comment = unit.kind
            counts["kept"] += 1
        else:
            entry = polib.POEntry(msgid=unit.msgid, msgstr="", msgctxt=unit.context or None,
                                  comment=unit.kind, occurrences=list(unit.occurrences))
            similar = _most_similar(unit.msgid, vanished)
            if similar is not None:
                vanished.remove(similar)
                consumed.add(id(similar))
                entry.msgstr = similar.msgstr
                entry.flags = ["fuzzy"]
                entry.previous_msgid = similar.msgid
                entry.tcomment = similar.tcomment
                clear_signoffs(entry)
                counts["fuzzy"] += 1
            else:
                counts["new"] += 1
        merged.append(entry)
    used = {id(entry) for entry in merged} | consumed
    for entry in list(current.values()) + list(obsolete_before.values()):
        if id(entry) not in used and entry.msgstr:
            entry.obsolete = True
            entry.occurrences = []
            merged.append(entry)
            counts["obsolete"] += 1
    po[:] = merged
    return counts


def _most_similar(msgid: str, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    best, best_ratio = None, FUZZY_MATCH_RATIO
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, msgid, candidate.msgid, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best
