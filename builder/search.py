"""Search: a Pagefind index of the rendered pages, so the static site searches itself.

Pagefind reads the built HTML (pages marked `data-pagefind-body`: events with their
transcripts, forums, partners, pages, proceedings) and writes a compact index that the
reader's browser downloads piece by piece; no server is needed. Its filters come from
`data-pagefind-filter` attributes (type, topic). The index is deterministic: the same
pages always give the same files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OUTPUT = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind failed; carries what it said."""


MARKER = b"data-pagefind-body"  # pages the theme marks for the index (events, forums, partners...)


def search_index_of(site: Path, pages: list[str]) -> dict[str, bytes]:
    """The files of the search bundle (under pagefind/) for `pages`, HTML files of the site in `site`.

    Pagefind is shown only those pages (hard links, beside the site so no data is copied):
    parsing the day, topic and type pages it would skip anyway costs a third of its time.
    """
    with tempfile.TemporaryDirectory(prefix=".search-", dir=site.parent) as folder:
        shown, out = Path(folder) / "site", Path(folder) / OUTPUT
        for page in pages:
            target = shown / page
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / page, target)
            except OSError:  # a file system without hard links
                shutil.copyfile(site / page, target)
        shown.mkdir(exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(shown), "--output-path", str(out), "--silent"],
            capture_output=True, text=True, timeout=900, check=False,
        )
        if result.returncode != 0:
            raise SearchIndexError(f"Pagefind could not index the site: {(result.stderr or result.stdout).strip()[:500]}")
        return {f"{OUTPUT}/{p.relative_to(out).as_posix()}": p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file()}
