"""Offline editions of every language, written into `site/downloads/` after the site is built.

Per language: the A4 reading edition (`pdf`), the A5 booklet imposed on A4 (`booklet`), the
supply-request form (`pdf`), the offline website zipped (`bundle`) and a Kiwix ZIM (`zim`); then one
`SHA256SUMS` for everything. Each output is keyed by a hash of its inputs (the document it is made
from, the stylesheet, the configuration it uses, this code and its templates) and kept in
`build/editions-cache/`, so a rebuild with nothing changed copies instead of rendering. Rendering
runs in a process pool; the first error is raised once every job has finished.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handbook.editions.booklet import impose
from handbook.editions.bundle import bundle_files, zip_bytes
from handbook.config import HandbookConfig, Language
from handbook.fsutil import write_atomic
from handbook.processes import run_in_processes
from handbook.fonts import check_coverage, check_fonts, lang_font_css
from handbook.editions.templates import render, templates_digest
from handbook.editions.pdf import book_html, form_html, front_matter, language_prefix, render_pdf, visible_text
from handbook.progress import Progress, human_size
from handbook.editions.zim import ZimBook, write_zim, zim_book

log = logging.getLogger("handbook")

DOWNLOADS_DIR = "downloads"
CHECKSUMS = "SHA256SUMS"
MANIFEST = "last-run.json"
# The code each kind of output depends on: changing it re-renders that kind only.
# Paths are relative to the handbook package.
CODE_FILES = {
    "pdf": ("editions/build.py", "editions/pdf.py", "editions/booklet.py", "editions/templates.py", "fonts.py"),
    "zim": ("editions/build.py", "editions/pdf.py", "editions/zim.py", "editions/templates.py", "fonts.py"),
    "zip": ("editions/build.py", "editions/pdf.py", "editions/bundle.py", "site/search.py"),
}
# The templates each kind renders (folders of `overrides/editions/`) are code too. The zip renders
# none: it is made of built pages (lite, Downloads), whose bytes are in its key.
TEMPLATE_FOLDERS = {"pdf": ("pdf",), "zim": ("zim",), "zip": ()}


def edition_files(language: Language) -> dict[str, str]:
    """File names of each edition of `language`, in the order the Downloads page lists them."""
    code = language.code
    return {
        "pdf": f"handbook-{code}.pdf",
        "booklet": f"handbook-{code}-booklet.pdf",
        "form": f"supply-request-form-{code}.pdf",
        "zip": f"handbook-{code}-offline.zip",
        "zim": f"handbook-{code}.zim",
    }


def cache_dir(config: HandbookConfig) -> Path:
    return config.build_dir / "editions-cache"


def source_date_epoch(config: HandbookConfig) -> int:
    """The editions' date: SOURCE_DATE_EPOCH when set; else the time of the last commit; else (a copy
    outside git) the newest `last_reviewed` date of the English pages, so the date still means something."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    try:
        result = subprocess.run(["git", "-C", str(config.root), "log", "-1", "--format=%ct"],
                                capture_output=True, text=True, check=False, timeout=10)
        output = result.stdout.strip()
        if result.returncode == 0 and output.isdigit():
            return int(output)
    except (OSError, subprocess.TimeoutExpired):
        pass
    reviewed = [front_matter(page).get("last_reviewed") for page in sorted(config.source_dir.rglob("*.md"))]
    dates = [date for date in reviewed if isinstance(date, datetime.date)]  # YAML reads 2026-11-25 as a date
    if not dates:
        return 0
    newest = max(dates)
    return int(datetime.datetime(newest.year, newest.month, newest.day, tzinfo=datetime.timezone.utc).timestamp())


def _code_version(config: HandbookConfig, kind: str) -> str:
    """The code and templates behind one kind of output, and the renderers' versions."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    here = Path(__file__).parents[1]
    for name in CODE_FILES[kind]:
        digest.update((here / name).read_bytes())
    digest.update(templates_digest(config, *TEMPLATE_FOLDERS[kind]).encode())
    for package in ("weasyprint", "pypdf", "segno", "libzim"):
        digest.update(f"{package}={version(package)}".encode())
    return digest.hexdigest()


def _key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


# --- Jobs run in worker processes: each writes its cache entry atomically -----------------------------


def _quiet() -> None:
    """WeasyPrint logs every step and every CSS it ignores; keep the build's output readable."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def _job_book(target: Path, document: str, css: str, base_dir: Path, size: str, key: str, language: Language, title: str) -> None:
    _quiet()
    data = render_pdf(document, css, base_dir, size, key.encode("ascii"), language)
    if size == "a5":
        data = impose(data, rtl=language.direction == "rtl", title=title, lang=language.code)
    write_atomic(target, data)


def _job_zim(target: Path, book: ZimBook) -> None:
    partial = target.with_name(f".{target.name}.part")
    # libzim prints its progress on the process's stdout (C++, not Python logging): silence it here,
    # in the worker, so the build's own output stays readable.
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            write_zim(book, partial)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    os.replace(partial, target)


@dataclass
class _Job:
    kind: str
    language: Language
    key: str
    run: Callable[..., None]
    args: tuple
    cost: int  # rough order: slow jobs first keeps both cores busy to the end

    def target(self, cache: Path) -> Path:
        suffix = ".zim" if self.kind == "zim" else ".pdf"
        return cache / f"{self.kind}-{self.language.code}-{self.key}{suffix}"


@dataclass
class _Run:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    used: set[Path] = field(default_factory=set)


def _report(progress: Progress, name: str, path: Path, seconds: float | None) -> None:
    """One line per finished edition file: its name, size, and how long it took (or that it was cached)."""
    how = "from the cache" if seconds is None else f"made in {seconds:.1f} s"
    progress.done(name, f"{human_size(path.stat().st_size)}, {how}")


def _run_jobs(jobs: list[_Job], cache: Path, run: _Run, progress: Progress) -> None:
    """Run what the cache lacks in a process pool, slowest first; failures are reported once all have finished."""
    todo = []
    for job in jobs:
        target = job.target(cache)
        run.used.add(target)
        name = f"{job.kind}:{job.language.code}"
        if target.is_file():
            run.reused.append(name)
            _report(progress, edition_files(job.language)[job.kind], target, None)
        else:
            todo.append(job)
            run.rendered.append(name)
    todo.sort(key=lambda job: -job.cost)
    labelled = {f"{job.kind} ({job.language.code})": job for job in todo}

    def finished(label: str, seconds: float) -> None:
        job = labelled[label]
        _report(progress, edition_files(job.language)[job.kind], job.target(cache), seconds)

    run_in_processes("offline editions", [
        (label, job.run, (job.target(cache), *job.args)) for label, job in labelled.items()
    ], on_done=finished)


# --- The Downloads page -----------------------------------------------------------------------------


SIZE_SLOT = re.compile(r'(<span class="hb-size" data-file="([^"]+)">)[^<]*(</span>)')


def downloads_markdown(config: HandbookConfig, language: Language, ui: dict[str, str]) -> str:
    """The Downloads page of one language (template `overrides/editions/downloads.md`); sizes are
    filled in once the files exist."""
    labels = {"pdf": "downloads.pdf", "booklet": "downloads.booklet", "form": "downloads.form",
              "zip": "downloads.zip", "zim": "downloads.zim"}
    editions = [(labels[kind], name) for kind, name in edition_files(language).items()]
    others = [(other, edition_files(other)["pdf"]) for other in config.languages if other.code != language.code]
    return render(config, "downloads.md", ui=ui, up="" if language.default else "../", folder=DOWNLOADS_DIR,
                  editions=editions, others=others, checksums=CHECKSUMS)


def fill_size_slots(text: str, size_of: Callable[[str], str | None]) -> str:
    """Write `size_of(file name)` into each size slot of a Downloads page; None leaves a slot as it is."""
    def replace(match: re.Match) -> str:
        size = size_of(match.group(2))
        return match.group(0) if size is None else f"{match.group(1)}{size}{match.group(3)}"
    return SIZE_SLOT.sub(replace, text)


def fill_sizes(text: str, downloads: Path) -> str:
    """Put each existing file's size into its slot on a Downloads page."""
    def on_disk(name: str) -> str:
        path = downloads / name
        return human_size(path.stat().st_size) if path.is_file() else ""
    return fill_size_slots(text, on_disk)


def _fill_site_sizes(config: HandbookConfig, site_dir: Path, downloads: Path) -> None:
    for language in config.languages:
        page = site_dir / language_prefix(language) / "downloads.html"
        if page.is_file():
            text = page.read_text(encoding="utf-8")
            filled = fill_sizes(text, downloads)
            if filled != text:
                write_atomic(page, filled)


def _with_size(files: dict[str, bytes], name: str, size: str) -> dict[str, bytes]:
    """`files` with `size` written into every HTML slot for the file `name`."""
    slot = f'data-file="{name}"'.encode()
    changed = {}
    for path, data in files.items():
        if path.endswith(".html") and slot in data:
            text = fill_size_slots(data.decode("utf-8"), lambda slot_name: size if slot_name == name else None)
            changed[path] = text.encode("utf-8")
    return {**files, **changed}


def _zip_listing_its_own_size(files: dict[str, bytes], name: str, top: str, epoch: int) -> bytes:
    """The zip's Downloads page gives the zip's own size: zip, measure, write it in, until it holds.

    Sizes are shown to 0.1 MB, so the second pass nearly always holds; a third is rare.
    """
    shown = ""
    for _ in range(5):
        data = zip_bytes(_with_size(files, name, shown), top, epoch)
        if human_size(len(data)) == shown:
            return data
        shown = human_size(len(data))
    return data


# --- The step -----------------------------------------------------------------------------------------


def write_checksums(downloads: Path) -> None:
    lines = []
    for path in sorted(downloads.iterdir()):
        if path.is_file() and path.name != CHECKSUMS:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    write_atomic(downloads / CHECKSUMS, "".join(lines))


def _copy(source: Path, target: Path) -> None:
    """Copy a cache entry into the site (hard link when possible: the files are never edited in place)."""
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def build_editions(config: HandbookConfig, site_dir: Path) -> dict[str, list[str]]:
    """Write every language's offline editions into `site_dir/downloads/`; returns what was rendered or reused."""
    check_fonts(config)
    epoch = source_date_epoch(config)
    cache = cache_dir(config)
    cache.mkdir(parents=True, exist_ok=True)
    downloads = site_dir / DOWNLOADS_DIR
    downloads.mkdir(parents=True, exist_ok=True)
    version = _code_version(config, "pdf")
    print_css = config.print_css.read_text(encoding="utf-8")
    settings = json.dumps([config.site_url, config.supply_request_url, config.licence_name, config.licence_url,
                           config.review_policy, epoch])

    jobs: list[_Job] = []
    for language in config.languages:
        css = print_css + "\n" + lang_font_css([language])
        document, assets = book_html(config, language, site_dir, epoch)
        form = form_html(config, language, epoch)
        names = edition_files(language)
        where = config.translations_dir / language.code if not language.default else config.source_dir
        check_coverage(language, visible_text(document), names["pdf"], where)
        check_coverage(language, visible_text(form), names["form"], where)
        asset_bytes = b"".join((site_dir / asset).read_bytes() for asset in assets)
        base = (version, css, settings, repr(language), document, asset_bytes)
        title = document[document.find("<title>") + 7: document.find("</title>")]
        cost = len(document)
        key = _key("pdf", *base)
        jobs.append(_Job("pdf", language, key, _job_book, (document, css, site_dir, "a4", key, language, title), cost))
        key = _key("booklet", *base)
        jobs.append(_Job("booklet", language, key, _job_book, (document, css, site_dir, "a5", key, language, html.unescape(title)), cost))
        key = _key("form", version, css, settings, repr(language), form)
        jobs.append(_Job("form", language, key, _job_book, (form, css, site_dir, "a4", key, language, ""), len(form) // 10))

    run = _Run()
    total = len(edition_files(config.languages[0])) * len(config.languages)
    log.info("editions: %d file(s) for %d language(s)", total, len(config.languages))
    with Progress("editions", total) as progress:
        _build_all(config, site_dir, epoch, cache, downloads, jobs, run, progress)

    for path in cache.iterdir():
        if path.is_file() and path not in run.used and path.name != MANIFEST:
            path.unlink()
    summary = {"rendered": sorted(run.rendered), "reused": sorted(run.reused)}
    write_atomic(cache / MANIFEST, json.dumps(summary, indent=1) + "\n")
    log.info("editions: %d made, %d reused from %s", len(run.rendered), len(run.reused), cache)
    return summary


def _build_all(config: HandbookConfig, site_dir: Path, epoch: int, cache: Path, downloads: Path, jobs: list[_Job],
               run: _Run, progress: Progress) -> None:
    """PDFs, booklets and forms; then the ZIMs; then the zips (each needs the sizes of the ones before)."""
    _run_jobs(jobs, cache, run, progress)
    for job in jobs:
        _copy(job.target(cache), downloads / edition_files(job.language)[job.kind])
    _fill_site_sizes(config, site_dir, downloads)

    # Then the ZIMs, whose Downloads pages show the sizes of the PDFs.
    zims = []
    for language in config.languages:
        book = zim_book(config, language, site_dir, epoch)
        key = _key("zim", _code_version(config, "zim"), repr(book.metadata), book.illustration,
                   *[entry.path.encode() + entry.content for entry in book.entries])
        zims.append(_Job("zim", language, key, _job_zim, (book,), len(book.entries)))
    _run_jobs(zims, cache, run, progress)
    for job in zims:
        _copy(job.target(cache), downloads / edition_files(job.language)["zim"])
    _fill_site_sizes(config, site_dir, downloads)

    # The zips last: the site as it is now, every size filled in (its own too), and the language's PDF.
    for language in config.languages:
        names = edition_files(language)
        pdf_name = names["pdf"]
        files = bundle_files(config, language, site_dir, (pdf_name, (downloads / pdf_name).read_bytes()))
        files = _with_size(files, names["zip"], "")
        key = _key("zip", _code_version(config, "zip"), str(epoch), *[name.encode() + b"\0" + files[name] for name in sorted(files)])
        target = cache / f"zip-{language.code}-{key}.zip"
        run.used.add(target)
        started = time.perf_counter()
        if target.is_file():
            run.reused.append(f"zip:{language.code}")
            seconds = None
        else:
            write_atomic(target, _zip_listing_its_own_size(files, names["zip"], f"handbook-{language.code}", epoch))
            run.rendered.append(f"zip:{language.code}")
            seconds = time.perf_counter() - started
        _copy(target, downloads / names["zip"])
        _report(progress, names["zip"], target, seconds)
    _fill_site_sizes(config, site_dir, downloads)

    write_checksums(downloads)
