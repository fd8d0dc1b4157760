"""`handbook review-changes --base REF`: which units changed review state since a commit, and who signed.

For a pull request: every catalog of every translated language is compared with the same file at
REF (read with `git show REF:path`; a catalog missing at REF counts as all untranslated). A unit
is listed when its state (`review.STATES`) differs, or when it has a sign-off it did not have at
REF, with the sign-offs that are new. Whether a unit is critical is read from the English page as
it is now, for both sides: a pull request that changes a page's `critical` marks changes states.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from handbook.git import git_output, show_file
from handbook.config import HandbookConfig
from handbook.errors import CatalogError, HandbookError
from handbook.translation import review
from handbook.translation.catalog import parse_po, parse_po_bytes
from handbook.translation.catalogs import Catalogs
from handbook.translation.critical import Criticality


@dataclass(frozen=True)
class StateChange:
    """One unit whose review moved between REF and the working tree."""

    catalog: str  # relative to the project
    line: int
    context: str
    english: str
    before: str  # a state of review.STATES
    after: str
    signed: tuple[str, ...]  # new sign-offs, as written: "reviewed-by: Ana 2026-01-15"


def check_ref(root: Path, ref: str) -> None:
    """A ref that names no commit is an error (rather than every catalog looking new)."""
    if ref.startswith("-") or git_output(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
        raise HandbookError(f"{ref!r} is no commit of this repository, or git cannot be run here (a pull "
                            "request's checkout needs the base commit: fetch-depth 0)", root)


def catalog_at(root: Path, ref: str, path: Path) -> polib.POFile | None:
    """The catalog as it was at `ref` (a commit `check_ref` accepted); None when the file did not exist there."""
    shown = show_file(root, ref, "./" + path.relative_to(root).as_posix())
    if shown is None:
        return None
    try:
        return parse_po_bytes(shown, path)
    except CatalogError as error:
        raise CatalogError(f"at {ref}: {error.message}", path, error.line) from error


def _signoffs(entry: polib.POEntry | None) -> set[review.Signoff]:
    if entry is None:
        return set()
    return {review.Signoff(signoff.kind, signoff.name, signoff.date) for signoff in review.read_signoffs(entry).valid}


def _state(entry: polib.POEntry | None, critical: bool) -> str:
    return review.UNTRANSLATED if entry is None else review.unit_state(entry, critical)


def changes(config: HandbookConfig, ref: str, languages: list[str] | None = None) -> list[StateChange]:
    """Every unit of the chosen languages (default: all translated) whose state or sign-offs changed."""
    check_ref(config.root, ref)
    codes = languages or [language.code for language in config.translated_languages]
    catalogs = Catalogs(config)
    found = []
    for code in codes:
        for page in catalogs.pages():
            path = catalogs.page(config.language(code).code, page)
            if not path.is_file():
                continue
            old = catalog_at(config.root, ref, path)
            before = {} if old is None else {(entry.msgctxt or "", entry.msgid): entry
                                             for entry in old if not entry.obsolete}
            criticality = Criticality.of_page(config.source_dir / page)
            for entry in parse_po(path):
                if entry.obsolete or not entry.msgid:
                    continue
                previous = before.get((entry.msgctxt or "", entry.msgid))
                critical = bool(criticality.of_entry(entry))
                state_before, state_after = _state(previous, critical), _state(entry, critical)
                new = sorted(_signoffs(entry) - _signoffs(previous), key=lambda signoff: (signoff.kind, signoff.date))
                if state_before == state_after and not new:
                    continue
                found.append(StateChange(
                    path.relative_to(config.root).as_posix(), entry.linenum or 1, entry.msgctxt or "", entry.msgid,
                    state_before, state_after,
                    tuple(f"{signoff.kind}: {signoff.name} {signoff.date.isoformat()}" for signoff in new)))
    return found


def _excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def as_markdown(found: list[StateChange]) -> str:
    """The pull-request comment's list: per catalog, each unit's old → new state and its new sign-offs."""
    if not found:
        return "No unit changed review state.\n"
    lines = []
    for catalog in dict.fromkeys(change.catalog for change in found):
        lines += ["", f"**{catalog}**", ""]
        for change in (change for change in found if change.catalog == catalog):
            label = f"{review.STATE_LABELS[change.before]} → {review.STATE_LABELS[change.after]}"
            # In code spans: a pull request's text must not mention people or make links in the comment.
            signed = "; ".join(f"`{signoff.replace('`', chr(39))}`" for signoff in change.signed)
            signed = f", signed {signed}" if signed else ""
            english = _excerpt(change.english).replace("`", "'")
            lines.append(f"- line {change.line}: `{english}`: {label}{signed}")
    return "\n".join(lines).strip() + "\n"


def as_json(found: list[StateChange]) -> str:
    return json.dumps({"changes": [asdict(change) for change in found]}, ensure_ascii=False, indent=2)
