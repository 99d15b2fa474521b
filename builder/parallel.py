"""Run many small, independent tasks on every core; results as they finish, with their number.

Tasks are closures over the frozen model, which cannot be pickled cheaply; so workers are
forked after the task list exists, inherit it, and receive only task numbers. A worker's
failure comes back as text and is raised in the parent as TaskError naming the task.
"""

from __future__ import annotations

import gc
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


def run(tasks: Sequence[Callable[[], Any]], jobs: int, names: Sequence[str] | None = None
        ) -> Iterator[tuple[int, Any]]:
    """Yield (task number, result) as tasks finish, running them in `jobs` forked processes.

    Put the longest tasks first: the first `jobs` * 4 tasks are handed out one by one, so a long
    one never holds a batch of short ones back; the rest go in batches, which costs less.
    """
    global _tasks
    _tasks = tasks
    if jobs <= 1 or len(tasks) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        try:
            for index in range(len(tasks)):
                yield _checked(*_run_chunk(range(index, index + 1))[0], names)
        finally:
            _tasks = ()
        return
    single = min(jobs * 4, len(tasks))
    chunks = [range(i, i + 1) for i in range(single)]
    chunks += [range(start, min(start + CHUNK, len(tasks))) for start in range(single, len(tasks), CHUNK)]
    gc.collect()
    gc.freeze()  # objects made so far are never collected in a worker, so their pages stay shared
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for results in pool.imap_unordered(_run_chunk, chunks):
                for index, result in results:
                    yield _checked(index, result, names)
    finally:
        _tasks = ()
        gc.unfreeze()


def _checked(index: int, result: Any, names: Sequence[str] | None) -> tuple[int, Any]:
    if isinstance(result, _Failure):
        raise TaskError(f"{names[index] if names else f'task {index}'}: {result.error}")
    return index, result


class _Failure:
    def __init__(self, error: str) -> None:
        self.error = error


def _run_chunk(indexes: range) -> list[tuple[int, Any]]:
    results: list[tuple[int, Any]] = []
    for index in indexes:
        try:
            results.append((index, _tasks[index]()))
        except Exception as error:  # noqa: BLE001 - sent to the parent as text, raised there
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            results.append((index, _Failure(detail)))
    return results
