"""Word-level differences between two texts: the review queue's outdated drafts and the Changes pages."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffPiece:
    """A run of words the previous and the current text share ("same"), or one only had."""

    op: str  # "same", "removed" or "added"
    text: str


def word_diff(before: str, after: str) -> list[DiffPiece]:
    """The change from `before` to `after`, word by word (whitespace is not a change)."""
    old, new = before.split(), after.split()
    pieces = []
    for tag, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(DiffPiece("same", " ".join(old[old_start:old_end])))
            continue
        if old_end > old_start:
            pieces.append(DiffPiece("removed", " ".join(old[old_start:old_end])))
        if new_end > new_start:
            pieces.append(DiffPiece("added", " ".join(new[new_start:new_end])))
    return pieces


def diff_text(pieces: list[DiffPiece]) -> str:
    """The diff as one line: removed words `[-like this-]`, added ones `{+like this+}`."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return " ".join(marks[piece.op].format(piece.text) for piece in pieces)
