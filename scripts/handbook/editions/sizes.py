"""What a Downloads page can only show once the files exist, written into its slots: each file's size,
and each handout's title in the page's language (from the handout's HTML file)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from handbook.progress import human_size

SIZE_SLOT = re.compile(r'(<span class="hb-size" data-file="([^"]+)">)[^<]*(</span>)')
TITLE_SLOT = re.compile(r'(<cite class="hb-handout-title" data-file="([^"]+)">).*?(</cite>)', re.S)
HEADING = re.compile(r"<h1>(.*?)</h1>", re.S)


def fill_size_slots(text: str, size_of: Callable[[str], str | None]) -> str:
    """Write `size_of(file name)` into each size slot of a Downloads page; None leaves a slot as it is."""
    def replace(match: re.Match) -> str:
        size = size_of(match.group(2))
        return match.group(0) if size is None else f"{match.group(1)}{size}{match.group(3)}"
    return SIZE_SLOT.sub(replace, text)


def fill_sizes(text: str, downloads: Path) -> str:
    """Put each existing file's size into its slot on a Downloads page."""
    def on_disk(name: str) -> str:
        path = downloads / name
        return human_size(path.stat().st_size) if path.is_file() else ""
    return fill_size_slots(text, on_disk)


def with_size(files: dict[str, bytes], name: str, size: str) -> dict[str, bytes]:
    """`files` with `size` written into every HTML slot for the file `name`."""
    slot = f'data-file="{name}"'.encode()
    changed = {}
    for path, data in files.items():
        if path.endswith(".html") and slot in data:
            text = fill_size_slots(data.decode("utf-8"), lambda slot_name: size if slot_name == name else None)
            changed[path] = text.encode("utf-8")
    return {**files, **changed}


def fill_titles(text: str, downloads: Path) -> str:
    """Put each handout's title, as its HTML file prints it, into its slot on a Downloads page."""
    def replace(match: re.Match) -> str:
        path = downloads / match.group(2)
        heading = HEADING.search(path.read_text(encoding="utf-8")) if path.is_file() else None
        return match.group(0) if heading is None else f"{match.group(1)}{heading.group(1)}{match.group(3)}"
    return TITLE_SLOT.sub(replace, text)
