"""Which handouts there are, from the English source, and a handout's content in a language's built page.

A handout is a page printed whole (`print: one-page` in its front matter: the cards) or a level-2
section of a page that lists it in its front matter (`handouts: [1, 2]`: the first and second `##`
sections, each running until the next `##`). The marker is in the front matter, not in a heading,
so it changes no text to translate; positions, not translated titles, say which section it is in
every language. Each handout's files are named from the English source (the page's file name, or
the English heading's slug), so its identity does not depend on any translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handbook.config import HandbookConfig
from handbook.editions.built_page import heading_text
from handbook.errors import BuildError
from handbook.frontmatter import read_front_matter
from handbook.translation.segments.page import MD, Page, headings

ONE_PAGE = "one-page"  # `print: one-page`: the whole page is a handout
H2_BUILT = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.S)
ID = re.compile(r'\bid="([^"]*)"')
H1_BUILT = re.compile(r"<h1\b")


@dataclass(frozen=True)
class Handout:
    page: str  # the page in the nav: "cards/ppe.md"
    section: int | None  # the position of its `##` on the page, from 1; None: the whole page
    slug: str  # names its files in every language
    title: str  # in English, as the source says it (editions.json lists it)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def source_headings(path: Path, level: int) -> list[str]:
    """The headings of one level of a Markdown page, read by the segmenter's parser (so in the
    order and number the built page has them), their attribute lists left off."""
    tokens = MD.parse(Page(path.read_text(encoding="utf-8")).parse_view())
    return [heading.text for heading in headings(tokens) if heading.level == level]


def _page_title(meta: dict, path: Path) -> str:
    if meta.get("title"):
        return str(meta["title"])
    return next(iter(source_headings(path, 1)), path.stem)


def _sections(meta: dict, path: Path) -> list[int]:
    positions = meta.get("handouts") or []
    if not isinstance(positions, list) or not all(isinstance(item, int) and not isinstance(item, bool) and item > 0
                                                  for item in positions):
        raise BuildError(f"handouts: {positions!r} is not a list of section positions (1 = the first `##` section)", path)
    return positions


def handouts(config: HandbookConfig) -> list[Handout]:
    """Every handout, in nav order: from the front matter of the English pages."""
    found: list[Handout] = []
    for entry in config.nav_pages:
        path = config.source_dir / entry.page
        if not path.is_file():
            continue
        meta = read_front_matter(path)
        if meta.get("print") == ONE_PAGE:
            found.append(Handout(entry.page, None, slugify(Path(entry.page).stem), _page_title(meta, path)))
        positions = _sections(meta, path)
        sections = source_headings(path, 2) if positions else []
        for position in positions:
            if position > len(sections):
                raise BuildError(f"handouts: the page has no section {position} (it has {len(sections)} `##` sections)", path)
            found.append(Handout(entry.page, position, slugify(sections[position - 1]), sections[position - 1]))
    seen: dict[str, Handout] = {}
    for handout in found:
        if handout.slug in seen:
            raise BuildError(f"two handouts would have the same file name ({handout.slug}): "
                             f"this page's and {seen[handout.slug].page}'s", config.source_dir / handout.page)
        seen[handout.slug] = handout
    return found


# --- A handout in a built page ------------------------------------------------------------------


@dataclass(frozen=True)
class HandoutContent:
    title: str  # in the page's language, as text
    notices: str  # what the page says before its heading: its translation and clinical review notices
    body: str  # the handout's HTML, without its heading
    anchor: str = ""  # the id of a section's heading on the page


def handout_content(handout: Handout, title: str, article: str, staged: Path) -> HandoutContent:
    """The handout's part of a built page's `article` (its download box already removed); `title` is
    the page's; errors name the `staged` page."""
    heading = H1_BUILT.search(article)
    if heading is None:
        raise BuildError("the built page has no <h1>", staged)
    notices, content = article[:heading.start()].strip(), article[heading.start():]
    after_h1 = content.find("</h1>")
    if handout.section is None:
        return HandoutContent(title, notices, content[after_h1 + 5:].strip())
    sections = list(H2_BUILT.finditer(content))
    if handout.section > len(sections):
        raise BuildError(f"the built page has {len(sections)} sections, not the handout's section {handout.section}", staged)
    section = sections[handout.section - 1]
    end = sections[handout.section].start() if handout.section < len(sections) else len(content)
    anchor = ID.search(section.group(1))
    return HandoutContent(heading_text(section.group(2)), notices, content[section.end():end].strip(),
                          anchor.group(1) if anchor else "")
