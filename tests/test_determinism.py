"""The same input gives byte-identical output whatever the clock, TZ, locale, hash seed or file order."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_CONTENT, run_builder, run_cli


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
    """A build in another zone, locale and hash seed, from files written in the reverse order, gives
    the very bytes of the session's own build (sample_output: this process's zone, locale and seed)."""
    copy_in_order(SAMPLE_CONTENT, tmp_path / "content", reverse=True)
    other = run_builder("build", "--content", "content", "--out", "out", cwd=tmp_path,
                        env={"TZ": "America/Adak", "LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8", "PYTHONHASHSEED": "2"})
    assert other.returncode == 0, other.stderr
    assert digest(tmp_path / "out") == digest(sample_output)


def test_source_date_epoch_is_the_only_outside_date(tmp_path: Path, sample_output: Path) -> None:
    """SOURCE_DATE_EPOCH decides the build's date (calendars' DTSTAMP): another than the sample's
    gives other bytes (the zone, locale, seed and file order do not: the test above)."""
    result = run_cli("build", "--content", str(SAMPLE_CONTENT), "--out", str(tmp_path / "out"),
                     env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    assert digest(tmp_path / "out") != digest(sample_output)
    assert "DTSTAMP:20231114T221320Z" in (tmp_path / "out" / "calendar.ics").read_text()
    assert "DTSTAMP:20231114T221320Z" not in (sample_output / "calendar.ics").read_text()
