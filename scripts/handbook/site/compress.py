"""Pre-compressed twins of the built site's text files, for static servers that serve them as they are.

nginx (`gzip_static on; brotli_static on;`) and Caddy (`file_server { precompressed br gzip }`)
send `page.html.br` or `page.html.gz` to a browser that accepts it, so the server never compresses
at request time and every reader gets the smallest copy: brotli at quality 11 and gzip at level 9,
both far slower than a server would dare on the fly.

The twins are deterministic (gzip with mtime 0 and no file name in its header; brotli has neither),
so two builds of the same site give the same bytes. That also lets a rebuild reuse them: twins are
kept in a cache named by the content hash of their source, so only changed files are compressed
again. This is the last step of a build: every file it compresses must already be final.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from handbook.fsutil import write_atomic

log = logging.getLogger("handbook")

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"})
# Below this, a compressed copy saves less than a network packet's headers: not worth a file.
MIN_SIZE = 256


@dataclass(frozen=True)
class Compressed:
    path: Path
    size: int
    gzip_size: int
    brotli_size: int


def gzip_bytes(data: bytes) -> bytes:
    """gzip at level 9, with mtime 0 and no file name: the same input always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    import brotli

    return brotli.compress(data, quality=11)


def text_files(site_dir: Path) -> list[Path]:
    """Every text file of the site worth compressing, in a stable order."""
    return sorted(
        path for path in site_dir.rglob("*")
        if path.suffix.lower() in TEXT_SUFFIXES and path.is_file() and path.stat().st_size >= MIN_SIZE
    )


def _compress_one(path: Path, cache_dir: Path | None) -> tuple[Compressed, str | None]:
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest() if cache_dir is not None else None
    cached_gzip = cache_dir / f"{key}.gz" if key else None
    cached_brotli = cache_dir / f"{key}.br" if key else None
    if cached_gzip and cached_gzip.is_file() and cached_brotli.is_file():
        packed_gzip, packed_brotli = cached_gzip.read_bytes(), cached_brotli.read_bytes()
    else:
        packed_gzip, packed_brotli = gzip_bytes(data), brotli_bytes(data)
        if cache_dir is not None:
            write_atomic(cached_gzip, packed_gzip)
            write_atomic(cached_brotli, packed_brotli)
    # A fresh build folder is swapped in whole when the build succeeds, so plain writes are safe
    # here; `write_atomic`'s fsync per file would only slow the build.
    path.with_name(path.name + ".gz").write_bytes(packed_gzip)
    path.with_name(path.name + ".br").write_bytes(packed_brotli)
    return Compressed(path, len(data), len(packed_gzip), len(packed_brotli)), key


def precompress(site_dir: Path, cache_dir: Path | None = None, jobs: int | None = None) -> list[Compressed]:
    """Write `.gz` and `.br` beside every text file of `site_dir` of at least MIN_SIZE bytes.

    With `cache_dir`, twins of content compressed by an earlier build are copied from there, and
    cache entries this build did not use are removed. zlib and brotli release the GIL while they
    compress, so threads use every core.
    """
    files = text_files(site_dir)
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        done = list(pool.map(lambda path: _compress_one(path, cache_dir), files))
    results = [result for result, _ in done]
    if cache_dir is not None and cache_dir.is_dir():
        used = {key for _, key in done}
        for entry in cache_dir.iterdir():
            if entry.suffix in (".gz", ".br") and entry.stem not in used:
                entry.unlink()
    before = sum(result.size for result in results)
    after = sum(result.brotli_size for result in results)
    log.info("pre-compressed %d files: %.1f MB -> %.1f MB brotli", len(results), before / 1e6, after / 1e6)
    return results
