"""The search index, made fast: shards re-indexed only when their pages changed, on several
cores, with each page's reading (builder/outputs/search.py's read_page) kept in the build cache.
Pages travel pickled, as the build cache keeps them, and are objects only within their shard."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from builder.engine import cache, parallel
from builder.outputs.search import Page, read_page, shard_files


def index(site: Path, wanted: dict[str, list[str]], jobs: int, known: dict[str, bytes],
          meanwhile: Callable[[], None] | None = None) -> dict[str, tuple[dict[str, bytes], dict[str, bytes]]]:
    """Each shard's files (output path -> bytes) for its pages, HTML files of the site in `site`, and
    the pages it read. `known` are pages read by an earlier build, whose bytes have not changed
    since: an edit re-reads one page of its shard, not a thousand. Pages travel pickled, as the
    build cache keeps them, and are objects only within their shard: as objects, a large site's
    words would take a great deal of memory. Shards are independent, and each is long enough to
    be worth a core of its own. `meanwhile` is the calling process's own work, done while the
    other cores index."""
    folders = sorted(wanted)
    tasks = [functools.partial(shard, site, wanted[folder], folder, known) for folder in folders]
    made = parallel.run(tasks, jobs, folders, min_parallel=2, meanwhile=meanwhile)
    return {folders[number]: shard_files for number, shard_files in made}


def shard(site: Path, pages: list[str], folder: str,
          known: dict[str, bytes] | None = None) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """One shard's files, its pages numbered in the order given, and the pages it read from the site
    (`known` and the pages read: read_page's result, pickled)."""
    known = known or {}
    read: dict[str, bytes] = {}
    found: list[Page] = []
    for page in pages:
        page_read = _known(known.get(page))
        if page_read is None:
            page_read = read_page(page, (site / page).read_bytes())
            read[page] = cache.pack(page_read)
        found.append(page_read)
    return shard_files(folder, found), read


def _known(record: bytes | None) -> Page | None:
    """A page as an earlier build read it, kept in the build cache; None when there is none, or it
    cannot be read back as one: then the page is read again."""
    try:
        found = cache.unpack(record, plain=True) if record is not None else None
    except cache.Damaged:
        return None
    shape = (str, str, str, dict, dict)
    if not (isinstance(found, tuple) and len(found) == 5 and all(map(isinstance, found, shape))
            and all(isinstance(value, str) for value in found[3].values())):
        return None
    return found


def record(path: str, data: bytes) -> bytes:
    """read_page's result as the index receives it and the build cache keeps it: pickled."""
    return cache.pack(read_page(path, data))
