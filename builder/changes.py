"""`python -m builder changes --against REF`: the events a pull request adds, changes or removes.

CI writes the Markdown table into the pull request's job summary, so that an organizer reviewing a
partner's file sees the event's title and when it starts, in UTC and in the site's zone, without
reading YAML or converting zones by hand: a wrong zone is the mistake the check cannot see.

The working tree is read as `check` reads it (load, validate, model). The earlier version of each
event file comes from git (`git show REF:path`), read-only and without a shell, and goes through
the same load and validation, in a temporary folder: whatever git returns is a partner's bytes,
and every value shown is escaped for the Markdown table it goes into.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from builder import pipeline
from builder.content import model, sources, validation
from builder.content.limits import MAX_FILE_BYTES
from builder.content.model import Event, SiteInfo
from builder.content.sources import Document
from builder.problems import ContentError, Problem, UsageError, visible

KINDS = ("added", "changed", "removed")
GIT_TIMEOUT = 120  # seconds: reading a few blobs of a local repository; never a network call


@dataclass(frozen=True)
class Change:
    """One event file that differs from the earlier revision."""

    kind: str  # one of KINDS
    path: str  # as messages name it, e.g. content/events/foo.md
    event: Event | None  # the version now (added, changed) or before (removed); None: it could not be read
    before: Event | None = None  # for a changed file, the earlier version, to show what moved


def report(content: Path, against: str, format: str) -> str:
    """The changes as a Markdown job summary (`format` "markdown") or one line each ("text")."""
    info, found = changes(content, against)
    if format == "text":
        return "".join("\t".join(visible(text) for text in (c.kind, c.path, _start(c.event, UTC), _title(c.event))) + "\n"
                       for c in found)
    return markdown(info, found, against)


def changes(content: Path, against: str) -> tuple[SiteInfo, list[Change]]:
    """Compare the event files of `content` with those of git revision `against`. Raises ContentError
    when the content has errors (as `check` does) and UsageError when the revision cannot be read."""
    shown = pipeline.shown(content)
    loaded, problems = sources.load(content, shown_root=shown)
    now = validation.validate(loaded, problems)
    epoch = pipeline.source_date_epoch()
    site = model.entities(now, epoch, _no_markdown, pipeline.no_moments)
    current = {event.source: event for event in site.events}

    commit = commit_of(content, against)
    files = {event.source: content / "events" / f"{event.slug}.md" for event in site.events}  # what load read
    earlier = earlier_files(content, commit)
    found: list[Change] = []
    for path in sorted(files.keys() - earlier.keys()):
        found.append(Change("added", path, current.get(path)))
    # Only the files whose git id differs are read from git: in a pull request, a few of thousands.
    differing = {path: read_blob(content, blob)
                 for path, blob in differing_files(earlier, {path: file.read_bytes() for path, file in files.items()}).items()}
    before = _earlier_events(shown, differing, now, epoch)
    for path, data in sorted(differing.items()):
        if path not in files:
            found.append(Change("removed", path, before.get(path)))
        elif data != files[path].read_bytes():  # git may store a file with other line endings than it checks out
            found.append(Change("changed", path, current.get(path), before.get(path)))
    found.sort(key=lambda change: (KINDS.index(change.kind), change.path))
    return site.info, found


def markdown(info: SiteInfo, found: list[Change], against: str) -> str:
    """The job summary: a heading, a count and a table with a row per changed event file."""
    zone = ZoneInfo(info.timezone)
    lines = ["## Events in this pull request", ""]
    if not found:
        return "\n".join([*lines, f"No event file was added, changed or removed, compared with {cell(against)}.", ""])
    counts = ", ".join(f"{sum(c.kind == kind for c in found)} {kind}" for kind in KINDS)
    lines += [f"{counts}, compared with {cell(against)}.", "",
              f"| Change | Event | File | Starts (UTC) | Starts ({cell(info.timezone)}) |",
              "|---|---|---|---|---|"]
    for change in found:
        title, utc, local = _title(change.event), _start(change.event, UTC), _start(change.event, zone)
        if change.before is not None and change.event is not None:
            if change.before.title != change.event.title:
                title += f" (was: {_title(change.before)})"
            if change.before.start != change.event.start or change.before.repeat != change.event.repeat:
                utc += f" (was {_start(change.before, UTC)})"
                local += f" (was {_start(change.before, zone)})"
        lines.append("| " + " | ".join(cell(text) for text in (change.kind, title, change.path, utc, local)) + " |")
    return "\n".join([*lines, ""])


# What would make a table cell's text more than text: a cell's end (`|`), code spans, HTML, links
# and images, and the backslash that would undo one of these escapes.
_CELL_ESCAPES = {"\\": "\\\\", "|": "\\|", "`": "\\`", "[": "\\[", "]": "\\]", "&": "&amp;", "<": "&lt;",
                 ">": "&gt;"}


def cell(text: str) -> str:
    """`text` as the literal content of one Markdown table cell, whatever a partner wrote in it: its
    lines joined (a line break ends a table row), then every control character written as an escape."""
    return "".join(_CELL_ESCAPES.get(char, char) for char in visible(" ".join(text.splitlines())))


def _title(event: Event | None) -> str:
    if event is None:
        return "(this version does not pass the check)"
    return event.title + (f" [{event.status}]" if event.status != "scheduled" else "")


def _start(event: Event | None, zone: tzinfo) -> str:
    """When the event starts, in `zone`: the date alone for an all-day event (a date has no zone)."""
    if event is None:
        return "?"
    if event.all_day:
        text = f"{event.start:%Y-%m-%d} (all day, {event.timezone})"
    else:
        moment = event.start.astimezone(zone)
        text = f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"
    if event.repeat:
        text += f", {event.repeat} until {event.until}"
    return text


def _no_markdown(text: str, root: str, level: int) -> str:
    """The summary shows titles and times only: rendering every description would be most of its time."""
    return ""


@dataclass(frozen=True)
class Blob:
    commit: str
    name: str  # the path in the repository, e.g. content/events/foo.md
    object: str  # git's id of the file's bytes
    size: int


def git(args: list[str], cwd: Path) -> bytes:
    """Run a read-only git command (a list of arguments, no shell) and return its output."""
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL,
                              env=environment, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UsageError(f"cannot run git ({error}); comparing with a git revision needs it") from error
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {reason[-1] if reason else done.returncode}")
    return done.stdout


def commit_of(content: Path, against: str) -> str:
    """The commit `against` names; a name git could read as an option is refused before git sees it."""
    if not against or against.startswith("-"):
        raise UsageError(f'--against "{against}" is not a git revision; give a branch, e.g. --against origin/main')
    try:
        git(["rev-parse", "--is-inside-work-tree"], content)
    except UsageError:
        raise UsageError(f"{pipeline.shown(content)} is not in a git repository: --against compares the content "
                         "with one of its revisions; run it in a clone of the project") from None
    try:
        return git(["rev-parse", "--verify", "--end-of-options", f"{against}^{{commit}}"], content).decode().strip()
    except UsageError:
        raise UsageError(f'"{against}" is not a commit of this repository; fetch it first (in GitHub Actions: '
                         "actions/checkout with fetch-depth: 0), e.g. --against origin/main") from None


def earlier_files(content: Path, commit: str) -> dict[str, Blob]:
    """The event files of `commit`, by the path messages show (`content/events/foo.md`), as
    `sources.load` would list them: regular files ending in .md (links and folders are not events)."""
    listing = git(["ls-tree", "-z", "-l", "--full-name", commit, "--", "events/"], content)
    shown = pipeline.shown(content)
    files = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, object_id, size = meta.decode("ascii").split()
        filename = name.decode("utf-8", "replace").rsplit("/", 1)[-1]
        if kind == "blob" and mode in ("100644", "100755") and filename.endswith(".md") and not filename.startswith("."):
            files[f"{shown}/events/{filename}"] = Blob(commit, name.decode("utf-8", "surrogateescape"), object_id, int(size))
    return files


def blob_id(data: bytes, like: str) -> str:
    """git's id of these bytes (SHA-1, or SHA-256 in a repository that uses it): equal ids, equal files."""
    digest = hashlib.sha1 if len(like) == 40 else hashlib.sha256
    return digest(b"blob %d\0" % len(data) + data).hexdigest()


def read_blob(content: Path, blob: Blob) -> bytes:
    """The file's bytes at the earlier revision (`git show REF:path`); a file too large for `check`
    to read is not read at all, and shows as one that does not pass it."""
    if blob.size > MAX_FILE_BYTES:
        return b""
    return git(["show", "--no-textconv", f"{blob.commit}:{blob.name}"], content)


def _earlier_events(shown: str, files: dict[str, bytes], now: validation.Content,
                    epoch: int | None) -> dict[str, Event]:
    """The earlier version of these files, modelled as today's site would model them, each validated
    on its own, so that a file today's rules refuse shows as unreadable and does not hide the others."""
    events: dict[str, Event] = {}
    forum_slugs = [record.slug for record in now.forums]
    for path, root, documents, problems in earlier_documents(shown, files):
        try:
            records, _ = validation.validate_events(documents, problems, root, now.site, forum_slugs, now.partners)
        except ContentError:
            continue
        if records:
            earlier = validation.Content(now.site, records, [], now.partners, [])
            events[path] = model.entities(earlier, epoch, _no_markdown, pipeline.no_moments).events[0]
    return events


def differing_files(earlier: dict[str, Blob], current: dict[str, bytes]) -> dict[str, Blob]:
    """The earlier files (as earlier_files lists them) that the working tree has no longer, or not
    with the same bytes (`current`: path -> its bytes now), compared by git's ids, without git."""
    return {path: blob for path, blob in earlier.items()
            if path not in current or blob_id(current[path], blob.object) != blob.object}


def earlier_documents(shown: str, files: dict[str, bytes]) -> Iterator[tuple[str, Path, list[Document], list[Problem]]]:
    """Each earlier file (path as messages show it -> its bytes) read by sources.load_files on its
    own, from a temporary folder (git's bytes are a partner's, and are never written into content/):
    (its path, the folder, its documents, its problems). The folder lasts until the last is used."""
    with tempfile.TemporaryDirectory(prefix="cem-earlier-") as folder:
        root = Path(folder)
        (root / "events").mkdir()
        for path, data in files.items():
            file = root / "events" / path.rsplit("/", 1)[-1]
            file.write_bytes(data)
            documents, problems = sources.load_files(root, shown, [file])
            yield path, root, documents, problems
