"""Independent jobs in worker processes, one per core, every failure reported once all have finished."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .errors import BuildError, HandbookError


def run_in_processes(step: str, jobs: Sequence[tuple[str, Callable[..., Any], tuple]], workers: int | None = None,
                     fresh: bool = False) -> None:
    """Run `function(*args)` for each `(label, function, args)`, at most `workers` (default: the cores) at once.

    `fresh`: a new process for each job, so no state carries over from one job to the next. When
    jobs fail, one BuildError names `step` and each failed job's label and error.
    """
    if not jobs:
        return
    count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    errors: list[str] = []
    with ProcessPoolExecutor(max_workers=count, max_tasks_per_child=1 if fresh else None) as pool:
        futures = [(label, pool.submit(function, *args)) for label, function, args in jobs]
        for label, future in futures:
            try:
                future.result()
            except HandbookError as error:
                errors.append(f"{label}: {error}")
            except Exception as error:  # noqa: BLE001 - a renderer's failure, reported with what it was doing
                errors.append(f"{label}: {type(error).__name__}: {error}")
    if errors:
        raise BuildError(f"{step} failed:\n" + "\n".join(f"  {line}" for line in errors))
