"""The build cache: work from earlier builds, found again by the digest of its inputs.

It lives outside the output (by default `.cache/` beside the content folder) in one SQLite
file, because thousands of small entries are read and written per build and SQLite does
that in one transaction. Two tables:

- `fragments`: digest of inputs -> bytes (rendered Markdown and the like). An entry is
  correct for as long as it exists, since its key names everything it came from.
- `outputs`: output path -> the fingerprint its file was built from, the digest of its bytes,
  and the file's size and modification time when written. A later build skips a file whose
  fingerprint is unchanged and whose file on disk is still the one written; a file rebuilt to
  the same bytes is not written again.

Beside the database: `site.pickle` and `site-edits.pickle`, the last build's model, which a
one-event edit patches (builder/engine/incremental.py).

The cache is not trusted. It sits beside the content, where a pull request can place files, so
nothing in it may run code when read: values are written with pickle but read back by `unpack`,
which constructs only plain data, the builder's own dataclasses and a few standard value types
(dates, time zones), never a function or any other class. Compiled templates (Python bytecode,
which runs when loaded) are kept sealed with a secret of the user's, kept outside the project
(`seal`), and loaded only when the seal holds. Whatever cannot be read is `Damaged`: the build
says so in one warning, empties the cache and builds everything afresh; a cache can only ever
save time.

Deleting `.cache/` is always safe: the next build is a cold one.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import hmac
import io
import json
import os
import pickle
import shutil
import sqlite3
import sys
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS fragments (key TEXT PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, key TEXT NOT NULL, size INTEGER NOT NULL,
                                    mtime INTEGER NOT NULL, content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
VERSION = 2  # of the tables above; a cache of another version is emptied
BATCH = 900  # SQLite's default limit on parameters per statement is 999


FILES = ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm", "cache.sqlite-journal", "site.pickle",
         "site-edits.pickle", "templates")  # all a cache folder may hold of ours; `clear` removes only these


class Damaged(Exception):
    """The cache holds something this builder cannot have written: garbled, or planted."""


# The only globals a cached value may name, besides the builder's own dataclasses.
VALUE_TYPES = {
    ("datetime", "date"): datetime.date, ("datetime", "datetime"): datetime.datetime,
    ("datetime", "time"): datetime.time, ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone, ("zoneinfo", "ZoneInfo"): zoneinfo.ZoneInfo,
    ("builtins", "set"): set, ("builtins", "frozenset"): frozenset,
}


def pack(value: Any) -> bytes:
    """A value as the cache keeps it (read back with `unpack`)."""
    return pickle.dumps(value, protocol=5)


def unpack(data: bytes, plain: bool = False) -> Any:
    """A value stored by `pack`. Only plain data (`plain`: no class at all), the builder's own
    dataclasses and VALUE_TYPES can come back; anything else, or bytes that are not such a value,
    raises Damaged. No code is looked up, so none can run."""
    try:
        return _Unpickler(io.BytesIO(data), plain).load()
    except Exception as error:  # noqa: BLE001 - whatever the bytes make the reader raise
        raise Damaged(f"{type(error).__name__}: {error}") from None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, plain: bool) -> None:
        super().__init__(file)
        self.plain = plain

    def find_class(self, module: str, name: str) -> Any:
        found = None if self.plain else VALUE_TYPES.get((module, name)) or _builder_dataclass(module, name)
        if (module, name) == ("builtins", "getattr") and not self.plain:
            found = _zone_getattr  # how a ZoneInfo pickles itself: getattr(ZoneInfo, "_unpickle")
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a value the cache keeps")
        return found


def _builder_dataclass(module: str, name: str) -> type | None:
    """A dataclass of an already imported builder module: nothing is imported on a cache's say."""
    owner = sys.modules.get(module) if module == "builder" or module.startswith("builder.") else None
    found = getattr(owner, name, None) if owner is not None and "." not in name else None
    return found if isinstance(found, type) and dataclasses.is_dataclass(found) else None


def _zone_getattr(owner: object, name: str) -> Any:
    if owner is zoneinfo.ZoneInfo and name == "_unpickle":
        return zoneinfo.ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise pickle.UnpicklingError("getattr is allowed only for ZoneInfo._unpickle")


@functools.cache
def secret() -> str:
    """A random value kept for this user outside every project (`$XDG_CACHE_HOME/cem-builder/secret`,
    else `~/.cache/...`). Every cache key includes it (builder/engine/build.py), so entries planted in a
    cache folder, or copied from another machine, never match: a pull request that adds a cache
    cannot put its own HTML in place of a page's sanitized Markdown. Where it cannot be kept, each
    build has its own, and builds in full."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cem-builder"
    path = folder / "secret"
    for _ in range(2):
        try:
            value = path.read_text(encoding="ascii").strip()
            if len(value) == 32 and all(c in "0123456789abcdef" for c in value):
                return value
            path.unlink()  # not one this builder wrote: make another
        except (OSError, ValueError):
            pass
        try:
            folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as file:
                file.write(os.urandom(16).hex())
        except FileExistsError:  # another build made it meanwhile: read that one
            continue
        except OSError:
            break
    return os.urandom(16).hex()


def seal(data: bytes) -> bytes:
    """`data` with a code that only this user's secret can make (keyed BLAKE2b): for what the cache
    keeps that runs when read (compiled templates), so that only what this user's builds wrote is."""
    return _seal_code(data) + data


def unseal(sealed: bytes) -> bytes | None:
    """The data `seal` was given, or None when the code does not match (planted, damaged, another user's)."""
    code, data = sealed[:SEAL_BYTES], sealed[SEAL_BYTES:]
    return data if hmac.compare_digest(code, _seal_code(data)) else None


SEAL_BYTES = 32


def _seal_code(data: bytes) -> bytes:
    return hashlib.blake2b(data, key=secret().encode(), digest_size=SEAL_BYTES).digest()


def clear(folder: Path) -> None:
    """Remove what this builder keeps in `folder` (nothing else there): the next build is a cold one."""
    for name in FILES:
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Written:
    """What the cache knows of one output file."""

    key: str  # the fingerprint of the inputs it was built from
    size: int
    mtime: int
    content: str  # the digest of its bytes


class Cache:
    """One build's view of the cache; `close()` commits, and drops fragments this build did not use."""

    def __init__(self, folder: Path | None) -> None:
        self.db = _open(folder)
        self.folder = folder  # None for --no-cache: then fragments are not kept even in memory (a whole site's add up)
        if self.db.execute("PRAGMA user_version").fetchone()[0] != VERSION:
            self.db.executescript("DROP TABLE IF EXISTS fragments; DROP TABLE IF EXISTS outputs; DROP TABLE IF EXISTS state;")
            self.db.execute(f"PRAGMA user_version = {VERSION}")
        self.db.executescript(SCHEMA)
        generation = self.state("generation") or "0"
        if not generation.isdigit():
            raise Damaged("the generation is not a number")
        self.generation = int(generation) + 1
        self._used: set[str] = set()

    def state(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def json_state(self, name: str, shape: Callable[[Any], bool]) -> Any:
        """A value kept as JSON under `name`, or None; one that is not JSON of the expected `shape`
        raises Damaged, rather than failing later far from here."""
        text = self.state(name)
        if text is None:
            return None
        try:
            value = json.loads(text)
        except ValueError as error:
            raise Damaged(f"state {name!r} is not JSON") from error
        if not shape(value):
            raise Damaged(f"state {name!r} is not what this builder keeps there")
        return value

    def set_state(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (name, value))

    def fragments(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored fragments among `keys`; each one found is kept for the next build."""
        found: dict[str, bytes] = {}
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start:start + BATCH]
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT key, value FROM fragments WHERE key IN ({marks})", chunk))
        self.keep(found)  # those stored by this build are marked as they are stored
        return found

    def keep(self, keys: Iterable[str]) -> None:
        """Count these fragments used by this build, so that pruning keeps them for the next."""
        self._used.update(keys)

    def store_fragments(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store (key, value) pairs; an iterator is consumed one pair at a time."""
        if self.folder is None:
            return
        self.db.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?, ?)",
                            ((key, value, self.generation) for key, value in items))

    def outputs(self) -> dict[str, Written]:
        rows = self.db.execute("SELECT path, key, size, mtime, content FROM outputs")
        return {path: Written(key, size, mtime, content) for path, key, size, mtime, content in rows}

    def record_outputs(self, written: Mapping[str, Written], gone: Iterable[str]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?)",
                            ((path, w.key, w.size, w.mtime, w.content) for path, w in written.items()))
        self.db.executemany("DELETE FROM outputs WHERE path = ?", ((path,) for path in gone))

    def forget_outputs(self) -> None:
        """The output folder is not the one recorded (deleted, replaced, another --out): trust none of it."""
        self.db.execute("DELETE FROM outputs")

    def close(self, prune: bool) -> None:
        """Commit; after a complete build (`prune`), drop fragments it did not use."""
        if prune:  # only a complete build knows what is in use; marking rewrites every page it touches
            used = sorted(self._used)
            for start in range(0, len(used), BATCH):
                chunk = used[start:start + BATCH]
                self.db.execute(f"UPDATE fragments SET used = ? WHERE key IN ({','.join('?' * len(chunk))})",
                                (self.generation, *chunk))
            self.db.execute("DELETE FROM fragments WHERE used < ?", (self.generation,))
            self.set_state("generation", str(self.generation))
        self.db.commit()
        self.db.close()


def _open(folder: Path | None) -> sqlite3.Connection:
    """The cache database; a damaged one is started afresh, and where none can be written
    (a read-only checkout) the build goes on without a cache: a cache may only ever save time."""
    if folder is None:  # --no-cache: the same interface, remembering nothing
        return sqlite3.connect(":memory:")
    path = folder / "cache.sqlite"
    for attempt in range(2):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / ".gitignore").write_text("*\n")
            fresh = not path.exists()
            db = sqlite3.connect(path, timeout=60)  # another build of the same site may hold it a while
            # A first build writes the whole cache in one transaction. In WAL mode its commit copies
            # all of it from the log into the database again, so it takes much longer than with a
            # rollback journal, which has nothing to save of an empty database. Later builds change
            # little, and WAL commits them without waiting for the disk.
            db.execute("PRAGMA journal_mode=DELETE" if fresh else "PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA user_version").fetchone()
            return db
        except sqlite3.DatabaseError:
            if attempt == 0:
                for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    leftover.unlink(missing_ok=True)
        except OSError:
            break
    return sqlite3.connect(":memory:")


def file_stamp(path: Path | str) -> tuple[int, int] | None:
    """Size and modification time in nanoseconds, or None when the file is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns
