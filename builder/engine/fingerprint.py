"""Fingerprints: a short digest of everything an output file is made from.

An output is rebuilt only when its fingerprint changes, so the fingerprint must cover
every input and be cheap on a large site. Model entities (events, forums, partners...)
are frozen, so each is digested once, from its pickle, and containers of them combine
those digests; an aggregate page over many events costs one dictionary lookup per event.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from builder.content import model
from builder.engine import parallel

DIGEST_BATCH = 100  # entities per task of digest_all: a large site's events make enough tasks for every core
ENTITIES = (model.Event, model.Forum, model.Partner, model.Page, model.Topic, model.EventType, model.SiteInfo)
ENTITY_TYPES = frozenset(ENTITIES)
SOURCE = Path(__file__).resolve().parent.parent  # the whole builder package


def digest(*parts: bytes | str) -> str:
    """A hex digest of the parts, each length-prefixed so ("ab", "c") and ("a", "bc") differ. A file
    name that is not UTF-8 is a str with surrogates in it (Python's surrogateescape): encoded back to
    its own bytes, not an error (the stage that reads the folder reports it)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


# The libraries whose versions shape the output: an upgrade must not reuse what an older one made.
LIBRARIES = ("jinja2", "cmarkgfm", "nh3", "pyyaml", "icalendar", "feedgen", "weasyprint", "langcodes", "language-data")


@functools.cache
def code_version() -> str:
    """The builder's own source and its libraries' versions: a release, an upgrade or a local edit
    of the code invalidates every cache. Read once per process; the code does not change under it."""
    files = sorted(p for p in SOURCE.rglob("*") if p.is_file() and p.suffix in (".py", ".json"))
    versions = [f"{name} {_version(name)}" for name in LIBRARIES]
    return digest(*versions, *(part for p in files for part in (p.relative_to(SOURCE).as_posix(), p.read_bytes())))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


class Fingerprints:
    """Digests of model values, remembered per object for one build (the model never changes)."""

    def __init__(self) -> None:
        self._entities: dict[int, tuple[Any, str]] = {}

    def of(self, value: Any) -> str:
        if isinstance(value, ENTITIES):
            return self._entity(value)
        return digest(self._part(value))

    def _part(self, value: Any) -> str:
        """A value's digest, or for a plain value its text: one hash per container, not per leaf
        (a build fingerprints the inputs of each of its many jobs)."""
        kind = type(value)
        if kind is str:
            return "str:" + value
        if kind in ENTITY_TYPES:
            return self._entity(value)
        if kind is tuple:  # the model's lists: a topic's events feed its page, feed and calendar
            return self._remembered(value, self._sequence)
        if kind is dict or isinstance(value, Mapping):
            return digest("map", _joined(part for key, item in value.items() for part in (self._part(key), self._part(item))))
        if isinstance(value, list | tuple):
            return digest("seq", _joined(map(self._part, value)))
        if isinstance(value, ENTITIES):
            return self._entity(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return digest(type(value).__name__, *(self._part(getattr(value, f.name)) for f in dataclasses.fields(value)))
        return f"{kind.__name__}:{value!r}"

    def digest_all(self, entities: Sequence[Any], jobs: int) -> None:
        """Digest the entities not known yet, on `jobs` cores, in batches: on one core, alone, a
        large site's events kept the other cores idle and held back every job that needs them."""
        unknown = [value for value in entities if self._entities.get(id(value), (None,))[0] is not value]
        batches = [unknown[start:start + DIGEST_BATCH] for start in range(0, len(unknown), DIGEST_BATCH)]
        made = parallel.run([functools.partial(_digests, batch) for batch in batches], jobs)
        for number, digests in made:
            for value, known in zip(batches[number], digests, strict=True):
                self.remember(value, known)

    def remember(self, value: Any, known: str) -> None:
        """Take `known` as the digest of the entity `value`: an incremental build knows its unchanged events'."""
        self._entities[id(value)] = (value, known)

    def _entity(self, value: Any) -> str:
        return self._remembered(value, _pickled)

    def _sequence(self, value: tuple[Any, ...]) -> str:
        return digest("seq", _joined(map(self._part, value)))

    def _remembered(self, value: Any, make: Callable[[Any], str]) -> str:
        """The digest `make(value)` of an immutable value, made once; the value is kept, so its id
        stays its own. (`make` takes the value, so that no closure is made per call: a build makes
        a great many calls.)"""
        remembered = self._entities.get(id(value))
        if remembered is None or remembered[0] is not value:
            remembered = (value, make(value))
            self._entities[id(value)] = remembered
        return remembered[1]


def _pickled(value: Any) -> str:
    return digest(pickle.dumps(value, protocol=5))


def _digests(values: list[Any]) -> list[str]:
    return [_pickled(value) for value in values]


def _joined(parts: Iterable[str]) -> str:
    """Parts in one text that tells them apart (each after its length): one hash of it is cheaper than
    one update per part."""
    return "".join(f"{len(part)}:{part}" for part in parts)
