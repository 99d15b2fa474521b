"""The reader's now, today and days, decided in the browser from the reader's clock and zone (set
by the test through Chromium's time zone override and Playwright's clock), never the build's: the
home page's list, day pages, the month grid, each event's two times, and an event page that knows
where it is in time. With JavaScript off, each page is still complete, in the site's or the
event's own zone."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.browser import TIMEOUT_MS, Browser, StaticServer, artifacts_dir

PHONE = (390, 844)
DESKTOP = (1440, 900)
KEYNOTE = "/events/kickoff-keynote-connected-classrooms/"  # Wed 1 Oct 2025, 10:00-11:15 AM EDT, archived
LIVE = "/events/designing-accessible-digital-lessons/"  # Thu 2 Oct 2025, 1:00-2:00 PM EDT, has `join`
WEEKLY = "/events/cemchat-thursday-weekly/"  # repeats weekly


class ReaderPages:
    """One page per (viewport, JavaScript on/off), each in a context of its own (its clock is the
    test's), kept for the module: a new context and page cost Chromium more than a navigation."""

    def __init__(self, browser: Browser, site_server: StaticServer) -> None:
        self.browser, self.site_server = browser, site_server
        self.pages: dict[tuple[tuple[int, int], bool], tuple[Any, Any]] = {}

    def get(self, viewport: tuple[int, int], javascript: bool) -> tuple[Any, Any]:
        """(page, its CDP session)."""
        if self.browser.failure:
            pytest.fail(self.browser.failure, pytrace=False)
        if (viewport, javascript) not in self.pages:
            context = self.browser.browser.new_context(locale="en-US", java_script_enabled=javascript,
                                                       viewport={"width": viewport[0], "height": viewport[1]},
                                                       service_workers="block", reduced_motion="reduce")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.go = lambda path: page.goto(self.site_server.url(path), wait_until="load")
            self.pages[viewport, javascript] = page, context.new_cdp_session(page)
        return self.pages[viewport, javascript]

    def reset(self, page: Any, cdp: Any) -> None:
        """Undo what a test may have left: the zone it chose, a slowed CPU; a page that cannot be
        reset is closed, and the next test gets a new one."""
        try:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
            if page.url.startswith("http"):
                page.evaluate("localStorage.clear()")
            page.goto("about:blank")
        except Exception:  # noqa: BLE001 - any failure: not reused
            self.pages = {key: value for key, value in self.pages.items() if value[0] is not page}
            page.context.close()

    def close(self) -> None:
        for page, _ in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def reader_pages(browser: Browser, site_server: StaticServer) -> Iterator[ReaderPages]:
    pages = ReaderPages(browser, site_server)
    yield pages
    pages.close()


@pytest.fixture
def reader(reader_pages: ReaderPages) -> Iterator[Any]:
    """`reader(zone, now, viewport=PHONE, javascript=True)` -> a page in that zone, its clock fixed at
    `now`; `.go(path)` to load a page of the site. The module's page for that viewport, reset after
    the test."""
    used = []

    def open_(zone: str, now: datetime, viewport: tuple[int, int] = PHONE, javascript: bool = True) -> Any:
        page, cdp = reader_pages.get(viewport, javascript)
        cdp.send("Emulation.setTimezoneOverride", {"timezoneId": zone})
        if javascript:
            page.clock.set_fixed_time(now)
        used.append((page, cdp))
        return page

    yield open_
    for page, cdp in dict.fromkeys(used):
        reader_pages.reset(page, cdp)


def events(sample_output: Path) -> list[dict]:
    return json.loads((sample_output / "events.json").read_text(encoding="utf-8"))["events"]


def on_readers_day(sample_output: Path, zone: str, day: date) -> set[str]:
    """Titles of the events with an occurrence on `day` in `zone` (all-day events on their own dates)."""
    found = set()
    for event in events(sample_output):
        for o in event["occurrences"]:
            if event["all_day"]:
                first, last = date.fromisoformat(o["start"][:10]), date.fromisoformat(o["end"][:10])  # inclusive
            else:
                start = datetime.fromisoformat(o["start_utc"].replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
                end = datetime.fromisoformat(o["end_utc"].replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
                first, last = start.date(), (end - timedelta(microseconds=1)).date()
            if first <= day <= last:
                found.add(("Cancelled: " if event["status"] == "cancelled" else
                           "Postponed: " if event["status"] == "postponed" else "") + event["title"])
    return found


def agenda_day(page: Any, heading: str) -> set[str]:
    """The titles listed under a day's heading. Their text, not their rendering (innerText): the
    browser lays out only the days near the screen (content-visibility)."""
    section = page.locator(".agenda-day", has=page.locator("h4, h3", has_text=re.compile(f"^{heading}$")))
    return set(section.locator("li > a").evaluate_all("links => links.map(a => a.textContent)"))


def test_the_first_phone_screen_shows_events_now_today_and_this_week(reader, sample_output: Path) -> None:
    page = reader("America/New_York", datetime(2025, 10, 14, 14, 0, tzinfo=UTC))  # Tue 14 Oct, 10:00 AM EDT
    page.go("/")
    page.screenshot(path=str(artifacts_dir() / "home-390x844-2025-10-14.png"))
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE[1] / 4
    on_screen = page.evaluate("""() => [...document.querySelectorAll('.agenda-list li')].filter(li => {
        const r = li.getBoundingClientRect(); return r.height > 0 && r.bottom <= innerHeight; }).length""")
    assert on_screen >= 3
    groups = page.locator("[data-agenda] h3").all_inner_texts()
    assert groups[:4] == ["Happening now", "Later today", "This week", "Other days"]
    assert "Playlists, Pathways and Choice Boards" in agenda_day(page, "Later today")  # 3:00 PM EDT today
    assert "Community Water Watch: A Collaborative Data Project" in agenda_day(page, "Happening now")
    assert agenda_day(page, "Wednesday 15 October") == on_readers_day(sample_output, "America/New_York", date(2025, 10, 15))
    assert "your time zone, America/New York" in page.locator("[data-agenda-note]").inner_text()
    assert not page.locator("form.filters").is_visible()  # folded: the events come first
    page.locator("summary", has_text="Menu").click()  # on a phone the zone picker is in the menu
    page.locator("#zone-input").fill("Kolkata")
    page.locator("#zone-input").press("Enter")
    assert "your time zone, Asia/Kolkata" in page.locator("[data-agenda-note]").inner_text()
    assert page.evaluate("localStorage.getItem('cem-zone')") == "Asia/Kolkata"


def test_without_javascript_the_home_page_lists_every_event_by_the_sites_days(reader, sample_output: Path) -> None:
    page = reader("Asia/Kolkata", datetime(2025, 10, 14, tzinfo=UTC), javascript=False)
    page.go("/")
    assert "America/New York, the site's time zone" in page.locator("[data-agenda-note]").inner_text()
    listed = {a.get_attribute("href") for a in page.locator(".agenda-list li > a").all()}
    assert listed == {"/" + e["url"].split("/", 3)[3] for e in events(sample_output)}
    tuesday = agenda_day(page, "Tuesday 14 October 2025")
    assert tuesday == on_readers_day(sample_output, "America/New_York", date(2025, 10, 14))
    assert page.locator(".agenda-list li", has_text="Playlists, Pathways").first.text_content().endswith("3:00–4:00 PM EDT")
    assert page.locator("summary", has_text="Menu").is_visible()
    page.locator("summary", has_text="Menu").click()  # the menu opens without JavaScript
    assert page.locator('nav[aria-label="Main"] a').first.is_visible()
    assert not page.locator("#zone-input").is_visible()


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Australia/Sydney", "Pacific/Honolulu"])
def test_the_readers_tuesday_lists_what_falls_on_it(reader, sample_output: Path, zone: str) -> None:
    expected = on_readers_day(sample_output, zone, date(2025, 10, 14))
    day = reader(zone, datetime(2025, 10, 12, 12, 0, tzinfo=UTC), viewport=DESKTOP if zone == "Asia/Kolkata" else PHONE)
    day.go("/")
    assert agenda_day(day, "Tuesday 14 October") == expected
    day.go("/days/2025-10-14/")
    shown = day.locator("li.event-item:visible .event-title a").evaluate_all(
        "links => links.map(a => a.firstChild.textContent)")
    assert sorted(shown) == sorted(t.removeprefix("Cancelled: ").removeprefix("Postponed: ") for t in expected)
    assert f"your time zone, {zone.replace('_', ' ')}" in day.locator("[data-day-note]").inner_text()


def test_a_time_says_the_events_own_and_the_readers(reader) -> None:
    page = reader("Asia/Kolkata", datetime(2025, 9, 1, tzinfo=UTC), viewport=DESKTOP)
    page.go("/")
    item = page.locator(".agenda-list li", has=page.locator(f'a[href="{KEYNOTE}"]'))
    assert item.locator(".agenda-time").inner_text() == "10:00–11:15 AM EDT · 7:30–8:45 PM your time"
    assert agenda_day(page, "Wednesday 1 October") >= {"Opening Keynote: Connected Classrooms, Connected Communities"}
    cell = page.locator('.month-grid td[data-date="2025-10-01"] .cell-time').first
    assert cell.is_visible() and cell.inner_text() == "7:30 PM"  # the desktop grid shows the reader's times
    page.go(KEYNOTE)
    assert page.locator(".when time").inner_text().endswith("· 7:30–8:45 PM your time")


def test_on_the_day_the_clocks_change_the_readers_days_hold(reader, sample_output: Path) -> None:
    # 1:30 AM on Sun 2 Nov 2025 happens twice in New York; the month is over, so nothing is now or later.
    page = reader("America/New_York", datetime(2025, 11, 2, 6, 30, tzinfo=UTC))
    page.go("/")
    assert page.locator("[data-agenda] h3").all_inner_texts() == ["Other days"]
    assert agenda_day(page, "Friday 31 October") == on_readers_day(sample_output, "America/New_York", date(2025, 10, 31))
    page.go(KEYNOTE)
    assert page.locator("[data-phase-note]").inner_text().startswith("This event has ended.")


def test_an_event_page_leads_with_what_fits_its_moment(reader) -> None:
    before = reader("Pacific/Honolulu", datetime(2025, 9, 30, tzinfo=UTC), viewport=DESKTOP)
    before.go(KEYNOTE)
    assert before.locator("article").get_attribute("data-phase") == "upcoming"
    assert before.evaluate("document.querySelector('.event-header').nextElementSibling.className") == "add-to-calendar"
    assert before.locator("a.button", has_text="Register").is_visible()
    during = reader("Pacific/Honolulu", datetime(2025, 10, 2, 17, 30, tzinfo=UTC), viewport=DESKTOP)
    during.go(LIVE)
    assert during.locator("[data-phase-note]").inner_text() == "Happening now."
    assert during.locator("[data-actions] a").first.inner_text().startswith("Join")
    after = reader("Pacific/Honolulu", datetime(2025, 10, 20, tzinfo=UTC), viewport=DESKTOP)
    after.go(KEYNOTE)
    assert after.locator("[data-phase-note]").inner_text() == "This event has ended. Its recording and materials are below."
    assert not after.locator("a.button", has_text="Register").is_visible()
    assert not after.locator(".add-to-calendar").is_visible()
    assert after.evaluate("document.querySelector('.lead').nextElementSibling.classList.contains('archive')")
    after.go(WEEKLY)
    note = after.locator("[data-phase-note]").inner_text()
    assert note.startswith("Next session: Thu 23 Oct 2025") and "your time" in note
    assert after.locator(".sessions li.session-past").count() >= 1


def test_without_javascript_an_event_page_is_complete(reader) -> None:
    page = reader("Asia/Kolkata", datetime(2025, 10, 20, tzinfo=UTC), javascript=False)
    page.go(KEYNOTE)
    assert page.locator("a.button", has_text="Register").is_visible()
    assert page.locator(".add-to-calendar").is_visible() and page.locator(".archive").is_visible()
    assert not page.locator("[data-phase-note]").is_visible()
    assert page.locator(".when time").inner_text() == "Wed 1 Oct 2025, 10:00–11:15 AM EDT, America/New_York"


LAYOUT_SHIFT = """() => new Promise(done => { let total = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
      .observe({type: 'layout-shift', buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => done(total))); })"""


def test_what_the_script_changes_moves_nothing(reader) -> None:
    """The first paint waits for site.js (blocking="render"): on a slow phone the regrouped home
    page, a day page and an event page that reorders itself shift no layout."""
    page = reader("Asia/Kolkata", datetime(2025, 10, 14, 14, 0, tzinfo=UTC))
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})  # `reader` resets it
    for path in ("/", "/days/2025-10-14/", KEYNOTE):
        page.go(path)
        assert page.evaluate(LAYOUT_SHIFT) == 0, path


def test_the_scripts_clock_reads_as_intl_in_every_zone(reader) -> None:
    """site.js reads dates and clocks from each zone's offset, asked of Intl once a week (a long list
    is thousands of times): in every zone Chromium knows, through 2025 and 2026 and at each change of
    its clocks (to the millisecond either side), it reads as Intl does."""
    page = reader("UTC", datetime(2025, 10, 14, tzinfo=UTC), viewport=DESKTOP)
    page.go("/")
    differ = page.evaluate("""() => {
        const fields = ["weekday", "day", "month", "year", "hour", "minute", "dayPeriod", "timeZoneName"], bad = [];
        for (const zone of Intl.supportedValuesOf("timeZone")) {
          const format = new Intl.DateTimeFormat("en-US", {timeZone: zone, weekday: "short", day: "numeric", month: "short",
            year: "numeric", hour: "numeric", minute: "2-digit", hour12: true, timeZoneName: "short"});
          const intl = at => {
            const out = {};
            format.formatToParts(new Date(at)).forEach(p => { out[p.type] = p.value; });
            return out;
          };
          const same = at => { const want = intl(at), got = window.CEM.parts(new Date(at), zone);
            if (fields.some(f => want[f] !== got[f])) bad.push(zone + " " + new Date(at).toISOString()); return want; };
          // two weeks and 97 minutes apart: every time of day comes round; a change of name is found to the millisecond
          let last = Date.UTC(2025, 0, 1), name = same(last).timeZoneName;
          for (let time = last; time < Date.UTC(2027, 0, 1); last = time, time += (14 * 24 * 60 + 97) * 60000) {
            if (same(time).timeZoneName === name) continue;
            let low = last, high = time;
            while (high - low > 1) { const mid = Math.floor((low + high) / 2);
              if (intl(mid).timeZoneName === name) low = mid; else high = mid; }
            same(low); same(high); same(high + 59999);
            name = same(time).timeZoneName;
          }
        }
        return bad.slice(0, 5);
    }""")
    assert differ == []
