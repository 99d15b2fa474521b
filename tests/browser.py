"""Browser testing: the built sample site served on 127.0.0.1 and opened in Debian's Chromium through
Playwright (sync API). One HTTP server and one browser per session; one browser context per
(viewport, JavaScript on/off), reused; a fresh page per visit, closed after the test.

Fixtures (register with `pytest_plugins = ["tests.browser"]`):
  site_server   session  the sample site (`sample_output`) served at http://127.0.0.1:<free port>/
  browser       session  Chromium launched once; a test that cannot start it FAILS (never skips)
  open_page     function `open_page("/path/", viewport=PHONE, javascript=True)` -> Visit, whose
                         .page is loaded and whose .requests lists every URL the page asked for;
                         `reuse=True` for a test that only looks (see Browser.reused_page)
  sample_pages  session  {"home": "/", "day": "/days/.../", ...}: one representative page of each kind

Nothing leaves the machine: Chromium is started so that a request to any host but 127.0.0.1 fails
before it is sent (NETWORK_GUARD_ARGS), and each page records every request it makes, so a test can
assert on them without the request ever being sent.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.reading import front_matter

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"  # Debian's package; never `playwright install`
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]
# Nothing leaves the machine, whatever a page asks for: Chromium resolves no host name but 127.0.0.1,
# and sends every request not to the loopback address (an IP address written in a URL too) to a proxy
# on a local port where nothing answers, so it fails at once. Chromium never sends loopback requests
# through a proxy. Pages record every request they make (Visit.requests), sent or not. This is not
# done by routing requests through Playwright: a route costs each request a round trip through the
# driver and this process, and turns off the browser's cache.
NETWORK_GUARD_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                      "--proxy-server=http://127.0.0.1:9"]
HOST = "127.0.0.1"
PHONE = (360, 740)
DESKTOP = (1440, 900)
VIEWPORTS = {"360x740": PHONE, "1440x900": DESKTOP}
TIMEOUT_MS = 15_000
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}


def artifacts_dir() -> Path:
    """Where screenshots go: $TEST_ARTIFACTS, else tests/artifacts/ (git-ignored)."""
    folder = Path(os.environ.get("TEST_ARTIFACTS") or PROJECT / "tests" / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Elements wider than the window, for a failure message that names the culprit.
OVERFLOWING = """() => {
  const width = window.innerWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5) && getComputedStyle(el).position !== 'fixed') {
      if (el.classList.contains('skip-link') || el.closest('.visually-hidden')) continue;
      const classes = String(el.className || '').trim().replace(/\\s+/g, '.');
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${classes ? '.' + classes : ''}`
               + ` [${Math.round(box.left)}..${Math.round(box.right)}px] "${(el.textContent || '').trim().slice(0, 40)}"`);
    }
  }
  return out.slice(0, 8);
}"""


def assert_no_sideways_scroll(page: Any, name: str) -> None:
    """The page needs no sideways scrolling (WCAG 1.4.10, reflow, on a phone): one that does leaves a
    full-page screenshot, `name`.png in artifacts_dir(), and the message names what is too wide."""
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        shot = artifacts_dir() / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        raise AssertionError(f"{page.url} scrolls sideways: scrollWidth {scroll_width} > innerWidth {inner_width}; "
                             f"too wide: {page.evaluate(OVERFLOWING)} (screenshot: {shot})")


# -- the static server ------------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        """Nothing is kept by the browser: every visit fetches every file, so each test sees (and
        records) the requests its page makes, whatever pages the context opened before."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a page mid-fetch resets its connection: not an error of the site. Said
        nothing, since the server's threads share this process's stderr with run_cli, which a test reads."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class StaticServer:
    """A threaded HTTP server for one folder on 127.0.0.1, on a free port; `with` starts and stops it."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = _Server((HOST, 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://{HOST}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="static-server", daemon=True)

    def url(self, path: str = "/") -> str:
        return self.base + "/" + path.lstrip("/")

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


# -- the browser ------------------------------------------------------------------------------------

def launch_failure(reason: str) -> str:
    return (f"cannot start the test browser: {reason}\n"
            f"Browser tests need Debian's Chromium at {CHROMIUM} (`apt-get install chromium`; .ci/run does it) "
            f"and the `playwright` package (`make build` installs the test extras). "
            f"Never `playwright install`: the tests drive Debian's build.")


@dataclass
class Visit:
    """One loaded page and everything it asked the network for."""
    page: Any  # playwright.sync_api.Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign_requests(self, since: int = 0) -> list[str]:
        """Requests to any host but 127.0.0.1 (recorded; none was sent), from request number `since`
        on: a page that loads one path after another can be asked about its last load alone."""
        return [url for url in self.requests[since:] if not is_local(url)]

    def settle(self, quiet_ms: int = 300, limit_ms: int = 5000) -> None:
        """Wait until no new request for `quiet_ms` (after a scroll or resize; a second
        wait_for_load_state("networkidle") returns at once, having been reached already)."""
        settle([self], quiet_ms, limit_ms)


def settle(visits: list[Visit], quiet_ms: int = 500, limit_ms: int = 5000) -> None:
    """Wait until none of `visits` has asked for anything new for `quiet_ms`: one wait for many
    pages open at once, instead of one per page (Playwright delivers every page's requests while
    any page waits). 500 ms is networkidle's quiet time."""
    waited, seen = 0, None
    while waited < limit_ms:
        now = [len(visit.requests) for visit in visits]
        if now == seen:
            return
        seen = now
        visits[0].page.wait_for_timeout(quiet_ms)
        waited += quiet_ms


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == HOST


Key = tuple[int, int, bool, Path | None]  # a context: viewport width and height, JavaScript, init script


@dataclass
class _Reader:
    """A context of reader_page's, its one page and the page's DevTools session (its time zone is set
    there, at each use), kept between tests; `clocked`: Playwright's clock is installed in it."""
    context: Any
    page: Any
    cdp: Any
    width: int
    javascript: bool
    clocked: bool


@dataclass
class _Tab:
    """A page kept open between tests, and the visit its events are recorded for now."""
    page: Any
    key: Key
    visit: Visit | None = None


class Browser:
    """The session's Chromium and its contexts, one per (viewport, JavaScript on/off)."""

    def __init__(self, playwright: Any = None, browser: Any = None, failure: str = "") -> None:
        self.playwright = playwright
        self.browser = browser
        self.failure = failure  # why the browser could not start: every test using it FAILS with this
        self.contexts: dict[Key, Any] = {}
        self.idle: dict[Key, list[_Tab]] = {}  # pages given back, by context
        self.lent: dict[int, _Tab] = {}  # id(visit) -> its tab
        self.readers: dict[tuple[int, bool, bool], list[_Reader]] = {}  # reader_page's idle contexts, by (width,
        # JavaScript, clock)

    def context(self, viewport: tuple[int, int], javascript: bool = True, init_script: Path | None = None) -> Any:
        """The context for these settings. `init_script` runs in every document of its own contexts before
        the page's scripts (axe-core for the accessibility tests: sent to the browser once, and compiled
        once, rather than with each page); only JavaScript's own globals change, never the DOM."""
        if self.failure:
            pytest.fail(self.failure, pytrace=False)
        key = (*viewport, javascript, init_script)
        if key not in self.contexts:
            width, height = viewport
            context = self.browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript,
                                               service_workers="block", reduced_motion="reduce", color_scheme="light")
            context.set_default_timeout(TIMEOUT_MS)
            if init_script is not None:
                context.add_init_script(path=str(init_script))
            self.contexts[key] = context
        return self.contexts[key]

    def new_page(self, viewport: tuple[int, int] = DESKTOP, javascript: bool = True) -> Visit:
        page = self.context(viewport, javascript).new_page()
        visit = Visit(page)
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
        page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
        return visit

    def reused_page(self, viewport: tuple[int, int] = DESKTOP, javascript: bool = True,
                    init_script: Path | None = None) -> Visit:
        """Like new_page, but a page an earlier test looked through and gave back (its routes
        removed, at its context's viewport, still showing that test's page until the next load
        replaces it), when there is one: a new page costs Chromium far more than a navigation in a
        page it has, and axe runs faster in a page where it ran before. Only for a test that looks: loads, reads, runs axe, blocks
        requests (page.route), scrolls by script, takes screenshots, emulates media and puts it back
        as its context has it (in a `finally`); not one that clicks, types, hovers or resizes, which could
        leave a state the next page would show."""
        key = (*viewport, javascript, init_script)
        if self.idle.get(key):
            tab = self.idle[key].pop()
        else:
            tab = _Tab(self.context(viewport, javascript, init_script).new_page(), key)
            tab.page.on("request", lambda request: tab.visit and tab.visit.requests.append(request.url))
            tab.page.on("console", lambda message: tab.visit and message.type == "error"
                        and tab.visit.console_errors.append(message.text))
            tab.page.on("pageerror", lambda error: tab.visit and tab.visit.page_errors.append(str(error)))
        tab.visit = Visit(tab.page)
        self.lent[id(tab.visit)] = tab
        return tab.visit

    def done_with(self, visit: Visit) -> None:
        """A test is done with a page: a reused one is emptied and kept for the next, any other closed."""
        tab = self.lent.pop(id(visit), None)
        if tab is None:
            visit.page.close()
            return
        tab.visit = None
        try:
            tab.page.unroute_all(behavior="ignoreErrors")
            if tab.page.viewport_size != {"width": tab.key[0], "height": tab.key[1]}:
                tab.page.set_viewport_size({"width": tab.key[0], "height": tab.key[1]})
        except Exception:  # noqa: BLE001 - a page that cannot be emptied is not reused
            tab.page.close()
            return
        self.idle.setdefault(tab.key, []).append(tab)

    def reader(self, width: int, javascript: bool, clocked: bool) -> _Reader:
        """A reader context given back by an earlier test, else a new one: a new context and page cost
        Chromium far more than a navigation in a page it has. One with a clock is only given to a
        reader with a clock (who sets its time), one without only to a reader without."""
        if self.readers.get((width, javascript, clocked)):
            return self.readers[width, javascript, clocked].pop()
        context = self.browser.new_context(locale="en-US", java_script_enabled=javascript,
                                           viewport={"width": width, "height": 900}, service_workers="block",
                                           accept_downloads=True)
        page = context.new_page()
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return _Reader(context, page, context.new_cdp_session(page), width, javascript, clocked)

    def give_back(self, reader: _Reader) -> None:
        """Empty a reader context for the next test (what a test may leave: the site's storage, which
        the zone picker and the stars write, cookies, a size), or close it if that fails."""
        try:
            if reader.page.url.startswith("http"):
                reader.page.evaluate("localStorage.clear(); sessionStorage.clear()")
            reader.page.goto("about:blank")
            reader.context.clear_cookies()
            reader.page.set_viewport_size({"width": reader.width, "height": 900})
        except Exception:  # noqa: BLE001 - a context that cannot be emptied is not reused
            reader.context.close()
            return
        self.readers.setdefault((reader.width, reader.javascript, reader.clocked), []).append(reader)

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()
        for readers in self.readers.values():
            for reader in readers:
                reader.context.close()
        if self.browser is not None:
            self.browser.close()
        if self.playwright is not None:
            self.playwright.stop()


def start_browser() -> Browser:
    """Launch Chromium once; on any failure, a Browser that fails each test using it (never a skip,
    and a FAILED test rather than a setup ERROR)."""
    if not os.access(CHROMIUM, os.X_OK):
        return Browser(failure=launch_failure(f"{CHROMIUM} is missing or not executable"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        return Browser(failure=launch_failure(f"the playwright package is not installed ({exc})"))
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + NETWORK_GUARD_ARGS,
                                              timeout=60_000)
    except Exception as exc:  # noqa: BLE001 - any launch error becomes one clear failure
        playwright.stop()
        return Browser(failure=launch_failure(f"{type(exc).__name__}: {str(exc)[:2000]}"))
    return Browser(playwright, chromium)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Chromium, launched once per session."""
    session = start_browser()
    yield session
    session.close()


@pytest.fixture(scope="session")
def site_server(sample_output: Path) -> Iterator[StaticServer]:
    """The built sample site (base_url path "/") at http://127.0.0.1:<port>/."""
    with StaticServer(sample_output) as server:
        yield server


@pytest.fixture
def open_page(browser: Browser, site_server: StaticServer) -> Iterator[Callable[..., Visit]]:
    """`open_page(path, viewport=DESKTOP, javascript=True, wait_until="load", reuse=False, init_script=None)`
    -> a loaded Visit. wait_until="networkidle" waits until no request for 500 ms. Pages are closed after
    the test; with reuse=True (a test that only looks: Browser.reused_page), emptied and kept, and an
    `init_script` (Browser.context) may be given."""
    opened: list[Visit] = []

    def open_(path: str, viewport: tuple[int, int] = DESKTOP, javascript: bool = True, wait_until: str = "load",
              reuse: bool = False, init_script: Path | None = None) -> Visit:
        assert reuse or init_script is None, "an init script is for reused pages"
        visit = (browser.reused_page(viewport, javascript, init_script) if reuse
                 else browser.new_page(viewport, javascript))
        opened.append(visit)
        response = visit.page.goto(site_server.url(path), wait_until=wait_until)
        assert response is not None, f"no response for {path}"
        assert response.status == 200, f"{path}: HTTP {response.status} from the test server"
        return visit

    yield open_
    for visit in opened:
        browser.done_with(visit)


@pytest.fixture
def reader_page(browser: Browser, site_server: StaticServer) -> Iterator[Callable[..., Any]]:
    """`reader_page(path, zone, now=None, width=1440, javascript=True)` -> the page as a reader in
    `zone` (the browser's own time zone) sees it at `now` (Playwright's clock), in a context of its
    own: each call, another context, so that two readers of one test share nothing. The context is
    emptied after the test and kept for another (Browser.reader); one with a clock goes only to a
    reader with `now`, who sets it again. `page.errors` lists the page's script errors."""
    readers: list[_Reader] = []

    def open_(path: str, zone: str, now: datetime | None = None, width: int = 1440, javascript: bool = True) -> Any:
        if browser.failure:
            pytest.fail(browser.failure, pytrace=False)
        reader = browser.reader(width, javascript, clocked=now is not None)
        readers.append(reader)
        page = reader.page
        reader.cdp.send("Emulation.setTimezoneOverride", {"timezoneId": zone})  # what timezone_id sets
        if now is not None:
            page.clock.install(time=now)
        page.errors = []
        page.goto(site_server.url(path), wait_until="load")
        return page

    yield open_
    for reader in readers:
        browser.give_back(reader)


# -- which pages to look at -------------------------------------------------------------------------


def largest(output: Path, section: str, exclude: frozenset[str] = frozenset()) -> str:
    """URL path of the section's biggest page: the one most likely to overflow or misbehave."""
    pages = [p for p in (output / section).glob("*/index.html") if p.parent.name not in exclude]
    assert pages, f"the sample site has no {section}/*/index.html"
    page = max(pages, key=lambda p: (p.stat().st_size, p.parent.name))
    return f"/{section}/{page.parent.name}/"


def representative_pages(output: Path, content: Path) -> dict[str, str]:
    """One page of each kind, as URL paths under the site root "/"."""
    cancelled = sorted(p.stem for p in (content / "events").glob("*.md")
                       if front_matter(p).get("status", "").strip().lower() == "cancelled")
    assert cancelled, "the sample content has no event with status: cancelled"
    assert (output / "events" / cancelled[0] / "index.html").is_file(), cancelled[0]
    return {
        "home": "/",
        "day": largest(output, "days"),
        "event": largest(output, "events", exclude=frozenset(cancelled)),
        "cancelled-event": f"/events/{cancelled[0]}/",
        "topic": largest(output, "topics"),
        "partner": largest(output, "partners"),
        "forum": largest(output, "forums"),
        "subscribe": "/subscribe/",
        "404": "/404.html",
    }


@pytest.fixture(scope="session")
def sample_pages(sample_output: Path) -> dict[str, str]:
    return representative_pages(sample_output, PROJECT / "content")
