"""Old against new in one run: this checkout's builder and an earlier commit's build the same corpus
in turn, so both meet the same machine load. What `make bench` cannot say on a noisy machine:
whether a change made builds slower or larger.

    python bench/ab.py 36eaee6 --n 10000 --rounds 2

Each round, for each side in turn: a cold build (empty cache and output), a no-change rebuild,
three edits of the same event, then a cold build sampled for peak memory (PSS of the process
tree, as bench/run.py measures it). Both sides' outputs must be byte-identical after the edits.
Prints a Markdown table of medians and new ÷ old ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from run import edit_one, same_tree, set_aside, timed  # noqa: E402

MEASURES = ("cold", "no change", "edit", "peak MB")


def side_build(source: Path, content: Path, work: Path, sampled: bool = False) -> tuple[float, float]:
    """One build with the builder in `source`: (seconds, peak MB or 0)."""
    os.environ["PYTHONPATH"] = str(source)
    command = [sys.executable, "-m", "builder", "build", "--content", str(content), "--out", str(work / "out"),
               "--cache", str(work / "cache")]
    seconds, peak = timed(command, cwd=source, sampled=sampled)
    return seconds, (peak.total / 2**20 if peak else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the commit to compare against")
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cem-ab-") as temporary:
        root = Path(temporary)
        old = root / "old-source"
        subprocess.run(["git", "-C", str(HERE.parent), "worktree", "add", "--detach", "-f", str(old), args.old],
                       check=True, capture_output=True)
        try:
            sides = {"old": old, "new": HERE.parent}
            contents = {name: corpus.write(root / f"corpus-{name}", args.n) for name in sides}
            samples: dict[str, dict[str, list[float]]] = {name: {m: [] for m in MEASURES} for name in sides}
            turns = dict.fromkeys(sides, 0)
            for round_number in range(args.rounds):
                for name, source in sides.items():
                    work = root / name
                    samples[name]["cold"].append(side_build(source, contents[name], work)[0])
                    samples[name]["no change"].append(side_build(source, contents[name], work)[0])
                    for _ in range(3):
                        turns[name] += 1
                        edit_one(contents[name], args.n // 2, turns[name])
                        samples[name]["edit"].append(side_build(source, contents[name], work)[0])
                    (work / "out").rename(root / f"{name}-out-{round_number}")
                    set_aside(work / "cache")
                    samples[name]["peak MB"].append(side_build(source, contents[name], work, sampled=True)[1])
                    for folder in ("out", "cache"):
                        set_aside(work / folder)
            last = args.rounds - 1
            print(f"outputs identical after the same edits: {same_tree(root / f'old-out-{last}', root / f'new-out-{last}')}")
            print("| | " + " | ".join(MEASURES) + " |\n|---|" + "---|" * len(MEASURES))
            for name in sides:
                print(f"| {name} | " + " | ".join(", ".join(f"{v:.2f}" for v in samples[name][m]) for m in MEASURES) + " |")
            ratios = [statistics.median(samples["new"][m]) / statistics.median(samples["old"][m]) for m in MEASURES]
            print("| new ÷ old (medians) | " + " | ".join(f"{r:.3f}" for r in ratios) + " |")
        finally:
            subprocess.run(["git", "-C", str(HERE.parent), "worktree", "remove", "--force", str(old)], capture_output=True)


if __name__ == "__main__":
    main()
