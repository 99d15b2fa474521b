"""Problems found in content, reported in the `path:line: severity: message` form.

Editors and CI annotate lines of that form, so every problem carries the file and
line a partner has to open; validation collects them all before giving up, so a
partner fixes a whole file in one round instead of one error per build.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


class ContentError(Exception):
    """The content has errors; carries every problem found, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the content")


class UsageError(Exception):
    """The command was called wrongly (exit status 2), not a content problem."""
