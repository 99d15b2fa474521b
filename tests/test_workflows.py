"""The GitHub Actions workflows: they pass actionlint, and their steps do what a partner's pull
request needs when run as the runner runs them (bash, GITHUB_ACTIONS, GITHUB_STEP_SUMMARY) in a
git repository with a base branch and a pull request's branch: annotations, exit status and the
job summary of `python -m builder changes`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from builder.changes import cell
from tests.conftest import GOOD_EVENT, PROJECT, run_cli, write_site

WORKFLOWS = PROJECT / ".github" / "workflows"


def actionlint() -> str:
    """The actionlint binary the test extras install beside this Python (or one on PATH)."""
    found = shutil.which("actionlint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        pytest.fail("actionlint is not installed: `make build` installs it with the test extras (pyproject.toml)")
    return found


def lint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", "-oneline", *map(str, files)], capture_output=True, text=True,
                          timeout=60, cwd=files[0].parent)


def test_the_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["check.yml", "publish.yml"]
    result = lint(*files)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_fails_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(textwrap.dedent("""\
        on: pull_request
        jobs:
          check:
            steps:
              - uses: actions/checkout@v4
              - run: echo "${{ github.event.pull_request.no_such_field }}"
        """))
    result = lint(broken)
    assert result.returncode == 1
    assert re.search(r"broken\.yml:3:\d+: .*runs-on", result.stdout), result.stdout


# ---- a pull request in a scratch repository ----

def event(title: str, day: int, hour: int = 15, zone: str = "America/Chicago") -> str:
    return (GOOD_EVENT.replace('"Reading Across the Curriculum"', title)
            .replace("2025-10-14T15:00", f"2025-10-{day:02d}T{hour:02d}:00")
            .replace("2025-10-14T16:00", f"2025-10-{day:02d}T{hour + 1:02d}:00")
            .replace("America/Chicago", zone))


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True, timeout=60)


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A repository whose main has three events and an `origin/main` as actions/checkout leaves it
    (fetch-depth: 0), with a partner's branch checked out that moves one, adds one and deletes one."""
    repo = tmp_path / "repo"
    write_site(repo, {"events/kept.md": event('"Kept"', 6), "events/moved.md": event('"Moved"', 7),
                      "events/gone.md": event('"Gone"', 8),
                      "events/refused-today.md": event('"Old"', 9).replace("type: webinar", "type: lecture")})
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "-b", "partner")
    content = repo / "content" / "events"
    (content / "moved.md").write_text(event('"Moved | renamed"', 7, hour=18).replace("---\nA", "updated: 2025-10-03\n---\nA"))
    (content / "new.md").write_text(event('"New: a `code` <b>bold</b> [link](https://x.example) title"', 20,
                                          zone="Europe/Paris"))
    (content / "gone.md").unlink()
    (content / "refused-today.md").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "partner's change")
    return repo


EXPECTED_ROWS = [
    "| added | New: a \\`code\\` &lt;b&gt;bold&lt;/b&gt; \\[link\\](https://x.example) title | content/events/new.md "
    "| 2025-10-20 13:00 UTC | 2025-10-20 09:00 EDT |",
    "| changed | Moved \\| renamed (was: Moved) | content/events/moved.md | 2025-10-07 23:00 UTC "
    "(was 2025-10-07 20:00 UTC) | 2025-10-07 19:00 EDT (was 2025-10-07 16:00 EDT) |",
    "| removed | Gone | content/events/gone.md | 2025-10-08 20:00 UTC | 2025-10-08 16:00 EDT |",
    "| removed | (this version does not pass the check) | content/events/refused-today.md | ? | ? |",
]


def test_changes_lists_added_changed_and_removed_events(pull_request: Path) -> None:
    result = run_cli("changes", "--content", "content", "--against", "origin/main", cwd=pull_request)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == ["## Events in this pull request", "", "1 added, 1 changed, 2 removed, compared with origin/main."]
    assert lines[4:6] == ["| Change | Event | File | Starts (UTC) | Starts (America/New_York) |", "|---|---|---|---|---|"]
    assert lines[6:] == EXPECTED_ROWS


def test_changes_from_inside_the_content_folder_and_as_text(pull_request: Path) -> None:
    """The content folder need not be the repository's root, nor the working directory."""
    result = run_cli("changes", "--content", ".", "--against", "origin/main", "--format", "text",
                     cwd=pull_request / "content")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "added\t./events/new.md\t2025-10-20 13:00 UTC\tNew: a `code` <b>bold</b> [link](https://x.example) title",
        "changed\t./events/moved.md\t2025-10-07 23:00 UTC\tMoved | renamed",
        "removed\t./events/gone.md\t2025-10-08 20:00 UTC\tGone",
        "removed\t./events/refused-today.md\t?\t(this version does not pass the check)"]


def test_changes_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": GOOD_EVENT})
    result = run_cli("changes", "--content", "content", "--against", "origin/main", cwd=tmp_path)
    assert result.returncode == 2
    assert "content is not in a git repository" in result.stderr


def test_changes_against_itself_is_nothing(pull_request: Path) -> None:
    result = run_cli("changes", "--content", "content", "--against", "HEAD", "--format", "text", cwd=pull_request)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("ref", ["origin/nothere", "--output=/tmp/x", "HEAD:content"])
def test_changes_refuses_what_is_not_a_commit(pull_request: Path, ref: str) -> None:
    result = run_cli("changes", "--content", "content", f"--against={ref}", cwd=pull_request)
    assert result.returncode == 2
    assert result.stderr.startswith("python -m builder: error: ") and "origin/main" in result.stderr


def test_table_cells_hold_only_text() -> None:
    assert cell("a|b\nc`d`<e>[f](g)\\") == "a\\|b c\\`d\\`&lt;e&gt;\\[f\\](g)\\\\"
    assert cell("one\r\ntwo\u2028three\x1b[31m &amp;") == "one two three\\\\x1b\\[31m &amp;amp;"


def workflow_step(name: str) -> tuple[str, dict[str, str]]:
    """The `run:` script and `env:` of check.yml's step `name`, with the expressions a pull request
    into main gives them."""
    steps = yaml.safe_load((WORKFLOWS / "check.yml").read_text())["jobs"]["check"]["steps"]
    step = next(step for step in steps if step.get("name") == name)
    env = {key: value.replace("${{ github.base_ref }}", "main") for key, value in step.get("env", {}).items()}
    assert "${{" not in step["run"] and not any("${{" in value for value in env.values())
    return step["run"], env


def run_step(name: str, repo: Path, summary: Path) -> subprocess.CompletedProcess:
    """A step as the runner runs it: `bash --noprofile --norc -eo pipefail`, in the checkout, with
    the runner's variables; `python` is the Python that `pip install -e .` installed into."""
    script, env = workflow_step(name)
    environment = {**os.environ, **env, "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_STEP_SUMMARY": str(summary),
                   "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(PROJECT)}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=repo,
                          env=environment, capture_output=True, text=True, timeout=300)


def test_the_pull_request_steps_as_github_runs_them(pull_request: Path, tmp_path: Path) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("")
    deleted = [f"::error file=content/events/{name}.md,line=1,title=Content error::content/events/{name}.md was "
               "deleted since origin/main; set `status: cancelled` instead (and say why in the description): "
               "subscribers keep a deleted event in their calendars forever, and readers would come to an empty room"
               for name in ("gone", "refused-today")]
    checked = run_step("Check the content", pull_request, summary)
    assert (checked.returncode, checked.stdout, checked.stderr.splitlines()) == (
        1, "", [*deleted, "2 errors; nothing was written"])
    summarized = run_step("Summarize the events changed", pull_request, summary)
    assert (summarized.returncode, summarized.stdout, summarized.stderr) == (0, "", "")
    assert summary.read_text().splitlines()[6:] == EXPECTED_ROWS

    (pull_request / "content" / "events" / "new.md").write_text(
        event('"New"', 20).replace("America/Chicago", '"Eastern\\n::error file=x.md,line=1::forged %0A"'))
    checked = run_step("Check the content", pull_request, summary)
    assert checked.returncode == 1 and checked.stdout == ""
    assert checked.stderr.splitlines() == [
        deleted[0], '::error file=content/events/new.md,line=5,title=Content error::timezone "Eastern\\n::error '
        'file=x.md,line=1::forged %250A" is not an IANA time zone (write a name like America/New_York, Europe/London '
        'or Asia/Kolkata)', deleted[1], "3 errors; nothing was written"]


def test_the_issue_forms_event_types_are_the_builders() -> None:
    """A partner who picks a type in the issue form gets one `check` accepts, and is offered every one."""
    from builder.content.schema import EVENT_TYPES

    form = yaml.safe_load((PROJECT / ".github" / "ISSUE_TEMPLATE" / "event.yml").read_text())
    dropdown = next(item for item in form["body"] if item.get("id") == "type")
    assert dropdown["attributes"]["options"] == list(EVENT_TYPES)
