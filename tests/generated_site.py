"""A generated 1,000-event site, built once per test session for the tests that hold every file
of a large site to what real clients accept (libical, feedparser).

The events come from ../shared/gen_corpus.py (the shared generator the project's scale figures
use) when that folder is beside the project, else from bench/corpus.py, the project's own
generator of the same shape (a clean clone in CI has only the project).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT, built_once, environment, pdf_stand_in

SHARED_GENERATOR = PROJECT.parent / "shared" / "gen_corpus.py"
EVENTS = 1000
SHORT = (3, 6)  # minutes of each transcript: what the tests check of one is the same at any length


def write_corpus(folder: Path, n: int) -> Path:
    """`n` generated events in folder/content, one in ten with a recording and a short transcript
    (as bench/corpus.py gives them, longer); returns that content folder."""
    spec = importlib.util.spec_from_file_location("corpus", PROJECT / "bench" / "corpus.py")
    assert spec and spec.loader
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    if not SHARED_GENERATOR.is_file():
        return corpus.write(folder, n, minutes=SHORT)
    subprocess.run([sys.executable, str(SHARED_GENERATOR), "--n", str(n), "--out", str(folder),
                    "--only", "canonical"], check=True, capture_output=True, timeout=300)
    content = folder / "content"
    for i, path in enumerate(sorted((content / "events").glob("*.md"))):
        text = path.read_text(encoding="utf-8")
        path.write_text(corpus.with_transcript(2025, i, path.name, text, content / "media", SHORT), encoding="utf-8")
    return content


def make_generated(folder: Path, n: int) -> None:
    """The site written and built (the plain pipeline, `build --no-cache`, in this process). No test
    of it reads the proceedings PDF, whose layout took half the build: it is pdf_stand_in's."""
    from builder import pipeline
    from builder.outputs import render

    content = write_corpus(folder, n)
    with environment({"SOURCE_DATE_EPOCH": ""}), pytest.MonkeyPatch.context() as patch:  # dated as the CLI dates it
        patch.setattr(render, "html_to_pdf", pdf_stand_in)
        pipeline.build(content, folder / "output")


def generated_output(tmp_path_factory: pytest.TempPathFactory, n: int = EVENTS) -> Path:
    """The output folder of a site of `n` generated events, built on first use in this test run
    (xdist workers share it; the tests that use it are in one xdist group, so one worker builds it)."""
    return built_once(tmp_path_factory, f"generated{n}", lambda folder: make_generated(folder, n)) / "output"
