"""Independent jobs in worker processes, one per core, every failure reported once all have finished.

A job that raises is reported in one line (its label, and its error); the worker's own traceback
travels back as text with it, for `handbook --show-traceback`.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, NamedTuple

from handbook.errors import BuildError, HandbookError


class JobFailure(NamedTuple):
    """How a job failed in its worker: one line for the report, the worker's traceback, the exit code."""

    summary: str
    traceback: str
    exit_code: int = 1


class JobsFailed(BuildError):
    """Jobs of a step failed; `tracebacks` holds (label, the worker's traceback) for each.

    The exit code is the highest of the jobs' errors: a missing font (SetupError) is still 3.
    """

    def __init__(self, message: str, tracebacks: Sequence[tuple[str, str]], exit_code: int = 1):
        super().__init__(message)
        self.tracebacks = tuple(tracebacks)
        self.exit_code = exit_code


def one_line(error: BaseException) -> str:
    """A job's error in one line: a HandbookError says where already; anything else says what it is."""
    if isinstance(error, HandbookError):
        return str(error)
    return f"{type(error).__name__}: {error}"


class JobDone(NamedTuple):
    """What a job returned, and its own time in the worker, without its wait in the queue."""

    value: Any
    seconds: float


def _timed(function: Callable[..., Any], *args: Any) -> JobDone | JobFailure:
    """Run in the worker: the job's value and time, or how it failed.

    The failure is caught here, where its traceback is: an exception sent back to the parent
    process would arrive without it.
    """
    started = time.perf_counter()
    try:
        value = function(*args)
    except Exception as error:  # noqa: BLE001 - reported by the parent with the job's label
        return JobFailure(one_line(error), traceback.format_exc(), error.exit_code if isinstance(error, HandbookError) else 1)
    return JobDone(value, time.perf_counter() - started)


def run_in_processes(step: str, jobs: Sequence[tuple[str, Callable[..., Any], tuple]], workers: int | None = None,
                     fresh: bool = False, on_done: Callable[[str, float], None] | None = None) -> list[Any]:
    """Run `function(*args)` for each `(label, function, args)`, at most `workers` (default: the cores) at once.

    Returns what each job returned, in the order the jobs were given.

    `fresh`: a new process for each job, so no state carries over from one job to the next.
    `on_done(label, seconds)` is called as each job succeeds, in the order they finish. When
    jobs fail, one JobsFailed names `step` and each failed job's label and error, and keeps
    each worker's traceback.
    """
    if not jobs:
        return []
    count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    values: list[Any] = [None] * len(jobs)
    failures: list[tuple[int, str, JobFailure]] = []  # (job's place, label, failure): in the order jobs were given
    with ProcessPoolExecutor(max_workers=count, max_tasks_per_child=1 if fresh else None) as pool:
        futures = {pool.submit(_timed, function, *args): (place, label)
                   for place, (label, function, args) in enumerate(jobs)}
        for future in as_completed(futures):
            place, label = futures[future]
            try:
                outcome = future.result()
            except Exception as error:  # noqa: BLE001 - the worker itself died (killed, out of memory)
                outcome = JobFailure(one_line(error), "".join(traceback.format_exception(error)))
            if isinstance(outcome, JobFailure):
                failures.append((place, label, outcome))
                continue
            values[place] = outcome.value
            if on_done is not None:
                on_done(label, outcome.seconds)
    if failures:
        failures.sort(key=lambda failure: failure[0])
        raise JobsFailed(f"{step} failed:\n" + "\n".join(f"  {label}: {failure.summary}" for _, label, failure in failures),
                         [(label, failure.traceback) for _, label, failure in failures],
                         max(failure.exit_code for _, _, failure in failures))
    return values
