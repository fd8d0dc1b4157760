"""MkDocs hook used only by `handbook serve`: re-stage before each rebuild of the preview."""

from __future__ import annotations

import os


def on_pre_build(config, **kwargs) -> None:
    from handbook.build import stage_all
    from handbook.config import load_config

    stage_all(load_config(os.environ.get("HANDBOOK_CONFIG", config.config_file_path)))
