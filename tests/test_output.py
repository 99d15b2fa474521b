"""Write: the new output is swapped in whole, or the old one stays as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from builder import output
from builder.problems import UsageError


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_whole(out: Path, files: dict[str, bytes], media: dict[str, Path]) -> None:
    """A whole build's write, as builder/engine/build.py does it: everything staged, then swapped in."""
    with output.Writer(out, whole=True) as writer:
        for relative, data in files.items():
            writer.add(relative, data)
        for relative, source in media.items():
            writer.copy(relative, source)
        writer.commit()


def test_write_replaces_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_whole(out, {"index.html": b"one", "old/page.html": b"x"}, {})
    write_whole(out, {"index.html": b"two"}, {})
    assert snapshot(out) == {"index.html": b"two"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folders left behind


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077, 0o027])
def test_a_web_server_can_read_every_file_whatever_the_umask(tmp_path: Path, mask: int) -> None:
    source = tmp_path / "talk.vtt"
    source.write_text("WEBVTT\n")
    old = os.umask(mask)
    try:
        write_whole(tmp_path / "out", {"index.html": b"x", "events/a/index.html": b"y", "events/a.ics": b"z"},
                    {"media/talk.vtt": source})
    finally:
        os.umask(old)
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    folders = [tmp_path / "out", *(p for p in (tmp_path / "out").rglob("*") if p.is_dir())]
    assert len(files) == 4 and len(folders) == 4
    assert {stat.S_IMODE(p.stat().st_mode) & 0o777 for p in files} == {0o644}
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o755 == 0o755 for p in folders)


def test_a_failure_while_writing_leaves_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_whole(out, {"index.html": b"one"}, {})
    with pytest.raises(ValueError):
        write_whole(out, {"a.html": b"new", "../escape.html": b"evil"}, {})
    assert snapshot(out) == {"index.html": b"one"}
    assert not (tmp_path / "escape.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"])
def test_paths_must_stay_inside(bad: str) -> None:
    with pytest.raises(ValueError):
        output.safe_path(bad)


def test_media_copies_only_passive_files(tmp_path: Path) -> None:
    (tmp_path / "src.html").write_text("<script>alert(1)</script>")
    (tmp_path / "cap.vtt").write_text("WEBVTT\n")
    out = tmp_path / "out"
    write_whole(out, {}, {"media/x.html": tmp_path / "src.html", "media/cap.vtt": tmp_path / "cap.vtt"})
    assert snapshot(out) == {"media/cap.vtt": b"WEBVTT\n"}


def test_output_may_not_overlap_the_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for out in (content, tmp_path, content / "site"):
        with pytest.raises(UsageError):
            output.check_destination(out, content)
    output.check_destination(tmp_path / "output", content)
