"""Build the web root with MkDocs from the staged tree, into a temporary folder swapped in on success."""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .config import HandbookConfig
from .errors import BuildError
from .fsutil import swap_directory
from .search import jieba_user_dictionary
from .ui import site_strings

SITE_HOOK = Path(__file__).with_name("site_hook.py")


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say what failed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def apply_site_strings(config: HandbookConfig, mkdocs_config) -> None:
    """Give each language of mkdocs-static-i18n its translated interface, nav sections and site name."""
    show_drafts = config.review_policy == "show-drafts"
    for language in mkdocs_config.plugins["i18n"].config.languages:
        strings = site_strings(config, None if language.default else language.locale, show_drafts)
        language["extra"] = {"ui": strings.ui}
        language["nav_translations"] = strings.nav
        language["site_name"] = strings.site_name
        language["site_description"] = strings.site_description


def prepare_mkdocs_config(config: HandbookConfig, mkdocs_config) -> None:
    """What MkDocs needs from the handbook beyond mkdocs.yml: translated strings, Chinese word list.

    Used by the build and by `handbook serve`, so the preview is the same site.
    """
    apply_site_strings(config, mkdocs_config)
    dictionary = jieba_user_dictionary(config)
    if dictionary is not None:
        mkdocs_config.plugins["material/search"].config["jieba_dict_user"] = str(dictionary)


def run_mkdocs(config: HandbookConfig, staged_dir: Path, site_dir: Path) -> None:
    """One MkDocs build of every staged language (mkdocs-static-i18n builds each language folder)."""
    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        mkdocs_config = load_config(
            config_file=str(config.config_file), docs_dir=str(staged_dir), site_dir=str(site_dir),
            hooks=[str(SITE_HOOK)],
        )
        prepare_mkdocs_config(config, mkdocs_config)
        build(mkdocs_config)
    except (MkDocsException, jinja2.TemplateError, OSError) as error:
        details = "\n".join(f"  {message}" for message in collector.messages)
        raise BuildError(f"MkDocs failed: {error}\n{details}".rstrip(), config.config_file) from error
    finally:
        logger.removeHandler(collector)


@contextlib.contextmanager
def fresh_site(config: HandbookConfig) -> Iterator[Path]:
    """A new folder beside `site/` to build into; swapped in only when the block succeeds.

    A failed build, or one interrupted at any point, leaves the previous `site/` as it was.
    """
    config.site_dir.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{config.site_dir.name}.new-", dir=config.site_dir.parent))
    new.chmod(0o755)  # mkdtemp makes 0700; a web server must be able to read the site
    try:
        yield new
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    swap_directory(new, config.site_dir)
