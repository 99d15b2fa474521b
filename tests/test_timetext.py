"""Times written out for people, in the event's own zone, whatever the machine's locale."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from builder.outputs.timetext import span_text, time_range_text


def at(text: str, zone: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize(("start", "end", "zone", "all_day", "expected"), [
    ("2025-10-14T15:00", "2025-10-14T16:00", "America/Chicago", False,
     "Tue 14 Oct 2025, 3:00–4:00 PM CDT, America/Chicago"),
    ("2025-10-14T11:30", "2025-10-14T12:15", "America/New_York", False,
     "Tue 14 Oct 2025, 11:30 AM–12:15 PM EDT, America/New_York"),
    ("2025-10-09T18:30", "2025-10-09T19:30", "Asia/Kolkata", False,
     "Thu 9 Oct 2025, 6:30–7:30 PM IST, Asia/Kolkata"),
    ("2025-10-09T09:00", "2025-10-09T10:00", "America/Sao_Paulo", False,
     "Thu 9 Oct 2025, 9:00–10:00 AM UTC-3, America/Sao_Paulo"),
    ("2025-10-26T00:30", "2025-10-26T02:30", "Europe/London", False,
     "Sun 26 Oct 2025, 12:30 AM BST – 2:30 AM GMT, Europe/London"),
    ("2025-10-14T23:00", "2025-10-15T01:00", "America/Phoenix", False,
     "Tue 14 Oct 2025, 11:00 PM MST – Wed 15 Oct 2025, 1:00 AM MST, America/Phoenix"),
    ("2025-10-15T00:00", "2025-10-16T00:00", "America/New_York", True, "Wed 15 Oct 2025 (all day)"),
    ("2025-10-06T00:00", "2025-10-25T00:00", "America/New_York", True,
     "Mon 6 Oct 2025 – Fri 24 Oct 2025 (all day)"),
])
def test_span_text(start: str, end: str, zone: str, all_day: bool, expected: str) -> None:
    assert span_text(at(start, zone), at(end, zone), zone, all_day) == expected


def test_short_range_for_lists() -> None:
    zone = "America/Denver"
    assert time_range_text(at("2025-10-14T09:00", zone), at("2025-10-14T13:00", zone), False) == "9:00 AM–1:00 PM MDT"
    assert time_range_text(at("2025-10-14T00:00", zone), at("2025-10-15T00:00", zone), True) == "All day"
