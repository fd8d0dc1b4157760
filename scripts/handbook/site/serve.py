"""`handbook serve`: a live preview that re-stages the languages whenever a page or catalog changes."""

from __future__ import annotations

from pathlib import Path

from handbook.config import HandbookConfig
from handbook.site.mkdocs_build import SITE_HOOK, mkdocs_overrides
from handbook.site.stage import staged_root
from handbook.translation.catalogs import Catalogs

HOOK = Path(__file__).with_name("serve_hooks.py")


def serve(config: HandbookConfig, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    from handbook.build import stage_all

    stage_all(config, workers=1)
    mkdocs_serve(
        config_file=str(config.config_file),
        dev_addr=dev_addr,
        docs_dir=str(staged_root(config)),
        watch=[str(config.source_dir), str(Catalogs(config).root)],
        hooks=[str(HOOK), str(SITE_HOOK)],
        **mkdocs_overrides(config),
    )
