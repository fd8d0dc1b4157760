"""The nav of mkdocs.yml, read once by the configuration: the order every edition follows."""

from __future__ import annotations

from pathlib import Path

from helpers import REPO

from handbook.config import NavPage, load_config


def test_nav_pages_carry_their_top_level_section(tmp_path: Path) -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    nav = ("nav:\n  - index.md\n  - Protect:\n      - protect/masks.md\n      - Deeper:\n          - protect/deep.md\n"
           "      - Elsewhere: https://who.int/\n  - about.md\n")
    start, end = text.index("nav:\n"), text.index("\ntheme:")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(text[:start] + nav + text[end:], encoding="utf-8")
    pages = load_config(config_file).nav_pages
    assert pages == (NavPage("index.md", None, 0), NavPage("protect/masks.md", "Protect", 1),
                     NavPage("protect/deep.md", "Protect", 2), NavPage("about.md", None, 0))
