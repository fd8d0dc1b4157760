"""Make the built site lighter without changing what a reader sees.

- Source maps (`*.map`, ~1 MB for Material's bundle) are for debugging Material itself: they are
  removed, with the `sourceMappingURL` comments that point to them.
- The handbook's SVG images lose comments, metadata and whitespace between tags (never inside
  text), and each result is checked to still be well-formed XML; otherwise the original stays.

Runs on the fresh build folder right after MkDocs, before anything reads or compresses the site.
"""

from __future__ import annotations

import logging
import re
import xml.dom.minidom
from dataclasses import dataclass
from pathlib import Path
from xml.parsers.expat import ExpatError

log = logging.getLogger("handbook")

SOURCE_MAP_COMMENT = re.compile(rb"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")

_SVG_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SVG_METADATA = re.compile(r"<metadata\b.*?</metadata>|<metadata\b[^>]*/>", re.S)
_SVG_EDITOR = re.compile(r"<(sodipodi|inkscape):[^>]*?(?:/>|>.*?</\1:[^>]*>)", re.S)
_SVG_EDITOR_ATTRIBUTE = re.compile(r'\s(?:sodipodi|inkscape):[\w-]+="[^"]*"|\sxmlns:(?:sodipodi|inkscape)="[^"]*"')
_SVG_TEXT = re.compile(r"(<(text|title|desc|tspan|textPath)\b.*?</\2>)", re.S)
_SVG_BETWEEN_TAGS = re.compile(r">\s+<")


@dataclass(frozen=True)
class Optimized:
    maps_removed: int
    bytes_saved: int
    svgs_minified: int


def remove_source_maps(site_dir: Path) -> tuple[int, int]:
    """Delete `*.map` and the comments that reference them; returns (files removed, bytes saved)."""
    removed = saved = 0
    for path in sorted(site_dir.rglob("*.map")):
        saved += path.stat().st_size
        path.unlink()
        removed += 1
    for path in sorted([*site_dir.rglob("*.js"), *site_dir.rglob("*.css")]):
        data = path.read_bytes()
        stripped = SOURCE_MAP_COMMENT.sub(b"\n" if data.endswith(b"\n") else b"", data)
        if stripped != data:
            path.write_bytes(stripped)  # the fresh build folder is swapped in whole
            saved += len(data) - len(stripped)
    return removed, saved


def minify_svg(text: str) -> str:
    """The same drawing in fewer bytes; returns `text` unchanged if the result would not parse."""
    out = _SVG_COMMENT.sub("", text)
    out = _SVG_METADATA.sub("", out)
    out = _SVG_EDITOR.sub("", out)
    out = _SVG_EDITOR_ATTRIBUTE.sub("", out)
    # Whitespace between tags is dropped, except inside text elements where it may be a space.
    pieces = _SVG_TEXT.split(out)
    rebuilt = []
    for index, piece in enumerate(pieces):
        kind = index % 3
        if kind == 0:
            piece = _SVG_BETWEEN_TAGS.sub("><", piece)
            if index > 0:  # after a text element's closing tag
                piece = re.sub(r"^\s+(?=<|$)", "", piece)
            if index < len(pieces) - 1:  # before a text element's opening tag
                piece = re.sub(r"(?<=>)\s+$", "", piece)
            rebuilt.append(piece)
        elif kind == 1:
            rebuilt.append(piece)  # a whole text element, as it was
    out = "".join(rebuilt).strip()
    try:
        xml.dom.minidom.parseString(out.encode("utf-8"))
    except ExpatError:
        return text
    return out if len(out) < len(text) else text


def minify_svgs(site_dir: Path) -> tuple[int, int]:
    """Minify the handbook's own SVG images (not Material's icons under assets/)."""
    count = saved = 0
    for path in sorted(site_dir.rglob("*.svg")):
        if "assets" in path.relative_to(site_dir).parts:
            continue
        text = path.read_text(encoding="utf-8")
        smaller = minify_svg(text)
        if smaller != text:
            path.write_text(smaller, encoding="utf-8")
            count += 1
            saved += len(text.encode("utf-8")) - len(smaller.encode("utf-8"))
    return count, saved


def optimize_site(site_dir: Path) -> Optimized:
    maps, map_bytes = remove_source_maps(site_dir)
    svgs, svg_bytes = minify_svgs(site_dir)
    log.info("optimized: %d source maps removed, %d SVGs minified, %.1f MB saved", maps, svgs, (map_bytes + svg_bytes) / 1e6)
    return Optimized(maps, map_bytes + svg_bytes, svgs)
