"""Every calendar read by libical (Evolution's, KDE's and many servers' iCalendar library) and held
to its RFC 5546 restriction check for the method the files declare (METHOD:PUBLISH): what a
published VEVENT must carry, such as exactly one ORGANIZER.

tests/libical/check.c is compiled here with gcc against the system's libical (pkg-config), which
scripts/install-system-packages installs; a missing tool fails these tests rather than skipping
them, since a skipped check would pass calendars no client was shown.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECT, run_cli
from tests.generated_site import generated_output

SOURCE = PROJECT / "tests" / "libical" / "check.c"


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    for tool in ("gcc", "pkg-config"):
        assert shutil.which(tool), f"{tool} is missing: run scripts/install-system-packages"
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libical"], capture_output=True, text=True,
                           check=False)
    assert flags.returncode == 0, f"libical is missing (Debian: libical-dev): {flags.stderr}"
    binary = tmp_path_factory.mktemp("libical") / "check"
    compiled = subprocess.run(["gcc", "-Wall", "-Wextra", "-Werror", "-o", str(binary), str(SOURCE),
                               *flags.stdout.split()], capture_output=True, text=True, check=False)
    assert compiled.returncode == 0, compiled.stderr
    return binary


def libical_problems(checker: Path, output: Path) -> tuple[int, list[str]]:
    """How many .ics files the site has, and libical's complaints about them, one line each."""
    files = sorted(output.rglob("*.ics"))
    result = subprocess.run([str(checker)], input="".join(f"{path}\n" for path in files), capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode in (0, 1), result.stderr
    assert f"libical: {len(files)} files" in result.stderr
    return len(files), result.stdout.splitlines()


def test_the_checker_sees_a_missing_organizer(checker: Path, tmp_path: Path) -> None:
    """The check is not vacuous: a published VEVENT without ORGANIZER is reported."""
    path = tmp_path / "bad.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n"
                     b"UID:a@b\r\nDTSTAMP:20250901T000000Z\r\nDTSTART:20251001T100000Z\r\nSUMMARY:S\r\n"
                     b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    count, problems = libical_problems(checker, tmp_path)
    assert count == 1 and len(problems) == 1 and "ORGANIZER" in problems[0], problems


def test_the_sample_site_meets_the_publish_restrictions(checker: Path, sample_output: Path) -> None:
    count, problems = libical_problems(checker, sample_output)
    assert count > 100
    assert (sample_output / "calendar.ics").read_bytes().count(b"\r\nMETHOD:PUBLISH\r\n") == 1
    assert problems == []


def test_every_forum_has_one_organizer(checker: Path, make_site, tmp_path: Path) -> None:
    content = make_site({"forums/reading.md": """\
        ---
        title: Reading Forum
        start: 2025-10-01
        end: 2025-10-31
        topics: [Literacy]
        host: Literacy Network
        moderators: [Ana Okafor]
        ---
        """})
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    _, problems = libical_problems(checker, tmp_path / "out")
    assert problems == []
    text = (tmp_path / "out" / "forums" / "reading" / "calendar.ics").read_bytes().decode().replace("\r\n ", "")
    assert text.count("\r\nORGANIZER") == 1
    assert 'ORGANIZER;CN="Literacy Network":https://cem.example.org/partners/literacy-network/' in text


@pytest.mark.xdist_group("generated-1000")  # one worker builds the generated site
def test_a_generated_1000_event_site_meets_the_publish_restrictions(
        checker: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    count, problems = libical_problems(checker, generated_output(tmp_path_factory))
    assert count > 1000
    assert problems == []
