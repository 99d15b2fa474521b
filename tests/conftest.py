"""Fixtures: scratch sites written from dedented text, the CLI run as a user runs it (in a
subprocess) or in this process (run_cli, for what a subprocess adds nothing to), and the sample
site built once per test run (shared by the xdist workers)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import pytest

pytest.register_assert_rewrite("tests.browser")
pytest_plugins = ["tests.browser"]  # browser fixtures: browser, site_server, open_page, sample_pages

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = PROJECT / "content"

# How hard the random tests (hypothesis in test_limits, the mutation fuzz in test_bad_inputs) try:
# `make test` runs them at 1, `make fuzz` at 20 (FUZZ_SCALE), with the same properties.
FUZZ_SCALE = int(os.environ.get("FUZZ_SCALE") or 1)

SITE_YML = """\
title: Test Month
base_url: https://cem.example.org/
month: 2025-10
timezone: America/New_York
topics: [Literacy, STEM Education, School Leadership]
audiences: [Teachers, Principals, Coaches, Families]
"""

# A badge (content/badges/connected-educator.md) with its image, and the site.yml lines it needs.
BADGE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">'
             '<circle cx="64" cy="64" r="60" fill="#0b5cad"/></svg>\n')
BADGE = """\
---
name: "Connected Educator"
description: "Took part in three sessions and reflected on them."
image: media/badge.svg
---
Attend three live sessions, then share a reflection.
"""
ISSUER = "issuer:\n  email: badges@cem.example.org\n"

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


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers it too; here as well, so that --strict-markers holds with `-p no:xdist`
    config.addinivalue_line("markers", "xdist_group(name): run in one xdist worker with the others of its group "
                            "(with --dist loadgroup), so that what they share is made once")
    config.addinivalue_line("markers", "long: takes many seconds; started first, so that no worker is left running it "
                            "alone at the end while the others have finished")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long tests first (a stable sort: otherwise in the order collected). xdist hands tests out in
    this order, so the run ends on short tests that spread evenly over the workers."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per test process. Jinja keys each by its name and file and checks the
    source's checksum on load, so an edited template (an override a test writes) is compiled again."""

    def __init__(self) -> None:
        self.known: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.known:
            bucket.bytecode_from_string(self.known[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.known[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class _StoreFilledFromCompiled(jinja2.BytecodeCache):
    """The engine's store of compiled templates (builder/engine/templates.py, in a build's cache
    folder), where a template it lacks but this process has compiled (_COMPILED) is taken from there
    and put in the store, as compiling it would have: each test's fresh cache folder ends as a build
    that compiled every template leaves it, without compiling them all again. Whatever the store
    holds is read first, and kept or refused by its own rules (a seal that does not hold is refused,
    and the template taken as compiled from its source)."""

    def __init__(self, store: jinja2.BytecodeCache) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store.load_bytecode(bucket)
        if bucket.code is None:
            _COMPILED.load_bytecode(bucket)
            if bucket.code is not None:
                self.store.dump_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store.dump_bytecode(bucket)
        _COMPILED.dump_bytecode(bucket)

    def clear(self) -> None:
        self.store.clear()


def compiled_once(bytecode: jinja2.BytecodeCache | None) -> jinja2.BytecodeCache:
    """The bytecode cache a theme is loaded with in tests: the engine's store filled from _COMPILED,
    or _COMPILED alone for a build without one."""
    return _StoreFilledFromCompiled(bytecode) if bytecode is not None else _COMPILED


@pytest.fixture(autouse=True)
def made_once(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two costs of every small in-process build that depend on nothing a test changes, paid once:

    - the proceedings PDF, laid out once per distinct print HTML for the whole run (all xdist
      workers) and read back after that. A PDF is a function of its HTML alone (builder/outputs/pdf.py
      fetches nothing); a hostile input gives new HTML and is laid out for real;
    - templates compiled once per process (_CompiledTemplates): for builds without the engine's
      cache (`--no-cache`, builder.pipeline), and for those with it, whose cache folder is new in
      almost every test, through the engine's store (_StoreFilledFromCompiled).

    Both change only when bytes are made, never which. What is about two builds agreeing builds in
    a subprocess (run_builder, as tests/test_determinism.py does), which always lays out."""
    from builder.outputs import pdf, render, theme

    load_theme = theme.load_theme
    monkeypatch.setattr(theme, "load_theme", lambda root, bytecode=None: load_theme(root, compiled_once(bytecode)))
    monkeypatch.setattr(render, "html_to_pdf", remembered_pdf(pdf_memo(tmp_path_factory), pdf.html_to_pdf))


def pdf_stand_in(html: str) -> bytes:
    """What the proceedings PDF is made of, in place of laying it out, for tests that build a site
    but never read its PDF: a PDF is a function of its print HTML alone (builder/outputs/pdf.py), so
    two builds agree on the PDF exactly when they agree on these bytes, and an edit that changes the
    print HTML changes them. tests/test_proceedings.py and others read real ones."""
    return b"%PDF-stand-in " + hashlib.sha256(html.encode()).hexdigest().encode()


@pytest.fixture
def pdf_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """For a test whose builds in this process never read the proceedings PDF: it is pdf_stand_in's
    (laying it out is up to half a build). Forked builds inherit it."""
    from builder.outputs import render

    monkeypatch.setattr(render, "html_to_pdf", pdf_stand_in)


def pdf_memo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of this run's laid-out PDFs, by the digest of their print HTML (made_once)."""
    memo = shared_folder(tmp_path_factory) / "pdf-memo"
    memo.mkdir(exist_ok=True)
    return memo


def remembered_pdf(memo: Path, lay_out: Callable[[str], bytes]) -> Callable[[str], bytes]:
    """html_to_pdf answered from `memo` for print HTML laid out before, else laid out and kept there."""
    def remembered(html: str) -> bytes:
        path = memo / f"{hashlib.sha256(html.encode()).hexdigest()}.pdf"
        if path.is_file():
            return path.read_bytes()
        made = lay_out(html)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(made)
        os.replace(partial, path)  # whole or absent, whichever worker finishes first
        return made

    return remembered


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
    """Run `python -m builder ...` in a subprocess, exactly as a partner or CI does: for what is about
    the process itself (exit by a signal, the interpreter's environment, stderr as bytes on a pipe)."""
    full_env = {**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)


# What the builder reads from the environment at each build (builder/pipeline.py, builder/engine/build.py,
# builder/outputs/search.py), so run_cli can set them for one call. Anything read at start-up or by the
# interpreter (PYTHONHASHSEED, TZ, LANG, XDG_CACHE_HOME: the cache secret is read once per process)
# needs a process of its own: run_builder.
PER_BUILD_ENV = frozenset({"SOURCE_DATE_EPOCH", "CEM_SEARCH_SHARD_PAGES", "CEM_BADGE_KEY"})


@contextlib.contextmanager
def environment(env: dict[str, str]) -> Iterator[None]:
    """os.environ with `env` set, restored afterwards."""
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m builder ...` as builder.cli.main runs it, in this process: the same arguments,
    messages and exit status as run_builder, without an interpreter's start and the imports (WeasyPrint's
    alone takes a second). stdout and stderr are captured apart; stderr is not a terminal, as in CI."""
    from builder import cli

    unknown = sorted(set(env or {}) - PER_BUILD_ENV)
    assert not unknown, f"run_cli cannot set {unknown}: they are read when a process starts; use run_builder"
    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    try:
        with environment(env or {}), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            if cwd is not None:
                os.chdir(cwd)
            try:
                code = cli.main(list(args))
            except SystemExit as exit_:  # argparse: usage errors and --help
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
                if isinstance(exit_.code, str):
                    print(exit_.code, file=sys.stderr)
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(["python", "-m", "builder", *args], code, out.getvalue(), err.getvalue())


# The sample site's date: the first of the month before its month, the date the builder gives it
# without SOURCE_DATE_EPOCH (builder/content/model.py _stamp). Fixing it makes the golden tree
# independent of the environment while it stays what `make build` writes.
SAMPLE_EPOCH = "1756684800"  # 2025-09-01T00:00:00Z


def build_sample(out: Path) -> None:
    """The reference build of the sample site: the plain pipeline (`build --no-cache`), SAMPLE_EPOCH."""
    from builder import pipeline

    with environment({"SOURCE_DATE_EPOCH": SAMPLE_EPOCH}):
        pipeline.build(SAMPLE_CONTENT, out)


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder all xdist workers of this run share (the run's base temporary folder), else this
    session's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """`make(folder)` run once per test run, whichever worker asks first; the others wait for it
    (a file lock) and share the folder, which no test may change."""
    shared = shared_folder(tmp_path_factory)
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            if folder.exists():  # a worker that failed to make it: start again
                shutil.rmtree(folder)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once per test run (as tests/golden/ holds it)."""
    return built_once(tmp_path_factory, "sample", lambda folder: build_sample(folder / "output")) / "output"


@pytest.fixture(scope="session")
def sample_trees(sample_output: Path) -> dict[Path, Any]:
    """Every HTML page of the sample site parsed by html5lib (as a browser parses it), by path, in path
    order: parsed once per process for the tests that look through every page, since reading and
    parsing the 200 pages was most of each such test's time. Their tests share the xdist group
    "sample-trees", so one worker parses. A tree is shared: no test may change one."""
    import html5lib

    return {page: html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
            for page in sorted(sample_output.rglob("*.html"))}
