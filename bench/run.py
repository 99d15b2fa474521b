"""`make bench`: build time and memory at 1,000 and 10,000 events (30,000 with BENCH_LARGE=1).

For each size: cold builds (empty cache, no output), a no-change rebuild, and rebuilds after
editing one event (three edits of the same event, the median counts), the last checked byte
for byte against a cold build of the edited content (at sizes up to BENCH_VERIFY_MAX). Every
time is also given as a ratio to a baseline measured in the same run on the same corpus:
read each file, parse its front matter with PyYAML, render its Markdown with Python-Markdown
and write one page through a trivial Jinja template, on one core. Machines are noisy; the
ratio is the figure to compare between runs. Up to 10,000 events, the cold build and its peak
memory are each the median of three (BENCH_REPEAT) for this project and for Eleventy alike: on
this machine one build's peak memory varies by 50 MB, and its time by a second, from run to run.

The peer the issue names runs on the same corpus in the same run: Eleventy 3 (bench/peers/
eleventy: every event page, an index, a page per topic and one RSS feed of every event, as
../shared/gen_corpus.py's manifest expects of peers; less than this project builds), installed
with npm ci; BENCH_PEERS=0 skips it.

Peak memory is the largest sum of PSS (proportional set size: shared pages counted once)
over the build's process tree (the builder and its forked workers), sampled every 20 ms, in a
cold build of its own (three, up to 10,000 events): reading every process's page tables that
often costs CPU (a 10,000-event cold build took 38 s sampled against 26 s not), so no timed build
is sampled. Eleventy's memory is measured the same way. Results go to bench/results.md.

Synthesis (issue 22: key moments, themes across sessions, related sessions) has a budget: at most
10 % of a cold build, nothing in a no-change rebuild. Each timed cold build is followed by one with
synthesis switched off by bench/synthesis.py (a harness: the builder has no such option), in the
other's folders, so the two alternate and meet the same load; both are given in wall time and in
CPU seconds of the process tree (the builder and its workers: less swayed by other work on a shared
machine). After the no-change rebuild, one more runs with every synthesis call counted, which
must find none.

Nothing is deleted until every figure is taken: earlier builds' folders are set aside, and the
temporary folder goes at the end. On this machine's ext4 (no journal) the kernel will not reuse
an inode deleted in the last minute (six, while its inode block is unwritten) and scans past
each one for every file it creates (recently_deleted(), seen with perf): creating a site's
30,000 files and folders took 0.8 s on a quiet disk and 12 to 20 s right after deleting another
site's, so whichever build came after a deletion (every cold build, and Eleventy after the
baseline) was timed on the file system more than on itself.
"""

from __future__ import annotations

import filecmp
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

import jinja2
import markdown
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402  (bench/corpus.py, beside this file)
import synthesis  # noqa: E402  (bench/synthesis.py)

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
SIZES += [30000] if os.environ.get("BENCH_LARGE") else []
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))  # timed and sampled cold builds per size up to 10,000 events,
# for this project and for Eleventy alike; the median counts, and every one is listed
REPEAT_MAX = 10000
VERIFY_MAX = int(os.environ.get("BENCH_VERIFY_MAX", "10000"))
EDITS = 3  # one-event edits per size, one after another; the median counts, and every one is listed
PEERS = os.environ.get("BENCH_PEERS", "1") != "0"
ELEVENTY = HERE / "peers" / "eleventy"


def baseline(content: Path, out: Path) -> float:
    """Seconds to parse, render and write every event alone: the floor any generator stands on."""
    template = jinja2.Template("<!doctype html><title>{{ title }}</title><main>{{ body }}</main>\n")
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted((content / "events").glob("*.md")):
        _, header, text = path.read_text(encoding="utf-8").split("---\n", 2)
        fields = yaml.load(header, Loader=yaml.CSafeLoader)
        html = template.render(title=fields["title"], body=markdown.markdown(text, extensions=["tables"]))
        (out / f"{path.stem}.html").write_text(html, encoding="utf-8")
    return time.perf_counter() - started


class Peak:
    """Largest PSS of a process tree, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.total = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.total = max(self.total, sum(_pss(pid) for pid in _tree(self.pid)))
            self._stop.wait(0.02)


def _tree(root: int) -> list[int]:
    found, index = [root], 0
    while index < len(found):
        try:
            for task in os.listdir(f"/proc/{found[index]}/task"):
                with open(f"/proc/{found[index]}/task/{task}/children") as children:
                    found += [int(pid) for pid in children.read().split()]
        except OSError:
            pass
        index += 1
    return found


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def build(content: Path, out: Path, cache: Path | None, sampled: bool = False,
          harness: list[str] | None = None) -> tuple[float, Peak | None]:
    """A build by `python -m builder`, or through bench/synthesis.py given its `harness` arguments."""
    start = [sys.executable, str(HERE / "synthesis.py"), *harness] if harness else [sys.executable, "-m", "builder"]
    command = [*start, "build", "--content", str(content), "--out", str(out)]
    return timed(command + (["--cache", str(cache)] if cache else ["--no-cache"]), sampled=sampled)


def cpu_build(content: Path, out: Path, cache: Path, harness: list[str] | None = None) -> tuple[float, float]:
    """A build's (wall seconds, CPU seconds of its process tree): its user and system time and its
    workers', which the kernel adds to the builder's once they are waited for."""
    before = _children_cpu()
    seconds, _ = build(content, out, cache, harness=harness)
    return seconds, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path | None = None, sampled: bool = False) -> tuple[float, Peak | None]:
    """Seconds the command took; with `sampled`, also its peak memory (and then the time means little)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = Peak(process.pid) if sampled else None
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    if peak:
        peak.stop()
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {errors}")
    return seconds, peak


def eleventy(content: Path, work: Path, repeat: int) -> tuple[list[float], list[float]] | None:
    """Eleventy's cold builds of the same events (its templates copied beside them, untimed): the
    seconds of `repeat` builds, and the peak memory (MB) of `repeat` others."""
    if not PEERS or not shutil.which("npm"):
        return None
    if not (ELEVENTY / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=ELEVENTY, check=True)
    source, out = work / "eleventy-in", work / "eleventy-out"
    shutil.copytree(ELEVENTY / "site", source)
    shutil.copytree(content / "events", source / "events")
    command = [str(ELEVENTY / "node_modules" / ".bin" / "eleventy"), "--config=eleventy.config.js",
               f"--input={source}", f"--output={out}", "--quiet"]
    try:
        times, peaks = [], []
        for sampled in [False] * repeat + [True] * repeat:
            seconds, peak = timed(command, cwd=ELEVENTY, sampled=sampled)
            set_aside(out)
            if peak:
                peaks.append(peak.total / 2**20)
            else:
                times.append(seconds)
        return times, peaks
    finally:
        set_aside(source)
        set_aside(out)


def set_aside(path: Path) -> None:
    """Move a folder out of the way, to be deleted after the last figure (see above)."""
    if path.exists():
        trash = path.parent / ".set-aside"
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{path.name}-{len(list(trash.iterdir()))}")


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(filecmp.cmp(a / p, b / p, shallow=False) for p in files_a)


def edit_one(content: Path, number: int, turn: int = 1) -> None:
    """What a partner's typical pull request does: reword a paragraph of one event."""
    path = sorted((content / "events").glob(f"*-{number:05d}.md"))[0]
    path.write_text(path.read_text(encoding="utf-8") + f"\nUpdated ({turn}): the session now includes a Q&A.\n",
                    encoding="utf-8")


def measure(n: int, work: Path) -> dict:
    content = corpus.write(work / f"corpus-{n}", n)
    base = baseline(content, work / "baseline")
    set_aside(work / "baseline")
    repeat = REPEAT if n <= REPEAT_MAX else 1
    peer = eleventy(content, work, repeat)
    colds, cpus, bare_colds, bare_cpus = [], [], [], []
    for _ in range(repeat):  # without synthesis, then with it, in turn: the last one with it stays for what follows
        for folder in ("out", "cache", "bare-out", "bare-cache"):
            set_aside(work / folder)
        seconds, cpu = cpu_build(content, work / "bare-out", work / "bare-cache", harness=["off"])
        bare_colds.append(seconds)
        bare_cpus.append(cpu)
        seconds, cpu = cpu_build(content, work / "out", work / "cache")
        colds.append(seconds)
        cpus.append(cpu)
    cold = statistics.median(colds)
    no_change, _ = build(content, work / "out", work / "cache")
    counted = work / "synthesis-calls"
    build(content, work / "out", work / "cache", harness=["count", str(counted)])
    no_change_calls = synthesis.counts(counted)
    edits = []
    for turn in range(1, EDITS + 1):  # the same event edited again, as while previewing
        edit_one(content, n // 2, turn)
        edits.append(build(content, work / "out", work / "cache")[0])
    one_edit = statistics.median(edits)
    identical = None
    if n <= VERIFY_MAX:
        build(content, work / "fresh", None)
        identical = same_tree(work / "out", work / "fresh")
        set_aside(work / "fresh")
    peaks = []
    for _ in range(repeat):  # a cold build is the largest
        for folder in ("out", "cache"):
            set_aside(work / folder)
        _, peak = build(content, work / "out", work / "cache", sampled=True)
        assert peak is not None
        peaks.append(peak.total / 2**20)
    for folder in ("out", "cache", "bare-out", "bare-cache", f"corpus-{n}"):
        set_aside(work / folder)
    return {"n": n, "baseline": base, "cold": cold, "colds": colds, "no_change": no_change, "one_edit": one_edit,
            "edits": edits,
            "identical": identical, "total_mb": statistics.median(peaks), "peaks": peaks,
            "cpus": cpus, "bare_colds": bare_colds, "bare_cpus": bare_cpus, "no_change_calls": no_change_calls,
            "eleventy": statistics.median(peer[0]) if peer else None, "eleventy_times": peer[0] if peer else [],
            "eleventy_mb": statistics.median(peer[1]) if peer else None, "eleventy_peaks": peer[1] if peer else []}


def report(results: list[dict], command: str) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in
                         ("jinja2", "cmarkgfm", "markdown", "nh3", "pyyaml", "icalendar",
                          "feedgen", "weasyprint"))
    lines = [
        "# Benchmark results", "",
        f"- Command: `{command}`",
        f"- Machine: {os.cpu_count()} cores ({cpu}), {memory} MB RAM, {platform.platform()}",
        f"- Python {platform.python_version()}; {versions}",
        "- Corpus: `bench/corpus.py` (the project's deterministic generator; one event in ten has a recording and a "
        "WebVTT transcript of 20 to 60 minutes), every event page, day, topic, type and partner page, iCal and "
        "RSS/Atom per facet, events.json, the proceedings with PDF, the search index, each transcript's key moments.",
        "- Baseline: the same files read, front matter parsed (libyaml), Markdown rendered (Python-Markdown) and "
        "one page written through a trivial template, on one core, in the same run.",
        "- Eleventy: Eleventy 3 (`bench/peers/eleventy`) on the same events in the same run: event pages, an index, "
        "a page per topic and one RSS feed of every event; this project's build does all of that and much more. "
        + _eleventy_versions(), "",
        "| events | baseline | cold build | × baseline | per event | no-change rebuild | % of cold "
        "| one event edited | × baseline | identical to cold | peak memory | synthesis adds to cold "
        "| Eleventy cold | cold ÷ Eleventy | Eleventy memory |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        identical = {True: "yes", False: "**NO**", None: "not checked"}[r["identical"]]
        lines.append(
            f"| {r['n']:,} | {r['baseline']:.1f} s | {r['cold']:.1f} s | {r['cold'] / r['baseline']:.2f} "
            f"| {1000 * r['cold'] / r['n']:.2f} ms | {r['no_change']:.2f} s | {100 * r['no_change'] / r['cold']:.1f} % "
            f"| {r['one_edit']:.1f} s | {r['one_edit'] / r['baseline']:.2f} | {identical} "
            f"| {r['total_mb']:.0f} MB | {_added(r['cpus'], r['bare_cpus'])} CPU "
            + (f"| {r['eleventy']:.1f} s | {r['cold'] / r['eleventy']:.2f} | {r['eleventy_mb']:.0f} MB |"
               if r["eleventy"] else "| not run | | |"))
    lines += ["", f"Every sample (the median is above). Cold builds: {_samples(results, 'colds', '{:.1f} s')}. "
              f"Peak memory: {_samples(results, 'peaks', '{:.0f} MB')}.", ""]
    lines += ["Synthesis (issue 22: key moments, themes, related sessions; at most 10 % of a cold build): each cold "
              "build above came right after one with synthesis switched off (`bench/synthesis.py off`). "
              "CPU seconds of the process tree with synthesis: " + _samples(results, "cpus", "{:.1f} s")
              + "; without: " + _samples(results, "bare_cpus", "{:.1f} s")
              + ". Wall time without: " + _samples(results, "bare_colds", "{:.1f} s") + ", so synthesis adds to the wall "
              "time (medians) " + "; ".join(f"{r['n']:,}: {_added(r['colds'], r['bare_colds'])}" for r in results)
              + ". Synthesis calls in the no-change rebuild (`bench/synthesis.py count`): "
              + "; ".join(f"{r['n']:,}: " + ", ".join(f"{calls} {name}" for name, calls in r["no_change_calls"].items())
                          for r in results) + ".", ""]
    if any(r["eleventy"] for r in results):
        lines += [f"Eleventy's samples. Cold builds: {_samples(results, 'eleventy_times', '{:.1f} s')}. "
                  f"Peak memory: {_samples(results, 'eleventy_peaks', '{:.0f} MB')}.", ""]
    lines += ["One-event edits measured (the same event three times, in order; the median is above): "
              + _samples(results, "edits", "{:.2f} s"), ""]
    return "\n".join(lines)


def _added(with_it: list[float], without: list[float]) -> str:
    """What the first samples add to the second, in per cent of the second, by their medians."""
    return f"{100 * (statistics.median(with_it) / statistics.median(without) - 1):+.1f} %"


def _samples(results: list[dict], key: str, shown: str) -> str:
    """Each size's samples under `key`, formatted with `shown`: "1,000: 3.1 s, 3.2 s; 10,000: ..."."""
    return "; ".join(f"{r['n']:,}: " + ", ".join(shown.format(value) for value in r[key]) for r in results)


def _eleventy_versions() -> str:
    try:
        package = json.loads((ELEVENTY / "node_modules" / "@11ty" / "eleventy" / "package.json").read_text())
        node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, ValueError, subprocess.CalledProcessError):
        return "Not installed."
    return f"Eleventy {package['version']}, Node {node}."


def main() -> None:
    command = "make bench" + (" BENCH_LARGE=1" if os.environ.get("BENCH_LARGE") else "")
    results = []
    with tempfile.TemporaryDirectory(prefix="cem-bench-") as folder:
        for n in SIZES:
            results.append(measure(n, Path(folder)))
            print(next(line for line in report(results, command).splitlines() if line.startswith(f"| {n:,} |")),
                  flush=True)
    text = report(results, command)
    print(text)
    (HERE / "results.md").write_text(text + _kept_sections(HERE / "results.md"), encoding="utf-8")


def _kept_sections(path: Path) -> str:
    """The hand-written sections (each a `## ` heading) after the generated part of results.md:
    comparisons and measurements a run of this script does not make, kept as they are."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start = old.find("\n## ")
    return "\n" + old[start + 1:] if start >= 0 else ""


if __name__ == "__main__":
    main()
