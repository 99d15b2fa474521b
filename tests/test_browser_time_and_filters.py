"""In the reader's own time, and finding the right event: proven in Chromium with the reader's
zone and clock set by the test (Playwright's timezone_id and clock), never the machine's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import SAMPLE_CONTENT
from tests.reading import front_matter

KEYNOTE = "/events/kickoff-keynote-connected-classrooms/"  # Wed 1 Oct 2025, 10:00-11:15 AM EDT


@pytest.fixture
def reader(reader_page: Callable[..., Any]) -> Callable[..., Any]:
    """`reader(path, zone="Asia/Tokyo", now=None, javascript=True)`: a page seen by a reader in `zone` at
    `now` (tests/browser.py reader_page)."""
    return lambda path, zone="Asia/Tokyo", **options: reader_page(path, zone, **options)


def test_times_show_the_events_own_time_and_the_readers(reader) -> None:
    page = reader(KEYNOTE, zone="Asia/Tokyo")
    when = page.locator(".when time").first
    assert when.inner_text() == ("Wed 1 Oct 2025, 10:00–11:15 AM EDT, America/New_York · "
                                 "11:00 PM – Thu 2 Oct, 12:15 AM your time")
    assert "and in yours: Asia/Tokyo" in page.locator("#zone-note").inner_text()
    assert when.get_attribute("datetime") == "2025-10-01T10:00:00-04:00"  # the markup keeps the event's zone
    same = reader(KEYNOTE, zone="America/New_York")  # the reader's clock reads as the event's: said once
    assert same.locator(".when time").first.inner_text() == "Wed 1 Oct 2025, 10:00–11:15 AM EDT, America/New_York"


def test_without_javascript_the_events_own_zone_shows(reader) -> None:
    page = reader(KEYNOTE, zone="Asia/Tokyo", javascript=False)
    assert page.locator(".when time").first.inner_text() == "Wed 1 Oct 2025, 10:00–11:15 AM EDT, America/New_York"
    assert page.locator("#zone-note").inner_text() == "Times are in each event's own time zone."


def test_the_zone_picker_finds_cities_and_is_remembered(reader) -> None:
    page = reader(KEYNOTE, zone="America/Los_Angeles")
    assert "· 7:00–8:15 AM your time" in page.locator(".when time").first.inner_text()
    assert not page.locator("summary", has_text="Menu").is_visible()  # wide screens show the menu open
    field = page.locator("#zone-input")
    assert field.input_value() == "America/Los_Angeles"
    field.focus()  # the list of zones is made when first wanted
    options = page.evaluate("[...document.querySelectorAll('#zone-list option')].map(o => o.value)")
    assert options[0] == "America/Los_Angeles" and "Asia/Kolkata" in options and "Asia/Calcutta" not in options
    field.fill("london")
    field.press("Enter")
    assert "· 3:00–4:15 PM your time" in page.locator(".when time").first.inner_text()
    assert field.input_value() == "Europe/London"
    page.reload()
    assert "and in yours: Europe/London" in page.locator("#zone-note").inner_text()
    field.fill("Atlantis")
    field.press("Enter")
    assert field.get_attribute("aria-invalid") == "true"
    assert "No time zone matches" in page.locator(".zone-help").inner_text()


@pytest.mark.parametrize(("now", "label"), [
    (datetime(2025, 10, 1, 14, 30, tzinfo=UTC), "Happening now"),
    (datetime(2025, 10, 1, 13, 30, tzinfo=UTC), "Starting soon"),
    (datetime(2025, 10, 1, 16, 0, tzinfo=UTC), "Past"),
    (datetime(2025, 9, 1, 12, 0, tzinfo=UTC), ""),
])
def test_happening_now_is_decided_by_the_readers_clock(reader, now: datetime, label: str) -> None:
    page = reader("/days/2025-10-01/", zone="America/Chicago", now=now)
    item = page.locator("li.event-item", has=page.locator(f'a[href="{KEYNOTE}"]')).first
    live = item.locator(".live")
    assert (live.inner_text() if live.count() else "") == label


def test_the_calendar_marks_today_when_today_is_in_the_month(reader) -> None:
    page = reader("/", zone="America/New_York", now=datetime(2025, 10, 16, 15, 0, tzinfo=UTC))
    today = page.locator('td[aria-current="date"]')
    assert today.count() == 1 and today.get_attribute("data-date") == "2025-10-16"
    assert page.evaluate("window.scrollY") == 0  # the events come first: the page stays at its top
    later = reader("/", zone="America/New_York", now=datetime(2026, 3, 1, 15, 0, tzinfo=UTC))
    assert later.locator('td[aria-current="date"]').count() == 0


def sample_events() -> dict[str, dict]:
    return {p.stem: front_matter(p) for p in sorted((SAMPLE_CONTENT / "events").glob("*.md"))}


def test_filters_in_the_url_narrow_a_list_page(reader) -> None:
    events = sample_events()
    literacy_webinars = {s for s, fm in events.items() if fm["type"] == "webinar" and "Literacy" in fm["topics"]}
    page = reader("/topics/literacy/?type=webinar", zone="America/New_York")
    visible = {a.get_attribute("href").strip("/").split("/")[-1]
               for a in page.locator("li.event-item:visible .event-title a").all()}
    assert visible == literacy_webinars and visible
    assert page.locator("select[name=type]").input_value() == "webinar"
    assert f"{len(visible)} of" in page.locator(".filter-count").inner_text()


def test_filters_on_the_calendar_are_shareable(reader) -> None:
    events = sample_events()
    expected = {s for s, fm in events.items() if "Literacy" in fm["topics"] and fm["type"] == "webinar"}
    page = reader("/", zone="America/New_York")
    page.locator("summary", has_text="Filter events").click()
    page.select_option("select[name=topic]", "literacy")
    page.select_option("select[name=type]", "webinar")
    page.get_by_role("button", name="Apply filters").click()
    assert "topic=literacy" in page.url and "type=webinar" in page.url
    results = page.locator("#filter-results li a")
    results.first.wait_for()
    found = {a.get_attribute("href").strip("/").split("/")[-1] for a in results.all()}
    assert found == expected
    shared = reader(page.url.split("127.0.0.1")[1].split("/", 1)[1].join(["/", ""]), zone="America/New_York")
    shared.locator("#filter-results li a").first.wait_for()
    assert shared.locator("#filter-results li a").count() == len(expected)


def test_time_of_day_follows_the_readers_zone(reader) -> None:
    page = reader("/days/2025-10-01/?time=morning", zone="America/New_York")
    morning_ny = page.locator("li.event-item:visible").count()
    page_tokyo = reader("/days/2025-10-01/?time=morning", zone="Asia/Tokyo")
    morning_tokyo = page_tokyo.locator("li.event-item:visible").count()
    assert morning_ny > 0 and morning_ny != morning_tokyo  # 10 AM in New York is 11 PM in Tokyo


def test_without_javascript_the_filter_form_is_absent(reader) -> None:
    page = reader("/", zone="America/New_York", javascript=False)
    assert not page.locator("form.filters").is_visible()
    assert page.locator('a[href="/topics/literacy/"]').count() > 0  # the static filters


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name'), text: (e.innerText || '').trim(),
                href: e.getAttribute('href'), inResults: !!e.closest('#filter-results')}; }""")


def tab_until(page, test, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if test(state):
            return state
    raise AssertionError(f"not reached in {limit} presses of Tab; last focus {focused(page)}")


def test_keyboard_only_from_the_calendar_to_a_registration_link(reader) -> None:
    # Before the month: an event that has ended leads with its recording, not its registration.
    page = reader("/", zone="America/New_York", now=datetime(2025, 9, 15, 12, 0, tzinfo=UTC))
    tab_until(page, lambda s: s["tag"] == "summary" and s["text"] == "Filter events")
    page.keyboard.press("Enter")
    tab_until(page, lambda s: s["tag"] == "select" and s["name"] == "topic")
    page.keyboard.type("Literacy")
    assert page.locator("select[name=topic]").input_value() == "literacy"
    tab_until(page, lambda s: s["tag"] == "button" and s["text"] == "Apply filters")
    page.keyboard.press("Enter")
    page.locator("#filter-results li a").first.wait_for()
    link = tab_until(page, lambda s: s["tag"] == "a" and s["inResults"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{link['href']}")
    register = tab_until(page, lambda s: s["tag"] == "a" and s["text"].startswith("Register or join"))
    assert register["href"].startswith("https://")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
