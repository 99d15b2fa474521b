"""`check --against REF`: what a pull request may not do to a published event, compared with the
event files of a git revision (a scratch repository, a base commit and the partner's working tree):
each error with its full message, in text and as GitHub annotations."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GOOD_EVENT, run_cli, write_site

BASE_DATE = "2025-10-01T12:00:00+00:00"  # the base commit's time: the `updated:` the messages suggest


def event(title: str, day: int, hour: int = 15, more: str = "") -> str:
    return (GOOD_EVENT.replace('"Reading Across the Curriculum"', title)
            .replace("2025-10-14T15:00", f"2025-10-{day:02d}T{hour:02d}:00")
            .replace("2025-10-14T16:00", f"2025-10-{day:02d}T{hour + 1:02d}:00")
            .replace("---\nA **good**", f"{more}---\nA **good**"))


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": BASE_DATE, "GIT_COMMITTER_DATE": BASE_DATE}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True, capture_output=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose main has these events, with `origin/main` as actions/checkout leaves it."""
    write_site(tmp_path, {
        "events/kept.md": event('"Kept"', 6),
        "events/moved.md": event('"Moved"', 7, more="updated: 2025-10-02T09:30\n"),
        "events/retimed.md": event('"Retimed"', 8),
        "events/gone.md": event('"Gone"', 9),
        "events/renamed.md": event('"Renamed"', 10),
        "events/keeps-id.md": event('"Keeps"', 11),
        "events/weekly.md": event('"Weekly"', 12, more="repeat: weekly\nuntil: 2025-10-26\n"),
    })
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")
    return tmp_path


def check(repo: Path, *options: str) -> tuple[int, list[str]]:
    result = run_cli("check", "--content", "content", "--against", "origin/main", *options, cwd=repo)
    return result.returncode, result.stderr.splitlines()


def test_an_unchanged_tree_and_a_change_with_a_later_updated_pass(repo: Path) -> None:
    assert check(repo) == (0, [])
    events = repo / "content" / "events"
    (events / "moved.md").write_text(event('"Moved"', 7, hour=18, more="updated: 2025-10-03T08:00\n"))
    (events / "retimed.md").write_text(event('"Retimed, new title"', 8, more="status: cancelled\nupdated: 2025-10-03\n"))
    (events / "kept.md").write_text(event('"Kept, with a new title"', 6))  # a title is no time: no updated needed
    assert check(repo) == (0, [])


def test_a_time_status_or_repetition_changed_without_a_later_updated(repo: Path) -> None:
    events = repo / "content" / "events"
    (events / "moved.md").write_text(event('"Moved"', 7, hour=18, more="updated: 2025-10-02T09:30\n"))
    (events / "retimed.md").write_text(event('"Retimed"', 8, more="status: postponed\n"))
    (events / "weekly.md").write_text(event('"Weekly"', 12, more="repeat: daily\n"))
    assert check(repo) == (1, [
        'content/events/moved.md:3: error: start changed from 2025-10-07T15:00 to 2025-10-07T18:00 since origin/main, '
        'but updated: did not; change line 11 to "updated: 2025-10-02T09:31" (now or later) so that subscribers\' '
        "calendars take the new time",
        'content/events/moved.md:4: error: end changed from 2025-10-07T16:00 to 2025-10-07T19:00 since origin/main, '
        'but updated: did not; change line 11 to "updated: 2025-10-02T09:31" (now or later) so that subscribers\' '
        "calendars take the new time",
        "content/events/retimed.md:11: error: status changed from scheduled to postponed since origin/main, but "
        'updated: did not; add a line "updated: 2025-10-01T07:00" (now or later) so that subscribers\' calendars '
        "take the new status",
        "content/events/weekly.md:1: error: until changed from 2025-10-26 to nothing since origin/main, but updated: "
        'did not; add a line "updated: 2025-10-01T07:00" (now or later) so that subscribers\' calendars take the '
        "new time",
        "content/events/weekly.md:11: error: repeat changed from weekly to daily since origin/main, but updated: did "
        'not; add a line "updated: 2025-10-01T07:00" (now or later) so that subscribers\' calendars take the new time',
        "content/events/weekly.md:11: error: repeat: daily needs `until:` with the last date, e.g. until: 2025-10-30",
        "6 errors; nothing was written"])


def test_a_deleted_or_renamed_event_file(repo: Path) -> None:
    events = repo / "content" / "events"
    (events / "gone.md").unlink()
    (events / "renamed.md").rename(events / "renamed-better.md")
    (events / "keeps-id.md").unlink()
    (events / "keeps-id-2.md").write_text(event('"Keeps"', 11, more="moved_from: keeps-id\n"))
    assert check(repo) == (1, [
        "content/events/gone.md:1: error: content/events/gone.md was deleted since origin/main; set `status: "
        "cancelled` instead (and say why in the description): subscribers keep a deleted event in their calendars "
        "forever, and readers would come to an empty room",
        "content/events/renamed-better.md:1: error: this event was content/events/renamed.md in origin/main: "
        "renaming its file changes its web address and calendar ID, and subscribers' calendars would show it twice; "
        'rename it back to renamed.md, or add a line "moved_from: renamed" to keep its calendar ID and leave a link '
        "at its old address",
        "2 errors; nothing was written"])


def test_a_renamed_file_is_found_by_git_when_its_start_changed(repo: Path) -> None:
    events = repo / "content" / "events"
    (events / "renamed.md").unlink()
    (events / "renamed-again.md").write_text(event('"Renamed"', 10, hour=9, more="updated: 2025-10-03\n"))
    git(repo, "add", "-A")
    assert check(repo) == (1, [
        "content/events/renamed-again.md:1: error: this event was content/events/renamed.md in origin/main: "
        "renaming its file changes its web address and calendar ID, and subscribers' calendars would show it twice; "
        'rename it back to renamed.md, or add a line "moved_from: renamed" to keep its calendar ID and leave a link '
        "at its old address",
        "1 error; nothing was written"])


def test_the_errors_are_annotations_with_every_other_error(repo: Path) -> None:
    events = repo / "content" / "events"
    (events / "gone.md").unlink()
    (events / "retimed.md").write_text(event('"Retimed"', 8, hour=9).replace("type: webinar", "type: lecture"))
    assert check(repo, "--format", "github") == (1, [
        "::error file=content/events/gone.md,line=1,title=Content error::content/events/gone.md was deleted since "
        "origin/main; set `status: cancelled` instead (and say why in the description): subscribers keep a deleted "
        "event in their calendars forever, and readers would come to an empty room",
        "::error file=content/events/retimed.md,line=3,title=Content error::start changed from 2025-10-08T15:00 to "
        '2025-10-08T09:00 since origin/main, but updated: did not; add a line "updated: 2025-10-01T07:00" (now or '
        "later) so that subscribers' calendars take the new time",
        "::error file=content/events/retimed.md,line=4,title=Content error::end changed from 2025-10-08T16:00 to "
        '2025-10-08T10:00 since origin/main, but updated: did not; add a line "updated: 2025-10-01T07:00" (now or '
        "later) so that subscribers' calendars take the new time",
        '::error file=content/events/retimed.md,line=6,title=Content error::type "lecture" is not one of the allowed '
        "values. Valid values: webinar, chat, forum, open-house, guided-tour, contest, book-club, class, "
        "conference-session, launch, exhibit, collaborative-project, poll, badge, other.",
        "4 errors; nothing was written"])


def test_a_revision_git_cannot_read_is_a_usage_error(repo: Path) -> None:
    result = run_cli("check", "--content", "content", "--against=--output=x", cwd=repo)
    assert (result.returncode, result.stderr) == (2, 'python -m builder: error: --against "--output=x" is not a git '
                                                  "revision; give a branch, e.g. --against origin/main\n")
