"""Links of built pages, read one way and sent where each edition keeps their targets.

Every edition takes pages MkDocs built and puts them somewhere else: one printed document, a zip, a
ZIM, lite twins. The links are read the same way for all of them: parse the URL, resolve it against
the page it is on (paths relative to the site root), and leave other hosts, `mailto:` and `data:`
alone. What a link of this site becomes is the edition's one decision: a function given the link.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from handbook.config import HandbookConfig, Language

# `\bsrc` also matches `data-src`: Material's scripts kept for when the reader opens search
# (overrides/partials/lazy-scripts.html) are rewritten like any other.
URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


@dataclass(frozen=True)
class Link:
    """A URL of this site as written on a page, and the site file it points to."""

    url: str  # as written (entities decoded)
    path: str  # the file, relative to the site root: "bn/images/a.svg"; the page itself for "#top"
    query: str
    fragment: str
    same_page: bool  # no path: only a place on the page itself (or nothing)

    def online(self, config: HandbookConfig) -> str:
        """The same file on the published site."""
        query = f"?{self.query}" if self.query else ""
        fragment = f"#{self.fragment}" if self.fragment else ""
        return f"{config.site_url.rstrip('/')}/{self.path}{query}{fragment}"


def parse_link(page: str, url: str) -> Link | None:
    """`url` on the site page `page` (relative to the site root), resolved; None when it is not a
    file of this site (another host, `mailto:`, `data:`)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return Link(url, page, parts.query, parts.fragment, True)
    path = unquote(parts.path)
    if path.startswith("/"):  # root-absolute: relative to the site root
        target = posixpath.normpath(path.lstrip("/"))
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return Link(url, target, parts.query, parts.fragment, False)


Target = Callable[[str, Link], "str | None"]


def rewrite_links(text: str, page: str, target: Target) -> str:
    """`text`, HTML from the site page `page`, with every `href` and `src` of this site replaced by
    `target(attribute, link)`; a None from `target` keeps the URL as written."""

    def replace(match: re.Match) -> str:
        attribute = match.group(1)
        link = parse_link(page, html.unescape(match.group(2)))
        new = None if link is None else target(attribute, link)
        return match.group(0) if new is None else f'{attribute}="{html.escape(new)}"'

    return URL_ATTRIBUTE.sub(replace, text)


def language_prefix(language: Language) -> str:
    """The folder of a language's pages in the site: none for the source language."""
    return "" if language.default else f"{language.code}/"


def online_url(config: HandbookConfig, language: Language) -> str:
    return config.site_url.rstrip("/") + "/" + language_prefix(language)
