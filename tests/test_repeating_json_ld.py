"""A repeating event's JSON-LD gives every occurrence: a schema.org eventSchedule (Schedule), read
from the built page with html5lib and expanded here by schema.org's rules, must yield exactly the
occurrences ical.js finds in the event's .ics file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import run_cli
from tests.test_calendars import ical_js
from tests.test_found_and_shared import json_ld

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def expand(schedule: dict) -> list[str]:
    """Each occurrence's start, as parse_ics.mjs writes it: a UTC instant, or a date for all-day ones."""
    assert schedule["@type"] == "Schedule"
    assert schedule["repeatFrequency"] in ("P1D", "P1W")
    days = []
    day, last = date.fromisoformat(schedule["startDate"]), date.fromisoformat(schedule["endDate"])
    while day <= last:
        if schedule["repeatFrequency"] == "P1D" or schedule["byDay"] == "https://schema.org/" + WEEKDAYS[day.weekday()]:
            days.append(day)
        day += timedelta(days=1)
    if "startTime" not in schedule:
        return [d.isoformat() for d in days]
    zone = ZoneInfo(schedule["scheduleTimezone"])
    clock = time.fromisoformat(schedule["startTime"])
    return [datetime.combine(d, clock, zone).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z") for d in days]


def occurrences_in_ics(output: Path, slug: str) -> list[str]:
    path = output / "events" / f"{slug}.ics"
    (event,) = ical_js(path)[str(path)]["events"]
    return event["occurrences"]


def test_the_sample_weekly_chat_lists_every_thursday(sample_output: Path) -> None:
    data = json_ld(sample_output / "events" / "cemchat-thursday-weekly" / "index.html")
    schedule = data["eventSchedule"]
    assert schedule == {"@type": "Schedule", "repeatFrequency": "P1W", "byDay": "https://schema.org/Thursday",
                        "startDate": "2025-10-02", "endDate": "2025-10-30", "startTime": "20:00:00",
                        "endTime": "21:00:00", "duration": "PT1H", "scheduleTimezone": "America/New_York"}
    assert data["startDate"] == "2025-10-02T20:00:00-04:00"  # the first occurrence
    occurrences = expand(schedule)
    assert len(occurrences) == 5
    assert occurrences == occurrences_in_ics(sample_output, "cemchat-thursday-weekly")


def test_every_shape_of_repeat_gives_every_occurrence(make_site, tmp_path: Path) -> None:
    def event(start: str, end: str, zone: str, repeat: str = "") -> str:
        return (f"---\ntitle: T\nstart: {start}\nend: {end}\ntimezone: {zone}\ntype: chat\ntopics: [Literacy]\n"
                f"partner: P\n{repeat}---\n")

    content = make_site({
        # daily at 08:00 in London across the end of summer time (26 October)
        "events/daily-london.md": event("2025-10-22T08:00", "2025-10-22T09:30", "Europe/London",
                                        "repeat: daily\nuntil: 2025-10-29\n"),
        # weekly over midnight in Sydney, whose summer time began on 5 October
        "events/late-sydney.md": event("2025-09-30T23:30", "2025-10-01T00:15", "Australia/Sydney",
                                       "repeat: weekly\nuntil: 2025-10-21\n"),
        # weekly, all day, two days at a time
        "events/gallery.md": event("2025-10-10", "2025-10-11", "Asia/Tokyo", "repeat: weekly\nuntil: 2025-10-24\n"),
        "events/once.md": event("2025-10-14T15:00", "2025-10-14T16:00", "America/Chicago"),
        "events/repeat-once.md": event("2025-10-14T15:00", "2025-10-14T16:00", "America/Chicago",
                                       "repeat: weekly\nuntil: 2025-10-20\n"),
    })
    output = tmp_path / "out"
    result = run_cli("build", "--content", str(content), "--out", str(output))
    assert result.returncode == 0, result.stderr
    expected = {"daily-london": (8, "P1D", "PT1H30M"), "late-sydney": (4, "P1W", "PT45M"), "gallery": (3, "P1W", "P2D")}
    for slug, (count, frequency, duration) in expected.items():
        data = json_ld(output / "events" / slug / "index.html")
        schedule = data["eventSchedule"]
        assert (schedule["repeatFrequency"], schedule["duration"]) == (frequency, duration), slug
        occurrences = expand(schedule)
        assert len(occurrences) == count, slug
        assert occurrences == occurrences_in_ics(output, slug), slug
    london = expand(json_ld(output / "events" / "daily-london" / "index.html")["eventSchedule"])
    assert london[0].startswith("2025-10-22T07:00") and london[-1].startswith("2025-10-29T08:00")
    assert json_ld(output / "events" / "gallery" / "index.html")["eventSchedule"]["byDay"] == "https://schema.org/Friday"
    for slug in ("once", "repeat-once"):  # a single occurrence needs no schedule
        assert "eventSchedule" not in json_ld(output / "events" / slug / "index.html"), slug
