"""Model: frozen, sorted, with occurrences and indexes computed once."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from builder.content.model import build_site
from builder.content.sources import load
from builder.content.validation import validate
from builder.pipeline import check
from tests.conftest import GOOD_EVENT, SITE_YML


def site_from(content):
    sources, problems = load(content)
    return build_site(validate(sources, problems))


def event(title: str, start: str, end: str, extra: str = "", partner: str = "Literacy Network") -> str:
    return (f"---\ntitle: \"{title}\"\nstart: {start}\nend: {end}\ntype: chat\ntopics: [Literacy]\n"
            f"partner: {partner}\n{extra}---\n")


def test_weekly_event_keeps_its_wall_time_across_daylight_saving(make_site) -> None:
    site = site_from(make_site({"events/chat.md": event(
        "Chat", "2025-10-23T20:00", "2025-10-23T21:00", "repeat: weekly\nuntil: 2025-11-13\n")}))
    (chat,) = site.events
    assert [o.start.strftime("%m-%d %H:%M") for o in chat.occurrences] == \
        ["10-23 20:00", "10-30 20:00", "11-06 20:00", "11-13 20:00"]
    utc = [o.start.astimezone(UTC).hour for o in chat.occurrences]
    assert utc == [0, 0, 1, 1]  # EDT then EST
    assert set(site.by_day) == {date(2025, 10, 23), date(2025, 10, 30), date(2025, 11, 6), date(2025, 11, 13)}


def test_all_day_events_end_after_their_last_day_and_run_on_each_day(make_site) -> None:
    site = site_from(make_site({"events/contest.md": event("Contest", "2025-10-06", "2025-10-08")}))
    (contest,) = site.events
    assert contest.all_day and contest.last_day == date(2025, 10, 8)
    assert contest.end.replace(tzinfo=None) == datetime(2025, 10, 9)  # noqa: DTZ001 (a wall time)
    assert list(site.by_day) == [date(2025, 10, 6)]
    assert list(site.ongoing_by_day) == [date(2025, 10, 7), date(2025, 10, 8)]


def test_lists_sort_by_start_then_title(make_site) -> None:
    site = site_from(make_site({
        "events/b.md": event("Beta", "2025-10-14T15:00", "2025-10-14T16:00"),
        "events/a.md": event("alpha", "2025-10-14T15:00", "2025-10-14T16:00"),
        "events/c.md": event("Cedar", "2025-10-14T13:00", "2025-10-14T14:00", "timezone: America/Chicago\n"),
        "events/d.md": event("Delta", "2025-10-13T20:00", "2025-10-13T21:00"),
    }))
    assert [e.slug for e in site.events] == ["d", "c", "a", "b"]
    assert [e.slug for e in site.by_day[date(2025, 10, 14)]] == ["c", "a", "b"]
    assert [e.slug for e in site.by_topic["literacy"]] == ["d", "c", "a", "b"]


def test_a_partner_named_by_slug_or_name_is_one_partner(make_site) -> None:
    site = site_from(make_site({
        "partners/lit-net.md": "---\nname: Literacy Network\nurl: https://lit.example.org\n---\nAbout us.\n",
        "events/a.md": event("A", "2025-10-14T15:00", "2025-10-14T16:00", partner="lit-net"),
        "events/b.md": event("B", "2025-10-15T15:00", "2025-10-15T16:00", partner="Literacy Network"),
        "events/c.md": event("C", "2025-10-16T15:00", "2025-10-16T16:00", partner="Rural Schools Collaborative"),
    }, SITE_YML + "partners: [Rural Schools Collaborative]\n"))
    assert [p.slug for p in site.partners] == ["lit-net", "rural-schools-collaborative"]
    assert [e.slug for e in site.by_partner["lit-net"]] == ["a", "b"]
    assert site.partners[0].has_profile and not site.partners[1].has_profile


def test_the_site_is_frozen(make_site) -> None:
    site = site_from(make_site({"events/a.md": GOOD_EVENT}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.events[0].title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        site.by_day[date(2025, 10, 1)] = ()  # type: ignore[index]


def test_check_returns_warnings_and_writes_nothing(make_site, tmp_path) -> None:
    content = make_site({"events/a.md": GOOD_EVENT, "events/readme.txt": "notes"})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    warnings = check(content)
    assert [w.severity for w in warnings] == ["warning"]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
