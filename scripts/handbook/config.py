"""The one typed configuration, read from `mkdocs.yml`, validated once and passed down unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import yaml

from handbook.errors import ConfigError
from handbook.languages import UnknownLanguage, language_facts
from handbook.options import HandbookOptions, Problem, validate_options


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
    supply_request_sms: str = ""  # E.164 number for requests by SMS; "": no SMS link
    supply_request_email: str = ""  # mailbox for requests by e-mail; "": no e-mail link
    changes_editions: int = 10  # editions listed on each Changes page
    epub_font_scripts: tuple[str, ...] = ()  # scripts (ISO 15924) whose fonts the EPUBs embed

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


class MkDocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its `!!python/name:` or `!ENV` tags."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


MkDocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
MkDocsYamlLoader.add_multi_constructor("!", _ignore_tag)


def _line_of(root: yaml.Node | None, keys: tuple[Any, ...]) -> int | None:
    """The 1-based line of the node at `keys` (mapping keys or list indexes), or of its nearest parent.

    A mapping's entry is at its key's line: a missing option is reported at `handbook:`, not at
    the first option under it.
    """
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            match = next(((name, value) for name, value in node.value if name.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            match = (node.value[key], node.value[key])
        else:
            match = None
        if match is None:
            break
        line, node = match[0].start_mark.line + 1, match[1]
    return line


def i18n_options(plugins: Any) -> tuple[int | None, dict]:
    """The i18n plugin's place in `plugins:` and its options; (None, {}) when it is not configured."""
    for index, entry in enumerate(plugins or []):
        if entry == "i18n":
            return index, {}
        if isinstance(entry, dict) and "i18n" in entry:
            return index, entry["i18n"] or {}
    return None, {}


def load_config(config_file: Path | str = "mkdocs.yml") -> HandbookConfig:
    """Read and validate `mkdocs.yml`; every problem is reported with its line, then we stop once."""
    config_file = Path(config_file).resolve()
    data, tree = _read(config_file)
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    options, problems = validate_options(HandbookOptions, extra.get("handbook") or {}, ("extra", "handbook"))
    languages, language_problems = _languages(data.get("plugins"))
    problems += language_problems
    if problems:
        raise ConfigError("\n".join(str(ConfigError(message, config_file, _line_of(tree, keys)))
                                     for keys, message in problems))

    root = config_file.parent
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
        languages=languages,
        supply_request_url=options.supply_request_url,
        supply_request_sms=options.supply_request_sms or "",
        supply_request_email=options.supply_request_email or "",
        licence_name=options.licence.name,
        licence_url=options.licence.url,
        review_policy=options.review_policy,
        contribute_url=options.contribute_url or "",
        changes_editions=options.changes_editions,
        epub_font_scripts=tuple(options.epub_font_scripts),
        nav=tuple(_nav_items(data.get("nav"))),
        markdown_extensions=tuple(_extensions(data.get("markdown_extensions"))),
    )


def _read(config_file: Path) -> tuple[dict, yaml.Node | None]:
    """`mkdocs.yml` as data, and as the YAML tree that knows each key's line."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read the configuration: {error.strerror}", config_file) from error
    try:
        data = yaml.load(text, Loader=MkDocsYamlLoader) or {}
        tree = yaml.compose(text, Loader=MkDocsYamlLoader)
    except yaml.YAMLError as error:
        line = error.problem_mark.line + 1 if getattr(error, "problem_mark", None) else None
        raise ConfigError(f"not valid YAML: {getattr(error, 'problem', error)}", config_file, line) from error
    return data, tree


def _languages(plugins: Any) -> tuple[tuple[Language, ...], list[Problem]]:
    """The i18n plugin's languages with their facts, and what is wrong with them (keys from the top)."""
    i18n_index, i18n = i18n_options(plugins)
    if i18n_index is None:
        return (), [(("plugins",), "the i18n plugin (mkdocs-static-i18n) is not configured")]
    problems: list[Problem] = []
    languages: list[Language] = []
    for index, entry in enumerate(i18n.get("languages") or []):
        at = ("plugins", i18n_index, "i18n", "languages", index)
        code = str((entry or {}).get("locale", ""))
        try:
            facts = language_facts(code)
        except UnknownLanguage as error:
            problems.append((at + ("locale",), f"unknown language code {code!r}: {error}"))
            continue
        if any(language.code == code for language in languages):
            problems.append((at + ("locale",), f"language {code!r} is listed twice"))
            continue
        languages.append(Language(
            code, str(entry.get("name") or facts.native_name), bool(entry.get("default")), facts.direction,
            facts.iso639_3, facts.script, facts.territory, facts.plural_forms, facts.font,
        ))
    if sum(language.default for language in languages) != 1:
        problems.append((("plugins", i18n_index, "i18n", "languages"),
                         "exactly one language must be `default: true` (the English source)"))
    order = [name if isinstance(name, str) else next(iter(name)) for name in plugins]
    if "offline" in order and order.index("offline") < i18n_index:
        problems.append((("plugins", order.index("offline")), "the offline plugin must be listed after i18n"))
    return tuple(languages), problems


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
