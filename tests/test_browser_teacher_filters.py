"""Filtering by what teachers choose on (free, grade band, language, accessibility), in Chromium:
from the URL on a list page, from the form on the calendar (whose results come from events.json),
and, without JavaScript, the same facts shown as text."""

from __future__ import annotations

from tests.test_browser_time_and_filters import reader, sample_events  # noqa: F401 - `reader` is a fixture

STEM = "/topics/stem-education/"


def slugs(locator) -> set[str]:  # noqa: ANN001
    return {a.get_attribute("href").strip("/").split("/")[-1] for a in locator.all()}


def test_free_grade_and_accessibility_filters_with_and_without_javascript(reader) -> None:  # noqa: F811
    events = sample_events()
    stem = {s for s, fm in events.items() if "STEM Education" in fm["topics"]}
    free_middle = {s for s in stem if events[s].get("cost") == "free" and "6-8" in str(events[s].get("grades", ""))}
    page = reader(STEM + "?cost=free&grade=6-8", zone="America/New_York")
    assert slugs(page.locator("li.event-item:visible .event-title a")) == free_middle and free_middle
    assert page.locator("input[name=cost]").is_checked() and page.locator("select[name=grade]").input_value() == "6-8"

    captioned = {s for s, fm in events.items() if "captions" in str(fm.get("accessibility", ""))}
    calendar = reader("/", zone="America/New_York")
    calendar.locator("summary", has_text="Filter events").click()  # folded, so the events come first
    calendar.select_option("select[name=accessibility]", "captions")
    calendar.get_by_role("button", name="Apply filters").click()
    assert "accessibility=captions" in calendar.url and "cost=" not in calendar.url
    results = calendar.locator("#filter-results li a")
    results.first.wait_for()
    assert slugs(results) == captioned and captioned
    calendar.locator("input[name=cost]").check()
    calendar.get_by_role("button", name="Apply filters").click()
    assert "cost=free" in calendar.url

    plain = reader(STEM, zone="America/New_York", javascript=False)
    assert not plain.locator("form.filters").is_visible()
    facts = plain.locator(".event-facts").all_inner_texts()
    assert "Free · Grades 6-8, 9-12 · PD credit: 1 hour, certificate given · Zoom" in facts
