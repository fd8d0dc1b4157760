"""What a first visit to a page costs on the wire: the page and everything it loads, gzip-compressed.

Static measure: the HTML, then every stylesheet, script, icon and image it references, then the
fonts and images those stylesheets reference (`url(...)`, local files only). Material's scripts,
and the search worker and index they start, load only when the reader opens search
(`overrides/partials/lazy-scripts.html`); tests/site/test_lazy_scripts.py checks that in a real browser.
Each file is counted once per page, as a browser with an empty cache would fetch it.
"""

from __future__ import annotations

import gzip
import json
import statistics
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook.site import loads
from handbook.site.search import worker_imports


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def _local(base: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (base.parent / unquote(parts.path)).resolve()
    return path if path.is_file() else None


def first_visit(page: Path) -> list[Path]:
    """Every local file a first visit to `page` fetches, the page first."""
    files: dict[Path, None] = {page.resolve(): None}
    for url in loads.page_loads(page.read_text(encoding="utf-8")).on_open:
        target = _local(page, url)
        if target is None or target in files:
            continue
        files[target] = None
        if target.suffix == ".css":
            for url in loads.stylesheet_loads(target.read_text(encoding="utf-8", errors="replace")):
                nested = _local(target, url)
                if nested is not None:
                    files.setdefault(nested)
    return list(files)


def search_loads(page: Path, index: Path) -> list[Path]:
    """What opening search on `page` fetches: Material's scripts, its search worker, the language's
    index (`index`) and the lunr language files the worker imports for it."""
    found = loads.page_loads(page.read_text(encoding="utf-8"))
    urls, worker = list(found.on_search), found.worker
    if worker and index.is_file():
        urls += [worker, *worker_imports(worker, json.loads(index.read_text(encoding="utf-8"))["config"]["lang"])]
    files = [path for path in (_local(page, url) for url in urls) if path is not None]
    return files + [index] if index.is_file() else files


def page_weight(page: Path, cache: dict[Path, int] | None = None) -> int:
    """gzip bytes of `page` plus everything it loads."""
    cache = {} if cache is None else cache
    total = 0
    for path in first_visit(page):
        if path not in cache:
            cache[path] = gzip_size(path.read_bytes())
        total += cache[path]
    return total


@dataclass(frozen=True)
class Weights:
    pages: int
    median: int
    maximum: int
    heaviest: str


def weigh(pages: list[Path], root: Path) -> Weights | None:
    cache: dict[Path, int] = {}
    weights = sorted((page_weight(page, cache), str(page.relative_to(root))) for page in pages)
    if not weights:
        return None
    return Weights(len(weights), int(statistics.median(weight for weight, _ in weights)), weights[-1][0], weights[-1][1])
