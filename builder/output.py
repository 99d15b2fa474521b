"""Write: make the new site as a whole tree beside the output, then exchange the two in one step.

A build writes its new and changed files into a staging folder beside the output
(`.output.new-*`). An incremental build then gives that folder every other file the current
output keeps, as a hard link (the same file, so the size and time the cache recorded stay
true), and leaves out the files the site no longer has: the staging folder is the whole new
site. One rename exchanges the two folders (Linux's renameat2 with RENAME_EXCHANGE), so
`output/` is the whole old site until that instant and the whole new one after it, whatever
fails or is killed when. Where the exchange is not supported, two renames do it, and a build
killed between them leaves the old site beside the output, which the next build puts back.

An incremental build keeps the tree it replaced beside the output (`.output.spare`) and makes
its next staging folder from it: its folders exist already and all its files but those the
last build changed are links to the output's own, so a one-event edit fixes a few entries
instead of making every folder and link of the site and deleting as many. (Freeing a folder
is the slow part: on a large site, deleting the replaced tree takes longer than linking the
new one.) Deleting the spare is always safe. A whole build deletes the tree it replaced: it
shares no file with the new one.

A symlinked output stays a symlink: the folder it points to is the one exchanged.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Container, Iterable
from pathlib import Path

from builder.content import svg
from builder.problems import UsageError

FILE_MODE, FOLDER_MODE = 0o644, 0o755  # what a web server serving the site needs to read
MEDIA_SUFFIXES = (".vtt", ".md", ".txt", ".csv", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".mp4", ".webm")
AT_FDCWD, RENAME_EXCHANGE = -100, 2  # from Linux's fcntl.h and fs.h
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC

_locks: set[int] = set()  # descriptors of the folders this process holds (see _locked)


def _let_go_in_child() -> None:
    """A forked worker does not hold its parent's folders: were the parent killed, the worker would
    keep them held for as long as it lives, and the next build would take them for a living build's."""
    for fd in _locks:
        os.close(fd)
    _locks.clear()


os.register_at_fork(after_in_child=_let_go_in_child)


def check_destination(out: Path, content: Path) -> None:
    """Refuse an output folder whose replacement would destroy the content or a project."""
    out_real, content_real = out.resolve(), content.resolve()
    if out_real == content_real or content_real.is_relative_to(out_real) or out_real.is_relative_to(content_real):
        raise UsageError(f"--out {out} overlaps the content folder {content}; choose a separate folder")
    if out_real == Path.cwd().resolve() or Path.cwd().resolve().is_relative_to(out_real) or (out_real / ".git").exists():
        raise UsageError(f"--out {out} would replace the current folder or a repository; choose a separate folder")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")


def safe_path(relative: str) -> str:
    """Every output path is relative and stays inside the output folder; returned as given. (Text,
    not a PurePosixPath: the four made per file were a large share of the time to stage a site.)"""
    parts = relative.split("/")
    if relative.startswith("/") or ".." in parts or all(part in ("", ".") for part in parts) or "\\" in relative:
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return relative


def _normal(relative: str) -> str:
    """A safe path as a walk of the tree names it: without empty or '.' parts."""
    parts = safe_path(relative).split("/")
    return relative if "" not in parts and "." not in parts else "/".join(p for p in parts if p not in ("", "."))


class Writer:
    """Stages new and changed files beside the output folder, then exchanges the whole new tree
    for the old one in one step (see the module's docstring).

    A `whole` build's tree is what it staged; an incremental build's is the current output with
    the staged files put in and the `gone` ones left out. Leaving by an exception (or without
    commit) leaves the output as it was. Never is a file in the staging folder opened for
    writing once it exists: it may be a link to a file of the output.
    """

    def __init__(self, out: Path, whole: bool) -> None:
        self.out = out.absolute()
        self.whole = whole
        self.target = os.path.realpath(self.out)  # a symlinked output's folder, exchanged in its place
        self._parent, self._name = os.path.split(self.target)
        os.makedirs(self._parent, exist_ok=True)
        recover(self.out)
        self.staging, self._lock, self.reused = _claim(self._parent, self._name)
        self.staged: set[str] = set()
        self._folders = {self.staging}  # made or checked in staging already
        self._restricted = bool(_umask() & FOLDER_MODE)  # files and folders need their modes set
        self._open = True

    def add(self, relative: str, data: bytes) -> tuple[int, int]:
        """Stage a file; return its size and modification time (which the exchange keeps), so no one
        stats it again. (Four system calls, where Python's buffered `open` makes seven.)"""
        target = self._target(relative)
        try:
            fd = os.open(target, _CREATE, FILE_MODE)
        except FileExistsError:  # a reused staging folder's copy, perhaps a link to the output's
            _remove(target)
            fd = os.open(target, _CREATE, FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if self._restricted:
                os.fchmod(fd, FILE_MODE)
            info = os.fstat(fd)
        finally:
            os.close(fd)
        return info.st_size, info.st_mtime_ns

    def copy(self, relative: str, source: Path) -> None:
        """Copy a file from content/ (media); only kinds that cannot run script on the site's origin."""
        if relative.lower().endswith(".svg"):  # site.yml's logo or favicon: checked again as it is copied,
            if svg.svg_problem(source.read_bytes()) is None:  # in case it changed since validation read it
                self.add(relative, source.read_bytes())
        elif relative.lower().endswith(MEDIA_SUFFIXES):
            target = self._target(relative)
            _remove(target)  # copyfile would write into a file already there
            shutil.copyfile(source, target)
            os.chmod(target, FILE_MODE)

    def _target(self, relative: str) -> str:
        relative = _normal(relative)
        self.staged.add(relative)
        target = f"{self.staging}/{relative}"
        folder = target.rpartition("/")[0]
        if folder not in self._folders:  # a mkdir that finds the folder still costs a system call
            self._folder(folder)
        return target

    def _folder(self, folder: str) -> None:
        """Make a folder in staging (one mkdir, not makedirs's look at the parent first, which would
        be repeated for every event's folder); in a reused staging folder, replace a file or link of
        that name."""
        parent = folder.rpartition("/")[0]
        if parent not in self._folders:
            self._folder(parent)
        try:
            self._mkdir(folder)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                _remove(folder)
                self._mkdir(folder)
        self._folders.add(folder)

    def _mkdir(self, folder: str) -> None:
        os.mkdir(folder, FOLDER_MODE)
        if self._restricted:
            os.chmod(folder, FOLDER_MODE)

    def commit(self, gone: Iterable[str] = (), known: Container[str] | None = None) -> None:
        """Make the staging folder the whole new site, without `gone` (files the new site no longer
        has), and exchange it for the output. `known`: the files of the current output the caller
        knows of (the cache's record, by normal paths); any other file there is left out too. Such a
        file can only be from a build killed after its tree was put in place and before the cache
        recorded it, and the site may no longer have it (an event deleted since)."""
        base = None if self.whole or not os.path.isdir(self.target) else self.target
        if base is not None or self.reused:
            self._fill(base, {_normal(path) for path in gone}, known)
        os.chmod(self.staging, FOLDER_MODE)  # mkdtemp made it private
        retired = _swap(self.staging, self.target)
        self._open = False
        if retired is not None and (self.whole or not _rename_quietly(retired, _spare(self._parent, self._name))):
            shutil.rmtree(retired, ignore_errors=True)
        _release(self._lock)

    def _fill(self, base: str | None, gone: set[str], known: Container[str] | None) -> None:
        """Give staging every file of `base` (the current output) that was neither staged nor is gone
        and is `known` (if given), as a link to it; take out of staging whatever else it holds (a
        reused folder's old files); leave no empty folder. Both trees are read a folder at a time, and a file is known by its
        inode: a link already in place is kept."""
        staged, staging = self.staged, self.staging
        holding: set[str] = set()  # the folders with staged files in them, made when first needed

        def holds(path: str) -> bool:
            if not holding:
                for name in staged:
                    folder = name.rpartition("/")[0]
                    while folder and folder not in holding:
                        holding.add(folder)
                        folder = folder.rpartition("/")[0]
                holding.add("")
            return path in holding

        def fill(relative: str, fresh: bool) -> bool:
            """`relative`: a folder, "" or ending in "/"; `fresh`: made just now. Whether it keeps anything."""
            here = f"{staging}/{relative}"
            mine = {} if fresh else _listing(here)
            theirs = {} if base is None else _listing(f"{base}/{relative}")
            kept = 0
            for name, (is_dir, inode) in theirs.items():
                path = relative + name
                have = mine.pop(name, None)
                if path in staged:
                    kept += 1
                elif is_dir:
                    made = have is None or not have[0]
                    if made:
                        if have is not None:
                            _remove(here + name)
                        self._mkdir(here + name)
                    if fill(path + "/", made):
                        kept += 1
                    else:
                        os.rmdir(here + name)
                elif path in gone or (known is not None and path not in known):
                    if have is not None:
                        _remove(here + name)
                elif have is not None and not have[0] and have[1] == inode:
                    kept += 1  # the output's own file, linked by an earlier build
                else:
                    if have is not None:
                        _remove(here + name)
                    _link(f"{base}/{path}", here + name)
                    kept += 1
            for name, (is_dir, _) in mine.items():  # in staging only
                path = relative + name
                if path in staged:
                    kept += 1
                elif is_dir and holds(path):
                    if fill(path + "/", False):
                        kept += 1
                    else:
                        os.rmdir(here + name)
                else:
                    _remove(here + name)
            return kept > 0

        fill("", False)

    def abort(self) -> None:
        """Give up what was staged: a reused staging folder becomes the spare again, a new one is deleted."""
        if self._open:
            self._open = False
            if not (self.reused and _rename_quietly(self.staging, _spare(self._parent, self._name))):
                shutil.rmtree(self.staging, ignore_errors=True)
            _release(self._lock)

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *_: object) -> None:
        """Leaving by an exception (or without commit) discards what was staged; the output is as it was."""
        self.abort()


def recover(out: Path) -> None:
    """Clean up after a build that was killed while writing `out`: put back an output it left beside
    its place between the two renames of a swap, and keep one of its leftover trees as the spare
    (any tree will do: the next build fixes what differs) or delete it. Only folders named as a
    Writer names them beside that output are touched, and only those no living build holds."""
    target = os.path.realpath(out)
    parent, name = os.path.split(target)
    try:
        names = os.listdir(parent)
    except OSError:
        return
    ours = re.compile(rf"\.{re.escape(name)}\.(new|old)-[a-z0-9_]{{8}}")
    leftovers = sorted((found for found in names if ours.fullmatch(found)), key=lambda found: found[len(name) + 2:])
    for found in leftovers:  # the "old" ones last: one may be put back
        path = f"{parent}/{found}"
        lock = _locked(path)
        if lock is None:  # a living build's, or not a folder
            continue
        try:
            if found[len(name) + 2:].startswith("old"):
                if not os.path.lexists(target):
                    os.rename(path, target)
                    continue
                away = tempfile.mkdtemp(prefix=f".{name}.new-", dir=parent)
                os.rename(path, away)  # (over the empty folder) so that "old" never names a part of a tree
                path = away
            if not _rename_quietly(path, _spare(parent, name)):
                shutil.rmtree(path, ignore_errors=True)
        finally:
            _release(lock)


def _claim(parent: str, name: str) -> tuple[str, int, bool]:
    """A staging folder beside the output, held for this build: the spare if there is one free,
    else a new one. Return its path, the descriptor that holds it, and whether it is the spare."""
    staging = tempfile.mkdtemp(prefix=f".{name}.new-", dir=parent)
    lock = _locked(_spare(parent, name))
    if lock is not None:
        try:
            os.rename(_spare(parent, name), staging)  # over the empty folder just made
            return staging, lock, True
        except OSError:
            _release(lock)
    lock = _locked(staging)
    if lock is None:
        raise OSError(f"cannot hold the staging folder {staging}")
    return staging, lock, False


def _spare(parent: str, name: str) -> str:
    return f"{parent}/.{name}.spare"


def _locked(path: str) -> int | None:
    """A descriptor holding the folder `path` (an exclusive flock), or None if it is not a folder or
    another process holds it. A killed process's hold ends with it; its forked children do not
    inherit it (see _locks)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    _locks.add(fd)
    return fd


def _release(fd: int) -> None:
    _locks.discard(fd)
    os.close(fd)


def _rename_quietly(source: str, destination: str) -> bool:
    """Rename a folder unless something is in the way (a spare already there)."""
    try:
        os.rename(source, destination)
        return True
    except OSError:
        return False


def _listing(folder: str) -> dict[str, tuple[bool, int]]:
    """A folder's entries: name -> (is a folder, inode), from the listing alone (no stat per entry)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name: (entry.is_dir(follow_symlinks=False), entry.inode()) for entry in entries}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def _link(source: str, target: str) -> None:
    """Hard-link a file of the output into staging; a copy keeping its time where links are refused."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # EXDEV, EPERM (fs.protected_hardlinks), EMLINK, a file system without links
        shutil.copy2(source, target, follow_symlinks=False)


def _remove(path: str) -> None:
    """Remove a file, link or folder from staging, if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)
    except PermissionError:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            raise
        shutil.rmtree(path)


def _umask() -> int:
    mask = os.umask(0o022)  # reading the mask means setting it; it is put back at once
    os.umask(mask)
    return mask


def _swap(staging: str, target: str) -> str | None:
    """Put the folder `staging` at `target` in one step; return where the replaced tree now is (the
    staging path), or None if there was none."""
    if not os.path.lexists(target):
        os.rename(staging, target)
        return None
    if _exchange(staging, target):
        return staging
    parent, name = os.path.split(target)
    lock = _locked(target)  # so that no other build's recover() takes it while it is away
    try:
        retired = tempfile.mkdtemp(prefix=f".{name}.old-", dir=parent)
        os.rename(target, retired)  # over the empty folder just made
        try:
            os.rename(staging, target)
        except BaseException:
            os.rename(retired, target)
            raise
        os.rename(retired, staging)  # "old" names only ever a whole output that is away from its place
        return staging
    finally:
        if lock is not None:
            _release(lock)


def _exchange(first: str, second: str) -> bool:
    """Exchange two paths atomically; False where the system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), first, None, second)


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """glibc's renameat2 (2.28 and later; Linux 3.15), or None."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function
