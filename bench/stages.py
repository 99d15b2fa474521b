"""Bench only: one engine build's timeline by stage: wall seconds, the parent's CPU and the workers'.

    python bench/stages.py [nopdf] [off] CONTENT OUT CACHE [JOBS]

Where a core idles in a build: a stage whose wall time is near the parent's CPU while the workers'
CPU is small ran on one core. The stages are the engine's progress stages (builder/engine/build.py),
each counted from the first progress call that names it to the next stage's first; the workers'
CPU is what the workers forked in that time used (a stage's workers are ended within it; their
CPU is counted when reaped). `nopdf` and `off` as in bench/synthesis.py. Prints one line a stage.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the builder beside this bench/

import synthesis  # noqa: E402  (bench/synthesis.py, beside this file)

from builder.engine import build  # noqa: E402


def main(arguments: list[str]) -> None:
    if arguments[0] == "nopdf":
        synthesis.stand_in_pdf()
        arguments = arguments[1:]
    if arguments[0] == "off":
        synthesis.switch_off()
        arguments = arguments[1:]
    content, out, cache = (Path(a) for a in arguments[:3])
    jobs = int(arguments[3]) if len(arguments) > 3 else 0
    marks: list[tuple[str, float, float, float]] = []  # (stage, wall, parent CPU, workers' CPU)

    def mark(stage: str) -> None:
        times = os.times()
        marks.append((stage, time.perf_counter(), times.user + times.system,
                      times.children_user + times.children_system))

    def progress(stage: str, done: int, total: int) -> None:
        if not marks or marks[-1][0] != stage:
            mark(stage)

    mark("start (scan, load, validate)")
    build.build(content, out, build.Options(jobs=jobs, cache=cache, progress=progress))
    mark("end")
    for (stage, wall, parent, workers), (_, wall2, parent2, workers2) in zip(marks, marks[1:], strict=False):
        print(f"{stage:32} wall {wall2 - wall:7.2f} s  parent {parent2 - parent:7.2f} s  workers {workers2 - workers:7.2f} s")
    _, wall, parent, workers = marks[0]
    _, wall2, parent2, workers2 = marks[-1]
    print(f"{'all':32} wall {wall2 - wall:7.2f} s  parent {parent2 - parent:7.2f} s  workers {workers2 - workers:7.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
