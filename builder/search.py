"""Search: a Pagefind index of the rendered pages, so the static site searches itself.

Pagefind reads the built HTML (pages marked `data-pagefind-body`: events with their
transcripts, forums, partners, pages, proceedings) and writes a compact index that the
reader's browser downloads piece by piece; no server is needed. Its filters come from
`data-pagefind-filter` attributes (type, topic). The index is deterministic: the same
pages always give the same files.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

OUTPUT = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind failed; carries what it said."""


def search_index_of(site: Path) -> dict[str, bytes]:
    """The files of the search bundle (under pagefind/) for the site built in the folder `site`."""
    with tempfile.TemporaryDirectory(prefix="cem-search-") as folder:
        out = Path(folder) / OUTPUT
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out), "--silent"],
            capture_output=True, text=True, timeout=900, check=False,
        )
        if result.returncode != 0:
            raise SearchIndexError(f"Pagefind could not index the site: {(result.stderr or result.stdout).strip()[:500]}")
        return {f"{OUTPUT}/{p.relative_to(out).as_posix()}": p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file()}
