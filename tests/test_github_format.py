"""`check --format github`: each problem as a GitHub Actions annotation on its file and line, and
the summary line `check` prints when the content passes. A partner's values reach these lines, so
none may end an annotation early or start a workflow command of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.problems import Problem, workflow_command
from tests.conftest import GOOD_EVENT, run_cli, write_site

ANNOTATION = re.compile(r"::(error|warning) file=([^,:]*),line=(\d+),title=Content (error|warning)::[^\r\n]*")


def event(**fields: str) -> str:
    """GOOD_EVENT with these fields' lines replaced."""
    lines = [next((f"{name}: {value}" for name, value in fields.items() if line.startswith(f"{name}:")), line)
             for line in GOOD_EVENT.split("\n")]
    return "\n".join(lines)


def test_an_error_is_an_annotation_on_its_file_and_line(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": event(timezone="Eastern")})
    result = run_cli("check", "--content", "content", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        '::error file=content/events/x.md,line=5,title=Content error::timezone "Eastern" is not an IANA time zone; '
        'did you mean "America/New_York"?',
        "1 error; nothing was written"]
    assert result.stdout == ""


def test_the_default_format_is_unchanged(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": event(timezone="Eastern")})
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.stderr.splitlines()[0] == ('content/events/x.md:5: error: timezone "Eastern" is not an IANA time '
                                             'zone; did you mean "America/New_York"?')


@pytest.mark.parametrize("form", ["text", "github"])
def test_a_clean_check_says_what_it_read_in_one_line(tmp_path: Path, form: str) -> None:
    write_site(tmp_path, {"events/x.md": GOOD_EVENT, "pages/about.md": "---\ntitle: About\n---\nUs.\n"})
    result = run_cli("check", "--content", "content", "--format", form, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "1 event, 0 forums, 1 partner, 1 page: no problems\n", "")


def test_warnings_are_warning_annotations_and_counted(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": GOOD_EVENT, "events/notes.txt": "not an event"})
    result = run_cli("check", "--content", "content", "--format", "github", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == ("::warning file=content/events/notes.txt,line=1,title=Content warning::only .md files "
                             "belong in events/; rename it to end in .md or move it\n")
    assert result.stdout == "1 event, 0 forums, 1 partner, 0 pages: 1 warning\n"


def test_paths_are_relative_to_the_working_directory(tmp_path: Path) -> None:
    """GitHub places an annotation on a file of the pull request only by its path from the repository's root."""
    write_site(tmp_path, {"events/x.md": event(timezone="Eastern")})
    for given in (str(tmp_path / "content"), "./content", "content/"):
        result = run_cli("check", "--content", given, "--format", "github", cwd=tmp_path)
        assert result.stderr.startswith("::error file=content/events/x.md,line=5,"), (given, result.stderr)


def test_usage_errors_still_exit_2(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/x.md": GOOD_EVENT})
    assert run_cli("check", "--content", "content", "--format", "xml", cwd=tmp_path).returncode == 2
    assert run_cli("check", "--content", "nothere", "--format", "github", cwd=tmp_path).returncode == 2


HOSTILE_VALUES = [
    '"Eastern\\n::error file=content/events/other.md,line=1::forged"',  # a YAML escape: a real new line
    '"Eastern\\r::warning::forged"',
    '"Eastern %0A::error::forged %0D %25"',  # the runner's own escapes, typed: decoded, they would end the line
    '"::error::forged"',
    '"Eastern\\u2028::error::forged\\x85::set-output name=x::y"',
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_value_cannot_start_a_workflow_command(tmp_path: Path, value: str) -> None:
    write_site(tmp_path, {"events/x.md": event(timezone=value)})
    result = run_cli("check", "--content", "content", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.split("\n")
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 1 and ANNOTATION.fullmatch(commands[0]), result.stderr
    assert commands[0].startswith("::error file=content/events/x.md,line=5,")
    message = commands[0].split("::", 2)[2]
    assert not re.search("%(?!25)", message), message  # every % is escaped: the runner decodes nothing of theirs
    assert all(ord(char) >= 0x20 and char not in "\x85\u2028\u2029" for char in message)
    assert lines[1:] == ["1 error; nothing was written", ""]


def test_a_file_name_cannot_add_properties_to_its_annotation(tmp_path: Path) -> None:
    """A comma or colon in a file's name would end the `file=` property and start one of the partner's."""
    write_site(tmp_path, {"events/x,line=1,title=y:z.md": GOOD_EVENT})
    result = run_cli("check", "--content", "content", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("::error file=content/events/x%2Cline=1%2Ctitle=y%3Az.md,line=1,title=Content error::")


@pytest.mark.parametrize(("path", "message", "expected"), [
    ("a.md", "100% sure", "::error file=a.md,line=3,title=Content error::100%25 sure"),
    ("a.md", "two\nlines\r", "::error file=a.md,line=3,title=Content error::two\\nlines\\r"),
    ("dir,x/a:b%.md", "m", "::error file=dir%2Cx/a%3Ab%25.md,line=3,title=Content error::m"),
])
def test_workflow_command_escapes_as_the_runner_decodes(path: str, message: str, expected: str) -> None:
    assert workflow_command(Problem(path, 3, message), path) == expected
