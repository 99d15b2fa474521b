"""Memory: how a build keeps its footprint and its time in the allocator and the collector low.

None of this changes what is built. A build makes millions of long-lived objects (the model) and
few cycles, then renders pages whose memory is freed and taken again in large pieces; the
defaults of Python's collector and of glibc's heap are tuned for neither.
"""

from __future__ import annotations

import ctypes
import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Making the model and planning the jobs make millions of long-lived objects and few cycles, and
# Python's default thresholds walk them all again and again to find no garbage. So a build
# collects rarely, except while rendering: that makes short-lived cycles (Jinja's contexts), and
# there the default keeps the peak lower. (The measurements are in bench/results.md.)
RARE_COLLECTIONS = (100_000, 50, 100)
USUAL_COLLECTIONS = gc.get_threshold()  # Python's own


@contextmanager
def collections(thresholds: tuple[int, ...]) -> Iterator[None]:
    """Garbage collection at these thresholds (see RARE_COLLECTIONS), then as it was."""
    before = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*before)


LARGE_BLOCK = 4 << 20  # bytes: blocks this large or larger get a mapping of their own
KEPT_FREE = 64 << 20  # bytes of free memory at the heap's top kept for what comes next, until trimmed
TOP_PAD = 16 << 20  # bytes the heap grows by beyond what is asked, so it grows seldom
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3  # mallopt's parameter numbers (malloc.h)


def tune_heap() -> None:
    """Set glibc's heap for a build; a no-op elsewhere.

    Every block of LARGE_BLOCK or more gets its own mapping, returned to the system when freed.
    glibc's own threshold rises to the size of each such block freed: after one large feed, every
    rendered page was carved from the heap, and the holes the freed pages left could not be
    returned, so render workers kept a good part of their memory for nothing.

    Free memory at the heap's top is kept up to KEPT_FREE, not the little glibc keeps once a
    threshold is set: a build frees and takes again tens of megabytes at a time, and each page
    given back would be faulted in again. That costs a slightly higher peak for far fewer page
    faults. The build hands memory back itself where it matters (trim)."""
    if (libc := _glibc()) is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK)
        libc.mallopt(_M_TRIM_THRESHOLD, KEPT_FREE)
        libc.mallopt(_M_TOP_PAD, TOP_PAD)


def trim() -> None:
    """Return freed heap memory to the system, which glibc keeps otherwise: at a large site, a
    few hundred megabytes. A no-op elsewhere."""
    if (libc := _glibc()) is not None:
        libc.malloc_trim(0)


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """The C library, if it is glibc (which has mallopt and malloc_trim); loaded once, as trimming
    is asked for every thousand results."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:
        return None
