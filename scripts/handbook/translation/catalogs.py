"""Where every catalog lives: one place that names the files, so no module builds a catalog path by hand.

`translations/<lang>/<page>.po` is a page's catalog in a language, `translations/templates/<page>.pot`
its template. Strings outside the pages (interface, nav titles, site name) have a catalog of their
own, `translations/<lang>/_site.po`: it is the catalog of the page `_site.md`, which does not exist,
so everything that walks a language's pages walks it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from handbook.site.stage import source_pages

if TYPE_CHECKING:
    from handbook.config import HandbookConfig

SITE_PAGE = Path("_site.md")  # the page whose catalog holds the strings outside pages


class Catalogs:
    """The catalogs and templates of a project, found from its configuration."""

    def __init__(self, config: HandbookConfig) -> None:
        self.config = config

    @property
    def root(self) -> Path:
        return self.config.translations_dir

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def language_dir(self, language: str) -> Path:
        """`translations/<lang>/`: every catalog of one language."""
        return self.root / language

    def page(self, language: str, page: Path) -> Path:
        """`translations/<lang>/<page>.po`, the one catalog of a page in a language."""
        return self.language_dir(language) / page.with_suffix(".po")

    def template(self, page: Path) -> Path:
        """`translations/templates/<page>.pot`: what a new language's catalog of the page starts from."""
        return self.templates_dir / page.with_suffix(".pot")

    def site(self, language: str) -> Path:
        """`translations/<lang>/_site.po`: the language's strings outside the pages."""
        return self.page(language, SITE_PAGE)

    def pages(self) -> list[Path]:
        """Every page that has a catalog: the source pages, and `_site.md` for strings outside pages."""
        return source_pages(self.config) + [SITE_PAGE]

    def of_language(self, language: str) -> list[Path]:
        """Every `.po` file in the language's folder, sorted (stale ones too: `handbook check` reads them all)."""
        return sorted(self.language_dir(language).rglob("*.po"))

    def files(self, languages: Iterable[str] | None = None) -> list[Path]:
        """Every catalog and template file of the chosen languages, sorted; with none chosen, every
        translated language's and the templates."""
        codes = list(languages or ())
        if codes:
            folders = [self.language_dir(self.config.language(code).code) for code in codes]
        else:
            folders = [self.language_dir(language.code) for language in self.config.translated_languages]
            folders.append(self.templates_dir)
        return sorted(path for folder in folders for pattern in ("*.po", "*.pot") for path in folder.rglob(pattern))
