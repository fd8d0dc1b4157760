"""Handouts as A4 posters for a wall: one page, the type as large as fits.

Each handout (editions/handouts.py), in every language, becomes `poster-<lang>-<slug>.pdf`: the same
content as its HTML file (editions/handout.py) in the template `overrides/editions/handout/poster.html`,
laid out by WeasyPrint with the language's own fonts (fonts.py). The largest type size that keeps
it on one A4 page is searched for (it shrinks in steps down to `MIN_SIZE`; below that the build
stops and names the page: the handout is too long for a poster). The edition code, the Downloads
page's address and its QR code are printed at its foot, at a fixed size.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from handbook.config import HandbookConfig, Language
from handbook.editions.base import EditionInputs, Job, cache_key, code_version, quiet_renderers
from handbook.editions.handout import HANDOUT_CODE, TEMPLATES, HandoutFiles, document_context, handout_parts
from handbook.editions.handouts import Handout, handouts
from handbook.editions.pdf import coverage_sources, edition_date, qr_image, visible_text
from handbook.editions.templates import render, templates_digest
from handbook.errors import BuildError
from handbook.fonts import check_coverage, lang_font_css
from handbook.fsutil import write_atomic
from handbook.site.bidi import isolate_ltr_runs
from handbook.site.stage import staged_root

# The body's type sizes tried, in points, by half points: from a headline size down to the size of
# the one-page cards in the reading edition (so every card that prints there fits here too).
MAX_SIZE = 32.0
MIN_SIZE = 10.0
STEP = 0.5


def poster_html(inputs: EditionInputs, language: Language, handout: Handout) -> str:
    """The poster's document: the handout's parts in `handout/poster.html`, dated from SOURCE_DATE_EPOCH
    (the PDF's dates come from its `dcterms` meta)."""
    parts = handout_parts(inputs, language, handout)
    context = document_context(inputs, language, parts)
    document = render(inputs.config, f"{TEMPLATES}/poster.html", **context, qr_image=qr_image,
                      date=edition_date(inputs.epoch_of(language)),
                      stamp=datetime.fromtimestamp(inputs.epoch_of(language), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return isolate_ltr_runs(document)


def sizes() -> list[float]:
    """Every size tried, smallest first."""
    count = int(round((MAX_SIZE - MIN_SIZE) / STEP))
    return [MIN_SIZE + STEP * index for index in range(count + 1)]


def fit_one_page(lay_out, where: Path):
    """The layout at the largest size that is one page: `lay_out(size)` gives a WeasyPrint document.
    A binary search: a larger size never takes fewer pages."""
    candidates = sizes()
    smallest = lay_out(candidates[0])
    if len(smallest.pages) != 1:
        raise BuildError(f"the handout does not fit on one A4 poster page even at {MIN_SIZE:g} pt "
                         f"({len(smallest.pages)} pages): shorten it, or mark a shorter section", where)
    best, low, high = smallest, 1, len(candidates) - 1
    while low <= high:
        middle = (low + high) // 2
        document = lay_out(candidates[middle])
        if len(document.pages) == 1:
            best, low = document, middle + 1
        else:
            high = middle - 1
    return best


def render_poster(target: Path, document: str, css: str, base_dir: Path, key: str, where: Path) -> None:
    """In a worker: lay the poster out at the largest size that fits one page, and write it; deterministic bytes."""
    from weasyprint import CSS, HTML

    quiet_renderers()
    options = {"pdf_tags": True, "pdf_identifier": key.encode("ascii")}
    html = HTML(string=document, base_url=str(base_dir) + "/")

    def lay_out(size: float):
        stylesheets = [CSS(string=css), CSS(string=f":root {{ font-size: {size:g}pt; }}")]
        return html.render(stylesheets=stylesheets, **options)

    write_atomic(target, fit_one_page(lay_out, where).write_pdf(**options))


class PosterEdition(HandoutFiles):
    """Each handout as an A4 poster in large type (PDF)."""

    kind = "poster"
    label = "downloads.handout.poster"
    file_pattern = "poster-{code}-{slug}.pdf"

    def jobs(self, inputs: EditionInputs, language: Language) -> list[Job]:
        config = inputs.config
        css = lang_font_css([language])
        jobs = []
        for handout in inputs.once("handouts", lambda: handouts(config)):
            name = self.file_of(language, handout)
            document = poster_html(inputs, language, handout)
            check_coverage(language, visible_text(document), name, coverage_sources(config, language))
            key = cache_key(self.kind, code_version(HANDOUT_CODE), templates_digest(config, TEMPLATES, "pdf"), css,
                            inputs.settings, repr(language), document)
            where = staged_root(config) / language.code / handout.page
            jobs.append(Job(self.kind, language, key, render_poster,
                            (document, css, inputs.site_dir, key, where), len(document), ".pdf", name))
        return jobs
