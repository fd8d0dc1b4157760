"""The front matter of a Markdown page (the YAML between its first two `---` lines): one reader.

Staging checks a page's `clinical_review`, the review step reads `critical` marks, the editions read
`last_reviewed`, `print` and the translation counts staging wrote: all through `front_matter`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from handbook.errors import HandbookError


def parse_front_matter(body: str, path: Path | None = None) -> dict:
    """The mapping a front matter's YAML `body` holds ({} for anything else); bad YAML is an error at its line."""
    try:
        meta = yaml.safe_load(body) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise HandbookError(f"front matter is not valid YAML: {error}", path, mark.line + 2 if mark else 2) from None
    return meta if isinstance(meta, dict) else {}


def front_matter(text: str, path: Path | None = None) -> dict:
    """The front matter of a page's text; {} when it has none."""
    if not text.startswith("---\n") or (end := text.find("\n---", 4)) < 0:
        return {}
    return parse_front_matter(text[4:end], path)


def read_front_matter(path: Path) -> dict:
    return front_matter(path.read_text(encoding="utf-8"), path)
