"""`make audit`: Lighthouse 12 (mobile preset) on the built sample site and on a generated site of
1,000 events, each served on 127.0.0.1 (text gzip-compressed, as static hosts serve it), in
Debian's Chromium. Prints each page's four scores and exits 1 if any is below its floor (FLOORS).
Not part of `make test`: Lighthouse is a large install
(tools/audit/node_modules, `npm ci` in `make audit` only) and a run takes minutes.

    python tools/audit/run.py [--sample-only] [--keep DIR] [--page PATH ...]

`--page /` (repeatable) audits only those pages, on each site, instead of the six: to iterate on
one page, with AUDIT_GENERATED_OUT and AUDIT_SAMPLE_OUT set to sites already built.

Environment: CHROME_PATH (default /usr/bin/chromium), AUDIT_RUNS (runs per page, median kept;
default 1). A folder argument instead of building: AUDIT_SAMPLE_OUT, AUDIT_GENERATED_OUT.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = PROJECT / "tools" / "audit" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLOORS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"


COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".ics", ".txt", ".vtt"}


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site as static hosts do (GitHub Pages, Netlify, S3 behind a CDN): text files
    gzip-compressed when the browser asks for it. Python's own server sends them uncompressed,
    which no host does and which would measure a 1,000-event page's raw size instead of what a
    reader downloads."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        folder = Path(self.translate_path(self.path))
        path = folder / "index.html" if folder.is_dir() else folder
        if (path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or (folder.is_dir() and not self.path.split("?")[0].endswith("/"))):  # the base class redirects those
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build(content: Path, out: Path) -> Path:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1756684800"),
           "PYTHONPATH": str(PROJECT)}
    subprocess.run([sys.executable, "-m", "builder", "build", "--no-cache", "--content", str(content), "--out", str(out)],
                   check=True, env=env, cwd=PROJECT, stdout=subprocess.DEVNULL)
    return out


def pages(out: Path) -> list[str]:
    """The six kinds of page the floors hold (issue 20): the home page, the largest event page and
    day page, the conference programme, /my/, and search with a query (results shown, so the
    search script and its index are measured too). A site without /conference/ or /my/ fails."""
    event = max((p for p in (out / "events").glob("*/index.html")), key=lambda p: (p.stat().st_size, p.parent.name))
    day = max((p for p in (out / "days").glob("*/index.html")), key=lambda p: (p.stat().st_size, p.parent.name))
    missing = [name for name in ("conference", "my", "search") if not (out / name / "index.html").is_file()]
    if missing:
        raise SystemExit(f"{out} has no page for: {', '.join(missing)}")
    return ["/", f"/events/{event.parent.name}/", f"/days/{day.parent.name}/", "/conference/", "/my/",
            f"/search/?q={query(event)}"]


def query(event: Path) -> str:
    """A search query with results: the first word of four letters or more in the event's title."""
    title = re.search(r"<title>(.*?)</title>", event.read_text(encoding="utf-8"), re.S)
    found = re.findall(r"[A-Za-z]{4,}", html.unescape(title.group(1)) if title else "")
    return urllib.parse.quote(found[0].lower() if found else "teachers")


def lighthouse(url: str) -> dict[str, int]:
    """One Lighthouse run (its default, mobile, preset): each category's score out of 100."""
    with tempfile.TemporaryDirectory(prefix="audit-") as folder:
        report = Path(folder) / "report.json"
        result = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
            capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not report.is_file():
            raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    failing = [f"{audit['id']}: {audit['title']}" for audit in data["audits"].values()
               if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"]
    scores = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    scores["failing"] = failing  # type: ignore[assignment]
    scores["metrics"] = {key: data["audits"][key].get("displayValue", "") for key in  # type: ignore[assignment]
                         ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                          "cumulative-layout-shift", "speed-index")}
    return scores


def audit(label: str, out: Path, runs: int, only: list[str] | None = None) -> list[tuple[str, str, dict[str, int]]]:
    server, base = serve(out)
    rows = []
    try:
        for path in only or pages(out):
            results = [lighthouse(base + path) for _ in range(runs)]
            median = {name: int(statistics.median(r[name] for r in results)) for name in CATEGORIES}
            median["failing"] = results[-1]["failing"]  # type: ignore[assignment]
            median["metrics"] = results[-1]["metrics"]  # type: ignore[assignment]
            rows.append((label, path, median))
            print_row(label, path, median)
            if runs > 1:
                print(f"{'':<10}   performance of each run: {', '.join(str(r['performance']) for r in results)}", flush=True)
    finally:
        server.shutdown()
    return rows


def print_row(label: str, path: str, scores: dict) -> None:
    cells = "".join(f"{scores[name]:>6}" + ("!" if scores[name] < FLOORS[name] else " ") for name in CATEGORIES)
    print(f"{label:<10} {path:<56}{cells}", flush=True)
    for problem in scores["failing"]:
        print(f"{'':<10}   failing: {problem}", flush=True)
    if scores["performance"] < FLOORS["performance"]:
        print(f"{'':<10}   " + ", ".join(f"{k} {v}" for k, v in scores["metrics"].items()), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample-only", action="store_true", help="skip the generated 1,000-event site")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--page", action="append", help="audit only this path (e.g. / or /my/); repeatable")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        raise SystemExit("Lighthouse is not installed: run `make audit` (or `cd tools/audit && npm ci`)")
    runs = int(os.environ.get("AUDIT_RUNS", "1"))
    scratch = Path(args.keep or tempfile.mkdtemp(prefix="cem-audit-"))
    try:
        print(f"{'site':<10} {'page':<56}" + "".join(f"{name[:6]:>7}" for name in CATEGORIES), flush=True)
        sample = Path(os.environ.get("AUDIT_SAMPLE_OUT") or build(PROJECT / "content", scratch / "sample"))
        rows = audit("sample", sample, runs, args.page)
        if not args.sample_only:
            generated = os.environ.get("AUDIT_GENERATED_OUT")
            if not generated:
                sys.path.insert(0, str(PROJECT))
                from tests.generated_site import write_corpus
                generated = str(build(write_corpus(scratch / "generated", 1000), scratch / "generated" / "out"))
            rows += audit("1000", Path(generated), runs, args.page)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    below = [(label, path, name, scores[name]) for label, path, scores in rows for name in CATEGORIES
             if scores[name] < FLOORS[name]]
    for label, path, name, score in below:
        print(f"below the floor: {label} {path}: {name} {score} < {FLOORS[name]}", file=sys.stderr)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
