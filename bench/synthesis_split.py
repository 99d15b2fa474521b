"""Bench only: where synthesis's share of a build goes, in one process, with and without it in turn.

    python bench/synthesis_split.py CONTENT [ROUNDS]

Alternating whole builds with and without synthesis (bench/synthesis.py off) cannot resolve a few
seconds on a shared machine: the other users' load moves every build's CPU seconds by more. Here
one process reads and validates the content once, then, ROUNDS times and with synthesis on and off
in turn, makes the model, plans the jobs and makes every job (as builder/outputs/render.py does,
the proceedings PDF as a stand-in: bench/synthesis.py nopdf), and reads each searchable page as the
search index does. For each part, the least CPU seconds of the rounds is printed, on and off: the
model (key moments), the plan (themes, related sessions, the print HTML), each kind of job (by its
template or file type) and the search records. The engine's stages (the cache, the workers) are
not in it; compare the sum with what alternating builds give to see their share.
"""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the builder beside this bench/

import synthesis  # noqa: E402  (bench/synthesis.py, beside this file)

from builder.content import model, moments, sources, validation  # noqa: E402
from builder.engine import memory, search_index  # noqa: E402
from builder.outputs import proceedings, render, search, theme  # noqa: E402
from builder.pipeline import shown, source_date_epoch  # noqa: E402

REAL = (moments.highlights, proceedings.themes_of, render.related_sessions)


def switch(on: bool) -> None:
    """Synthesis on (the builder's own functions) or off (bench/synthesis.py's stand-ins)."""
    if on:
        moments.highlights, proceedings.themes_of, render.related_sessions = REAL
    else:
        synthesis.switch_off()


def one_round(validated: validation.Content, site_theme: theme.Theme) -> Counter[str]:
    """CPU seconds of each part of one pass: model, plan, each kind of job, search records."""
    taken: Counter[str] = Counter()
    started = time.process_time()
    # highlights looked up at each call, so that switch() decides which one the model uses
    site = model.build_site(validated, source_date_epoch(), synthesize=lambda cues: moments.highlights(cues))
    taken["model"] = time.process_time() - started
    started = time.process_time()
    jobs = render.plan(site, site_theme, {})
    taken["plan"] = time.process_time() - started
    for job in jobs:
        kind = job.template or job.paths[0].rsplit(".", 1)[-1]
        started = time.process_time()
        made = job.make()
        taken[kind] += time.process_time() - started
        started = time.process_time()
        for path, data in made.files.items():
            if search.searchable(path, data):
                search_index.record(path, data)
        taken["search records"] += time.process_time() - started
    return taken


def main(content: Path, rounds: int) -> None:
    synthesis.stand_in_pdf()
    loaded, problems = sources.load(content, shown_root=shown(content))
    validated = validation.validate(loaded, problems)
    site_theme = theme.load_theme(content)
    least: dict[bool, dict[str, float]] = {True: defaultdict(lambda: float("inf")), False: defaultdict(lambda: float("inf"))}
    with memory.collections(memory.RARE_COLLECTIONS):  # as the build has it
        for _ in range(rounds):
            for on in (False, True):
                switch(on)
                gc.collect()
                for part, seconds in one_round(validated, site_theme).items():
                    least[on][part] = min(least[on][part], seconds)
    total = {on: sum(least[on].values()) for on in (False, True)}
    print(f"{'part':32s} {'off':>8s} {'on':>8s} {'on - off':>9s}")
    for part in sorted(least[True], key=lambda p: least[False].get(p, 0.0) - least[True][p]):
        off, on = least[False].get(part, 0.0), least[True][part]
        if abs(on - off) >= 0.005 or part in ("model", "plan", "search records"):
            print(f"{part:32s} {off:8.3f} {on:8.3f} {on - off:+9.3f}")
    print(f"{'all (least of each part)':32s} {total[False]:8.3f} {total[True]:8.3f} {total[True] - total[False]:+9.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3)
