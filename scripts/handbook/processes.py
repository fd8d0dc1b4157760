"""Independent jobs in worker processes, one per core, every failure reported once all have finished."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from handbook.errors import BuildError, HandbookError


def _timed(function: Callable[..., Any], *args: Any) -> float:
    """Run in the worker: the job's own time, without its wait in the queue."""
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def run_in_processes(step: str, jobs: Sequence[tuple[str, Callable[..., Any], tuple]], workers: int | None = None,
                     fresh: bool = False, on_done: Callable[[str, float], None] | None = None) -> None:
    """Run `function(*args)` for each `(label, function, args)`, at most `workers` (default: the cores) at once.

    `fresh`: a new process for each job, so no state carries over from one job to the next.
    `on_done(label, seconds)` is called as each job succeeds, in the order they finish. When
    jobs fail, one BuildError names `step` and each failed job's label and error.
    """
    if not jobs:
        return
    count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    errors: list[tuple[int, str]] = []  # (job's place, message): reported in the order the jobs were given
    with ProcessPoolExecutor(max_workers=count, max_tasks_per_child=1 if fresh else None) as pool:
        futures = {pool.submit(_timed, function, *args): (place, label)
                   for place, (label, function, args) in enumerate(jobs)}
        for future in as_completed(futures):
            place, label = futures[future]
            try:
                seconds = future.result()
            except HandbookError as error:
                errors.append((place, f"{label}: {error}"))
            except Exception as error:  # noqa: BLE001 - a renderer's failure, reported with what it was doing
                errors.append((place, f"{label}: {type(error).__name__}: {error}"))
            else:
                if on_done is not None:
                    on_done(label, seconds)
    if errors:
        raise BuildError(f"{step} failed:\n" + "\n".join(f"  {line}" for _, line in sorted(errors)))
