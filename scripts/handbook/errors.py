"""One small error tree: every problem the pipeline reports names a file and, when known, a line."""

from __future__ import annotations

from pathlib import Path


class HandbookError(Exception):
    """A problem the user can fix; printed as `path:line: message`, never as a traceback."""

    exit_code = 1

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class ConfigError(HandbookError):
    """`mkdocs.yml` is invalid: nothing was built."""

    exit_code = 2


class SetupError(HandbookError):
    """A tool, font or package the pipeline needs is missing; the message says how to install it."""

    exit_code = 3


class BuildError(HandbookError):
    """A stage failed on some input; the previous output is left as it was."""


class CatalogError(HandbookError):
    """A PO catalog cannot be read or does not belong to its page."""


class ChecksFailed(HandbookError):
    """`handbook check` found errors; each was already printed with its position."""
