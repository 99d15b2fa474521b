"""`check --against REF`: what a pull request may not do to an event that is already published.

Subscribers' calendars hold every published event by its UID (its file's name) and take a new
version only when its `updated` moved forward; readers and search engines hold its address. So,
compared with the event files of a git revision (read as builder/changes.py reads them: read-only
git, a list of arguments, no shell, every byte a partner's):

- a changed time (start, end, timezone), status or repetition without a later `updated:` is an
  error on the changed line, with the line to add;
- a deleted file is an error: set `status: cancelled` instead;
- a renamed file (same title and start, the same bytes, or git's rename detection) is an error
  unless the new file names its old slug in `moved_from:`.

Only the few fields compared are read from the earlier version, each with the schema's own parser,
so an earlier file that today's rules refuse elsewhere is still compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from builder import changes, pipeline
from builder.content import schema, sources
from builder.content.schema import FROM_SITE, Context, Invalid
from builder.content.sources import Document
from builder.content.zones import check_zone
from builder.problems import Problem

# What a calendar app takes from a new version only when `updated` moved forward, in the order checked.
WATCHED = ("start", "end", "timezone", "status", "repeat", "until")
COMPARED = (*WATCHED, "title", "published", "updated", "moved_from")


@dataclass(frozen=True)
class _Version:
    """The fields compared of one version of an event file: parsed values and their lines."""

    path: str
    slug: str
    values: dict[str, Any]
    lines: dict[str, int]
    data: bytes


def problems(loaded: sources.Sources, against: str) -> list[Problem]:
    """The errors of the event files of `loaded` compared with git revision `against` (a UsageError
    when git cannot read it)."""
    content = loaded.root
    commit = changes.commit_of(content, against)
    earlier_blobs = changes.earlier_files(content, commit)
    zone = _site_zone(loaded)
    now = {doc.path: _version(doc, doc.file.read_bytes(), zone) for doc in loaded.events}
    differing = changes.differing_files(earlier_blobs, {path: version.data for path, version in now.items()})
    before = _earlier_versions(content, differing, zone)
    found: list[Problem] = []
    removed = sorted(path for path in before if path not in now)
    added = sorted(path for path in now if path not in earlier_blobs)
    renamed = _renames(content, commit, removed, added, before, now)
    for path in sorted(before.keys() & now.keys()):
        found += _changed(before[path], now[path], against, commit, content, zone)
    moved_from = {version.values.get("moved_from"): version for version in now.values()}
    for old_path in removed:
        old = before[old_path]
        new_path = renamed.get(old_path)
        if moved_from.get(old.slug) is not None:
            found += _changed(old, moved_from[old.slug], against, commit, content, zone)
        elif new_path is not None:
            new = now[new_path]
            found.append(Problem(new.path, 1, f"this event was {old.path} in {against}: renaming its file changes its "
                                 "web address and calendar ID, and subscribers' calendars would show it twice; "
                                 f'rename it back to {old.slug}.md, or add a line "moved_from: {old.slug}" to keep '
                                 "its calendar ID and leave a link at its old address"))
            found += _changed(old, new, against, commit, content, zone)
        else:
            found.append(Problem(old.path, 1, f"{old.path} was deleted since {against}; set `status: cancelled` "
                                 "instead (and say why in the description): subscribers keep a deleted event in their "
                                 "calendars forever, and readers would come to an empty room"))
    return found


def _site_zone(loaded: sources.Sources) -> str:
    node = loaded.site.fields.get("timezone") if loaded.site else None
    value = node.value.strip() if node is not None and isinstance(node.value, str) else ""
    return value if value and check_zone(value) is None else "UTC"


def _version(doc: Document, data: bytes, site_zone: str) -> _Version:
    """The fields compared, as the schema parses them; one that does not parse is left out."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    ctx = Context(root=doc.file.parent.parent)
    for name in COMPARED:
        node = doc.fields.get(name)
        if node is None:
            continue
        lines[name] = node.line
        if node.value is None or isinstance(node.value, str) and not node.value.strip():
            continue
        try:
            values[name] = schema.EVENT[name].parse(node, ctx)
        except (Invalid, AssertionError):
            continue
    return _Version(doc.path, doc.slug, _defaults(site_zone) | values, lines, data)


def _defaults(site_zone: str) -> dict[str, Any]:
    """What a compared field left out means, as the schema declares it (the site's zone for `timezone`)."""
    return {name: site_zone if field.default is FROM_SITE else field.default
            for name in COMPARED for field in (schema.EVENT[name],) if field.default is not None}


def _earlier_versions(content: Path, blobs: dict[str, changes.Blob], zone: str) -> dict[str, _Version]:
    """The earlier version of each of these files, read from git."""
    files = {path: changes.read_blob(content, blob) for path, blob in blobs.items()}
    versions = {}
    for path, _, documents, _ in changes.earlier_documents(pipeline.shown(content), files):
        if documents:
            versions[path] = _version(documents[0], files[path], zone)
        else:  # unreadable then: only its name is known, enough to say it was deleted or renamed
            slug = path.rsplit("/", 1)[-1].removesuffix(".md")
            versions[path] = _Version(path, slug, _defaults(zone), {}, files[path])
    return versions


def _renames(content: Path, commit: str, removed: list[str], added: list[str], before: dict[str, _Version],
             now: dict[str, _Version]) -> dict[str, str]:
    """Which added file is which removed one: the same bytes, the same title and start, or git's
    rename detection (a file mostly unchanged) between the revision and the working tree that kept
    the title or the start: files copied from one example are alike, whatever events they hold."""
    found: dict[str, str] = {}
    free = list(added)
    for old_path in removed:
        old = before[old_path]
        for new_path in free:
            new = now[new_path]
            same = old.data == new.data or (old.values.get("title") is not None and all(
                old.values.get(name) == new.values.get(name) for name in ("title", "start")))
            if same:
                found[old_path] = new_path
                free.remove(new_path)
                break
    if len(found) < len(removed) and free:
        shown = pipeline.shown(content)
        listing = changes.git(["diff", "--find-renames", "--name-status", "-z", "--relative", commit, "--", "events/"],
                               content).split(b"\0")
        for index, entry in enumerate(listing):
            if entry[:1] == b"R" and index + 2 < len(listing):
                old_path, new_path = (f"{shown}/{name.decode('utf-8', 'replace')}" for name in listing[index + 1:index + 3])
                if old_path in before and old_path not in found and new_path in free and any(
                        before[old_path].values.get(name) == now[new_path].values.get(name) for name in ("title", "start")):
                    found[old_path] = new_path
                    free.remove(new_path)
    return found


def _changed(old: _Version, new: _Version, against: str, commit: str, content: Path, zone: str) -> list[Problem]:
    """An error on each line whose change a calendar takes only with a later `updated:`."""
    moved = [name for name in WATCHED if old.values.get(name) != new.values.get(name)]
    if not moved or _later(new.values.get("updated"), old.values.get("updated")):
        return []
    suggested = _suggestion(old, new, commit, content)
    if "updated" in new.lines:
        fix = f'change line {new.lines["updated"]} to "updated: {suggested}"'
    else:
        fix = f'add a line "updated: {suggested}"'
    found = []
    for name in moved:
        what = "status" if name == "status" else "time"
        found.append(Problem(new.path, new.lines.get(name, 1),
                             f"{name} changed from {_text(old.values.get(name))} to {_text(new.values.get(name))} "
                             f"since {against}, but updated: did not; {fix} (now or later) so that subscribers' "
                             f"calendars take the new {what}"))
    return found


def _later(new: date | datetime | None, old: date | datetime | None) -> bool:
    if new is None:
        return False
    return old is None or _moment(new) > _moment(old)


def _moment(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, datetime.min.time())


def _suggestion(old: _Version, new: _Version, commit: str, content: Path) -> str:
    """A value for `updated:` that moves it forward: the time of the checked-out commit in the event's
    zone (in a pull request, about when it was pushed), and at least a minute after every date of the
    earlier version. From git, never the clock, so the same pull request gets the same message."""
    stamp = changes.git(["log", "-1", "--format=%ct", "HEAD"], content).decode("ascii", "replace").strip()
    zone = ZoneInfo(new.values.get("timezone") or "UTC")
    head = datetime.fromtimestamp(int(stamp), UTC).astimezone(zone).replace(tzinfo=None) if stamp.isdigit() else None
    floor = [_moment(old.values[name]) + timedelta(minutes=1) for name in ("updated", "published")
             if old.values.get(name) is not None]
    floor += [_moment(new.values[name]) for name in ("updated", "published") if new.values.get(name) is not None]
    chosen = max([*floor, *([head] if head else [])], default=None)
    if chosen is None:
        return "<the date and time of this change, like 2025-10-06T09:30>"
    chosen = chosen.replace(second=0, microsecond=0) + (timedelta(minutes=1) if chosen.second else timedelta())
    return f"{chosen:%Y-%m-%dT%H:%M}"


def _text(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%dT%H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
