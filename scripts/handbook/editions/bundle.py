"""The offline website of one language, zipped: unzip, open index.html, no internet needed.

The zip holds that language's built pages, only the assets they load, a search index of their own
pages, the language's PDF and a README.txt in the language. Links to anything not in the zip (other
languages, other downloads) become links to the online site, so nothing inside points to a missing
file, and the language switcher lists only what is there. The README and the foot of every page
give the edition code and the online Downloads page that names the current one (editions/stamp.py).
The zip is deterministic: sorted entries, fixed timestamps (SOURCE_DATE_EPOCH) and permissions.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

from handbook.config import HandbookConfig, Language
from handbook.errors import BuildError
from handbook.editions.base import DOWNLOADS_DIR, Edition, EditionInputs, Job, cache_key
from handbook.editions.pdf import PdfEdition
from handbook.editions.sizes import with_size
from handbook.editions.templates import render
from handbook.editions.zipped import reproducible_zip
from handbook.fsutil import write_atomic
from handbook.progress import human_size
from handbook.editions.links import Link, language_prefix, online_url, parse_link, rewrite_links
from handbook.site.loads import page_loads
from handbook.site.search import worker_imports
from handbook.translation.supply_form import SupplyForm, message_template
from handbook.translation.ui import strings_for

if TYPE_CHECKING:
    from handbook.editions.stamp import Stamp

FOOTER = '<div class="md-copyright">'  # where the theme's footer text starts (overrides/partials/copyright.html)
SWITCHER_ITEM = re.compile(r'<li class="md-select__item">\s*<a\b[^>]*\bhreflang="([^"]*)".*?</li>', re.S)
ALTERNATE = re.compile(r'<link rel="alternate"[^>]*\bhreflang="([^"]*)"[^>]*>\s*')


def language_pages(config: HandbookConfig, language: Language, site_dir: Path) -> list[str]:
    """The built HTML pages of `language`, relative to the site root."""
    others = {other.code for other in config.languages if other.code != language.code}
    root = site_dir / language_prefix(language)
    pages = []
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        first = relative.split("/", 1)[0]
        if relative == "404.html" or (language.default and (first in others or first == DOWNLOADS_DIR)):
            continue  # 404.html uses root-absolute paths: it only works on a web server
        pages.append(relative)
    return pages


def _fetched(page: str, text: str) -> list[str]:
    """Site paths of what the page loads by itself, now or when search is opened."""
    loads = page_loads(text)
    urls = loads.on_open + loads.on_search + ([loads.worker] if loads.worker else [])
    links = [parse_link(page, url) for url in urls]
    return [link.path for link in links if link is not None and not link.same_page]


def _companions(config: HandbookConfig, site_dir: Path, assets: set[str]) -> set[str]:
    """The files beside the theme's own assets (`overrides/`), which their scripts may load later
    (the iframe-worker shim loads realm.js when search starts from `file://`)."""
    found = set()
    for asset in assets:
        own = config.overrides_dir / asset
        if own.is_file():
            for sibling in own.parent.iterdir():
                target = posixpath.join(posixpath.dirname(asset), sibling.name)
                if sibling.is_file() and (site_dir / target).is_file():
                    found.add(target)
    return found


def _search_files(language: Language, config: HandbookConfig, site_dir: Path, worker: str | None) -> dict[str, bytes]:
    """The search index of this language's pages only, and the lunr files its worker will import.

    When the build already wrote a per-language index (`<lang>/search/`), it is taken as it is;
    otherwise this language's entries are picked from the combined index at the site root.
    """
    files: dict[str, bytes] = {}
    prefix = language_prefix(language)
    own = site_dir / prefix / "search" / "search_index.json"
    combined = site_dir / "search" / "search_index.json"
    if prefix and own.is_file():
        index = json.loads(own.read_text(encoding="utf-8"))
        for name in ("search_index.json", "search_index.js"):
            if (own.parent / name).is_file():
                files[f"{prefix}search/{name}"] = (own.parent / name).read_bytes()
    elif combined.is_file():
        index = json.loads(combined.read_text(encoding="utf-8"))
        others = tuple(f"{other.code}/" for other in config.languages if not other.default)
        if language.default:
            docs = [doc for doc in index["docs"] if not doc["location"].startswith(others)]
        else:
            docs = [doc for doc in index["docs"] if doc["location"].startswith(prefix)]
        supported = language.code in (index["config"].get("lang") or [])
        languages = ["en", language.code] if supported and not language.default else ["en"]
        index = {"config": {**index["config"], "lang": languages}, "docs": docs}
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        files["search/search_index.json"] = text.encode("utf-8")
        files["search/search_index.js"] = f"var __index = {text}".encode("utf-8")
    else:
        return files
    if worker:
        for path in worker_imports(worker, index["config"].get("lang") or ["en"]):
            if (site_dir / path).is_file():
                files[path] = (site_dir / path).read_bytes()
    return files


def stamp_line(config: HandbookConfig, language: Language, stamp: Stamp) -> str:
    """The footer line of every page in the zip: its edition, and where to check it is current."""
    return render(config, "zip/stamp.html", ui=strings_for(config, language).ui, edition_stamp=stamp).strip()


def rewrite_page(text: str, page: str, present: set[str], config: HandbookConfig, language: Language, stamp_html: str) -> str:
    """Keep only this language in the switcher; send links to files outside the zip to the online
    site; add the edition stamp to the footer."""
    if FOOTER not in text:
        raise BuildError(f"{page} has no footer ({FOOTER}) to print the edition in", config.site_dir / page)
    text = text.replace(FOOTER, f"{FOOTER}\n{stamp_html}", 1)
    text = SWITCHER_ITEM.sub(lambda m: m.group(0) if m.group(1) == language.code else "", text)
    text = ALTERNATE.sub(lambda m: m.group(0) if m.group(1) == language.code else "", text)

    def target(attribute: str, link: Link) -> str | None:
        if link.same_page or link.path in present:
            return None
        if attribute == "src":
            raise BuildError(f"{page} loads {link.url}, which is not in the built site", config.site_dir / page)
        return link.online(config)

    return rewrite_links(text, page, target)


def _message_lines(config: HandbookConfig, form: SupplyForm, ui: dict[str, str]) -> list[str]:
    """The supply request as a text to send by SMS or e-mail, and where to send it when configured."""
    lines = [ui["form.message"], ""]
    if config.supply_request_sms:
        lines.append(f'{ui["supply.sms"]}: {config.supply_request_sms}')
    if config.supply_request_email:
        lines.append(f'{ui["supply.email"]}: {config.supply_request_email}')
    return lines + [f"  {line}" for line in message_template(form).splitlines()] + [""]


def readme_text(config: HandbookConfig, language: Language, pdf_name: str, stamp: Stamp) -> str:
    strings = strings_for(config, language)
    ui = strings.ui
    lines = [
        ui["bundle.readme.title"], stamp.code_line(ui), "", ui["bundle.readme.open"], "",
        ui["edition.current"], f"  {stamp.current_url}", "",
        ui["bundle.readme.pdf"], f"  {DOWNLOADS_DIR}/{pdf_name}", "",
        ui["bundle.readme.online"], f"  {online_url(config, language)}", "",
        f'{ui["supply.link"]} ({ui["supply.hint"]}):', f"  {config.supply_request_url}", "",
        *_message_lines(config, strings.form, ui),
        f'{ui["footer.licence"]} {config.licence_name}: {config.licence_url}', ui["footer.care"], "",
    ]
    return "\r\n".join(lines)  # CRLF: readable in Notepad too


def bundle_files(config: HandbookConfig, language: Language, site_dir: Path, pdf: tuple[str, bytes] | None,
                 stamp: Stamp) -> dict[str, bytes]:
    """Everything that goes into the zip, by path inside it (before the top folder)."""
    pages = language_pages(config, language, site_dir)
    if not pages:
        raise BuildError(f"no built pages for {language.code}", config.config_file)
    texts = {page: (site_dir / page).read_text(encoding="utf-8") for page in pages}
    assets: set[str] = set()
    worker = None
    for page, text in texts.items():
        for target in _fetched(page, text):
            if target.startswith("assets/javascripts/workers/"):
                worker = target
            if not (site_dir / target).is_file():
                raise BuildError(f"{page} loads {target}, which is not in the built site", config.site_dir / page)
            assets.add(target)
    assets |= _companions(config, site_dir, assets)
    files: dict[str, bytes] = {asset: (site_dir / asset).read_bytes() for asset in sorted(assets)}
    files.update(_search_files(language, config, site_dir, worker))
    line = stamp_line(config, language, stamp)
    if pdf:
        files[f"{DOWNLOADS_DIR}/{pdf[0]}"] = pdf[1]
        files["README.txt"] = readme_text(config, language, pdf[0], stamp).encode("utf-8")
    if not language.default:
        start = f"{language.code}/index.html"
        files["index.html"] = (
            f'<!DOCTYPE html>\n<html lang="{language.code}" dir="{language.direction}"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={start}"><title>{html.escape(language.name)}</title></head>'
            f'<body><p><a href="{start}">{html.escape(language.name)}</a></p>\n{line}\n</body></html>\n'
        ).encode("utf-8")
    present = set(files) | set(pages)
    for page, text in texts.items():
        files[page] = rewrite_page(text, page, present, config, language, line).encode("utf-8")
    return files


def zip_bytes(files: dict[str, bytes], top: str, epoch: int) -> bytes:
    """A deterministic zip: sorted names under `top/` (editions/zipped.py)."""
    return reproducible_zip(((f"{top}/{name}", files[name]) for name in sorted(files)), epoch)


def zip_listing_its_own_size(files: dict[str, bytes], name: str, top: str, epoch: int) -> bytes:
    """The zip's Downloads page gives the zip's own size: zip, measure, write it in, until it holds.

    Sizes are shown to 0.1 MB, so the second pass nearly always holds; a third is rare.
    """
    shown = ""
    for _ in range(5):
        data = zip_bytes(with_size(files, name, shown), top, epoch)
        if human_size(len(data)) == shown:
            return data
        shown = human_size(len(data))
    return data


def write_zip(target: Path, files: dict[str, bytes], name: str, top: str, epoch: int) -> None:
    """In a worker: the zip, its own size written in, to `target`."""
    write_atomic(target, zip_listing_its_own_size(files, name, top, epoch))


class ZipEdition(Edition):
    """The offline website; its pages give every other file's size (and its own), so it is made last."""

    kind = "zip"
    label = "downloads.zip"
    file_pattern = "handbook-{code}-offline.zip"
    stage = 2
    code_files = ("editions/base.py", "editions/build.py", "editions/links.py", "editions/bundle.py",
                  "editions/zipped.py", "editions/sizes.py", "site/loads.py", "site/search.py")

    def job(self, inputs: EditionInputs, language: Language) -> Job:
        name, pdf_name = self.file_name(language), PdfEdition().file_name(language)
        downloads = inputs.site_dir / DOWNLOADS_DIR
        files = bundle_files(inputs.config, language, inputs.site_dir, (pdf_name, (downloads / pdf_name).read_bytes()),
                             inputs.stamp(language))
        files = with_size(files, name, "")
        epoch = inputs.epoch_of(language)
        key = cache_key(self.kind, self.code_version(), str(epoch),
                        *[path.encode() + b"\0" + files[path] for path in sorted(files)])
        args = (files, name, f"handbook-{language.code}", epoch)
        return Job(self.kind, language, key, write_zip, args, sum(map(len, files.values())), ".zip")
