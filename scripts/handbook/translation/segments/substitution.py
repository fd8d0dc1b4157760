"""Put translations into a page: the English text with each translated unit's span replaced.

Everything that is not a unit stays byte for byte (markers, indentation, attribute lists, HTML,
code); each translation is made inert for its spot first (`inert.make_safe`). Asked to, it marks
each unit left in English (`page.ENGLISH_START`, `ENGLISH_END`), where the text shows as an
element's content, so the site can say that text is English (`site.english_units`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown.blockprocessors import HashHeaderProcessor, ReferenceProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor

from handbook.translation.segments.extraction import extract
from handbook.translation.segments.inert import make_safe
from handbook.translation.segments.page import ENGLISH_END, ENGLISH_START, NEWLINE, Segment

# Spots whose text is an element's content. Not marked: front matter (the page's title and
# description, read as plain text), abbreviations (an attribute's value), code titles (shown as
# written).
_MARKED_MODES = frozenset({"block", "part", "over-rule", "setext", "heading", "cell", "cell-lead", "title",
                           "type-title"})
# Python-Markdown reads an attribute list at the end of these elements' text for the element itself.
_ENDS_WITH_OWN_ATTRIBUTES = frozenset({"heading", "setext", "cell", "cell-lead"})


def _blank_line_before(text: str, end: int) -> str:
    """A line ending and the next line's container marks (`>`): an empty line in place."""
    newline = NEWLINE.search(text, end)
    if newline is None:
        return ""
    marks = re.match(r"[ \t>]*", text[newline.end():])
    return newline[0] + (marks[0].rstrip(" \t") if marks else "")


def marked_english(text: str, segment: Segment) -> str | None:
    """The unit's source, marked as English, to replace its span; None where it is not marked.

    The end mark goes where Python-Markdown's reading of the text ends, so that the mark changes
    nothing it reads: before a heading's closing `#`s and an attribute list that belongs to
    the element (`## Title { #id }`), both read only at the very end of the line, and before the
    colon of a last line `[label]:`, which a mark after it would turn into a link definition whose
    address is the mark. An admonition without a title gets the title Python-Markdown would show
    (`!!! note` -> `!!! note "Note"`), marked."""
    start, end = segment.span
    source = text[start:end]
    if segment.mode not in _MARKED_MODES:
        return None
    if segment.mode == "type-title":
        return f'{source} "{ENGLISH_START}{segment.text}{ENGLISH_END}"'
    cut = len(source)
    if segment.mode == "heading":  # Python-Markdown's own reading of `# text ##`: its `header` group
        cut = HashHeaderProcessor.RE.match("#" + source).end("header") - 1
    if segment.mode in _ENDS_WITH_OWN_ATTRIBUTES or segment.kind == "definition-term":
        if own := AttrListTreeprocessor.HEADER_RE.search(source[:cut]):
            cut = own.start()
            if segment.mode in ("heading", "setext"):  # attr_list then drops a heading's closing `#`s
                cut = len(source[:cut].rstrip("#").rstrip())
    if _makes_definition(f"{source[:cut]}{ENGLISH_END}"):
        cut = source.rindex("]:", 0, cut) + 1
    return f"{ENGLISH_START}{source[:cut]}{ENGLISH_END}{source[cut:]}"


def _makes_definition(marked: str) -> bool:
    """Whether a link definition (Python-Markdown's reading) takes the end mark as its address."""
    return any(ENGLISH_END in match.group(2) for match in ReferenceProcessor.RE.finditer(marked))


def render(text: str, translate: Callable[[Segment], str | None], *, mark_english: bool = False) -> str:
    """Substitute translations; None or "" keeps the source unit unchanged.

    A translation equal to the source keeps the source bytes (wrapped lines included): the
    translator kept the words, the unit is translated. With `mark_english`, every other unit that
    stays English (no translation, or one that cannot be made safe) is marked (`marked_english`).
    """
    pieces: list[str] = []
    done = 0
    for segment in extract(text):
        translation = translate(segment)
        if translation and translation == segment.text:
            continue
        safe = make_safe(translation, segment.mode) if translation else None
        start, end = segment.span
        if start < done:
            continue
        if safe is None:
            if mark_english and (marked := marked_english(text, segment)) is not None:
                pieces += [text[done:start], marked]
                done = end
            continue
        if segment.mode == "type-title":  # `!!! note` gets the title it showed: `!!! note "Nota"`
            safe = f'{text[start:end]} "{safe}"'
        elif segment.mode == "over-rule":  # a blank line keeps `---` a rule, not an underline
            safe += _blank_line_before(text, end)
        pieces += [text[done:start], safe]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)
