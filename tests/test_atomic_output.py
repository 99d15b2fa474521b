"""Write, under faults: whatever fails, and whenever a build is killed, the output is the whole
previous site or the whole new one, file for file and byte for byte; what a killed build left
beside the output is cleaned up by the next build; a symlinked output stays a symlink."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import importlib.util
import os
import random
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from builder import output
from builder.engine import build
from tests.conftest import FUZZ_SCALE, GOOD_EVENT, PROJECT, pdf_stand_in, run_cli, write_site
from tests.generated_site import SHORT

ENV = {"SOURCE_DATE_EPOCH": "1759000000"}
KILLS = 8 * FUZZ_SCALE  # spread over the build from start-up to just after its end; `make fuzz` kills more often
LARGE = 200  # events: enough that a killed incremental build can be caught in each of its stages


def digests(folder: Path) -> dict[str, str]:
    """Every file of a tree: relative path -> digest of its bytes."""
    found = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            with open(path, "rb") as file:
                found[os.path.relpath(path, folder)] = hashlib.sha256(file.read()).hexdigest()
    return found


def leftovers(out: Path) -> list[str]:
    """The staging and retired folders beside an output (not its spare)."""
    target = Path(os.path.realpath(out))
    return sorted(name for name in os.listdir(target.parent)
                  if name.startswith((f".{target.name}.new-", f".{target.name}.old-")))


def cli_build(content: Path, out: Path, cache: Path | None) -> None:
    """A build through the command line, in this process (the killed builds below have their own)."""
    result = run_cli("build", "--content", str(content), "--out", str(out),
                     *(["--cache", str(cache)] if cache else ["--no-cache"]), env=ENV)
    assert result.returncode == 0, result.stderr


# A small site, for the many builds below: versions A and B differ by an edited title, a deleted
# event and an added one.

def event(title: str) -> str:
    return GOOD_EVENT.replace("Reading Across the Curriculum", title)


SMALL_A = {f"events/{slug}.md": event(title) for slug, title in
           [("reading", "Reading Across the Curriculum"), ("stem", "STEM Night"), ("leaders", "Leaders Talk")]}
SMALL_B = {"events/reading.md": event("Reading Across Every Subject"), "events/stem.md": None,
           "events/makers.md": event("Makers Meet")}
BACK_TO_A = {**SMALL_A, "events/makers.md": None}


def switch(content: Path, version: dict[str, str | None]) -> None:
    for relative, text in version.items():
        if text is None:
            (content / relative).unlink(missing_ok=True)
        else:
            (content / relative).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def small_refs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    """The digests of the small site's versions A and B, each built cold."""
    root = tmp_path_factory.mktemp("small-refs")
    content = write_site(root, SMALL_A)
    cli_build(content, root / "a", None)
    switch(content, SMALL_B)
    cli_build(content, root / "b", None)
    return digests(root / "a"), digests(root / "b")


class Small:
    """The small site at version A, built with its cache into tmp/out."""

    def __init__(self, root: Path, refs: tuple[dict[str, str], dict[str, str]]) -> None:
        self.content = write_site(root, SMALL_A)
        self.out, self.cache = root / "out", root / "cache"
        self.a, self.b = refs
        self.build()
        assert digests(self.out) == self.a

    def build(self) -> None:
        cli_build(self.content, self.out, self.cache)

    def build_here(self) -> None:
        """In this process (faults are injected with monkeypatch)."""
        build.build(self.content, self.out, build.Options(jobs=1, cache=self.cache))

    def to_b(self) -> None:
        switch(self.content, SMALL_B)


@pytest.fixture
def small(tmp_path: Path, small_refs: tuple[dict[str, str], dict[str, str]],
          monkeypatch: pytest.MonkeyPatch) -> Small:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", ENV["SOURCE_DATE_EPOCH"])
    return Small(tmp_path, small_refs)


def after(count: int, error: Callable[[], Exception]) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """Wrap a function to raise `error()` on its call number `count` (from 1)."""
    def wrap(function: Callable[..., object]) -> Callable[..., object]:
        calls = [0]

        def wrapped(*args: object, **kwargs: object) -> object:
            calls[0] += 1
            if calls[0] == count:
                raise error()
            return function(*args, **kwargs)
        return wrapped
    return wrap


# In-process failures: at every kind of step of the write, an error leaves the previous site.

FAULTS = {
    "staging a page": ("builder.output.Writer.add", 2),
    "linking a kept file": ("builder.output._link", 3),
    "exchanging the folders": ("builder.output._exchange", 1),
    "moving the new tree in (two renames)": ("os.rename", 2),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_an_error_while_writing_leaves_the_previous_site(small: Small, monkeypatch: pytest.MonkeyPatch,
                                                         fault: str) -> None:
    name, count = FAULTS[fault]
    module_name, _, attribute = name.rpartition(".")
    if module_name == "builder.output.Writer":
        owner: object = output.Writer
    elif module_name == "os":
        owner = os
        monkeypatch.setattr(output, "_exchange", lambda first, second: False)  # the second rename fails
    else:
        owner = output
    monkeypatch.setattr(owner, attribute, after(count, lambda: OSError(errno.EIO, "injected"))(getattr(owner, attribute)))
    small.to_b()
    with pytest.raises(OSError, match="injected"):
        small.build_here()
    monkeypatch.undo()
    assert digests(small.out) == small.a
    assert leftovers(small.out) == []
    small.build()
    assert digests(small.out) == small.b


# Killed builds, at each step of the write, then at random moments of a larger site's build.

def forked_build(args: list[str], before: Callable[[], None] = lambda: None) -> int:
    """Start `python -m builder *args` as a process forked from this one, in a session of its own
    (with the workers it forks), its output discarded; returns its pid. `before` runs in it first
    (a fault to inject). Forked rather than started afresh: this process has imported the builder
    already, so the new process's life is the build itself, from its first step, rather than an
    interpreter's start and imports, where a kill would catch nothing of the build."""
    from builder import cli

    pid = os.fork()
    if pid == 0:  # the build's process: it never returns into the test
        code = 70
        try:
            os.setsid()
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the process ends with the build
            os.environ.update(ENV)
            before()
            code = cli.main(args)
        finally:
            os._exit(code)
    return pid


def ended(pid: int) -> int:
    """Wait for a forked build; its exit status as subprocess gives it (-9: killed by SIGKILL)."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def die_at(point: str, count: int) -> None:
    """Make this process kill itself (SIGKILL) at `point` of the write, at its call number `count`."""
    calls = [0]

    def wrap(name: str, before: bool = True) -> None:
        function = getattr(output, name)

        def wrapped(*args: object, **kwargs: object) -> object:
            calls[0] += 1
            if before and calls[0] == count:
                os.kill(os.getpid(), signal.SIGKILL)
            result = function(*args, **kwargs)
            if not before and calls[0] == count:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        setattr(output, name, wrapped)

    if point == "link":
        wrap("_link")
    elif point == "before exchange":
        wrap("_exchange")
    elif point == "after exchange":
        wrap("_exchange", before=False)
    elif point == "retiring":
        wrap("_rename_quietly")
    else:  # the renames that stand in for an exchange: die after rename number `count`
        rename = os.rename

        def unsupported(first: str, second: str) -> bool:
            def counted(source: str, destination: str) -> None:
                rename(source, destination)
                calls[0] += 1
                if calls[0] == count:
                    os.kill(os.getpid(), signal.SIGKILL)
            os.rename = counted
            return False
        output._exchange = unsupported


KILL_POINTS = {"link": ("A", 2), "before exchange": ("A", 1), "after exchange": ("B", 1), "retiring": ("B", 1),
               "between the two renames": ("missing", 1), "after the second rename": ("B", 2),
               "after the third rename": ("B", 3)}


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_while_writing_leaves_a_whole_site(small: Small, point: str) -> None:
    expected, count = KILL_POINTS[point]
    small.to_b()
    killed = forked_build(["build", "--content", str(small.content), "--out", str(small.out), "--cache", str(small.cache)],
                          before=lambda: die_at(point, count))
    assert ended(killed) == -signal.SIGKILL
    if expected == "missing":  # killed between the two renames: the old site waits beside its place
        assert not small.out.exists()
        assert [name for name in leftovers(small.out) if ".old-" in name]
    else:
        assert digests(small.out) == (small.a if expected == "A" else small.b)
    # Back to A: a page the killed build added (though the cache may never have learnt of it) goes
    switch(small.content, BACK_TO_A)
    small.build()
    assert digests(small.out) == small.a
    small.to_b()
    small.build()
    assert digests(small.out) == small.b
    assert leftovers(small.out) == []


def test_the_next_build_puts_back_an_output_left_beside_its_place(small: Small) -> None:
    stamps = {path: os.stat(small.out / path).st_mtime_ns for path in small.a}
    os.rename(small.out, small.out.parent / ".out.old-abcd1234")  # as a kill between the two renames leaves it
    (small.out.parent / ".out.new-efgh5678" / "events").mkdir(parents=True)  # and the new tree, half made
    small.build()  # nothing changed: the site is put back as it was, not built again
    assert digests(small.out) == small.a
    assert {path: os.stat(small.out / path).st_mtime_ns for path in small.a} == stamps
    assert leftovers(small.out) == []


def test_leftovers_of_killed_builds_are_removed_and_nothing_else(small: Small) -> None:
    root = small.out.parent
    for name in (".out.new-abcd1234", ".out.old-abcd1234", ".out.new-_x7od_68"):
        (root / name / "events" / "x").mkdir(parents=True)
        (root / name / "events" / "x" / "index.html").write_text("stale")
    others = [".out.new-abc", ".out.newer-abcd1234", ".other.new-abcd1234", "out.new-abcd1234", ".out.old-abcd12345"]
    for name in others:
        (root / name).mkdir()
        (root / name / "keep").write_text("mine")
    (root / ".out.new-filefile").write_text("a file, not a build's folder")
    (root / "elsewhere").mkdir()
    os.symlink(root / "elsewhere", root / ".out.new-linklink")  # a symlink is never followed nor removed
    (root / "elsewhere" / "keep").write_text("mine")
    held = root / ".out.new-heldheld"  # a living build's staging folder: left alone while held
    held.mkdir()
    holder = os.open(held, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        small.to_b()
        small.build()
        assert digests(small.out) == small.b
        assert sorted(os.listdir(root)) == sorted(
            ["cache", "content", "elsewhere", "out", ".out.spare", ".out.new-filefile", ".out.new-heldheld",
             ".out.new-linklink", *others])
    finally:
        os.close(holder)
    for name in others:
        assert (root / name / "keep").read_text() == "mine"
    assert (root / ".out.new-filefile").read_text() == "a file, not a build's folder"
    assert (root / "elsewhere" / "keep").read_text() == "mine"
    small.build()  # no longer held
    assert not (root / ".out.new-heldheld").exists()


KILLED_WITH_A_WORKER = """
import os, signal, sys, time
from pathlib import Path
from builder import output

writer = output.Writer(Path(sys.argv[1]), whole=False)
writer.add("index.html", b"new")
if os.fork() == 0:  # a worker, as parallel.run forks them, outliving its parent
    print("worker started", flush=True)  # its fork done (and the fork's hooks run), as a worker's would be
    time.sleep(60)
    os._exit(0)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_workers_of_a_killed_build_do_not_hold_its_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("old")
    with subprocess.Popen([sys.executable, "-c", KILLED_WITH_A_WORKER, str(out)], start_new_session=True,
                          stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT)}) as killed:
        assert killed.wait(timeout=60) == -signal.SIGKILL
        try:
            # The parent kills itself right after forking: on a busy machine the worker may not have
            # run yet, and until it has, it holds what it inherited. Workers start long before a kill.
            assert killed.stdout.readline().strip() == "worker started"
            assert len(leftovers(out)) == 1
            output.recover(out)  # while the worker still lives
            assert leftovers(out) == []
        finally:
            os.killpg(killed.pid, signal.SIGKILL)
    assert (out / "index.html").read_text() == "old"


# Hard links and the spare tree.

def test_the_replaced_tree_is_kept_as_it_was(small: Small) -> None:
    """No file of the previous output was written into: the tree an incremental build replaced is
    still the previous site byte for byte (it is kept beside it, to be the next staging folder)."""
    small.to_b()
    small.build()
    assert digests(small.out) == small.b
    assert digests(small.out.parent / ".out.spare") == small.a
    switch(small.content, BACK_TO_A)
    small.build()  # the spare made into the new site
    assert digests(small.out) == small.a
    assert digests(small.out.parent / ".out.spare") == small.b


def test_without_hard_links_files_are_copied_with_their_times(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where links are refused, the files kept are copies with the size and time the cache recorded."""
    before = {path: os.stat(small.out / path) for path in small.a}
    def refuse(*_: object, **__: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")
    monkeypatch.setattr(os, "link", refuse)
    small.to_b()
    small.build_here()
    monkeypatch.undo()
    assert digests(small.out) == small.b
    kept = [path for path in small.a if small.b.get(path) == small.a[path]]
    assert kept
    for path in kept:
        now = os.stat(small.out / path)
        assert now.st_ino != before[path].st_ino  # a copy
        assert (now.st_size, now.st_mtime_ns) == (before[path].st_size, before[path].st_mtime_ns), path


def test_without_an_atomic_exchange_two_renames_do(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    small.to_b()
    small.build_here()
    assert digests(small.out) == small.b
    assert leftovers(small.out) == []


def test_files_made_in_a_reused_folder_are_readable_whatever_the_umask(small: Small) -> None:
    small.to_b()
    small.build()  # makes the spare
    switch(small.content, {"events/leaders.md": event("Leaders Talk Again"), "events/one.md": event("One")})
    old = os.umask(0o077)
    try:
        small.build_here()
    finally:
        os.umask(old)
    for parent, _, names in os.walk(small.out):
        assert stat.S_IMODE(os.stat(parent).st_mode) == 0o755, parent
        for name in names:
            assert stat.S_IMODE(os.stat(os.path.join(parent, name)).st_mode) == 0o644, name


# A symlinked output.

def test_a_symlinked_output_stays_a_symlink(small_refs: tuple[dict[str, str], dict[str, str]], tmp_path: Path) -> None:
    content = write_site(tmp_path, SMALL_A)
    web = tmp_path / "www"
    web.mkdir()
    link = tmp_path / "site"
    os.symlink(web / "html", link)  # its target does not exist yet
    for version, expected in ((BACK_TO_A, small_refs[0]), (SMALL_B, small_refs[1]), (BACK_TO_A, small_refs[0])):
        switch(content, version)
        cli_build(content, link, tmp_path / "cache")
        assert link.is_symlink() and os.readlink(link) == str(web / "html")
        assert (web / "html").is_dir() and not (web / "html").is_symlink()
        assert digests(web / "html") == expected
        assert sorted(os.listdir(web)) in (["html"], [".html.spare", "html"])
        assert sorted(os.listdir(tmp_path)) == ["cache", "content", "site", "www"]


# A larger site, killed at random moments of an incremental build.

def corpus_module() -> object:
    spec = importlib.util.spec_from_file_location("corpus", PROJECT / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def edits_to_b(content: Path) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Version B of a generated site: a title changed, an event deleted, one added. Returns the
    files to write (None: delete) for A and for B."""
    names = sorted(p.name for p in (content / "events").iterdir())
    retitled, deleted, model = names[10], names[20], names[30]
    texts = {name: (content / "events" / name).read_text(encoding="utf-8") for name in (retitled, deleted, model)}
    added = texts[model].replace('title: "', 'title: "Added: ', 1)
    a: dict[str, str | None] = {f"events/{retitled}": texts[retitled], f"events/{deleted}": texts[deleted],
                                "events/added-event-99999.md": None}
    b: dict[str, str | None] = {f"events/{retitled}": texts[retitled].replace('title: "', 'title: "Retitled ', 1),
                                f"events/{deleted}": None, "events/added-event-99999.md": added}
    return a, b


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    from builder.outputs import render

    root = tmp_path_factory.mktemp("large")
    # Short transcripts: what a kill can catch is the stage that chooses their key moments, not their length.
    content = corpus_module().write(root / "site", LARGE, minutes=SHORT)  # type: ignore[attr-defined]
    a, b = edits_to_b(content)
    out, cache = root / "out", root / "cache"
    with pytest.MonkeyPatch.context() as patch:  # the PDF as the killed builds make it (the test below)
        patch.setattr(render, "html_to_pdf", pdf_stand_in)
        switch(content, b)
        cli_build(content, root / "ref-b", None)
        switch(content, a)
        cli_build(content, out, cache)
    yield {"content": content, "out": out, "cache": cache, "a": a, "b": b,
           "digests_a": digests(out), "digests_b": digests(root / "ref-b")}


@pytest.mark.long
def test_a_build_killed_at_any_moment_leaves_the_previous_or_the_new_site(large: dict, pdf_unread: None) -> None:
    """Builds forked from this process (forked_build), killed from a tenth of a build's time to just
    after its end. Their proceedings PDF is pdf_stand_in's, made of its print HTML instead of laid
    out: a kill is about what the build has written when it stops, and the stand-in is staged like
    any other file, as the PDF is (laying it out took most of each build, so most kills landed in
    WeasyPrint). The stand-in (pdf_unread) holds in the forked builds and those finished here."""
    content, out, cache = large["content"], large["out"], large["cache"]
    whole_a, whole_b = large["digests_a"], large["digests_b"]
    assert whole_a != whole_b
    switch(content, large["b"])
    command = ["build", "--content", str(content), "--out", str(out), "--cache", str(cache)]
    started = time.perf_counter()
    assert ended(forked_build(command)) == 0
    duration = time.perf_counter() - started  # of the build to be killed, as it will run
    assert digests(out) == whole_b
    rng = random.Random(2025)
    versions = {"A": (large["a"], whole_a), "B": (large["b"], whole_b)}
    at, seen = "B", []  # the version the output holds
    for kill in range(KILLS):
        target = "A" if at == "B" else "B"  # a build that changes the output, starting from what the last kill left
        switch(content, versions[target][0])
        delay = duration * (0.1 + 1.0 * kill / (KILLS - 1)) * rng.uniform(0.9, 1.1)
        building = forked_build(command)
        time.sleep(delay)
        os.kill(building, signal.SIGKILL)  # the build's own process, as the OOM killer would
        ended(building)
        now = digests(out)
        with contextlib.suppress(ProcessLookupError):  # its forked workers outlive it (and wait for it forever)
            os.killpg(building, signal.SIGKILL)
        assert now in (whole_a, whole_b), f"kill {kill} after {delay:.2f} s: a mix of old and new"
        at = "B" if now == whole_b else "A"
        seen.append(at)
        if kill % 4 == 3:  # now and then a build may finish: it cleans up and builds the whole target
            cli_build(content, out, cache)
            assert digests(out) == versions[target][1], f"after kill {kill}"
            assert leftovers(out) == []
            at = target
            seen.append("|")
    switch(content, versions["B"][0])
    cli_build(content, out, cache)
    assert digests(out) == whole_b
    assert leftovers(out) == []
    print(f"killed {duration:.1f} s builds, which left:", "".join(seen))
