"""Bench only: run the builder's command line with the proceedings' synthesis switched off, or counted.

Issue 22 gives synthesis (key moments, themes across sessions, related sessions) a budget: what it
adds to a cold build, and nothing to a no-change rebuild. The builder has no option to leave it
out, and should not: this harness replaces the three functions in the builder's modules before
the build starts, so bench/run.py can time the same build with and without them.

    python bench/synthesis.py off build --content C --out O --cache K
    python bench/synthesis.py count FILE build --content C --out O --cache K
    python bench/synthesis.py nopdf off build --content C --out O --cache K

`off`: no key moments, no themes, no related sessions (every page is built, without those parts).
`nopdf` (before either, or alone): the proceedings PDF made as a stand-in of its print HTML
(tests/conftest.py's pdf_stand_in) rather than laid out, to see the rest of the build's share
without the PDF's seconds and their noise. For measuring only: that build's PDF is not a PDF.

`count`: the real functions, each call noted as one line in FILE ("moments", "themes" or
"related", and the CPU seconds it took), from the parent and its forked workers alike (appended,
one write per call). Each is counted where the work is done, not where the build cache may answer
instead. The seconds are the functions' own; what showing their results costs (the pages' parts
for moments, themes and related sessions) is in the difference between builds with and without.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the builder beside this bench/

from builder.cli import main  # noqa: E402
from builder.content import moments  # noqa: E402
from builder.outputs import proceedings, related, render  # noqa: E402


def switch_off() -> None:
    moments.highlights = lambda segments, most=moments.MOST: moments.Highlights()
    proceedings.themes_of = lambda parts, forums: {}
    render.related_sessions = lambda site, memo=None: {event.slug: () for event in site.events}


def count_into(path: str) -> None:
    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            result = function(*args, **kwargs)
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(descriptor, f"{name} {time.process_time() - started:.6f}\n".encode())
            finally:
                os.close(descriptor)
            return result
        return call

    moments.highlights = counted("moments", moments.highlights)
    proceedings.themes_of = counted("themes", proceedings.themes_of)
    related._related = counted("related", related._related)  # the work, not the build cache's answer


def stand_in_pdf() -> None:
    import hashlib

    def stand_in(html: str) -> bytes:  # as tests/conftest.py's pdf_stand_in: the bench does not import tests/
        return b"%PDF-stand-in " + hashlib.sha256(html.encode()).hexdigest().encode()

    render.html_to_pdf = stand_in


NAMES = ("moments", "themes", "related")


def counts(path: Path) -> dict[str, int]:
    """How many calls of each a `count` run noted in `path` (none if it wrote nothing)."""
    names = [line.split()[0] for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    return {name: names.count(name) for name in NAMES}


def seconds(path: Path) -> dict[str, float]:
    """The CPU seconds the calls of each took in a `count` run, by the lines it noted in `path`."""
    lines = [line.split() for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    return {name: sum(float(taken) for noted, taken in lines if noted == name) for name in NAMES}


if __name__ == "__main__":
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "nopdf":
        stand_in_pdf()
        mode = rest.pop(0) if rest and rest[0] in ("off", "count") else "on"
    if mode == "on":
        pass
    elif mode == "off":
        switch_off()
    elif mode == "count":
        count_into(rest.pop(0))
    else:
        raise SystemExit(f"usage: {sys.argv[0]} [nopdf] [off|count FILE] build ...")
    sys.exit(main(rest))
