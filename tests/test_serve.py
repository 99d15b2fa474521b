"""`python -m builder serve`: serves the build, rebuilds on change, shows errors instead of stopping;
and the benchmark's corpus generator is deterministic and valid."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import GOOD_EVENT, PROJECT, run_cli

sys.path.insert(0, str(PROJECT / "bench"))
import corpus  # noqa: E402

from tests.generated_site import SHORT  # noqa: E402


def fetch(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, timeout: float = 60):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture()
def server(make_site, tmp_path: Path):  # type: ignore[no-untyped-def]
    content = make_site({"events/reading.md": GOOD_EVENT})
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", "--content", str(content), "--out", str(tmp_path / "out"),
         "--port", "0"], stderr=log, stdout=log, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    try:
        address = wait_for(lambda: re.search(r"at (http://\S+/)", (tmp_path / "serve.log").read_text()))
        yield address.group(1), content, tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_serve_rebuilds_on_change_and_shows_errors(server) -> None:  # type: ignore[no-untyped-def]
    url, content, log = server
    status, page = fetch(url + "events/reading/")
    assert status == 200 and "Reading Across the Curriculum" in page
    assert "/__reload" in page  # the preview reloads itself; the built file does not carry that
    assert "/__reload" not in (content.parent / "out" / "events" / "reading" / "index.html").read_text()
    generation = fetch(url + "__reload?seen=")[1]

    event = content / "events" / "reading.md"
    event.write_text(GOOD_EVENT.replace("Reading Across the Curriculum", "Reading Everywhere"))
    assert fetch(url + f"__reload?seen={generation}")[1] != generation  # answers once the rebuild is done
    assert "Reading Everywhere" in wait_for(lambda: fetch(url + "events/reading/")[1])

    event.write_text(GOOD_EVENT.replace("type: webinar", "type: seminar"))
    status, page = wait_for(lambda: (r := fetch(url + "events/reading/")) and r[0] == 500 and r)
    assert "reading.md:6" in page and "seminar" in page
    assert "reading.md:6: error" in log.read_text()

    event.write_text(GOOD_EVENT)
    status, page = wait_for(lambda: (r := fetch(url + "events/reading/")) and r[0] == 200 and r)
    assert "Reading Across the Curriculum" in page


def test_corpus_is_deterministic_and_valid(tmp_path: Path) -> None:
    small = corpus.write(tmp_path / "small", 20, minutes=SHORT)
    large = corpus.write(tmp_path / "large", 40, minutes=SHORT)
    for path in sorted((small / "events").glob("*.md")):
        assert path.read_bytes() == (large / "events" / path.name).read_bytes()
    assert len(list((large / "events").glob("*.md"))) == 40
    result = run_cli("check", "--content", str(large))
    assert result.returncode == 0, result.stderr
