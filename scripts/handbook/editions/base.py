"""What an offline edition is to the build: files per language (or one for all), and a job per file
keyed by everything it reads.

Each edition (pdf, booklet, form, xlsform, zip, zim, epub, handout, poster) is one class in its own module;
`editions/build.py` runs the list of them. An edition names its files, the code it is made by, and,
for one language, the jobs that make them: a function run in a worker process, its arguments, and a
cache key that hashes every input (the document it is made from, stylesheet, settings, that code).
Most editions make one file per language (`file_pattern`, `job`); one that makes several (a
handout per card) says which in `files`, known at staging from the English source so the
Downloads page can list them, and makes them in `jobs`. A new edition is a new module with one
class, and one line in that list.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from abc import ABC
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from handbook.config import HandbookConfig, Language

if TYPE_CHECKING:
    from handbook.editions.identity import EditionCode
    from handbook.editions.stamp import Stamp

DOWNLOADS_DIR = "downloads"  # in the site: every edition's files, and their checksums

# The renderers behind the editions: a new version of any of them makes every edition again.
RENDERERS = ("weasyprint", "pypdf", "segno", "libzim")


@dataclass(frozen=True)
class EditionInputs:
    """What every edition of one build reads; `once` keeps what several editions share (the book)."""

    config: HandbookConfig
    site_dir: Path
    epoch: int  # the date of what every language shares (the XLSForm); a language's own: `epoch_of`
    settings: str  # the configuration values the editions print, as one string for cache keys
    shared: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, key: Any, make: Callable[[], Any]) -> Any:
        if key not in self.shared:
            self.shared[key] = make()
        return self.shared[key]

    def edition(self, language: Language) -> EditionCode:
        """`language`'s edition code, computed once per build."""
        from handbook.editions.identity import edition_code  # late: base.py needs no translation modules

        return self.once(("edition-code", language.code), lambda: edition_code(self.config, language))

    def code(self, language: Language) -> str:
        """The edition code every output of `language` prints (editions/identity.py); a job that prints
        it has it in its key."""
        return str(self.edition(language))

    def epoch_of(self, language: Language) -> int:
        """The date `language`'s editions carry: SOURCE_DATE_EPOCH when set, else their edition code's
        day (identity.editions_epoch), so that another language's change leaves them as they are."""
        from handbook.editions.identity import editions_epoch

        return editions_epoch(self.edition(language))

    def stamp(self, language: Language) -> Stamp:
        """The edition code and where to check it is current, as every output of `language` prints them."""
        from handbook.editions.stamp import edition_stamp  # late: it imports this module

        return edition_stamp(self.config, language, self.code(language))


@dataclass
class Job:
    """One file to make: `run(target, *args)` in a worker process writes it to `target`, atomically."""

    kind: str
    language: Language
    key: str  # a hash of every input: the cache entry's name
    run: Callable[..., None]
    args: tuple
    cost: int  # rough order: slow jobs first keeps both cores busy to the end
    suffix: str  # the file's extension, for the cache entry
    file: str = ""  # its name in `downloads/`: `Edition.jobs` sets it

    def target(self, cache: Path) -> Path:
        return cache / f"{self.kind}-{self.language.code}-{self.key}{self.suffix}"


class Edition(ABC):
    kind: ClassVar[str]  # "pdf": names the cache entries and the progress labels
    label: ClassVar[str]  # its name in the interface strings, for the Downloads page
    file_pattern: ClassVar[str]  # its file in `downloads/`, with `{code}` for the language
    # One file for every language (its pattern has no `{code}`), made once and listed on every Downloads page.
    per_language: ClassVar[bool] = True
    # Editions of a later stage are made once the earlier ones are in the site: their pages show those sizes.
    stage: ClassVar[int] = 0
    # The code it is made by, relative to the handbook package: changing it makes this edition again.
    code_files: ClassVar[tuple[str, ...]]

    def file_name(self, language: Language) -> str:
        return self.file_pattern.format(code=language.code)

    def files(self, config: HandbookConfig, language: Language) -> list[dict[str, str]]:
        """Its files of `language` as the Downloads page and `editions.json` list them (`edition`,
        `label`, `file`, and what else an edition says of each); cheap, from the English source."""
        return [{"edition": self.kind, "label": self.label, "file": self.file_name(language)}]

    def jobs(self, inputs: EditionInputs, language: Language) -> list[Job]:
        """The jobs that make `files`, each with its `file` set."""
        return [replace(self.job(inputs, language), file=self.file_name(language))]

    def code_version(self) -> str:
        return code_version(self.code_files)

    def detail(self, path: Path) -> str:
        """What the build's line for the made file at `path` says beside its size (the EPUB: its fonts' weight)."""
        return ""

    def job(self, inputs: EditionInputs, language: Language) -> Job:
        """The job that makes this edition of `language`; pure and cheap (its key decides whether it runs).
        An edition of one file per language has it; one of several has `jobs` instead."""
        raise NotImplementedError(f"{type(self).__name__} makes its files in `jobs`")


@functools.cache
def code_version(code_files: tuple[str, ...]) -> str:
    """The code behind an edition and the renderers' versions."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    here = Path(__file__).parents[1]
    for name in code_files:
        digest.update((here / name).read_bytes())
    for package in RENDERERS:
        digest.update(f"{package}={version(package)}".encode())
    return digest.hexdigest()


def cache_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


def quiet_renderers() -> None:
    """In a worker: WeasyPrint logs every step and every CSS it ignores; keep the build's output readable."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
