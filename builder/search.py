"""Search: a Pagefind index of the rendered pages, so the static site searches itself.

Pagefind reads the built HTML (pages marked `data-pagefind-body`: events with their
transcripts, forums, partners, pages, proceedings) and writes a compact index that the
reader's browser downloads piece by piece; no server is needed. Its filters come from
`data-pagefind-filter` attributes (type, topic). The index is deterministic: the same
pages always give the same files.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

OUTPUT = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind failed; carries what it said."""


MARKER = b"data-pagefind-body"  # pages the theme marks for the index (events, forums, partners...)
SHARD_PAGES = 1000  # pages per Pagefind index; an edit re-indexes only its shard
PLAIN_PATH = re.compile(r"[A-Za-z0-9_./-]+")  # nothing a glob treats specially
LISTING = f"{OUTPUT}/shards.json"  # the other shards, which the browser merges into the first


def shards(pages: list[str]) -> dict[str, list[str]]:
    """Pages grouped into Pagefind bundles: `pagefind/` and, on large sites, `pagefind/shard-N/`.

    Pagefind has no incremental mode, and one index of 10,000 pages takes 20 s and 1.7 GB.
    Split by a hash of the page's path, a page stays in its shard from build to build, so an edit
    re-indexes one shard; the browser merges the shards (Pagefind's mergeIndex) into one search.
    """
    size = int(os.environ.get("CEM_SEARCH_SHARD_PAGES", SHARD_PAGES))
    count = max(1, -(-len(pages) // size))
    grouped: dict[str, list[str]] = {}
    for page in pages:
        number = int(hashlib.blake2b(page.encode("utf-8"), digest_size=4).hexdigest(), 16) % count
        grouped.setdefault(OUTPUT if number == 0 else f"{OUTPUT}/shard-{number}", []).append(page)
    grouped.setdefault(OUTPUT, [])
    return dict(sorted(grouped.items()))


def folder_of(path: str) -> str:
    """The bundle folder an output path under pagefind/ belongs to."""
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 and parts[1].startswith("shard-") else OUTPUT


def listing(folders: list[str]) -> bytes:
    """pagefind/shards.json: the bundles to merge, relative to pagefind/."""
    others = [folder.removeprefix(OUTPUT + "/") + "/" for folder in folders if folder != OUTPUT]
    return (json.dumps(others) + "\n").encode("utf-8")


def index(site: Path, wanted: dict[str, list[str]], jobs: int) -> dict[str, dict[str, bytes]]:
    """Each bundle's files (output path -> bytes) for its pages, HTML files of the site in `site`;
    up to `jobs` Pagefind processes at once."""
    with concurrent.futures.ThreadPoolExecutor(max(jobs, 1)) as pool:
        done = pool.map(lambda folder: (folder, _bundle(site, wanted[folder], folder)), sorted(wanted))
        return dict(done)


def _bundle(site: Path, pages: list[str], folder: str) -> dict[str, bytes]:
    """Pagefind reads only these pages of the site, named in one glob: parsing the day, topic and
    type pages it would skip anyway would cost a third of its time. Slugs never hold the glob's
    special characters (checked here all the same)."""
    unusual = [page for page in pages if not PLAIN_PATH.fullmatch(page)]
    if unusual:
        raise SearchIndexError(f"a page path cannot be given to Pagefind: {unusual[0]}")
    with tempfile.TemporaryDirectory(prefix="cem-search-") as scratch:
        out = Path(scratch) / "bundle"
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "{" + ",".join(pages or ["-"]) + "}",
             "--output-path", str(out), "--silent"],
            capture_output=True, text=True, timeout=900, check=False,
        )
        if result.returncode != 0:
            raise SearchIndexError(f"Pagefind could not index the site: {(result.stderr or result.stdout).strip()[:500]}")
        return {f"{folder}/{p.relative_to(out).as_posix()}": p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file()}
