"""`handbook build`: the whole pipeline in one direction, docs -> staged languages -> site."""

from __future__ import annotations

import logging

from .config import HandbookConfig
from .fsutil import exclusive_lock
from .site import build_site
from .stage import stage_source, staged_root

log = logging.getLogger("handbook")


def stage_all(config: HandbookConfig) -> None:
    """Stage every configured language."""
    stage_source(config)


def build(config: HandbookConfig) -> None:
    with exclusive_lock(config.build_dir / ".build.lock"):
        log.info("[1/2] staging %d language(s)", len(config.languages))
        stage_all(config)
        log.info("[2/2] building the site into %s", config.site_dir)
        build_site(config, staged_root(config))
        log.info("done: %s", config.site_dir)
