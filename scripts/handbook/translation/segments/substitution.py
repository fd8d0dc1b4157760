"""Put translations into a page: the English text with each translated unit's span replaced.

Everything that is not a unit stays byte for byte (markers, indentation, attribute lists, HTML,
code); each translation is made inert for its spot first (`inert.make_safe`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from handbook.translation.segments.extraction import extract
from handbook.translation.segments.inert import make_safe
from handbook.translation.segments.page import NEWLINE, Segment


def _blank_line_before(text: str, end: int) -> str:
    """A line ending and the next line's container marks (`>`): an empty line in place."""
    newline = NEWLINE.search(text, end)
    if newline is None:
        return ""
    marks = re.match(r"[ \t>]*", text[newline.end():])
    return newline[0] + (marks[0].rstrip(" \t") if marks else "")


def render(text: str, translate: Callable[[Segment], str | None]) -> str:
    """Substitute translations; None or "" keeps the source unit unchanged.

    A translation equal to the source keeps the source bytes (wrapped lines included).
    """
    pieces: list[str] = []
    done = 0
    for segment in extract(text):
        translation = translate(segment)
        if not translation or translation == segment.text:
            continue
        safe = make_safe(translation, segment.mode)
        start, end = segment.span
        if safe is None or start < done:
            continue
        if segment.mode == "type-title":  # `!!! note` gets the title it showed: `!!! note "Nota"`
            safe = f'{text[start:end]} "{safe}"'
        elif segment.mode == "over-rule":  # a blank line keeps `---` a rule, not an underline
            safe += _blank_line_before(text, end)
        pieces += [text[done:start], safe]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)
