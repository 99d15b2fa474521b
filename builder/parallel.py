"""Run many small, independent tasks on every core, results in the order given.

Tasks are closures over the frozen model, which cannot be pickled cheaply; so workers are
forked after the task list exists, inherit it, and receive only task numbers. A worker's
failure comes back as text and is raised in the parent as TaskError naming the task.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

MIN_PARALLEL = 64  # fewer tasks than this run in the parent: forking costs more than it saves
CHUNK = 32

_tasks: Sequence[Callable[[], Any]] = ()


class TaskError(RuntimeError):
    """A task failed in a worker; the message names the task and carries the worker's error."""


def default_jobs() -> int:
    """The cores this process may use (a container may allow fewer than the machine has)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run(tasks: Sequence[Callable[[], Any]], jobs: int, names: Sequence[str] | None = None) -> Iterator[Any]:
    """Yield each task's result, in task order, running them in `jobs` forked processes."""
    global _tasks
    if jobs <= 1 or len(tasks) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        yield from (task() for task in tasks)
        return
    _tasks = tasks
    chunks = [range(start, min(start + CHUNK, len(tasks))) for start in range(0, len(tasks), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for results in pool.imap(_run_chunk, chunks):
                for result in results:
                    if isinstance(result, _Failure):
                        name = names[result.index] if names else f"task {result.index}"
                        raise TaskError(f"{name}: {result.error}")
                    yield result
    finally:
        _tasks = ()


class _Failure:
    def __init__(self, index: int, error: str) -> None:
        self.index, self.error = index, error


def _run_chunk(indexes: range) -> list[Any]:
    results: list[Any] = []
    for index in indexes:
        try:
            results.append(_tasks[index]())
        except Exception as error:  # noqa: BLE001 - sent to the parent as text, raised there
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            results.append(_Failure(index, detail))
    return results
