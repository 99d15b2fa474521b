"""The conference programme, stars, My schedule and What's new, in Chromium with the reader's zone
and clock set by the test (assets/my.js), and the /new/ feeds read back by feedparser."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tests.browser import PROJECT

HOST = "connectededucators.example.org"
KEYNOTE = "kickoff-keynote-connected-classrooms"  # 10:00-11:15 AM EDT 1 Oct; its title has a comma
AT_1130 = ("student-discourse-routines", "district-professional-learning-strategy")  # both 11:30 AM EDT 1 Oct
LATE = "open-textbooks-science-classroom"  # 3 PM EDT 1 Oct: after midnight in Kolkata


@pytest.fixture
def reader(reader_page: Callable[..., Any]) -> Callable[..., Any]:
    """`reader(path, zone="Asia/Kolkata", now=None, width=1440, javascript=True)` (tests/browser.py reader_page)."""
    return lambda path, zone="Asia/Kolkata", **options: reader_page(path, zone, **options)


def session(page: Any, slug: str) -> Any:
    return page.locator(f'li.session[data-slug="{slug}"]')


def test_the_programme_regroups_in_the_readers_zone_as_a_grid_or_a_list(reader) -> None:
    page = reader("/conference/", now=datetime(2025, 10, 1, 14, 30, tzinfo=UTC))  # the keynote is on
    assert page.locator("[data-programme-zone]").inner_text() in (
        "Times are in Asia/Kolkata time.", "Times are in Asia/Calcutta time.")  # ICU may use the old name
    assert "on now" in page.locator("[data-conference-state]").inner_text()
    days = page.locator(".programme-day h2").all_inner_texts()
    assert days == ["Wednesday, October 1, 2025", "Thursday, October 2, 2025", "Friday, October 3, 2025"]
    first_day = page.locator(".programme-day").first
    assert first_day.locator(".slot-time").first.inner_text() == "7:30 PM GMT+5:30"
    assert session(page, LATE).locator("xpath=ancestor::section").locator("h2").inner_text().startswith("Thursday")
    assert session(page, KEYNOTE).get_attribute("data-live") == "now"
    # Wide: the two 11:30 sessions side by side, each in its track's column; narrow: one above the other.
    left, right = (session(page, slug).bounding_box() for slug in AT_1130)
    assert left["y"] == right["y"] and left["x"] < right["x"]
    page.set_viewport_size({"width": 390, "height": 900})
    left, right = (session(page, slug).bounding_box() for slug in AT_1130)
    assert left["x"] == right["x"] and left["y"] < right["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert session(page, AT_1130[0]).locator(".session-track").inner_text() == "Classroom Practice"
    assert not page.errors

    before = reader("/conference/", zone="America/New_York", now=datetime(2025, 9, 20, tzinfo=UTC))
    assert before.locator("[data-conference-state]").inner_text() == \
        "The conference begins Wednesday, October 1, 2025 at 10:00 AM EDT."
    assert before.locator(".programme-day h2").all_inner_texts()[:2] == \
        ["Wednesday, October 1, 2025", "Thursday, October 2, 2025"]
    # Another zone chosen in the page's picker regroups the programme at once, without a reload.
    before.locator("#zone-input").fill("Kolkata")
    before.locator("#zone-input").press("Enter")
    assert before.locator("[data-conference-state]").inner_text() == \
        "The conference begins Wednesday, October 1, 2025 at 7:30 PM GMT+5:30."
    assert not before.errors


def test_without_javascript_the_programme_is_whole_in_the_sites_zone_and_my_page_says_why(reader) -> None:
    page = reader("/conference/", javascript=False, width=390)
    assert page.locator("[data-programme-zone]").inner_text().startswith("Times are in America/New_York time")
    assert page.locator("li.session").count() == 13  # every conference session of the sample
    assert page.locator("button.star:visible").count() == 0
    mine = reader("/my/", javascript=False)
    text = mine.locator("main").inner_text()
    assert "needs JavaScript" in text and "My schedule" in text
    assert mine.locator('[data-my-needs-js] a[href="/"]').is_visible()
    assert mine.locator("button:visible").count() == 0


def test_stars_gather_my_schedule_with_overlaps_a_share_link_and_an_ics(reader, tmp_path: Path) -> None:
    page = reader("/conference/", width=390, now=datetime(2025, 9, 20, tzinfo=UTC))
    star = session(page, KEYNOTE).locator("button.star")
    assert star.get_attribute("aria-pressed") == "false"
    assert star.evaluate("b => b.textContent") == "★My schedule: " + \
        "Opening Keynote: Connected Classrooms, Connected Communities"
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    for slug in AT_1130:  # by keyboard
        session(page, slug).locator("button.star").focus()
        page.keyboard.press("Space")
    page.wait_for_function("document.querySelectorAll('button.star[aria-pressed=true]').length === 3")
    page.goto(page.url.replace("/conference/", "/my/"))
    items = page.locator("[data-my-list] > li")
    items.nth(2).wait_for()
    assert not page.locator("[data-my-needs-js]").is_visible()
    assert items.count() == 3
    assert page.locator("[data-my-list] .overlap").count() == 2
    assert "Overlaps with" in items.nth(1).inner_text() and "Overlaps with" not in items.nth(0).inner_text()
    assert "Wednesday, October 1, 2025, 7:30 PM – 8:45 PM GMT+5:30" in items.nth(0).inner_text()
    share = page.locator("[data-my-share]").get_attribute("href")
    assert share.endswith("/my/?e=" + ",".join([KEYNOTE, *sorted(AT_1130)])) or \
        set(share.split("?e=")[1].split(",")) == {KEYNOTE, *AT_1130}

    with page.expect_download() as download:
        page.locator("[data-my-ics]").click()
    saved = tmp_path / "my.ics"
    download.value.save_as(saved)
    raw = saved.read_bytes()
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert b"SUMMARY:Opening Keynote: Connected Classrooms\\, Connected Communities" in raw.replace(b"\r\n ", b"")
    parsed = json.loads(subprocess.run(["node", str(PROJECT / "tests" / "js" / "parse_ics.mjs"), str(saved)],
                                       capture_output=True, text=True, check=True, timeout=60).stdout)[str(saved)]
    events = {e["uid"]: e for e in parsed["events"]}
    assert set(events) == {f"{slug}@{HOST}" for slug in (KEYNOTE, *AT_1130)}
    keynote = events[f"{KEYNOTE}@{HOST}"]
    assert keynote["summary"] == "Opening Keynote: Connected Classrooms, Connected Communities"
    assert (keynote["start"], keynote["end"]) == ("2025-10-01T14:00:00.000Z", "2025-10-01T15:15:00.000Z")

    other = reader(share.replace(re.match(r"https?://[^/]+", share).group(0), ""), zone="Europe/Paris")
    other.locator("[data-my-list] > li").nth(2).wait_for()
    assert other.locator("[data-my-shared]").is_visible()
    assert "4:00 PM – 5:15 PM GMT+2" in other.locator("[data-my-list] > li").first.inner_text()
    assert not page.errors and not other.errors


def test_whats_new_page_feed_and_the_home_pages_week(reader, sample_output: Path) -> None:
    new = (sample_output / "new" / "index.html").read_text(encoding="utf-8")
    days = re.findall(r'<h2 id="new-(\d{4}-\d\d-\d\d)">Announced ', new)
    assert len(days) > 5 and days == sorted(days, reverse=True)  # grouped by day, newest first
    assert new.count('class="event-item') == len(list((PROJECT / "content" / "events").glob("*.md")))
    for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
        parsed = feedparser.parse((sample_output / "new" / name).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == version and len(parsed.entries) >= 50
        dates = [entry.published_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True)  # newest first
    home = reader("/", now=datetime(2025, 9, 24, 12, tzinfo=UTC))
    strip = home.locator("[data-announced]")
    assert strip.locator("h2").inner_text() == "Announced this week"
    shown = strip.locator("li:visible")
    assert 0 < shown.count() < strip.locator("li").count()
    later = reader("/", now=datetime(2026, 1, 1, tzinfo=UTC))
    assert not later.locator("[data-announced]").is_visible()
