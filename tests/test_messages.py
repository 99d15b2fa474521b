"""One problem, one line: nothing in a partner's file (its name, a field name, a value) can end a
message's line, start a line of its own (another file's error, a CI workflow command such as
`::error file=...`), send a terminal control code or reorder the text after it.

Partners' files with hostile names, field names and values are checked through the command line,
as CI runs it; every line printed must be `<path>:<line>: error|warning: ...` with the path as
created, its control characters written as escapes, and no raw control character anywhere.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from builder.problems import Problem, visible
from tests.conftest import GOOD_EVENT, PROJECT, run_builder, write_site

# Each forges something: a new line (then a workflow command or another file's error), a carriage
# return that overwrites the line, terminal escapes (colour, clear screen, title, OSC 8 link),
# C1 controls (NEL, CSI), Unicode's line and paragraph separators, bidi overrides and isolates.
FORGERIES = [
    "\n::error file=content/events/good.md,line=1::forged",
    "\ncontent/events/good.md:3: error: forged",
    "\r::warning::overwritten",
    "\x1b[2J\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x85::error::next-line",
    "\x9b31m",
    "\u2028::error::separator\u2029",
    "\u202eevil\u202c",
    "\u2066isolate\u2069",
    "\x00\x08\x7f",
]
HIDDEN = ("Cc", "Cf", "Zl", "Zp", "Cs")


def expected_escape(text: str) -> str:
    """How a message shows a character: \\n, \\r, \\t, else \\xNN, \\uNNNN (written here anew)."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    out = []
    for char in text:
        if char in named:
            out.append(named[char])
        elif unicodedata.category(char) in HIDDEN:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def expected_path(path: str) -> str:
    """A path as messages show it: escaped, and no colon before a digit (a name like
    "a.md:3: error: b.md" must not read as line 3 of a.md)."""
    return re.sub(r":(?=\d)", r"\\x3a", expected_escape(path))


def assert_one_line_each(stderr: str, paths: list[str]) -> list[str]:
    """Every line but the summary is a problem of one of `paths`, as escaped; nothing is raw."""
    lines = stderr.split("\n")
    assert lines[-1] == "", repr(stderr)
    lines = lines[:-1]
    assert re.fullmatch(r"\d+ errors?; nothing was written", lines[-1]), lines[-1]
    shown = "|".join(re.escape(expected_path(path)) for path in sorted(paths, key=len, reverse=True))
    for line in lines:
        assert not line.startswith("::"), line
        assert not any(unicodedata.category(char) in HIDDEN for char in line), repr(line)
    for line in lines[:-1]:
        assert re.match(rf"^(?:{shown}):\d+: (error|warning): ", line), repr(line)
    return lines[:-1]


def test_hostile_field_names_and_values_stay_on_their_line(tmp_path: Path) -> None:
    fields = "".join(f"{json.dumps('x' + text)}: 1\n" for text in FORGERIES)
    values = "".join(f"{name}: {json.dumps('v' + text)}\n" for name, text in
                     zip(("type", "timezone", "forum", "status", "repeat", "registration", "start"), FORGERIES, strict=False))
    files = {
        "events/fields.md": GOOD_EVENT.replace("---\nA **good**", fields + "---\nA **good**"),
        "events/values.md": "---\ntitle: T\nend: 2025-10-14T16:00\ntopics: [Literacy]\npartner: P\n" + values + "---\n",
        "events/names.md": GOOD_EVENT.replace("partner: Literacy Network", "partner: " + json.dumps(
            "P" + "".join(FORGERIES))),
    }
    write_site(tmp_path, files)
    result = run_builder("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    lines = assert_one_line_each(result.stderr, [f"content/{name}" for name in files])
    unknown = [line for line in lines if "unknown field" in line]
    assert len(unknown) == len(FORGERIES)
    for text in FORGERIES:
        assert any(f'unknown field "x{expected_escape(text)}"' in line for line in unknown), text
    assert 'content/events/values.md:6: error: type "v\\n::error file=content/events/good.md,line=1::forged" is not ' \
           "one of the allowed values" in "\n".join(lines)


@pytest.mark.skipif(sys.platform == "win32", reason="file names with control characters")
def test_hostile_file_names_are_shown_escaped(tmp_path: Path) -> None:
    names = [f"events/bad{text.replace('/', '-')}.md" for text in FORGERIES if "\x00" not in text]
    names += ["events/notes\n::error::x.txt", "pages/\u202eevil.md"]
    files = {name: GOOD_EVENT for name in names}
    write_site(tmp_path, {"events/good.md": GOOD_EVENT})
    content = tmp_path / "content"
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    result = run_builder("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    # good.md gets a warning too: each bad file is its copy, with the same partner and start
    lines = assert_one_line_each(result.stderr, [f"content/{name}" for name in [*files, "events/good.md"]])
    for name in names:
        assert any(line.startswith(f"content/{expected_path(name)}:1: ") for line in lines), name
        # what a problem matcher (`^(.+?):(\d+): (error|warning): `) reads is the file's own line
        assert all(re.match(r"^(.+?):(\d+): (error|warning): ", line).group(1) == f"content/{expected_path(name)}"
                   for line in lines if line.startswith(f"content/{expected_path(name)}:")), name
    assert any(line.startswith("content/events/notes\\n::error::x.txt:1: warning: only .md files") for line in lines)


def test_a_problem_is_one_line_whatever_it_holds() -> None:
    for text in FORGERIES:
        line = str(Problem(f"content/events/{text}.md", 3, f'field "{text}" {text}', "warning"))
        assert "\n" not in line and not any(unicodedata.category(char) in HIDDEN for char in line)
        assert line == f"content/events/{expected_path(text)}.md:3: warning: field \"{expected_escape(text)}\" " \
                       f"{expected_escape(text)}"
    assert str(Problem("::error::x", 1, "m")) == "./::error::x:1: error: m"
    assert str(Problem("content/a.md:3: error: b.md", 1, "m")) == "content/a.md\\x3a3: error: b.md:1: error: m"
    assert visible("Café 読書 \U0001f600 \u00a0") == "Café 読書 \U0001f600 \u00a0"  # letters and spaces as they are
    assert visible("\U000e0041\ud800") == "\\U000e0041\\ud800"  # a tag character, a lone surrogate


def test_a_python_without_the_libraries_says_how_to_get_them(tmp_path: Path) -> None:
    """`python -m builder` outside .venv: what to run instead, and exit status 2, never a traceback.
    `-S` leaves site-packages out, as the system's Python lacks the project's libraries."""
    result = subprocess.run([sys.executable, "-S", "-m", "builder", "check"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"python -m builder: error: the builder's libraries are not installed in this Python ({sys.executable}; "
        "missing: jinja2, yaml, frontmatter, cmarkgfm, nh3, icalendar, feedgen, tzdata, confusable_homoglyphs, "
        "langcodes): run `make check` (it sets up .venv and checks the content), or activate the project's "
        "environment first with `. .venv/bin/activate`\n")
