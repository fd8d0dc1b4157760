"""A page as MkDocs built it, read for the editions: its title and its article, and a few facts.

The editions reuse the built article instead of rendering the Markdown again, so every edition says
what the site says. This is the one reading of a built page's title and article.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from handbook.errors import BuildError

ARTICLE = re.compile(r'<article\b[^>]*class="md-content__inner[^"]*"[^>]*>(.*?)</article>', re.S)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
REVIEWED = re.compile(r'<p class="hb-reviewed">.*?<time datetime="([^"]+)"', re.S)
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
TAGS = re.compile(r"<[^>]+>")
HEADERLINK = re.compile(r'<a\b[^>]*class="headerlink"[^>]*>.*?</a>', re.S)  # toc's permalink, when enabled


@dataclass(frozen=True)
class BuiltPage:
    title: str  # the article's first heading as text; else the <title> before " - "; else the file's name
    article: str  # the article's inner HTML, as built
    reviewed: str | None  # the last-reviewed date the page shows (ISO), if any
    description: str  # the page's meta description ("" if none)


def heading_text(fragment: str) -> str:
    """A built heading's text: no tags, no permalink."""
    return html.unescape(TAGS.sub("", HEADERLINK.sub("", fragment))).strip()


def read_built_page(path: Path) -> BuiltPage:
    """The built page at `path`; an error names the file if it has no article."""
    text = path.read_text(encoding="utf-8")
    article = ARTICLE.search(text)
    if article is None:
        raise BuildError('no <article class="md-content__inner"> in the built page', path)
    heading = H1.search(article.group(1))
    if heading:
        title = heading_text(heading.group(1))
    else:
        title_tag = TITLE.search(text)
        title = html.unescape(title_tag.group(1)).split(" - ")[0].strip() if title_tag else path.stem
    reviewed = REVIEWED.search(text)
    description = DESCRIPTION.search(text)
    return BuiltPage(title, article.group(1), reviewed.group(1) if reviewed else None,
                     html.unescape(description.group(1)) if description else "")
