"""Inputs: every file a build reads (content, theme), each known by the digest of its bytes.

A rebuild must notice any change, but reading every file of a large site to find one edit is
slow. As git and make do, a file whose size and modification time are the ones recorded is
taken to hold the bytes recorded. A file modified shortly before it was recorded is read again
next time: its time may not move on a second write that soon (file times advance by the kernel's
tick, not by the nanosecond).
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from builder.engine.fingerprint import digest

SETTLED_NS = 2_000_000_000  # a file untouched this long before it was recorded is trusted by its stamp

Stamps = dict[str, list[int | str]]  # path -> [size, modification time in ns, digest of its bytes]


def scan(folders: list[Path], known: Stamps) -> tuple[dict[str, str], Stamps]:
    """Every file under `folders` (hidden ones left out, as every reader leaves them out): path ->
    digest of its bytes, in a fixed order; and the stamps to record for the next scan."""
    now = time.time_ns()
    files: dict[str, str] = {}
    stamps: Stamps = {}
    for folder in dict.fromkeys(folders):
        real = os.path.realpath(folder)
        for path in _files(folder):
            try:
                info = os.lstat(path)
                if stat.S_ISLNK(info.st_mode):  # read only what resolves inside the folder: the stage that
                    if os.path.commonpath([real, os.path.realpath(path)]) != real:  # reads it says so
                        continue
                    info = os.stat(path)
            except OSError:  # gone since it was listed
                continue
            if not stat.S_ISREG(info.st_mode):  # a named pipe's reader waits forever: the stage that reads
                files[path] = "not a file"  # it refuses it without reading
                continue
            old = known.get(path)
            if old is not None and old[0] == info.st_size and old[1] == info.st_mtime_ns:
                files[path] = str(old[2])
            else:
                try:
                    files[path] = digest(_read(path, info.st_size))
                except OSError:  # unreadable: the stage that reads it says so
                    files[path] = "unreadable"
                    continue
            if now - info.st_mtime_ns > SETTLED_NS:
                stamps[path] = [info.st_size, info.st_mtime_ns, files[path]]
    return files, stamps


def is_stamps(value: object) -> bool:
    """Stamps as `scan` records them (the build cache keeps them, and is not trusted)."""
    return isinstance(value, dict) and all(
        isinstance(stamp, list) and len(stamp) == 3 and type(stamp[0]) is int and type(stamp[1]) is int
        and isinstance(stamp[2], str) for stamp in value.values())


def _read(path: str, size: int) -> bytes:
    """A file's bytes in three system calls, where Path.read_bytes makes seven: a first build
    reads every file, before anything else can start."""
    descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        data = os.read(descriptor, size + 1)  # a byte more than it had: a short read is the whole file
        if len(data) <= size:
            return data
        chunks = [data]  # it grew since it was looked at
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _files(folder: Path) -> Iterator[str]:
    for root, dirs, names in os.walk(folder.resolve()):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield os.path.join(root, name)
