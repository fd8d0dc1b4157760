"""English text on a translated page says so: `lang` on the element it fills, `dir` inside it.

A unit with no usable translation is shown in English, marked by the renderer with two Unicode
noncharacters around it (`translation.segments.page.ENGLISH_START`, `ENGLISH_END`). This
Python-Markdown extension, which every build adds (`mkdocs_build.prepare_mkdocs_config`), turns
each marked run into `lang="en"` on the element it fills (a paragraph, heading, list item, table
cell, term, definition, footnote, admonition title), with the element's content in one `<span
dir="ltr">`; or, when that element holds more (a list item's English text before a translated
sublist), into a `<span lang="en" dir="ltr">` around the run. The marks are dropped, and any mark
it cannot reach (in raw HTML or code) is dropped from the output. So on an Arabic page an English
paragraph ends with its full stop on the right, and screen readers read it with an English voice;
the site, the lite pages and every edition made from the built pages (PDFs, EPUB, zip, ZIM,
handouts, posters) carry it.

The direction is never set on the element itself: the theme styles blocks by their direction (a
list item's bullet and margin, an admonition title's icon), so an English list item would leave
its Arabic list's side and overflow the page on a phone. Both attributes, on every translated
language: `lang` names the language of the text, which is always wrong to inherit; `dir` is the
English text's own direction, a fact about the text and not about the page (on a left-to-right
page it changes nothing). It runs after `attr_list` (an attribute list ends a heading or cell
behind the end mark) and before `toc`, so ids and the table of contents read the text alone.

Only the build writes the marks: a translation's are made U+FFFD (`segments.inert`) and a page
holding one is refused (`translation.render`). A page without marks (the English pages, pages
translated throughout) is not touched.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from handbook.translation.segments.page import ENGLISH_END, ENGLISH_START

MARKS = re.compile(f"[{ENGLISH_START}{ENGLISH_END}]")
# What Python-Markdown keeps aside until the end (raw HTML, the space before a footnote's link back).
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
PRIORITY = 7  # after `attr_list` (8), before `toc` (5)
POST_PRIORITY = 5  # after the raw HTML is put back (30)


def _blank_text(text: str | None) -> bool:
    return not _PLACEHOLDER.sub("", MARKS.sub("", text or "")).strip()


class EnglishUnits(Treeprocessor):
    """Marked runs to `lang` and `dir` (see the module)."""

    def __init__(self, md: Markdown, language: str, direction: str) -> None:
        super().__init__(md)
        self.attributes = {"lang": language, "dir": direction}
        self.marked: set[Element] = set()

    def run(self, root: Element) -> None:
        if not any(ENGLISH_START in text for text in root.itertext()):
            return
        self.marked = set()
        for element in reversed(list(root.iter())):  # an element after everything inside it
            pairs = self._pairs(element)
            if not pairs:
                continue
            if element is not root and self._filled(element):
                element.attrib.setdefault("lang", self.attributes["lang"])
                self._isolate_content(element)
                self.marked.add(element)
            else:
                for start, end in reversed(pairs):
                    self._wrap(element, start, end)
        for element in root.iter():  # no mark is left, not even where no unit should put one
            element.text = MARKS.sub("", element.text) if element.text else element.text
            element.tail = MARKS.sub("", element.tail) if element.tail else element.tail
            for name, value in element.attrib.items():
                if value and MARKS.search(value):
                    element.set(name, MARKS.sub("", value))

    @staticmethod
    def _slots(element: Element) -> list[str]:
        """The element's own text: before its first child, then after each child."""
        return [element.text or "", *(child.tail or "" for child in element)]

    @staticmethod
    def _set_slot(element: Element, slot: int, text: str) -> None:
        if slot == 0:
            element.text = text
        else:
            element[slot - 1].tail = text

    def _pairs(self, element: Element) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Each start mark with the end mark after it, as (slot, offset); lone marks are dropped."""
        pairs, opened, lone = [], None, False
        for slot, text in enumerate(self._slots(element)):
            for match in MARKS.finditer(text):
                if match.group() == ENGLISH_START:
                    lone = lone or opened is not None
                    opened = (slot, match.start())
                elif opened is not None:
                    pairs.append((opened, (slot, match.start())))
                    opened = None
                else:
                    lone = True
        if lone or opened is not None:
            kept = {position for pair in pairs for position in pair}
            for slot, text in enumerate(self._slots(element)):
                self._set_slot(element, slot, "".join(
                    char for offset, char in enumerate(text)
                    if not MARKS.fullmatch(char) or (slot, offset) in kept))
            return self._pairs(element)
        return pairs

    def _filled(self, element: Element) -> bool:
        """Whether the marked runs are all the element has to read (between marks pairs alternate)."""
        inside = False
        for slot, text in enumerate(self._slots(element)):
            if slot and not inside and not self._blank(element[slot - 1]):
                return False
            position = 0
            for match in MARKS.finditer(text):
                if not inside and not _blank_text(text[position:match.start()]):
                    return False
                inside, position = not inside, match.end()
            if not inside and not _blank_text(text[position:]):
                return False
        return True

    def _blank(self, element: Element) -> bool:
        """Nothing of its own to read: empty, a line break, a footnote's link back, or marked English."""
        if element in self.marked or "footnote-backref" in (element.get("class") or "").split():
            return True
        if element.tag == "img":
            return not (element.get("alt") or "").strip()
        return _blank_text(element.text) and all(self._blank(child) and _blank_text(child.tail) for child in element)

    def _isolate_content(self, element: Element) -> None:
        """The element's text and inline content in one `<span dir>`: the element keeps the page's direction,
        which the theme's styles read (a list item's bullet and margin, an admonition title's icon),
        and the English inside reads in its own."""
        span = Element("span", {"dir": self.attributes["dir"]})
        span.text, element.text = element.text, None
        for child in list(element):
            if self.md.is_block_level(child.tag):  # a list item's sublist: a span holds no block
                break
            element.remove(child)
            span.append(child)
        element.insert(0, span)

    def _wrap(self, element: Element, start: tuple[int, int], end: tuple[int, int]) -> None:
        """Put a marked run into a `<span>` with the attributes."""
        (first, at), (last, until) = start, end
        slots = self._slots(element)
        span = Element("span", dict(self.attributes))
        if first == last:
            span.text, span.tail = slots[first][at + 1:until], slots[first][until + 1:]
        else:
            moved = list(element)[first:last]
            for child in moved:
                element.remove(child)
                span.append(child)
            span.text, span.tail = slots[first][at + 1:], slots[last][until + 1:]
            moved[-1].tail = slots[last][:until]
        self._set_slot(element, first, slots[first][:at])
        element.insert(first, span)
        self.marked.add(span)


class DropMarks(Postprocessor):
    """A mark the tree step cannot reach (in raw HTML, or in code where Python-Markdown and the
    segmenter disagree about a fence): gone from the output."""

    def run(self, text: str) -> str:
        return MARKS.sub("", text)


class EnglishUnitsExtension(Extension):
    """`lang` and `dir` for the units a translated page shows in the source language."""

    def __init__(self, language: str = "en", direction: str = "ltr") -> None:
        super().__init__()
        self.language, self.direction = language, direction

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(EnglishUnits(md, self.language, self.direction), "handbook_english_units", PRIORITY)
        md.postprocessors.register(DropMarks(md), "handbook_english_marks", POST_PRIORITY)
