"""The kick-off conference programme (/conference/) and what was announced lately (/new/ and the
home page's strip): the model's events arranged for those pages, in the site's zone.

Pages show times in the site's zone without JavaScript; in the browser, assets/my.js regroups
the programme by the reader's zone. Nothing here reads the clock: which announcements are "this
week" is decided by the reader's browser.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from builder.content.model import Event, Site
from builder.outputs.schedule_xml import SESSION_TYPE, room_of
from builder.outputs.timetext import clock, zone_abbreviation

ANNOUNCED_STRIP = 8  # the most recent announcements the home page lists (the browser keeps the last 7 days')
NEW_PAGE = 200  # the most recent announcements /new/ lists: news, not a second calendar of every event


@dataclass(frozen=True)
class Slot:
    start: datetime  # in the site's zone
    label: str  # its time there, "10:00 AM EDT"
    sessions: tuple[tuple[int, Event], ...]  # (the track's column, from 1; the session), by track


@dataclass(frozen=True)
class ProgrammeDay:
    day: date
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Programme:
    tracks: tuple[str, ...]  # by name; a session without one is in schedule_xml's DEFAULT_ROOM
    days: tuple[ProgrammeDay, ...]


def conference_sessions(site: Site) -> tuple[Event, ...]:
    return tuple(event for event in site.events if event.type.slug == SESSION_TYPE)


def programme(site: Site, events: tuple[Event, ...]) -> Programme:
    """Days in the site's zone, each a list of time slots (sessions starting at the same moment)."""
    zone = ZoneInfo(site.info.timezone)
    tracks = tuple(sorted({room_of(event) for event in events}))
    column = {name: index for index, name in enumerate(tracks, start=1)}
    days: dict[date, dict[datetime, list[Event]]] = defaultdict(lambda: defaultdict(list))
    for event in events:
        start = event.start.astimezone(zone)
        days[start.date()][start].append(event)
    def slot(start: datetime, events: list[Event]) -> Slot:
        placed = sorted(((column[room_of(e)], e) for e in events), key=lambda pair: (pair[0], pair[1].slug))
        return Slot(start, f"{clock(start)} {zone_abbreviation(start)}", tuple(placed))
    return Programme(tracks, tuple(ProgrammeDay(day, tuple(slot(start, events) for start, events in sorted(days[day].items())))
                                   for day in sorted(days)))


def announced(site: Site) -> tuple[Event, ...]:
    """Every event, the most recently announced first (then by address, so the order is stable)."""
    return tuple(sorted(site.events, key=lambda e: (e.published, e.url), reverse=True))


def announced_strip(site: Site, events: tuple[Event, ...]) -> tuple[tuple[Event, date], ...]:
    """The home page's latest announcements (`events` newest first), each with its day in the site's zone."""
    zone = ZoneInfo(site.info.timezone)
    return tuple((event, event.published.astimezone(zone).date()) for event in events[:ANNOUNCED_STRIP])


def latest(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """What /new/ lists of `events` (newest first): the NEW_PAGE most recent. The calendar has them
    all; a page of every event would also be made again at every edit of any of them."""
    return events[:NEW_PAGE]


def by_announced_day(site: Site, events: tuple[Event, ...]) -> tuple[tuple[date, tuple[Event, ...]], ...]:
    """`events` (newest first) grouped by the day, in the site's zone, they were announced."""
    zone = ZoneInfo(site.info.timezone)
    days: dict[date, list[Event]] = defaultdict(list)
    for event in events:
        days[event.published.astimezone(zone).date()].append(event)
    return tuple((day, tuple(days[day])) for day in sorted(days, reverse=True))
