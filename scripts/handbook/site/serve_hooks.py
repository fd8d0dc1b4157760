"""MkDocs hook used only by `handbook serve`: the build's own set-up, and re-staging before each rebuild."""

from __future__ import annotations

from mkdocs.plugins import event_priority


@event_priority(100)  # before mkdocs-static-i18n reads its languages
def on_config(config):
    from handbook.config import load_config
    from handbook.site.mkdocs_build import prepare_mkdocs_config

    prepare_mkdocs_config(load_config(config.config_file_path), config)
    return config


def on_pre_build(config, **kwargs) -> None:
    """Stage once per preview rebuild: mkdocs-static-i18n runs this again for every other language."""
    from handbook.build import stage_all
    from handbook.config import load_config

    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.current_language != i18n.default_language:
        return
    stage_all(load_config(config.config_file_path), workers=1)
