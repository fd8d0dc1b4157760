"""The one typed configuration, read from `mkdocs.yml`, validated once and passed down unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import yaml

from handbook.errors import ConfigError
from handbook.languages import UnknownLanguage, language_facts

REVIEW_POLICIES = ("show-drafts", "english-fallback")


class NavItem(NamedTuple):
    """One entry of `nav:`: a section heading (`section` set, `page` empty) or a page (its .md path)."""

    section: str | None
    page: str
    depth: int


class NavPage(NamedTuple):
    """A page of `nav:` in reading order, with the top-level section it is in (None at the top level)."""

    page: str  # its .md path, relative to the language folder
    section: str | None
    depth: int


@dataclass(frozen=True)
class Language:
    """One language of `mkdocs.yml`, with the facts the data gives about it (see `languages`)."""

    code: str
    name: str  # `name:` in mkdocs.yml, else the language's own name from CLDR
    default: bool
    direction: str  # "ltr" or "rtl"
    iso639_3: str
    script: str = "Latn"  # ISO 15924: chooses fonts, search word splitting and segmentation
    territory: str = ""  # CLDR's most likely territory: "CN" for zh, so fonts are the regional ones
    plural_forms: str = "nplurals=2; plural=(n != 1);"
    font: str | None = None  # a family forced by languages.OVERRIDES; None: fontconfig chooses


@dataclass(frozen=True)
class HandbookConfig:
    root: Path
    config_file: Path
    docs_dir: Path
    site_dir: Path
    overrides_dir: Path  # `theme.custom_dir`: Material overrides and the print stylesheet
    site_name: str
    site_description: str
    site_url: str
    languages: tuple[Language, ...]
    supply_request_url: str
    licence_name: str
    licence_url: str
    review_policy: str
    contribute_url: str
    nav: tuple[NavItem, ...] = ()  # `nav:` in order, with its nesting depth
    markdown_extensions: tuple[tuple[str, dict], ...] = field(default=(), hash=False)  # (name, options)

    @property
    def nav_sections(self) -> tuple[str, ...]:
        """Section titles of `nav:`, translated through _site.po (page titles come from the pages)."""
        return tuple(item.section for item in self.nav if item.section is not None)

    @property
    def nav_pages(self) -> tuple[NavPage, ...]:
        """The pages of `nav:` in order, each with its top-level section; links to other sites left out."""
        pages, section = [], None
        for item in self.nav:
            if item.depth == 0:
                section = item.section
            if item.page and not urlsplit(item.page).scheme:
                pages.append(NavPage(item.page, section, item.depth))
        return tuple(pages)

    @property
    def source_language(self) -> Language:
        return next(language for language in self.languages if language.default)

    @property
    def translated_languages(self) -> tuple[Language, ...]:
        return tuple(language for language in self.languages if not language.default)

    @property
    def source_dir(self) -> Path:
        return self.docs_dir / self.source_language.code

    @property
    def translations_dir(self) -> Path:
        return self.root / "translations"

    @property
    def print_css(self) -> Path:
        return self.overrides_dir / "print.css"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def language(self, code: str) -> Language:
        for language in self.languages:
            if language.code == code:
                return language
        known = ", ".join(language.code for language in self.languages)
        raise ConfigError(f"unknown language '{code}' (configured: {known})", self.config_file)


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its `!!python/name:` or `!ENV` tags."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_Loader.add_multi_constructor("!", _ignore_tag)


def _line_of(root: yaml.Node | None, keys: tuple[Any, ...]) -> int | None:
    """The 1-based line of the node at `keys` (mapping keys or list indexes), or of its nearest parent."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            match = next((value for name, value in node.value if name.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            match = node.value[key]
        else:
            match = None
        if match is None:
            break
        node, line = match, match.start_mark.line + 1
    return line


def _i18n_options(plugins: Any) -> tuple[int | None, dict]:
    for index, entry in enumerate(plugins or []):
        if entry == "i18n":
            return index, {}
        if isinstance(entry, dict) and "i18n" in entry:
            return index, entry["i18n"] or {}
    return None, {}


def load_config(config_file: Path | str = "mkdocs.yml") -> HandbookConfig:
    """Read and validate `mkdocs.yml`; every problem is reported with its line, then we stop once."""
    config_file = Path(config_file).resolve()
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read the configuration: {error.strerror}", config_file) from error
    try:
        data = yaml.load(text, Loader=_Loader) or {}
        tree = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        line = error.problem_mark.line + 1 if getattr(error, "problem_mark", None) else None
        raise ConfigError(f"not valid YAML: {getattr(error, 'problem', error)}", config_file, line) from error

    problems: list[tuple[tuple[Any, ...], str]] = []
    root = config_file.parent
    extra = (data.get("extra") or {}).get("handbook") or {}
    where = ("extra", "handbook")

    supply = extra.get("supply_request_url")
    parts = urlsplit(supply) if isinstance(supply, str) else None
    if parts is None or parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in supply):
        problems.append(
            (where + ("supply_request_url",),
             f"extra.handbook.supply_request_url must be an https:// address of the supply-request form, got {supply!r}")
        )

    policy = extra.get("review_policy", "show-drafts")
    if policy not in REVIEW_POLICIES:
        problems.append((where + ("review_policy",), f"extra.handbook.review_policy must be one of {', '.join(REVIEW_POLICIES)}, got {policy!r}"))

    licence = extra.get("licence") or {}
    if not licence.get("name") or not str(licence.get("url", "")).startswith("https://"):
        problems.append((where + ("licence",), "extra.handbook.licence needs a name and an https:// url"))

    plugins = data.get("plugins")
    i18n_index, i18n = _i18n_options(plugins)
    languages: list[Language] = []
    if i18n_index is None:
        problems.append((("plugins",), "the i18n plugin (mkdocs-static-i18n) is not configured"))
    else:
        seen: set[str] = set()
        for index, entry in enumerate(i18n.get("languages") or []):
            at = ("plugins", i18n_index, "i18n", "languages", index)
            code = str((entry or {}).get("locale", ""))
            try:
                facts = language_facts(code)
            except UnknownLanguage as error:
                problems.append((at + ("locale",), f"unknown language code {code!r}: {error}"))
                continue
            if code in seen:
                problems.append((at + ("locale",), f"language {code!r} is listed twice"))
                continue
            seen.add(code)
            languages.append(Language(
                code, str(entry.get("name") or facts.native_name), bool(entry.get("default")), facts.direction,
                facts.iso639_3, facts.script, facts.territory, facts.plural_forms, facts.font,
            ))
        defaults = [language for language in languages if language.default]
        if len(defaults) != 1:
            problems.append((("plugins", i18n_index, "i18n", "languages"), "exactly one language must be `default: true` (the English source)"))
        order = [name if isinstance(name, str) else next(iter(name)) for name in plugins]
        if "offline" in order and order.index("offline") < i18n_index:
            problems.append((("plugins", order.index("offline")), "the offline plugin must be listed after i18n"))

    if problems:
        lines = [str(ConfigError(message, config_file, _line_of(tree, keys))) for keys, message in problems]
        error = ConfigError("\n".join(lines))
        raise error

    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    return HandbookConfig(
        root=root,
        config_file=config_file,
        docs_dir=root / data.get("docs_dir", "docs"),
        site_dir=root / data.get("site_dir", "site"),
        overrides_dir=root / theme.get("custom_dir", "overrides"),
        site_name=str(data.get("site_name", "")),
        site_description=str(data.get("site_description") or ""),
        site_url=str(data.get("site_url", "")),
        languages=tuple(languages),
        supply_request_url=supply,
        licence_name=str(licence["name"]),
        licence_url=str(licence["url"]),
        review_policy=policy,
        contribute_url=str(extra.get("contribute_url", "")),
        nav=tuple(_nav_items(data.get("nav"))),
        markdown_extensions=tuple(_extensions(data.get("markdown_extensions"))),
    )


def _extensions(items: Any) -> list[tuple[str, dict]]:
    """`markdown_extensions:` entries as (name, options); a bare name has no options."""
    found = []
    for item in items or []:
        if isinstance(item, dict):
            found += [(str(name), dict(options or {})) for name, options in item.items()]
        else:
            found.append((str(item), {}))
    return found


def _nav_items(items: Any, depth: int = 0) -> list[NavItem]:
    """`nav:` flattened in order: sections (title, then their entries one level deeper) and pages."""
    entries: list[NavItem] = []
    for item in items or []:
        if isinstance(item, str):
            entries.append(NavItem(None, item, depth))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    entries += [NavItem(str(title), "", depth), *_nav_items(value, depth + 1)]
                else:
                    entries.append(NavItem(None, str(value), depth))
    return entries
