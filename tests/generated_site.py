"""A generated 1,000-event site, built once per test session for the tests that hold every file
of a large site to what real clients accept (libical, feedparser).

The events come from ../shared/gen_corpus.py (the shared generator the project's scale figures
use) when that folder is beside the project, else from bench/corpus.py, the project's own
generator of the same shape (a clean clone in CI has only the project).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT, run_builder

SHARED_GENERATOR = PROJECT.parent / "shared" / "gen_corpus.py"
EVENTS = 1000

_built: dict[int, Path] = {}


def generated_output(tmp_path_factory: pytest.TempPathFactory, n: int = EVENTS) -> Path:
    """The output folder of a site of `n` generated events, built on first use in this session."""
    if n not in _built:
        work = tmp_path_factory.mktemp(f"generated{n}")
        if SHARED_GENERATOR.is_file():
            subprocess.run([sys.executable, str(SHARED_GENERATOR), "--n", str(n), "--out", str(work),
                            "--only", "canonical"], check=True, capture_output=True, timeout=300)
        else:
            subprocess.run([sys.executable, str(PROJECT / "bench" / "corpus.py"), "--n", str(n), "--out", str(work)],
                           check=True, capture_output=True, timeout=300)
        result = run_builder("build", "--content", str(work / "content"), "--out", str(work / "output"), "--no-cache")
        assert result.returncode == 0, result.stderr
        _built[n] = work / "output"
    return _built[n]
