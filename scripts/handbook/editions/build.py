"""Offline editions of every language, written into `site/downloads/` after the site is built.

Per language, one file of each edition in `EDITIONS` (editions/base.py says what an edition is): the
A4 reading edition (`pdf`), the A5 booklet imposed on A4 (`booklet`), the supply-request form
(`pdf`), the offline website zipped (`bundle`), a Kiwix ZIM (`zim`), and each handout as an HTML file
(`handout`) and an A4 poster (`poster`); once for every language, the supply-request form as an
XLSForm (`xlsform`); then one `SHA256SUMS` for everything. Each output is keyed by a hash of its inputs (the document it is made from, the
stylesheet, the configuration it uses, its code and templates) and kept in `build/editions-cache/`, so a
rebuild with nothing changed copies instead of rendering. Rendering runs in a process pool, one
stage after another; the first error is raised once every job of a stage has finished.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from handbook.config import HandbookConfig
from handbook.editions.base import DOWNLOADS_DIR, EditionInputs, Job
from handbook.editions.downloads import CHECKSUMS, fill_site_sizes, write_manifest
from handbook.editions.registry import EDITIONS, languages_of
from handbook.frontmatter import read_front_matter
from handbook.fonts import check_fonts
from handbook.fsutil import write_atomic
from handbook.git import git_output
from handbook.processes import run_in_processes
from handbook.progress import Progress, human_size

log = logging.getLogger("handbook")

MANIFEST = "last-run.json"


def cache_dir(config: HandbookConfig) -> Path:
    return config.build_dir / "editions-cache"


def source_date_epoch(config: HandbookConfig) -> int:
    """The editions' date: SOURCE_DATE_EPOCH when set; else the time of the last commit; else (a copy
    outside git) the newest `last_reviewed` date of the English pages, so the date still means something."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    output = git_output(config.root, "log", "-1", "--format=%ct")
    if output and output.strip().isdigit():
        return int(output.strip())
    reviewed = [read_front_matter(page).get("last_reviewed") for page in sorted(config.source_dir.rglob("*.md"))]
    dates = [date for date in reviewed if isinstance(date, datetime.date)]  # YAML reads 2026-11-25 as a date
    if not dates:
        return 0
    newest = max(dates)
    return int(datetime.datetime(newest.year, newest.month, newest.day, tzinfo=datetime.timezone.utc).timestamp())


@dataclass
class _Run:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    used: set[Path] = field(default_factory=set)


def _report(progress: Progress, name: str, path: Path, seconds: float | None) -> None:
    """One line per finished edition file: its name, size, and how long it took (or that it was cached)."""
    how = "from the cache" if seconds is None else f"made in {seconds:.1f} s"
    progress.done(name, f"{human_size(path.stat().st_size)}, {how}")


def _run_jobs(jobs: list[Job], cache: Path, run: _Run, progress: Progress) -> None:
    """Run what the cache lacks in a process pool, slowest first; failures are reported once all have finished."""
    todo = []
    for job in jobs:
        target = job.target(cache)
        run.used.add(target)
        name = f"{job.kind}:{job.language.code}"
        if target.is_file():
            run.reused.append(name)
            _report(progress, job.file, target, None)
        else:
            todo.append(job)
            run.rendered.append(name)
    todo.sort(key=lambda job: -job.cost)
    labelled = {f"{job.kind} ({job.file})": job for job in todo}

    def finished(label: str, seconds: float) -> None:
        job = labelled[label]
        _report(progress, job.file, job.target(cache), seconds)

    run_in_processes("offline editions", [
        (label, job.run, (job.target(cache), *job.args)) for label, job in labelled.items()
    ], on_done=finished)


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
    settings = json.dumps([config.site_url, config.supply_request_url, config.licence_name, config.licence_url,
                           config.review_policy, epoch, config.supply_request_sms, config.supply_request_email])
    inputs = EditionInputs(config, site_dir, epoch, settings)

    run = _Run()
    total = sum(len(edition.files(config, language)) for edition in EDITIONS for language in languages_of(config, edition))
    log.info("editions: %d file(s) for %d language(s)", total, len(config.languages))
    with Progress("editions", total) as progress:
        for stage in sorted({edition.stage for edition in EDITIONS}):
            # Jobs of a stage are made once the stages before are in the site: their pages show those sizes.
            editions = [edition for edition in EDITIONS if edition.stage == stage]
            jobs = [job for language in config.languages for edition in editions
                    if language in languages_of(config, edition) for job in edition.jobs(inputs, language)]
            _run_jobs(jobs, cache, run, progress)
            for job in jobs:
                _copy(job.target(cache), downloads / job.file)
            fill_site_sizes(config, site_dir, downloads)
        write_manifest(config, inputs, downloads)
        write_checksums(downloads)

    for path in cache.iterdir():
        if path.is_file() and path not in run.used and path.name != MANIFEST:
            path.unlink()
    summary = {"rendered": sorted(run.rendered), "reused": sorted(run.reused)}
    write_atomic(cache / MANIFEST, json.dumps(summary, indent=1) + "\n")
    log.info("editions: %d made, %d reused from %s", len(run.rendered), len(run.reused), cache)
    return summary
