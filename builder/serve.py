"""`python -m builder serve`: preview the site while editing it.

Builds once, serves the output folder on localhost, and rebuilds (incrementally, with the
cache) whenever a file under the content or theme folders changes. Open pages reload
themselves after each build through a small script that only this server adds; the built
files never contain it. A build that fails shows its errors in the terminal and, in place
of every page, in the browser; the server keeps running until the files are fixed.
"""

from __future__ import annotations

import html
import http.server
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import watchfiles

from builder.outputs import theme
from builder.problems import visible

RELOAD_PATH = "/__reload"
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;function poll(){fetch('" + RELOAD_PATH + "?seen='+(seen===null?'':seen))"
    ".then(function(r){return r.text()}).then(function(g){if(seen!==null&&g!==seen){location.reload();return}"
    "seen=g;poll()}).catch(function(){setTimeout(poll,1000)})}poll()})();</script>"
)


class Status:
    """The latest build: a number that grows with each one, and its errors if it failed."""

    def __init__(self) -> None:
        self.generation = 0
        self.errors: list[str] = []
        self.changed = threading.Condition()

    def finished(self, errors: list[str]) -> None:
        with self.changed:
            self.generation += 1
            self.errors = errors
            self.changed.notify_all()

    def wait_past(self, seen: str, timeout: float = 25.0) -> int:
        """Block until a build newer than `seen` finishes (long polling), or the timeout passes."""
        with self.changed:
            self.changed.wait_for(lambda: str(self.generation) != seen, timeout=timeout)
            return self.generation


def serve(content: Path, out: Path, host: str, port: int, build_once: Callable[[], list[str]]) -> None:
    """Serve `out` and rebuild on every change until interrupted; `build_once` returns error lines."""
    status = Status()
    status.finished(build_once())
    handler = partial(_Handler, status=status, directory=str(out))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {out} at http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)", file=sys.stderr)
    watched = [content, *theme.override_folders(content), theme.BUILTIN]
    try:
        for changes in watchfiles.watch(*dict.fromkeys(watched), watch_filter=_not_hidden, raise_interrupt=False):
            names = sorted({Path(path).name for _, path in changes})
            print(visible(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}; rebuilding"), file=sys.stderr)
            status.finished(build_once())
    finally:
        server.shutdown()


def _not_hidden(change: watchfiles.Change, path: str) -> bool:
    """Editors' swap and backup files, and hidden folders, are not content."""
    name = Path(path).name
    return not any(part.startswith(".") for part in Path(path).parts) and not name.endswith(("~", ".swp", ".tmp"))


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, status: Status, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.status = status
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.startswith(RELOAD_PATH):
            seen = self.path.partition("seen=")[2]
            self._send(str(self.status.wait_past(seen)).encode(), "text/plain")
            return
        if self.status.errors:
            self._send(_error_page(self.status.errors), "text/html; charset=utf-8", 500)
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            page = target.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
            self._send(page, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, kind: str, code: int = 200) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # type: ignore[no-untyped-def]  # noqa: A002
        """Quiet: the terminal is for build results."""


def _error_page(errors: list[str]) -> bytes:
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>Build failed</title>"
            f"<main><h1>The site could not be built</h1><p>Fix these and save; this page reloads itself.</p>"
            f"<ul>{items}</ul></main>{RELOAD_SCRIPT}</html>").encode()

