"""Incremental: the last build's site, patched with the event files edited since.

A one-event edit on a large site would otherwise load, validate and model every file again,
all in Python, to change one Event. The last build leaves a snapshot of its entities in the
cache folder; the next build patches it when that provably gives the site a full build would
give: the same builder and settings, the same set of files, only event files changed, and none
of them changed a value other files' entities are derived from (model.SHARED_VALUES). Anything
else, or any doubt, is a full build; so is a build without a cache.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder.content import model, sources, validation
from builder.content.markup import Markdown
from builder.content.moments import Synthesis
from builder.engine import cache
from builder.engine.fingerprint import Fingerprints
from builder.problems import Problem

FILE = "site.pickle"
EDITS = "site-edits.pickle"  # the events edited since FILE was written, so an edit rewrites only them


@dataclass(frozen=True)
class Snapshot:
    """What a build knew once its model was made: enough to validate and model one event file again."""

    inputs: dict[str, str]  # every file the build read -> the digest of its bytes
    settings: str  # the builder, the output folder and the environment it was built with
    site: validation.Record  # site.yml
    forum_slugs: list[str]
    partners: list[validation.Record]  # the partner profiles, which event files name
    parts: model.Entities
    shared: dict[str, tuple]  # event file as shown -> its model.shared_values
    warnings: list[Problem]
    fingerprints: dict[str, str] = field(default_factory=dict)  # event file as shown -> its Event's fingerprint
    edited: frozenset[str] | None = None  # event files patched since the last full build; None after one
    base: str = ""  # which FILE the edits apply to


@dataclass(frozen=True)
class _Edits:
    base: str
    inputs: dict[str, str]
    warnings: list[Problem]
    events: dict[str, model.Event]
    fingerprints: dict[str, str]


def taken(content: validation.Content, parts: model.Entities, inputs: dict[str, str], settings: str) -> Snapshot:
    """The snapshot of a full build."""
    return Snapshot(inputs, settings, content.site, [r.slug for r in content.forums],
                    content.partners, parts,
                    {r.path: model.shared_values(r.values) for r in content.events}, content.warnings)


def load(folder: Path | None, settings: str) -> Snapshot | None:
    """The last build's snapshot, if one was made by this builder with these settings (another
    builder's classes may not even read back as they were). One that cannot be read raises
    cache.Damaged."""
    snapshot = _read(folder / FILE, settings) if folder else None
    if not isinstance(snapshot, Snapshot) or snapshot.settings != settings:
        return None
    edits = _read(folder / EDITS, settings) if folder else None
    if not isinstance(edits, _Edits) or edits.base != snapshot.base:
        return snapshot
    return replace(snapshot, inputs=edits.inputs, warnings=edits.warnings, edited=frozenset(edits.events),
                   parts=model.with_replaced(snapshot.parts, edits.events),
                   fingerprints=snapshot.fingerprints | edits.fingerprints)


def _read(path: Path, settings: str) -> object:
    """What `_write` kept at `path` with these settings; None when it is missing or was written with
    other settings (by another builder, say), which is no damage."""
    try:
        with open(path, "rb") as file:
            if file.readline() != settings.encode() + b"\n":
                return None
            data = file.read()
    except OSError:
        return None
    return cache.unpack(data)


def save(folder: Path | None, snapshot: Snapshot, fingerprints: Fingerprints) -> None:
    """Keep the snapshot for the next build, with the fingerprint of every event (all computed by
    now). After a patched build only the events edited since the last full one are written:
    writing the whole snapshot would be a sizeable part of a one-event edit."""
    if folder is None:
        return
    if snapshot.edited is None:
        snapshot = replace(snapshot, fingerprints={e.source: fingerprints.of(e) for e in snapshot.parts.events},
                           base=os.urandom(8).hex())
        _write(folder / FILE, snapshot, snapshot.settings)
        with suppress(OSError):
            (folder / EDITS).unlink(missing_ok=True)
        return
    events = {event.source: event for event in snapshot.parts.events if event.source in snapshot.edited}
    _write(folder / EDITS, _Edits(snapshot.base, snapshot.inputs, snapshot.warnings, events,
                                  {source: fingerprints.of(event) for source, event in events.items()}),
           snapshot.settings)


def _write(path: Path, value: object, settings: str) -> None:
    """Keep `value` at `path`, after a line naming the settings it was made with."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with open(temporary, "wb") as file:
            file.write(settings.encode() + b"\n" + cache.pack(value))
        os.replace(temporary, path)
    except OSError:  # a read-only cache: the next build is a full one, nothing worse
        with suppress(OSError):
            temporary.unlink(missing_ok=True)


def edited_events(snapshot: Snapshot | None, inputs: dict[str, str], content: Path) -> list[Path] | None:
    """The event files changed since the snapshot (as paths under `content`), or None when anything
    else changed: then only a full build is right."""
    if snapshot is None or snapshot.inputs.keys() != inputs.keys():
        return None
    events = content.resolve() / "events"
    edited = [Path(path) for path, known in inputs.items() if snapshot.inputs[path] != known]
    if any(path.parent != events or path.suffix != ".md" for path in edited):
        return None
    return [content / "events" / path.name for path in edited]


def patched(snapshot: Snapshot, content: Path, shown_root: str, edited: list[Path],
            markdown: Markdown, synthesize: Synthesis) -> tuple[model.Entities, Snapshot] | None:
    """The snapshot's entities with the edited event files read, checked and modelled again, and the
    snapshot to keep; None when an edit changed a shared value. A file with errors raises
    ContentError, as a full build would, with the same messages: every other file was valid."""
    documents, problems = sources.load_files(content, shown_root, edited)
    records, warnings = validation.validate_events(documents, problems, content, snapshot.site,
                                                   snapshot.forum_slugs, snapshot.partners)
    shared = {record.path: model.shared_values(record.values) for record in records}
    if any(snapshot.shared.get(path) != values for path, values in shared.items()):
        return None
    parts = model.with_events(snapshot.parts, records, markdown, synthesize)
    shown = {record.path for record in records}
    kept = [warning for warning in snapshot.warnings if warning.path not in shown]
    return parts, replace(snapshot, parts=parts, warnings=sorted(kept + warnings),
                          edited=(snapshot.edited or frozenset()) | shown)


def known_fingerprints(snapshot: Snapshot, parts: model.Entities) -> Fingerprints:
    """Fingerprints that already know every event the patch left as it was."""
    fingerprints = Fingerprints()
    old = snapshot.fingerprints
    unchanged = {id(event) for event in snapshot.parts.events}
    for event in parts.events:
        if id(event) in unchanged and event.source in old:
            fingerprints.remember(event, old[event.source])
    return fingerprints
