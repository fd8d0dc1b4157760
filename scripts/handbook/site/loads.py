"""What a built page makes the browser fetch, read once for everyone who needs the list.

The offline zip takes exactly these files, the weight measure (devtools/weights.py) counts them and
the tests check that none comes from another host. Two moments: what a page fetches when it opens,
and what it fetches when the reader opens search (Material's scripts, kept back by
`overrides/partials/lazy-scripts.html`, and the search worker named in Material's config block).
URLs are returned as written in the page (entities decoded), relative to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from handbook.site.search import search_worker

# Elements, and their attributes whose URL the browser fetches by itself.
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
# `<link rel>` values that make the browser fetch the `href` (or, for the last two, contact its host).
FETCHED_LINK_RELS = frozenset({"stylesheet", "icon", "shortcut", "preload", "prefetch", "modulepreload", "manifest",
                               "apple-touch-icon", "preconnect", "dns-prefetch"})
DEFERRED_TYPE = "handbook/deferred"  # a <script> with `data-src`, started when the reader opens search


@dataclass
class PageLoads:
    on_open: list[str] = field(default_factory=list)  # fetched as the page opens
    on_search: list[str] = field(default_factory=list)  # Material's scripts: fetched when the reader opens search
    worker: str | None = None  # Material's search worker, started by those scripts
    styles: list[str] = field(default_factory=list)  # inline `style` attributes that hold a url(...)
    links: list[str] = field(default_factory=list)  # every <a href>: followed, not fetched


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = PageLoads()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in FETCHED.get(tag, ()):
            if values.get(name):
                urls = values[name].split(",") if name == "srcset" else [values[name]]
                self.found.on_open.extend(url.strip().split(" ")[0] for url in urls)
        if tag == "script" and values.get("type") == DEFERRED_TYPE and values.get("data-src"):
            self.found.on_search.append(values["data-src"])
        if tag == "link" and set(values.get("rel", "").lower().split()) & FETCHED_LINK_RELS and values.get("href"):
            self.found.on_open.append(values["href"])
        if tag == "a" and "href" in values:
            self.found.links.append(values["href"])
        if "url(" in values.get("style", ""):
            self.found.styles.append(values["style"])


def page_loads(text: str) -> PageLoads:
    """Everything the page `text` fetches, by moment, and the links it offers."""
    parser = _Loads()
    parser.feed(text)
    parser.close()
    parser.found.worker = search_worker(text)
    return parser.found


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def stylesheet_loads(css: str) -> list[str]:
    """The URLs a stylesheet fetches: `url(...)` and `@import`, relative to the stylesheet."""
    return [match.group(1) or match.group(2) for match in CSS_URL.finditer(css)]
