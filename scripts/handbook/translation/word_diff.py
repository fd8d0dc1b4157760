"""Word-level differences between two texts: the review queue's outdated drafts and the Changes pages.

Words are what whitespace separates; in scripts written without spaces (Chinese, Japanese) each
character is a word, so a changed character is shown as one and not the whole sentence. Which
characters stand alone is Unicode's: those a line may break before and after (line-break classes ID
and CJ: Han, kana, full-width forms...), read through ICU.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

STANDALONE = "[[:lb=ID:][:lb=CJ:]]"  # an ICU set: characters written without spaces between them


@functools.cache
def _parts() -> re.Pattern[str]:
    """A character of STANDALONE, or a run of other characters."""
    import icu

    ranges = "".join(re.escape(first) + ("-" + re.escape(last) if last != first else "")
                     for first, last in icu.UnicodeSet(STANDALONE).ranges())
    return re.compile(f"[{ranges}]|[^{ranges}]+")


@dataclass(frozen=True)
class DiffPiece:
    """A run of words the previous and the current text share ("same"), or one only had."""

    op: str  # "same", "removed" or "added"
    text: str
    joined: bool = False  # written against the piece before it, without a space (inside Chinese text)


def _words(text: str) -> list[tuple[str, bool]]:
    """Each word, and whether it follows the word before it without a space."""
    words: list[tuple[str, bool]] = []
    for spaced in text.split():
        for index, part in enumerate(_parts().findall(spaced)):
            words.append((part, index > 0))
    return words


def _piece(op: str, words: list[tuple[str, bool]]) -> DiffPiece:
    text = "".join(("" if joined or not index else " ") + word for index, (word, joined) in enumerate(words))
    return DiffPiece(op, text, words[0][1])


def word_diff(before: str, after: str) -> list[DiffPiece]:
    """The change from `before` to `after`, word by word (whitespace is not a change)."""
    old, new = _words(before), _words(after)
    matcher = difflib.SequenceMatcher(None, [word for word, _ in old], [word for word, _ in new], autojunk=False)
    pieces = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(_piece("same", new[new_start:new_end]))
            continue
        if old_end > old_start:
            pieces.append(_piece("removed", old[old_start:old_end]))
        if new_end > new_start:
            pieces.append(_piece("added", new[new_start:new_end]))
    return pieces


def diff_text(pieces: list[DiffPiece]) -> str:
    """The diff as one line: removed words `[-like this-]`, added ones `{+like this+}`."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return "".join(("" if piece.joined or not index else " ") + marks[piece.op].format(piece.text)
                   for index, piece in enumerate(pieces))
