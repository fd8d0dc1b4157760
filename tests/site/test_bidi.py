"""Left-to-right runs in right-to-left text: isolated in the HTML, kept in order in the PDFs."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.editions import build as editions
from handbook.editions import pdf
from handbook.site.bidi import VOID, isolate_ltr_runs, isolate_text, ltr_runs
from handbook.config import load_config

ISOLATED = re.compile(r'<span dir="ltr">(.*?)</span>')
TAGS = re.compile(r"<[^>]+>")

# Runs a right-to-left reader meets: dates, addresses, codes, numbers with units; and the words
# around them in three right-to-left scripts (Arabic, Hebrew, Persian).
RUNS = ["2026-11-26", "https://forms.example.org/covid-handbook/supply-request", "10 mg", "38.5 °C", "COVID-19",
        "Coronavirus disease (COVID-19)", "中文（简体）", "f(x[1])",
        "SpO2 94%", "+1 555 0100", "-5 °C", "ISO 639-3", "FFP2/N95"]
WORDS = ["نسخة بتاريخ", "خذ", "עד", "תאריך", "دوز روزانه"]


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("before", WORDS)
def test_a_run_between_right_to_left_words_is_isolated_whole(run: str, before: str) -> None:
    text = f"{before} {run}، {WORDS[1]}."
    result = isolate_ltr_runs(f"<p>{html.escape(text)}</p>", "rtl")
    assert ISOLATED.findall(result) == [html.escape(run, quote=False)]
    assert html.unescape(TAGS.sub("", result)) == text


def test_a_single_word_or_number_is_left_alone() -> None:
    """Nothing in them can be reordered, so no markup is added."""
    for text in ("خذ 500 مرة", "منظمة WHO هنا", "FFP2", "٢٠٢٦-١١-٢٦"):
        assert ltr_runs(text) == [], text
    assert isolate_ltr_runs("<p>منظمة WHO هنا</p>", "rtl") == "<p>منظمة WHO هنا</p>"


def test_direction_comes_from_the_document() -> None:
    """Only text whose nearest `dir` is rtl changes; a left-to-right page stays byte for byte."""
    page = '<html lang="en"><body><p>Edition of 2026-11-26, 10 mg</p><div dir="rtl"><p>نسخة 2026-11-26</p></div></body></html>'
    result = isolate_ltr_runs(page)
    assert result.count('<span dir="ltr">') == 1 and "نسخة <span dir=\"ltr\">2026-11-26</span>" in result
    assert "<p>Edition of 2026-11-26, 10 mg</p>" in result
    rtl_body = '<html lang="ar"><body dir="rtl"><p>نسخة 2026-11-26</p><p dir="ltr">Edition 2026-11-26 ok</p></body></html>'
    assert isolate_ltr_runs(rtl_body).count('<span dir="ltr">') == 1


def test_code_is_left_to_right_and_raw_text_is_untouched() -> None:
    page = ('<html dir="rtl"><head><title>دليل 2026-11-26</title><script>var x = "a - 1";</script></head>'
            '<body><p>شغّل <code>make test -j 2</code> ثم</p><pre><code>a = 1 - 2</code></pre>'
            '<p>انظر <a href="https://x.org/a">https://x.org/a</a></p></body></html>')
    result = isolate_ltr_runs(page)
    assert "<title>دليل 2026-11-26</title>" in result and '<script>var x = "a - 1";</script>' in result
    assert '<code dir="ltr">make test -j 2</code>' in result
    assert '<pre dir="ltr"><code>a = 1 - 2</code></pre>' in result
    assert '<a href="https://x.org/a"><span dir="ltr">https://x.org/a</span></a>' in result


# Text made of right-to-left words, left-to-right words, digits, separators and spaces.
PIECES = st.sampled_from(["نسخة", "עד", "abc", "COVID", "2026", "11", "-", "+", "$", "/", ":", ".", ",", " ", "%", "°",
                          "(", ")", "（", "）", "]", "&", "<", "٣", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_isolation_keeps_the_text_and_is_idempotent(text: str) -> None:
    fragment = f"<p>{html.escape(text, quote=False)}</p>"
    once = isolate_ltr_runs(fragment, "rtl")
    assert html.unescape(TAGS.sub("", once)) == text
    assert isolate_ltr_runs(once, "rtl") == once
    for run in ISOLATED.findall(once):
        run = html.unescape(run)
        assert unicodedata.bidirectional(run[0]) in ("L", "EN") or unicodedata.bidirectional(run[1]) == "EN"
        assert not any(unicodedata.bidirectional(char) in ("R", "AL", "AN", "B") for char in run)
    for start, end in ltr_runs(text):
        run = text[start:end]
        opened = sum(unicodedata.category(char) == "Ps" for char in run) - sum(unicodedata.category(char) == "Pe" for char in run)
        if end < len(text) and unicodedata.category(text[end]) == "Pe":
            assert opened <= 0, f"{run!r} leaves its closing bracket outside"
    assert isolate_ltr_runs(fragment, "ltr") == fragment


def test_attributes_are_never_touched() -> None:
    """A `>` inside a quoted attribute value does not end the tag."""
    tag = '<a title="خذ 10 mg > 5 mg" href="https://x.org/a-b">'
    assert isolate_ltr_runs(f"<p>{tag}نص</a></p>", "rtl") == f"<p>{tag}نص</a></p>"


def test_isolate_text_escapes() -> None:
    assert isolate_text("خذ & 1-2 <") == 'خذ &amp; <span dir="ltr">1-2</span> &lt;'


# --- The built handbook -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def config(built_project: Path):
    return load_config(built_project / "mkdocs.yml")


def _right_to_left(config):
    languages = [language for language in config.languages if language.direction == "rtl"]
    if not languages:
        pytest.skip("no right-to-left language is configured")
    return languages


@pytest.mark.slow
def test_right_to_left_pdf_cover_keeps_the_edition_date_in_order(config, built_site: Path) -> None:
    from pypdf import PdfReader

    date = pdf.edition_date(editions.source_date_epoch(config))
    reversed_date = "-".join(reversed(date.split("-")))
    for language in _right_to_left(config):
        cover = PdfReader(built_site / "downloads" / f"handbook-{language.code}.pdf").pages[0].extract_text()
        assert date in cover, f"{language.code}: {date} not in the cover's text: {cover!r}"
        assert reversed_date not in cover, f"{language.code}: the date reads backwards"


def test_weasyprint_keeps_isolated_runs_in_order() -> None:
    """The PDFs rely on WeasyPrint honouring `dir` on inline elements: without it, the date turns around."""
    from io import BytesIO

    from pypdf import PdfReader
    from weasyprint import HTML

    def text_of(paragraph: str) -> str:
        document = f'<html lang="ar" dir="rtl"><body style="font-family: \'Noto Naskh Arabic\'"><p>{paragraph}</p></body></html>'
        return PdfReader(BytesIO(HTML(string=document).write_pdf())).pages[0].extract_text()

    plain = "نسخة بتاريخ 2031-02-03"
    assert "2031-02-03" not in text_of(plain), "WeasyPrint no longer reorders: this test shows nothing"
    assert "2031-02-03" in text_of(isolate_ltr_runs(plain, "rtl"))


class _RightToLeftText(HTMLParser):
    """The text of a page's body whose nearest `dir` is `rtl`, outside code, scripts and styles
    (what `isolate_ltr_runs` must have isolated)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("dir")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        tags = [tag for tag, _ in self.stack]
        direction = next((value for _, value in reversed(self.stack) if value), None)
        if "body" in tags and direction == "rtl" and not {"script", "style", "code", "pre"} & set(tags):
            self.texts.append(data)


def _right_to_left_texts(page: str) -> list[str]:
    parser = _RightToLeftText()
    parser.feed(page)
    return parser.texts


@pytest.mark.slow
def test_right_to_left_pages_isolate_runs_full_and_lite(config, built_site: Path) -> None:
    for language in _right_to_left(config):
        full = (built_site / language.code / "index.html").read_text(encoding="utf-8")
        lite = (built_site / "lite" / language.code / "index.html").read_text(encoding="utf-8")
        for where, page in (("full", full), ("lite", lite)):
            reviewed = re.search(r'<time datetime="(\d{4}-\d\d-\d\d)">(.*?)</time>', page)
            assert reviewed, f"{language.code} {where}: no review date"
            assert reviewed.group(2) == f'<span dir="ltr">{reviewed.group(1)}</span>', f"{language.code} {where}"
            for text in _right_to_left_texts(page):
                assert ltr_runs(text) == [], f"{language.code} {where}: not isolated: {text!r}"
    for language in config.languages:
        if language.direction == "ltr":  # no run isolated; a span only holds an English unit's content
            page = (built_site / ("" if language.default else language.code) / "index.html").read_text(encoding="utf-8")
            assert page.count('<span dir="ltr">') == page.count('lang="en"><span dir="ltr">'), language.code
