"""Progress on long work: a line per finished item, a bar only on a terminal, a closing summary."""

from __future__ import annotations

import io
import logging
import re
import time
from pathlib import Path

import pytest

from handbook.__main__ import main
from handbook.errors import BuildError, SetupError
from handbook.processes import run_in_processes
from handbook.progress import Progress, StepClock, summary


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "handbook"]


def test_a_line_per_item_and_no_bar_when_not_a_terminal(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="handbook")
    stream = io.StringIO()
    with Progress("editions", 12, stream) as progress:
        for number in range(12):
            progress.done(f"file-{number}.pdf", "1 kB")
    assert _lines(caplog)[0] == "editions [ 1/12] file-0.pdf  1 kB"
    assert _lines(caplog)[-1] == "editions [12/12] file-11.pdf  1 kB"
    assert len(_lines(caplog)) == 12
    assert stream.getvalue() == ""  # a log file or CI gets lines only, no control characters


def test_a_bar_under_the_lines_on_a_terminal(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="handbook")
    stream = Terminal()
    with Progress("editions", 4, stream) as progress:
        progress.done("a.pdf")
        shown = stream.getvalue()
        assert shown.endswith("1/4") and "editions [#######" in shown and "...." in shown
        progress.done("b.pdf")
        assert stream.getvalue().endswith("2/4")
    assert stream.getvalue().endswith("\r\x1b[K")  # wiped when the step ends: the next line starts clean
    assert len(_lines(caplog)) == 2


def test_no_bar_when_quiet(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="handbook")
    stream = Terminal()
    with Progress("editions", 2, stream) as progress:
        progress.done("a.pdf")
    assert stream.getvalue() == "" and _lines(caplog) == []


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _fail(message: str) -> None:
    raise BuildError(message)


def test_each_finished_job_is_reported_with_its_own_time() -> None:
    finished: list[tuple[str, float]] = []
    run_in_processes("naps", [("long", _sleep, (0.3,)), ("short", _sleep, (0.0,))], workers=2,
                     on_done=lambda label, seconds: finished.append((label, seconds)))
    assert sorted(label for label, _ in finished) == ["long", "short"]
    times = dict(finished)
    assert times["long"] >= 0.3 and times["short"] >= 0  # measured in the worker, for each job


def test_failures_are_reported_in_the_order_jobs_were_given() -> None:
    finished: list[str] = []
    with pytest.raises(BuildError) as error:
        run_in_processes("jobs", [("first", _fail, ("one",)), ("ok", _sleep, (0.0,)), ("third", _fail, ("three",))],
                         workers=2, on_done=lambda label, _: finished.append(label))
    assert str(error.value) == "jobs failed:\n  first: one\n  third: three"
    assert finished == ["ok"]


def _square(number: int) -> int:
    time.sleep(0.05 * (3 - number))  # the first given finishes last
    return number * number


def _missing_font(code: str) -> None:
    raise SetupError(f"no font writes {code}")


def test_values_come_back_in_the_order_jobs_were_given() -> None:
    assert run_in_processes("squares", [(str(n), _square, (n,)) for n in range(3)], workers=3) == [0, 1, 4]


def test_a_setup_problem_in_a_worker_keeps_its_exit_code() -> None:
    with pytest.raises(BuildError) as error:
        run_in_processes("editions", [("a", _fail, ("one",)), ("b", _missing_font, ("ar",))], workers=2)
    assert error.value.exit_code == 3
    assert str(error.value) == "editions failed:\n  a: one\n  b: no font writes ar"


def _read_page(code: str) -> None:
    return _render_page({}, code)


def _render_page(pages: dict, code: str) -> None:
    pages[code].render()  # a bug: the KeyError is raised two frames down, in the worker


def _build_with_a_crashing_worker(config, force: bool) -> None:
    run_in_processes("the site", [("en", _sleep, (0.0,)), ("fr", _read_page, ("fr",))], workers=2)


@pytest.mark.parametrize("flag", [[], ["--show-traceback"]])
def test_a_crash_in_a_worker_is_one_line_unless_the_traceback_is_asked_for(
        flag: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import handbook.build

    monkeypatch.setattr(handbook.build, "build", _build_with_a_crashing_worker)
    assert main(["-q", *flag, "-f", str(Path(__file__).parents[1] / "mkdocs.yml"), "build"]) == 1
    error = capsys.readouterr().err
    report = "handbook: errors:\nthe site failed:\n  fr: KeyError: 'fr'"
    if not flag:
        assert error == report + "\n"
        return
    assert error.endswith("\n\n" + report + "\n")
    shown = error.removesuffix(report + "\n")
    assert shown.startswith("fr, in its worker process:\nTraceback (most recent call last):\n")
    assert "in _read_page\n" in shown and "in _render_page\n" in shown  # the worker's frames, not the parent's
    assert "pages[code].render()" in shown and shown.rstrip().endswith("KeyError: 'fr'")
    assert "as_completed" not in shown


def test_summary_says_what_was_made_how_big_and_each_steps_time(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, size in {"index.html": 1000, "fr/index.html": 1000, "index.html.gz": 300, "index.html.br": 250,
                       "lite/en/index.html": 400, "downloads/handbook-en.pdf": 350_000,
                       "downloads/handbook-fr.pdf": 360_000, "downloads/handbook-en-booklet.pdf": 400_000,
                       "downloads/supply-request-form-en.pdf": 14_000, "downloads/supply-request-form.xlsx": 9_000,
                       "downloads/handbook-en-offline.zip": 600_000,
                       "downloads/handbook-en.zim": 130_000, "downloads/SHA256SUMS": 500}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(b"x" * size)
    clock = StepClock()
    clock.start("staging")
    clock.start("site")
    clock.stop()
    kinds = {"handbook-en.pdf": "pdf", "handbook-fr.pdf": "pdf", "handbook-en-booklet.pdf": "booklet",
             "supply-request-form-en.pdf": "form", "supply-request-form.xlsx": "xlsform",
             "handbook-en-offline.zip": "zip", "handbook-en.zim": "zim"}  # as editions.json lists them
    text = summary(site, clock, kinds)
    assert text.startswith(f"made {site}: 13 files, 1.9 MB")
    assert "site: 2 pages, lite edition: 1 pages, pre-compressed twins: 2 (1 kB)" in text
    assert "downloads: 2 pdf (710 kB), 1 booklet (400 kB), 1 form (14 kB), 1 xlsform (9 kB), 1 zip (600 kB), 1 zim (130 kB)\n" in text
    assert re.search(r"time: staging \d+\.\d s · site \d+\.\d s · total \d+\.\d s$", text), text
