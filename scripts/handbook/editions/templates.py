"""The editions' pages come from Jinja2 templates in `overrides/editions/`, so that a designer can
change a cover, a page shell or the Downloads page without touching Python.

Every value a template prints is HTML-escaped, except `Markup` the code hands over on purpose (an
article MkDocs built, a QR code's data URI): translated strings reach the output only through the
template's escaping, which spells entities as the standard library's `html.escape` does (`&#x27;`,
`&quot;`) like the rest of the build. Templates are part of the code each edition's cache key hashes.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import traceback
from pathlib import Path

import jinja2
from markupsafe import Markup

from handbook.config import HandbookConfig
from handbook.errors import BuildError

TEMPLATES = "editions"  # the folder below `overrides/`


def templates_dir(config: HandbookConfig) -> Path:
    return config.overrides_dir / TEMPLATES


def templates_digest(config: HandbookConfig, *folders: str) -> str:
    """A hash of the templates in `folders` (`"pdf"`, `"zim"`...): part of the cache key of what they render."""
    root = templates_dir(config)
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(path for path in (root / folder).rglob("*") if path.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@jinja2.pass_eval_context
def _escaped(eval_context: jinja2.nodes.EvalContext, value: object) -> object:
    """What `{{ value }}` prints in an escaped template: Markup as it is, anything else escaped as
    `html.escape` does. A template that is neither HTML nor Markdown (a stylesheet) prints values
    as they are."""
    if not eval_context.autoescape or hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


def yaml_string(value: str) -> Markup:
    """A string as a YAML (JSON) scalar, for front matter: quoted there, not HTML-escaped."""
    return Markup(json.dumps(value, ensure_ascii=False))


@functools.lru_cache(maxsize=None)
def _environment(folder: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        # Markdown too: its HTML blocks and its text both pass HTML through to the page. A stylesheet
        # is not HTML: escaping would break its quoted font names.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "md"), disabled_extensions=("css",), default=True),
        finalize=_escaped,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["yaml_string"] = yaml_string
    return environment


def render(config: HandbookConfig, name: str, **context: object) -> str:
    """Render the template `name` (relative to `overrides/editions/`) with `context`; a broken
    template stops the build naming its file and line."""
    folder = templates_dir(config)
    try:
        return _environment(folder).get_template(name).render(**context)
    except jinja2.TemplateNotFound as error:
        raise BuildError(f"template not found: {error.name}", folder / name) from None
    except jinja2.TemplateSyntaxError as error:
        raise BuildError(f"template syntax: {error.message}", error.filename or folder / name, error.lineno) from None
    except jinja2.TemplateError as error:
        path, line = _template_position(error, folder)
        raise BuildError(f"template: {error.message}", path or folder / name, line) from None


def _template_position(error: Exception, folder: Path) -> tuple[str | None, int | None]:
    """The innermost template line in the traceback (Jinja maps its frames back to template lines)."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if Path(frame.filename).is_relative_to(folder)]
    return (frames[-1].filename, frames[-1].lineno) if frames else (None, None)
