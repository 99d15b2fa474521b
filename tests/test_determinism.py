"""The same input gives byte-identical output whatever the clock, TZ, locale, hash seed or file order."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_CONTENT, run_builder


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_in_order(source: Path, target: Path, reverse: bool) -> None:
    """Copy files one by one, in one order or the other, so directory listings differ."""
    for path in sorted(source.rglob("*"), reverse=reverse):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


@pytest.mark.long
def test_two_builds_are_byte_identical(tmp_path: Path, sample_output: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    copy_in_order(SAMPLE_CONTENT, first / "content", reverse=False)
    copy_in_order(SAMPLE_CONTENT, second / "content", reverse=True)
    one = run_builder("build", "--content", "content", "--out", "out", cwd=first,
                      env={"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "PYTHONHASHSEED": "1"})
    two = run_builder("build", "--content", "content", "--out", "out", cwd=second,
                      env={"TZ": "America/Adak", "LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8", "PYTHONHASHSEED": "2"})
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert digest(first / "out") == digest(second / "out")
    assert digest(first / "out") == digest(sample_output)  # and the same as the session's own build


@pytest.mark.long
def test_source_date_epoch_is_the_only_outside_date(tmp_path: Path) -> None:
    runs = []
    for name, epoch in (("a", "1700000000"), ("b", "1700000000"), ("c", "1700003600")):
        result = run_builder("build", "--content", str(SAMPLE_CONTENT), "--out", str(tmp_path / name),
                             env={"SOURCE_DATE_EPOCH": epoch, "TZ": "UTC" if name == "a" else "Asia/Tokyo"})
        assert result.returncode == 0, result.stderr
        runs.append(digest(tmp_path / name))
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert "DTSTAMP:20231114T221320Z" in (tmp_path / "a" / "calendar.ics").read_text()
