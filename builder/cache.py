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
one-event edit patches (builder/incremental.py); and `templates/`, the theme compiled by Jinja.

Deleting `.cache/` is always safe: the next build is a cold one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS fragments (key TEXT PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, key TEXT NOT NULL, size INTEGER NOT NULL,
                                    mtime INTEGER NOT NULL, content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
VERSION = 2  # of the tables above; a cache of another version is emptied
BATCH = 900  # SQLite's default limit on parameters per statement is 999


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
        self.folder = folder  # None for --no-cache: then fragments are not kept even in memory (80 MB)
        if self.db.execute("PRAGMA user_version").fetchone()[0] != VERSION:
            self.db.executescript("DROP TABLE IF EXISTS fragments; DROP TABLE IF EXISTS outputs; DROP TABLE IF EXISTS state;")
            self.db.execute(f"PRAGMA user_version = {VERSION}")
        self.db.executescript(SCHEMA)
        self.generation = int(self.state("generation") or 0) + 1
        self._used: set[str] = set()

    def state(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

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
            # A first build writes the whole cache (117 MB at 10,000 events) in one transaction. In WAL
            # mode its commit copies all of it from the log into the database again: 0.4 s, against
            # 0.09 s with a rollback journal, which has nothing to save of an empty database. Later
            # builds change little, and WAL commits them without waiting for the disk.
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
