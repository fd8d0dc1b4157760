"""`handbook add-language xx`: the one line in `mkdocs.yml`, then `extract` for the new catalogs.

The line goes after the last entry of the i18n plugin's `languages:`, at the same indentation, and
nothing else in the file changes (comments and layout stay as they are).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from handbook.config import HandbookConfig, MkDocsYamlLoader, i18n_options, load_config
from handbook.errors import ConfigError
from handbook.fsutil import write_atomic
from handbook.languages import UnknownLanguage, language_facts


def _languages_node(tree: yaml.Node, index: int) -> yaml.SequenceNode | None:
    plugins = next((value for key, value in tree.value if key.value == "plugins"), None)
    entry = plugins.value[index] if isinstance(plugins, yaml.SequenceNode) else None
    if not isinstance(entry, yaml.MappingNode):
        return None
    i18n = next((value for key, value in entry.value if key.value == "i18n"), None)
    if not isinstance(i18n, yaml.MappingNode):
        return None
    node = next((value for key, value in i18n.value if key.value == "languages"), None)
    return node if isinstance(node, yaml.SequenceNode) and node.value else None


def with_language(text: str, code: str, name: str | None, config_file: Path) -> str:
    """`mkdocs.yml`'s text with `- locale: code` (and `name:`) added after the last language."""
    data = yaml.load(text, Loader=MkDocsYamlLoader) or {}
    index, options = i18n_options(data.get("plugins"))
    tree = yaml.compose(text, Loader=MkDocsYamlLoader)
    node = _languages_node(tree, index) if index is not None else None
    if node is None:
        raise ConfigError("no `languages:` list under the i18n plugin to add the language to", config_file)
    if any(str((entry or {}).get("locale")) == code for entry in options.get("languages") or []):
        line = next(item.start_mark.line + 1 for item, entry in zip(node.value, options["languages"])
                    if str((entry or {}).get("locale")) == code)
        raise ConfigError(f"language {code!r} is already configured", config_file, line)
    last = node.value[-1]
    indent = " " * max(last.start_mark.column - 2, 0)
    lines = text.splitlines(keepends=True)
    mark = last.end_mark  # where the next token starts: often the first line of the next plugin
    before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
    end = mark.line if not before.strip() else mark.line + 1
    # The node ends where the next one starts: blank lines and comments before it stay after the new line.
    while end > last.start_mark.line + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    added = f"{indent}- locale: {code}\n" + (f"{indent}  name: {name}\n" if name else "")
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end]) + added + "".join(lines[end:])


def add_language(config_file: Path, code: str, name: str | None = None) -> HandbookConfig:
    """Add `code` to `mkdocs.yml`, check the result, and start its catalogs; returns the new config."""
    from handbook.translation.extract import extract

    config_file = Path(config_file).resolve()
    try:
        language_facts(code)
    except UnknownLanguage as error:
        raise ConfigError(f"unknown language code {code!r}: {error}", config_file) from error
    text = config_file.read_text(encoding="utf-8")
    write_atomic(config_file, with_language(text, code, name, config_file))
    try:
        config = load_config(config_file)
    except ConfigError:
        write_atomic(config_file, text)
        raise
    extract(config)
    return config
