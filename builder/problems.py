"""Problems found in content, reported in the `path:line: severity: message` form.

Editors and CI annotate lines of that form, so every problem carries the file and
line a partner has to open; validation collects them all before giving up, so a
partner fixes a whole file in one round instead of one error per build.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# What a terminal or a CI log would act on instead of showing, or would hide: controls (C0, DEL,
# C1: escape sequences, carriage returns, new lines), format characters (bidi overrides and
# isolates, zero-width ones), line and paragraph separators, lone surrogates, and characters
# this Python does not know yet (a later Unicode's format character among them).
_HIDDEN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp", "Cn"))
_OTHER_THAN_ASCII_TEXT = re.compile(r"[^\x20-\x7e]")
_LINE_NUMBER_LIKE = re.compile(r":(?=\d)")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """`text` on one line, with every character that a terminal, an editor or a CI log would act
    on or hide written as an escape (\\n, \\x1b, \\u202e): no partner's value can end a line, start
    one of its own, colour or clear a terminal, or reorder what follows it."""
    return _OTHER_THAN_ASCII_TEXT.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    if unicodedata.category(char) not in _HIDDEN:
        return char  # a letter, a mark, a symbol, a space: shown as it is
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        """The one place a problem becomes text: one line, `path:line: severity: message`, whatever
        the path (a partner's file name) and the message (their field names and values) hold."""
        # A file named "a.md:3: error: b.md" must not read as a problem of a.md: a colon before a
        # digit is escaped in the path; and no line starts a CI workflow command (`::error ...`).
        path = _LINE_NUMBER_LIKE.sub(r"\\x3a", visible(self.path))
        if path.startswith("::"):
            path = "./" + path
        return f"{path}:{self.line}: {self.severity}: {visible(self.message)}"


class ContentError(Exception):
    """The content has errors; carries every problem found, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the content")


class UsageError(Exception):
    """The command was called wrongly (exit status 2), not a content problem."""


class LocatedError(Exception):
    """A failure that names its own place (`file:line` and what was being made): shown as it is,
    from whichever process it happened in. The exception it was raised from is its cause, which
    `--debug` shows."""


# GitHub Actions reads a line that starts with `::` as a workflow command: `::error file=...,line=...::message`
# puts the message on that line of the pull request's diff. It decodes these escapes in the message, and
# in property values also the characters that separate properties.
_MESSAGE_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_MESSAGE_ESCAPES, ":": "%3A", ",": "%2C"}


def _escape(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(char, char) for char in text)


def workflow_command(problem: Problem, path: str) -> str:
    """`problem` as a GitHub Actions annotation on `path` (relative to the repository root, where
    the runner looks for it). The message is made one line by `visible` first, then escaped as the
    runner decodes it: a partner's `%0A` stays those three characters, and nothing a file holds can
    end the command or start another."""
    severity = "warning" if problem.severity == "warning" else "error"
    title = f"Content {severity}"
    properties = ",".join(f"{name}={_escape(value, _PROPERTY_ESCAPES)}"
                          for name, value in (("file", visible(path)), ("line", str(problem.line)), ("title", title)))
    return f"::{severity} {properties}::{_escape(visible(problem.message), _MESSAGE_ESCAPES)}"


def workflow_error(message: str) -> str:
    """A failure that names no file of the content (an internal error) as a GitHub Actions annotation."""
    return f"::error title=Content error::{_escape(visible(message), _MESSAGE_ESCAPES)}"
