"""Offline editions of every language, written into `site/downloads/` after the site is built.

Per language, one file of each edition in `EDITIONS` (editions/base.py says what an edition is): the
A4 reading edition (`pdf`), the A5 booklet imposed on A4 (`booklet`), the supply-request form
(`pdf`), the offline website zipped (`bundle`), a Kiwix ZIM (`zim`), an e-book (`epub`), and each handout as an HTML file
(`handout`) and an A4 poster (`poster`); once for every language, the
supply-request form as an XLSForm (`xlsform`); then one `SHA256SUMS` for everything. Each output
is keyed by a hash of its inputs (the document it is made from, the stylesheet, the configuration
it uses, its code and templates) and kept in `build/editions-cache/`, so a rebuild with nothing
changed copies instead of rendering. A language's editions carry its edition code and that code's
date (editions/identity.py), not the last commit's: a commit to another language, to the theme or
to the code of another edition leaves them in the cache. Rendering runs in a process pool, one
stage after another; the first error is raised once every job of a stage has finished.
"""

from __future__ import annotations

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
from handbook.editions.identity import edition_codes, editions_epoch
from handbook.fonts import check_fonts
from handbook.fsutil import write_atomic
from handbook.processes import run_in_processes
from handbook.progress import Progress, human_size

log = logging.getLogger("handbook")

MANIFEST = "last-run.json"
EDITION_KINDS = {edition.kind: edition for edition in EDITIONS}


def cache_dir(config: HandbookConfig) -> Path:
    return config.build_dir / "editions-cache"


def source_date_epoch(config: HandbookConfig) -> int:
    """The date of what every language shares (the XLSForm): SOURCE_DATE_EPOCH when set, else the
    newest of the languages' edition dates (editions/identity.py: the day of the last commit that
    changed a language's content; outside git, the newest `last_reviewed` date of the English pages)."""
    return max(editions_epoch(code) for code in edition_codes(config).values())


@dataclass
class _Run:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    used: set[Path] = field(default_factory=set)


def _report(progress: Progress, job: Job, path: Path, seconds: float | None) -> None:
    """One line per finished edition file: its name, size, what its edition adds, and how long it took
    (or that it was cached)."""
    how = "from the cache" if seconds is None else f"made in {seconds:.1f} s"
    detail = EDITION_KINDS[job.kind].detail(path)
    progress.done(job.file,
                  f"{human_size(path.stat().st_size)}{f' ({detail})' if detail else ''}, {how}")


def _run_jobs(jobs: list[Job], cache: Path, run: _Run, progress: Progress) -> None:
    """Run what the cache lacks in a process pool, slowest first; failures are reported once all have finished."""
    todo = []
    for job in jobs:
        target = job.target(cache)
        run.used.add(target)
        name = f"{job.kind}:{job.language.code}"
        if target.is_file():
            run.reused.append(name)
            _report(progress, job, target, None)
        else:
            todo.append(job)
            run.rendered.append(name)
    todo.sort(key=lambda job: -job.cost)
    labelled = {f"{job.kind} ({job.file})": job for job in todo}

    def finished(label: str, seconds: float) -> None:
        job = labelled[label]
        _report(progress, job, job.target(cache), seconds)

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
    # No date here: each job's date is its language's (EditionInputs.epoch_of), in what it renders.
    settings = json.dumps([config.site_url, config.supply_request_url, config.licence_name, config.licence_url,
                           config.review_policy, config.supply_request_sms, config.supply_request_email])
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
