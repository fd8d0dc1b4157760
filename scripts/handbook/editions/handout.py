"""Handouts as single HTML files: a card or a marked section, to save, send by messaging app and print.

Each handout of `editions/handouts.py`, in every language, becomes `handout-<lang>-<slug>.html`:
the handout's part of the language's built page (so it says what the site says, with its review
notices), every link made absolute to the online site (`editions/links.py`), every image inlined
(SVG markup with its ids made unique; another image as a data: URI), inside the template
`overrides/editions/handout/page.html` with its stylesheet inline. It loads nothing at all: no
script, no font, no request, so it opens the same from a phone's downloads folder as online. It
prints the language's edition code and where to check it is current, the supply-request links and
the notice that it does not replace care. The poster of the same handout is in `editions/poster.py`.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from handbook.config import HandbookConfig, Language
from handbook.editions.base import Edition, EditionInputs, Job, cache_key, code_version
from handbook.editions.built_page import read_built_page
from handbook.editions.handouts import Handout, handout_content, handouts
from handbook.editions.links import Link, language_prefix, rewrite_links
from handbook.editions.lite import clean_article
from handbook.editions.templates import render, templates_digest
from handbook.errors import BuildError
from handbook.fsutil import write_atomic
from handbook.site.bidi import isolate_ltr_runs
from handbook.site.stage import staged_root
from handbook.translation.supply_form import request_links
from handbook.translation.ui import strings_for

# The code handouts and posters are made by.
HANDOUT_CODE = ("editions/base.py", "editions/build.py", "editions/links.py", "editions/built_page.py",
                "editions/handouts.py", "editions/handout.py", "editions/poster.py", "editions/lite.py",
                "editions/templates.py", "fonts.py")
TEMPLATES = "handout"  # overrides/editions/handout/

DOWNLOAD_BOX = re.compile(r"<!--hb-downloads-->.*?<!--/hb-downloads-->", re.S)
IMG = re.compile(r"<img\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
SVG_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)
ID = re.compile(r'\bid="([^"]+)"')
SVG_ROOT = re.compile(r"<svg\b([^>]*)>")


class HandoutFiles(Edition):
    """An edition with one file per handout and language (`file_pattern` names it by `slug`): the
    HTML file here, the poster in editions/poster.py."""

    code_files = HANDOUT_CODE

    def file_of(self, language: Language, handout: Handout) -> str:
        return self.file_pattern.format(code=language.code, slug=handout.slug)

    def files(self, config: HandbookConfig, language: Language) -> list[dict[str, str]]:
        """Its files of `language`, as the Downloads page and editions.json list them."""
        return [{"edition": self.kind, "label": self.label, "file": self.file_of(language, handout),
                 "handout": handout.slug, "title": handout.title} for handout in handouts(config)]


# --- Inlining images ------------------------------------------------------------------------------


def inline_svg(svg: str, alt: str, prefix: str) -> str:
    """SVG markup to place in an HTML page: no prologue, its ids (and what refers to them) prefixed so
    that two images on one page cannot collide, named by the image's `alt` (in the page's language)."""
    svg = SVG_PROLOGUE.sub("", svg).strip()
    for name in sorted(set(ID.findall(svg)), key=len, reverse=True):
        new = prefix + name
        svg = re.sub(rf'\bid="{re.escape(name)}"', f'id="{new}"', svg)
        svg = re.sub(rf'(href=")#{re.escape(name)}"', rf'\1#{new}"', svg)
        svg = svg.replace(f"url(#{name})", f"url(#{new})")
    root = SVG_ROOT.search(svg)
    if root is None:
        raise ValueError("not an SVG image")
    attributes = re.sub(r'\s(aria-labelledby|aria-label|role)="[^"]*"', "", root.group(1))
    label = f' role="img" aria-label="{html.escape(alt, quote=True)}"' if alt else ' aria-hidden="true"'
    return svg[:root.start()] + f"<svg{attributes}{label}>" + svg[root.end():]


def inline_images(body: str, site_dir: Path, staged: Path, prefix: str) -> str:
    """Every `<img>` of `body` (its `src` a file of the site) replaced by the image itself."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(match.group(1))}
        source = attributes.get("src", "")
        if source.startswith("data:"):
            return match.group(0)
        path = site_dir / source
        if not source or not path.is_file():
            raise BuildError(f"image not found: {source} (looked for it in the built site)", staged)
        count += 1
        if path.suffix == ".svg":
            return inline_svg(path.read_text(encoding="utf-8"), attributes.get("alt", ""), f"{prefix}{count}-")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'<img alt="{html.escape(attributes.get("alt", ""), quote=True)}" src="data:{kind};base64,{data}">'

    return IMG.sub(replace, body)


# --- A handout's document -------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoutParts:
    """A handout of one language before its template: what the HTML and the poster both print."""

    title: str
    notices: Markup  # the page's translation and clinical review notices, as built
    body: Markup
    page_url: str  # the page online
    description: str  # the page's


def _fragment(config: HandbookConfig, fragment: str, page: str, ids: set[str], site_dir: Path, staged: Path,
              prefix: str) -> Markup:
    """Built HTML made to stand alone: links absolute to the online site (but to places in the handout
    itself), Material's extras gone, images inlined."""
    def target(attribute: str, link: Link) -> str:
        if attribute == "src":
            return link.path
        if link.same_page and link.fragment in ids:
            return "#" + link.fragment
        return link.online(config)

    cleaned = clean_article(rewrite_links(fragment, page, target), lambda url: url)
    return Markup(inline_images(cleaned, site_dir, staged, prefix))


def handout_parts(inputs: EditionInputs, language: Language, handout: Handout) -> HandoutParts:
    def make() -> HandoutParts:
        config, site_dir = inputs.config, inputs.site_dir
        url = language_prefix(language) + handout.page[:-3] + ".html"
        staged = staged_root(config) / language.code / handout.page
        if not (site_dir / url).is_file():
            raise BuildError(f"the page was not built ({url})", staged)
        page = read_built_page(site_dir / url)
        content = handout_content(handout, page.title, DOWNLOAD_BOX.sub("", page.article), staged)
        ids = set(ID.findall(content.body))
        anchor = f"#{content.anchor}" if content.anchor else ""
        return HandoutParts(content.title,
                            _fragment(config, content.notices, url, set(), site_dir, staged, "n"),
                            _fragment(config, content.body, url, ids, site_dir, staged, "i"),
                            config.site_url.rstrip("/") + "/" + url + anchor, page.description)
    return inputs.once(("handout", language.code, handout.slug), make)


def document_context(inputs: EditionInputs, language: Language, parts: HandoutParts) -> dict[str, object]:
    """What both templates print besides the handout: the edition, where to check it, how to ask for supplies."""
    config = inputs.config
    strings = strings_for(config, language)
    return {
        "language": language, "ui": strings.ui, "site_name": strings.site_name, "title": parts.title,
        "notices": parts.notices, "body": parts.body, "page_url": parts.page_url, "edition_stamp": inputs.stamp(language),
        "description": parts.description,
        "supply_url": config.supply_request_url,
        "supply": request_links(strings.form, config.supply_request_sms, config.supply_request_email),
    }


def handout_html(inputs: EditionInputs, language: Language, handout: Handout) -> str:
    parts = handout_parts(inputs, language, handout)
    document = render(inputs.config, f"{TEMPLATES}/page.html", **document_context(inputs, language, parts))
    return isolate_ltr_runs(document)


def write_text(target: Path, text: str) -> None:
    """In a worker: write a document made in the main process."""
    write_atomic(target, text)


class HandoutEdition(HandoutFiles):
    """Each handout as one HTML file that needs nothing else."""

    kind = "handout"
    label = "downloads.handout.html"
    file_pattern = "handout-{code}-{slug}.html"

    def jobs(self, inputs: EditionInputs, language: Language) -> list[Job]:
        jobs = []
        for handout in inputs.once("handouts", lambda: handouts(inputs.config)):
            document = handout_html(inputs, language, handout)
            key = cache_key(self.kind, code_version(HANDOUT_CODE), templates_digest(inputs.config, TEMPLATES),
                            inputs.settings, repr(language), document)
            jobs.append(Job(self.kind, language, key, write_text, (document,), len(document) // 100, ".html",
                            self.file_of(language, handout)))
        return jobs

