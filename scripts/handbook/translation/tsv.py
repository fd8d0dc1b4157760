"""One reader for the project's tab-separated data (glossaries, unit words): rows with their line."""

from __future__ import annotations

import csv
from pathlib import Path

from handbook.errors import HandbookError


def read_rows(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[tuple[int, list[str]]]:
    """(line, values of `columns` then of `optional`) of a tab-separated file; a missing file has no rows,
    a header not starting with `columns` is an error; optional columns may be absent (then empty).

    Rows whose first column is empty are left out; values are stripped."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ())[: len(columns)] != columns:
            raise HandbookError(f"the header must start with {chr(9).join(columns)!r}", path, 1)
        rows = [(reader.line_num, [(row.get(name) or "").strip() for name in columns + optional]) for row in reader]
        return [(line, values) for line, values in rows if values[0]]
