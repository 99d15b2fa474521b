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
from collections.abc import Mapping
from pathlib import Path

OUTPUT = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind failed; carries what it said."""


def search_index(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files of the search bundle (under pagefind/) for the given site files."""
    with tempfile.TemporaryDirectory(prefix="cem-search-") as folder:
        site, out = Path(folder) / "site", Path(folder) / OUTPUT
        for path, data in files.items():
            if path.endswith(".html") and b"data-pagefind-body" in data:
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        site.mkdir(exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out), "--silent"],
            capture_output=True, text=True, timeout=900, check=False,
        )
        if result.returncode != 0:
            raise SearchIndexError(f"Pagefind could not index the site: {(result.stderr or result.stdout).strip()[:500]}")
        return {f"{OUTPUT}/{p.relative_to(out).as_posix()}": p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file()}
