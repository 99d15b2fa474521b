"""Run many small, independent tasks on every core; results as they finish, with their number.

Tasks are closures over the frozen model, which cannot be pickled cheaply; so workers are
forked after the task list exists, inherit it, and receive only task numbers. The parent
works too: `jobs` cores take `jobs - 1` forked workers, since each worker ends up holding a
copy of much of the model (touching an object writes its reference count, which copies its
memory page). Workers take batches from the front of the list (the longest tasks, put first
by the caller), the parent takes single tasks from the back, so it stays free to collect
results. A worker's failure comes back as text and is raised as TaskError naming the task.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from builder.engine import memory
from builder.problems import LocatedError

MIN_PARALLEL = 64  # fewer tasks than this run in the parent: forking costs more than it saves
CHUNK = 32
# A worker sends what it has made after this long, even within a chunk: a chunk of day pages with
# their calendars made one large batch, held by both processes at once while it was pickled and read.
BATCH_SECONDS = 0.05
WAITING = 64  # batches a worker may have sent that the parent has not taken yet

_tasks: Sequence[Callable[[], Any]] = ()


class TaskError(RuntimeError):
    """A task failed in a worker; the message names the task and carries the worker's error.
    `detail` is the worker's whole traceback, each exception it was raised from included;
    `located` says the error was a LocatedError, whose message names its own place."""

    def __init__(self, message: str, detail: str = "", located: bool = False) -> None:
        super().__init__(message)
        self.detail, self.located = detail, located


def default_jobs() -> int:
    """The cores this process may use (a container may allow fewer than the machine has)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run(tasks: Sequence[Callable[[], Any]], jobs: int, names: Sequence[str] | None = None,
        min_parallel: int = MIN_PARALLEL, meanwhile: Callable[[], None] | None = None,
        long: int = 0) -> Iterator[tuple[int, Any]]:
    """Yield (task number, result) as tasks finish, on `jobs` cores: the parent and forked workers.

    Put the longest tasks first: the first `jobs` * 4 (or the first `long`, if more) are handed out
    one by one, so a long one never holds a batch of short ones back, nor a worker a batch of long
    ones while the other cores have nothing left; the rest go in batches, which costs less, and a worker
    sends what it has made every BATCH_SECONDS, so large results never pile up. Fewer than
    `min_parallel` tasks run in the parent; a caller whose every task is long lowers it.
    `meanwhile` is the parent's own work, done before any result is yielded: once the workers
    have started, so that one process's work need not wait for the other cores. The workers' results
    then wait for the parent without limit (the workers do not): pass it only with small results.
    """
    global _tasks
    outer, _tasks = _tasks, tasks  # a `meanwhile` may run tasks of its own: the outer ones come back after
    try:
        if jobs <= 1 or len(tasks) < min_parallel or "fork" not in multiprocessing.get_all_start_methods():
            # As in _shared: the objects made so far (the model) are left out of collections while the
            # tasks run. Rendering makes cycles, and each full collection would walk the whole model
            # again to find them; in one process there is nobody else to do that walking for.
            gc.freeze()
            try:
                if meanwhile:
                    meanwhile()
                for index in range(len(tasks)):
                    yield _checked(*_run_one(index), names)
            finally:
                gc.unfreeze()
            return
        yield from _shared(len(tasks), jobs, names, meanwhile, long)
    finally:
        _tasks = outer


def _shared(count: int, jobs: int, names: Sequence[str] | None,
            meanwhile: Callable[[], None] | None, long: int) -> Iterator[tuple[int, Any]]:
    chunks = _chunks(count, jobs, long)
    context = multiprocessing.get_context("fork")
    front, back = context.Value("i", 0), context.Value("i", count)  # next task of workers, end of the parent's
    results: multiprocessing.Queue = context.Queue()
    # When the parent falls behind (writing files, say), a worker waits instead of holding ever more
    # results in memory, without bound while the file system is slow.
    slots = context.Semaphore(WAITING if meanwhile is None else count)
    memory.trim()  # what earlier stages freed goes back to the system before the workers share the rest
    # Objects made so far are never collected in a worker, so fewer of their pages are copied. No
    # collection first: on a large site it is slow and finds little (the model has few cycles), and
    # whatever it would find is found after the workers end, when unfreeze gives it back.
    gc.freeze()
    workers = [context.Process(target=_work, args=(chunks, front, back, results, slots, os.getpid()), daemon=True)
               for _ in range(jobs - 1)]
    try:
        for worker in workers:
            worker.start()
        if meanwhile:
            meanwhile()
        done = 0
        while done < count:
            try:
                batch = results.get_nowait()  # the workers' results first, so they never pile up
            except queue.Empty:
                index = _take_back(front, back)
                if index is not None:
                    done += 1
                    yield _checked(*_run_one(index), names)
                    continue
                batch = _wait_for(results, workers)
            slots.release()
            for index, result in batch:
                done += 1
                yield _checked(index, result, names)
            if done % 1024 < len(batch):  # the results just written are freed; keep the heap small
                memory.trim()
    finally:
        gc.unfreeze()
        for worker in workers:
            worker.kill()
            worker.join()
        results.close()


def _chunks(count: int, jobs: int, long: int) -> list[range]:
    """The tasks in the order workers claim them: the long ones (at least `jobs` * 4) one by one,
    then the rest CHUNK at a time."""
    single = min(max(jobs * 4, long), count)
    chunks = [range(i, i + 1) for i in range(single)]
    return chunks + [range(start, min(start + CHUNK, count)) for start in range(single, count, CHUNK)]


def _take_back(front: Any, back: Any) -> int | None:
    """Claim the last task no one has taken, for the parent; None when none is left."""
    with front.get_lock():
        if back.value <= front.value:
            return None
        back.value -= 1
        return back.value


def _wait_for(results: multiprocessing.Queue, workers: list[Any]) -> list[tuple[int, Any]]:
    """The next batch from a worker, once the parent has nothing left to run itself."""
    while True:
        try:
            return results.get(timeout=0.5)
        except queue.Empty:
            if any(worker.exitcode not in (None, 0) for worker in workers):
                raise TaskError("a worker process stopped unexpectedly (out of memory?)") from None


def _work(chunks: list[range], front: Any, back: Any, results: multiprocessing.Queue, slots: Any,
          parent: int) -> None:
    """A worker: take the next chunk from the front until it meets the parent's share at the back."""
    _end_with(parent)
    for chunk in chunks:
        with front.get_lock():
            if front.value >= back.value:
                return
            if chunk.start < front.value:
                continue
            end = min(chunk.stop, back.value)
            front.value = end
        batch, started = [], time.perf_counter()
        for index in range(chunk.start, end):
            batch.append(_run_one(index))
            if index + 1 == end or time.perf_counter() - started > BATCH_SECONDS:
                while not slots.acquire(timeout=1):  # the parent takes results; unless it is gone
                    if os.getppid() != parent:
                        os._exit(1)
                results.put(batch)
                batch, started = [], time.perf_counter()
        if len(chunk) == 1:  # one of the long tasks (a PDF, a whole-site feed): give its memory back
            memory.trim()


_PR_SET_PDEATHSIG = 1  # prctl's option number (linux/prctl.h)


def _end_with(parent: int) -> None:
    """A worker ends when the build that forked it ends, even by SIGKILL (a daemon process is ended
    only by a parent that exits normally): else it would wait for a reader forever, holding its
    copy of the model. Linux sends the signal; elsewhere the worker notices when it next waits."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent was gone before the signal was asked for
        os._exit(1)


def _checked(index: int, result: Any, names: Sequence[str] | None) -> tuple[int, Any]:
    if isinstance(result, _Failure):
        if result.located:
            raise TaskError(result.error, result.detail, located=True)
        raise TaskError(f"{names[index] if names else f'task {index}'}: {result.error}", result.detail)
    return index, result


class _Failure:
    def __init__(self, error: Exception) -> None:
        self.located = isinstance(error, LocatedError)
        self.error = str(error) if self.located else "".join(
            traceback.format_exception_only(type(error), error)).strip()
        self.detail = "".join(traceback.format_exception(error))


def _run_one(index: int) -> tuple[int, Any]:
    try:
        return index, _tasks[index]()
    except Exception as error:  # noqa: BLE001 - sent to the parent as text, raised there
        return index, _Failure(error)
