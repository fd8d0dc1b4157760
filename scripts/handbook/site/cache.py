"""Skip a build whose inputs have not changed since the last successful one.

The inputs are everything a build reads: `mkdocs.yml`, `docs/`, `overrides/`, `translations/`,
`data/`, the handbook package itself, the versions of the packages that render the site, and the
newest commit that changed the content (the Changes pages are made from git history). Their
content hash is kept in `build/cache/site.json` after each successful build; when the next build
finds the same hash and `site/` still there, it stops at once. Any change (one PO file, one
template, an upgraded package) makes a full build, and the finer caches (staged Markdown written
only when changed, pre-compressed twins by content hash) keep that one short.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from handbook.config import HandbookConfig
from handbook.git import git_output
from handbook.fsutil import write_atomic
from handbook.translation.catalogs import Catalogs

INPUT_FOLDERS = ("docs", "overrides", "translations", "data")
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions", "weasyprint",
            "pypdf", "segno", "libzim", "brotli", "jieba", "polib", "markdown-it-py", "mdit-py-plugins",
            "babel", "pycountry", "pyicu-wheels")
PACKAGE_DIR = Path(__file__).parent


def manifest_path(config: HandbookConfig) -> Path:
    return config.build_dir / "cache" / "site.json"


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(
        path for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith((".pyc", ".tmp"))
    )


def _digest(roots: list[tuple[Path, Path]], extra: list[str] = ()) -> str:
    """Hash of every file under `roots` (named relative to their base) and the rendering packages."""
    digest = hashlib.sha256()
    for base, root in roots:
        for path in _files(root):
            name = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
            digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{package}=={version}\0".encode())
    for line in extra:
        digest.update(line.encode() + b"\0")
    return digest.hexdigest()


def content_history(config: HandbookConfig) -> str:
    """The newest commit that changed the content: the Changes pages list the editions of git's
    history, which a commit changes without changing a file ("" outside git)."""
    folders = [folder for folder in (config.docs_dir, config.translations_dir, config.root / "data") if folder.is_dir()]
    newest = git_output(config.root, "log", "-1", "--format=%H", "--full-history", "HEAD", "--", *map(str, folders))
    return (newest or "").strip()


def input_digest(config: HandbookConfig) -> str:
    """One hash of everything a build reads."""
    roots = [(config.root, config.config_file)] + [(config.root, config.root / name) for name in INPUT_FOLDERS]
    roots.append((PACKAGE_DIR.parent, PACKAGE_DIR))
    usual = {config.root / name for name in INPUT_FOLDERS}
    roots += [(config.root, folder) for folder in (config.docs_dir, config.overrides_dir) if folder not in usual]
    return _digest(roots, [f"history={content_history(config)}"])


def language_site_digest(config: HandbookConfig, staged_dir: Path, code: str) -> str:
    """Everything one language's MkDocs build reads: its staged pages, the source language's, the
    list of every language's staged files (the switcher and alternates), its interface catalog,
    `mkdocs.yml`, the theme overrides, `data/` (the Chinese word list), the code and packages."""
    source = config.source_language.code
    roots = [(config.root, config.config_file), (config.root, config.overrides_dir),
             (config.root, config.root / "data"), (PACKAGE_DIR.parent, PACKAGE_DIR),
             (staged_dir, staged_dir / code), (staged_dir, staged_dir / source)]
    if code != source:
        roots.append((config.root, Catalogs(config).site(code)))
    layout = sorted(path.relative_to(staged_dir).as_posix() for path in _files(staged_dir))
    return _digest(roots, [code, *layout])


def is_up_to_date(config: HandbookConfig, digest: str) -> bool:
    path = manifest_path(config)
    if not config.site_dir.is_dir() or not path.is_file():
        return False
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded.get("inputs") == digest and recorded.get("site") == str(config.site_dir)


def record(config: HandbookConfig, digest: str) -> None:
    write_atomic(manifest_path(config), json.dumps({"inputs": digest, "site": str(config.site_dir)}, indent=1) + "\n")
