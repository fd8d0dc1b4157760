"""Edition codes: which edition of a language a copy is, printed in every output of that language.

A language's content is the English source (`docs/<source>/`, images included), the data the
editions print (`data/`) and, for a translation, its catalogs (`translations/<lang>/`). Its code is
a date and a short hash of that content: `2026-12-05.3f9a1c2e`. The hash is taken over the files'
git blob ids, so the code of any past commit can be computed from git without checking it out
(the Changes page does), and a copy outside git gets the same code for the same files.

The date is the day of the newest commit that changed the content, when the files on disk are
that commit's; otherwise (uncommitted edits, or no git) it is the date of `SOURCE_DATE_EPOCH`
when set, else the newest `last_reviewed` date of the English pages (outside git) or today
(uncommitted edits: a new edition, made today). Nothing else moves the code: a change to the code,
the theme, or another language leaves it as it is.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from handbook import git
from handbook.config import HandbookConfig, Language
from handbook.frontmatter import read_front_matter
from handbook.translation.catalogs import Catalogs

DATA_DIR = "data"


@dataclass(frozen=True)
class EditionCode:
    date: datetime.date
    digest: str  # 8 hex digits of the content hash
    committed: bool  # the content is a commit's (False: uncommitted edits, or no git)

    def __str__(self) -> str:
        return f"{self.date.isoformat()}.{self.digest}"

    @property
    def timestamp(self) -> int:
        """Its day at midnight UTC, in seconds since the epoch."""
        return int(datetime.datetime(self.date.year, self.date.month, self.date.day, tzinfo=datetime.timezone.utc).timestamp())


def content_roots(config: HandbookConfig, language: Language) -> list[Path]:
    """The folders whose files are the content of `language`'s editions."""
    roots = [config.source_dir, config.root / DATA_DIR]
    if not language.default:
        roots.append(Catalogs(config).language_dir(language.code))
    return roots


def content_blobs(config: HandbookConfig, language: Language) -> dict[str, str]:
    """Every content file of `language` on disk, relative to the project root: path -> git blob id."""
    blobs = {}
    for folder in content_roots(config, language):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    blobs[path.relative_to(config.root).as_posix()] = git.blob_id(path.read_bytes())
    return blobs


def content_digest(blobs: dict[str, str]) -> str:
    """The short hash of a set of files (paths relative to the project root)."""
    digest = hashlib.sha256()
    for name in sorted(blobs):
        digest.update(f"{name}\0{blobs[name]}\n".encode())
    return digest.hexdigest()[:8]


def project_prefix(config: HandbookConfig) -> str | None:
    """Where the project root is inside its git work tree ("" at the top); None outside git."""
    top = git.top_level(config.root)
    if top is None:
        return None
    relative = config.root.resolve().relative_to(top.resolve()).as_posix()
    return "" if relative == "." else relative + "/"


def content_paths(config: HandbookConfig, language: Language, prefix: str) -> list[str]:
    """The content folders as git pathspecs (relative to the work tree's top)."""
    return [prefix + folder.relative_to(config.root).as_posix() for folder in content_roots(config, language)]


def blobs_at(config: HandbookConfig, language: Language, commit: str, prefix: str) -> dict[str, str]:
    """The content files of `language` at `commit`, keyed like `content_blobs`."""
    blobs = git.tree_blobs(config.root, commit, content_paths(config, language, prefix))
    return {name[len(prefix):]: blob for name, blob in blobs.items()}


def _day(timestamp: int) -> datetime.date:
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc).date()


def commit_code(commit: git.Commit, blobs: dict[str, str]) -> EditionCode:
    """The code of the edition `commit` made, from its content files (`blobs_at`)."""
    return EditionCode(_day(commit.timestamp), content_digest(blobs), True)


def source_date_epoch_setting() -> int | None:
    """SOURCE_DATE_EPOCH when set: reproducible builds expect every date a build prints to be it."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def editions_epoch(code: EditionCode) -> int:
    """The date a language's editions carry (covers, metadata, file times): SOURCE_DATE_EPOCH when set,
    else the day of their edition code. So a commit that leaves a language's content alone leaves its
    editions' date, and so their cache keys, alone."""
    fixed = source_date_epoch_setting()
    return fixed if fixed is not None else code.timestamp


def _fallback_date(config: HandbookConfig, in_git: bool) -> datetime.date:
    fixed = source_date_epoch_setting()
    if fixed is not None:
        return _day(fixed)
    if in_git:
        return datetime.datetime.now(tz=datetime.timezone.utc).date()
    reviewed = [read_front_matter(page).get("last_reviewed") for page in sorted(config.source_dir.rglob("*.md"))]
    dates = [date for date in reviewed if isinstance(date, datetime.date)]  # YAML reads 2026-11-25 as a date
    return max(dates) if dates else _day(0)


def edition_code(config: HandbookConfig, language: Language) -> EditionCode:
    """The code of the edition of `language` that the files on disk make."""
    blobs = content_blobs(config, language)
    digest = content_digest(blobs)
    prefix = project_prefix(config)
    if prefix is not None:
        newest = git.commits_touching(config.root, content_paths(config, language, prefix), limit=1)
        if newest:
            committed = commit_code(newest[0], blobs_at(config, language, newest[0].sha, prefix))
            if committed.digest == digest:
                return committed
    return EditionCode(_fallback_date(config, prefix is not None), digest, False)


def edition_codes(config: HandbookConfig) -> dict[str, EditionCode]:
    """Every configured language's edition code, by language code."""
    return {language.code: edition_code(config, language) for language in config.languages}
