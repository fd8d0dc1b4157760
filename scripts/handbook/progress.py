"""What a long build says while it works: a line per finished file, a bar on a terminal, a closing summary.

A cold build renders PDFs for a minute or more; silence looks like a hang. Each finished edition
file gets one log line (name, size, time); when stderr is a terminal a bar under those lines shows
how many are left, and is wiped before anything else is printed. `StepClock` times the build's
steps, and `summary` says at the end what was made, how big it is and what each step cost.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TextIO

log = logging.getLogger("handbook")

BAR_WIDTH = 30
COMPRESSED_TWINS = (".gz", ".br")


def human_size(size: int) -> str:
    """Sizes as the Downloads page and the build's lines show them: 0.4 MB, 12 kB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


class Progress:
    """Counts the finished items of one step: a log line for each, and a bar under them on a terminal."""

    def __init__(self, step: str, total: int, stream: TextIO | None = None) -> None:
        self.step, self.total, self.count = step, total, 0
        self.stream = stream or sys.stderr
        self.bar = bool(getattr(self.stream, "isatty", lambda: False)()) and log.isEnabledFor(logging.INFO)

    def done(self, name: str, detail: str = "") -> None:
        """One item finished: say which, and move the bar."""
        self.count += 1
        self._clear()
        width = len(str(self.total))
        log.info("%s [%*d/%d] %s%s", self.step, width, self.count, self.total, name, f"  {detail}" if detail else "")
        self._draw()

    def close(self) -> None:
        self._clear()

    def _draw(self) -> None:
        if self.bar and self.count < self.total:
            filled = BAR_WIDTH * self.count // max(self.total, 1)
            line = f"{self.step} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.count}/{self.total}"
            self.stream.write("\r" + line[: shutil.get_terminal_size().columns - 1])
            self.stream.flush()

    def _clear(self) -> None:
        if self.bar:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def __enter__(self) -> Progress:
        self._draw()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StepClock:
    """Wall-clock time of each named step; starting a step ends the one before."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._current: str | None = None
        self._started = self._began = time.perf_counter()

    def start(self, step: str) -> None:
        self.stop()
        self._current, self._started = step, time.perf_counter()

    def stop(self) -> None:
        if self._current is not None:
            self.times[self._current] = self.times.get(self._current, 0.0) + time.perf_counter() - self._started
            self._current = None

    @property
    def total(self) -> float:
        return time.perf_counter() - self._began


def summary(site_dir: Path, clock: StepClock, kinds: dict[str, str] | None = None, downloads_dir: str = "downloads",
            lite_dir: str = "lite") -> str:
    """What the build made and what each step cost, in a few lines; `kinds` names the edition of each
    download (file name -> kind, in the order to list them), other files there are not counted."""
    kinds = kinds or {}
    files = [path for path in site_dir.rglob("*") if path.is_file()]
    twins = [path for path in files if path.suffix in COMPRESSED_TWINS]
    plain = [path for path in files if path.suffix not in COMPRESSED_TWINS]
    parts = [path.relative_to(site_dir).parts for path in plain]
    pages = sum(1 for part in parts if part[-1].endswith(".html") and part[0] not in (downloads_dir, lite_dir))
    lite = sum(1 for part in parts if part[-1].endswith(".html") and part[0] == lite_dir)
    downloads = [path for path, part in zip(plain, parts) if part[0] == downloads_dir]
    counts, sizes = Counter(), Counter()
    for path in downloads:
        if path.name in kinds:
            counts[kinds[path.name]] += 1
            sizes[kinds[path.name]] += path.stat().st_size
    order = dict.fromkeys(kinds.values())
    made = ", ".join(f"{counts[kind]} {kind} ({human_size(sizes[kind])})" for kind in order if counts[kind])
    total = sum(path.stat().st_size for path in files)
    steps = " · ".join(f"{step} {seconds:.1f} s" for step, seconds in clock.times.items())
    return "\n".join([
        f"made {site_dir}: {len(files)} files, {human_size(total)}",
        f"  site: {pages} pages, lite edition: {lite} pages, pre-compressed twins: {len(twins)} "
        f"({human_size(sum(path.stat().st_size for path in twins))})",
        f"  downloads: {made or 'none'}",
        f"  time: {steps} · total {clock.total:.1f} s",
    ])
