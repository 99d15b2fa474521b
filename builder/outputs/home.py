"""The home page's views: its list of every event by the site's days (site.js regroups it by the
reader's), and its month grids. Each holds only what the page shows of an event (AgendaEntry,
Preview), not the Event: the page lists every event, and its inputs then change only when what it
shows does, so an edit of anything else leaves it unrendered."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from builder.content.model import Site

DAY_PREVIEW = 3  # event titles shown in a calendar cell; the day page has the rest


@dataclass(frozen=True)
class Preview:
    """An event in a day of the month grid, with only what the cell shows of it (as AgendaEntry):
    an edit of anything else leaves the home page's inputs as they were."""

    url: str
    title: str
    status: str
    timezone: str
    all_day: bool
    start: datetime  # its occurrence on that day, in its own zone
    end: datetime


@dataclass(frozen=True)
class Cell:
    """One day of the month grid."""

    day: date | None  # None for the blanks before the 1st and after the last day
    events: tuple[Preview, ...] = ()
    more: int = 0
    has_page: bool = False


# Lines of the home page's list (an entry, or a day's "still running" line) more than a phone's or
# a laptop's first screen holds: the days after them are laid out only near the screen
# (content-visibility). A day in the first screen is always laid out, so nothing in it moves when
# the browser measures the others. site.js reads it from the page (data-first-screen).
FIRST_SCREEN = 20


@dataclass(frozen=True)
class AgendaEntry:
    """One occurrence in the home page's list, with only what the list shows of its event: the page
    lists every event, and an edit of anything else (a description, say) then leaves its inputs,
    and so the page, as they were, instead of rendering it again."""

    url: str
    title: str
    status: str
    timezone: str
    all_day: bool
    start: datetime  # this occurrence's start, in the site's zone (the static page's zone)
    end: datetime
    last: date  # the site's day it ends on (all-day events: their own last date)


@dataclass(frozen=True)
class AgendaDay:
    """A day of the home page's list, in the site's zone. Without JavaScript this is the list a
    reader sees; site.js regroups the same items by the reader's own date and clock (now, later
    today, this week, then by day), so the HTML never depends on the day it was built.
    An event running over several days is an entry on its first day and a link in `running` on
    each later one: a month-long forum as a full entry on thirty days made most of the page."""

    day: date
    entries: tuple[AgendaEntry, ...]
    running: tuple[AgendaEntry, ...]  # started on an earlier day, still running on this one (one per event)
    far: bool  # after the first FIRST_SCREEN lines: the browser lays it out only when it nears the screen


@dataclass(frozen=True)
class MonthGrid:
    first: date
    weeks: tuple[tuple[Cell, ...], ...]
    days: tuple[Cell, ...]  # the days that have events, for the narrow-screen list


def agenda(site: Site) -> tuple[AgendaDay, ...]:
    """Every occurrence of every event by day in the site's zone, for the home page's list: each on
    the day it starts, and named among the `running` of each later day it lasts."""
    zone = ZoneInfo(site.info.timezone)
    starting: dict[date, list[AgendaEntry]] = {}
    running: dict[date, list[AgendaEntry]] = {}
    for event in site.events:
        for o in event.occurrences:
            start, end = o.start.astimezone(zone), o.end.astimezone(zone)
            first, last = start.date(), (end - timedelta(microseconds=1)).date()
            if event.all_day:  # all-day events keep their own dates
                first, last = o.start.date(), (o.end - timedelta(days=1)).date()
            entry = AgendaEntry(event.url, event.title, event.status, event.timezone, event.all_day, start, end, last)
            starting.setdefault(first, []).append(entry)
            for offset in range(1, min((last - first).days, 366) + 1):
                running.setdefault(first + timedelta(days=offset), []).append(entry)

    def ordered(entries: list[AgendaEntry]) -> list[AgendaEntry]:
        return sorted(entries, key=lambda e: (e.start, e.title.casefold(), e.url))

    days = []
    lines = 0
    for day in sorted(starting.keys() | running.keys()):
        entries = tuple(ordered(starting.get(day, [])))
        still: dict[str, AgendaEntry] = {}  # each event once, at its earliest occurrence still running
        for entry in ordered(running.get(day, [])):
            still.setdefault(entry.url, entry)
        days.append(AgendaDay(day, entries, tuple(still.values()), lines >= FIRST_SCREEN))
        lines += len(entries) + bool(still)
    return tuple(days)


def months(site: Site, day_pages: set[date]) -> list[MonthGrid]:
    """The site's month first, then every other month that has events, in order."""
    firsts = {site.info.month} | {day.replace(day=1) for day in day_pages}
    ordered = [site.info.month] + sorted(firsts - {site.info.month})
    return [_grid(site, first, day_pages) for first in ordered]


def _grid(site: Site, first: date, day_pages: set[date]) -> MonthGrid:
    weeks = []
    days = []
    for week in calendar.Calendar(firstweekday=calendar.SUNDAY).monthdatescalendar(first.year, first.month):
        cells = []
        for day in week:
            if day.month != first.month:
                cells.append(Cell(None))
                continue
            events = site.by_day.get(day, ())
            shown = tuple(Preview(e.url, e.title, e.status, e.timezone, e.all_day, o.start, o.end)
                          for e in events[:DAY_PREVIEW] for o in [e.occurrence_on(day)])
            cell = Cell(day, shown, max(len(events) - DAY_PREVIEW, 0), day in day_pages)
            cells.append(cell)
            if cell.has_page:
                days.append(cell)
        weeks.append(tuple(cells))
    return MonthGrid(first, tuple(weeks), tuple(days))
