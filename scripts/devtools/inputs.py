"""A throwaway copy of the project's build inputs, for the tests and the benchmark."""

from __future__ import annotations

import shutil
from pathlib import Path

from handbook.site.cache import INPUT_FOLDERS


def copy_inputs(root: Path, target: Path) -> Path:
    """Copy what a build reads (not site/, build/ or the venv) from `root` into `target`.

    For building a throwaway copy (tests, the benchmark). Returns the copy's mkdocs.yml.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "mkdocs.yml", target / "mkdocs.yml")
    for name in INPUT_FOLDERS:
        if (root / name).is_dir():
            shutil.copytree(root / name, target / name)
    return target / "mkdocs.yml"
