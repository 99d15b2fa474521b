"""Fixtures: scratch sites written from dedented text, the CLI run as a user runs it,
and the sample site built once per session."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.browser")
pytest_plugins = ["tests.browser"]  # browser fixtures: browser, site_server, open_page, sample_pages

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = PROJECT / "content"

SITE_YML = """\
title: Test Month
base_url: https://cem.example.org/
month: 2025-10
timezone: America/New_York
topics: [Literacy, STEM Education, School Leadership]
audiences: [Teachers, Principals, Coaches, Families]
"""

GOOD_EVENT = """\
---
title: "Reading Across the Curriculum"
start: 2025-10-14T15:00
end: 2025-10-14T16:00
timezone: America/Chicago
type: webinar
topics: [Literacy]
partner: Literacy Network
registration: https://example.org/register
summary: "Strategies for reading in every subject."
---
A **good** event.
"""


def write_site(root: Path, files: dict[str, str | bytes], site_yml: str | None = SITE_YML) -> Path:
    """Write a content folder: {relative path: text}; text is dedented, bytes written as they are."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    if site_yml is not None:
        (content / "site.yml").write_text(site_yml, encoding="utf-8")
    for relative, data in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")
    return content


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """`make_site({"events/x.md": "..."})` -> the content folder of a fresh scratch site."""
    def make(files: dict[str, str | bytes], site_yml: str | None = SITE_YML) -> Path:
        return write_site(tmp_path, files, site_yml)
    return make


def run_builder(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m builder ...` in a subprocess, exactly as a partner or CI does."""
    full_env = {**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built once into a temporary folder."""
    out = tmp_path_factory.mktemp("sample") / "output"
    result = run_builder("build", "--content", str(SAMPLE_CONTENT), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out
