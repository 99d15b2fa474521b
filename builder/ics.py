"""iCalendar (RFC 5545) files that calendar apps can subscribe to without surprises.

Subscriptions fail users in three ways: duplicated events after a UID change, cancelled
events that never disappear, and times shifted by an hour. So: UIDs come from slugs and
never change; cancelled events stay with STATUS:CANCELLED; every time carries a TZID
whose VTIMEZONE is generated from the same tz database that validated it. The icalendar
package builds and escapes each content line; `_folded` folds them at 75 octets as it would.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import zoneinfo
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import icalendar

from builder.model import Event, Forum, Site

UTC = UTC
PRODID = "-//Connected Educator Month//cem-builder//EN"
REFRESH = timedelta(hours=12)
STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}
STATUS_RANK = {"scheduled": 0, "postponed": 1, "cancelled": 2}


def event_uid(site: Site, event: Event) -> str:
    return f"{event.slug}@{site.info.host}"


def forum_uid(site: Site, forum: Forum) -> str:
    """Forums and events have separate slugs; a dot cannot occur in a slug, so these never collide."""
    return f"{forum.slug}.forum@{site.info.host}"


def sequence(published: datetime, updated: datetime, status: str) -> int:
    """Grows with every recorded change (`updated:` in minutes) and when an event is postponed or cancelled."""
    return int((updated - published).total_seconds() // 60) + STATUS_RANK.get(status, 0)


class Calendars:
    """Writes .ics files for one site from pieces serialized once.

    A site has one calendar per event, topic, type, partner and forum, so each event appears
    in about six files; serializing its VEVENT (and each VTIMEZONE) once and joining bytes
    keeps the cost linear in the number of events instead of files times events.
    """

    def __init__(self, site: Site, pieces: dict[str, Piece] | None = None, zones: Zones | None = None) -> None:
        self.site = site
        self._pieces: dict[str, Piece] = dict(pieces or {})  # piece_id -> piece, made ahead or on first use
        self._zones: Zones = dict(zones or {})  # the same, for VTIMEZONEs

    def calendar(self, name: str, description: str, events: Iterable[Event], forums: Iterable[Forum] = ()) -> bytes:
        """One VCALENDAR with the given events and forums, and a VTIMEZONE for every TZID used."""
        events, forums = list(events), list(forums)
        pieces = [self._piece(item) for item in [*forums, *events]]
        span = years_of(self.site, events, forums)
        # VTIMEZONEs first, as RFC 5545 readers such as Outlook expect; in TZID order so output is stable
        zones = [self._zone(tzid, *span) for tzid in sorted(set().union(*(used for _, used in pieces)))]
        head = _header(self.site, name, description)
        return b"".join([head, *zones, *(data for data, _ in pieces), b"END:VCALENDAR\r\n"])

    def _piece(self, item: Event | Forum) -> Piece:
        if piece_id(item) not in self._pieces:
            self._pieces[piece_id(item)] = piece(self.site, item)
        return self._pieces[piece_id(item)]

    def _zone(self, tzid: str, first_year: int, last_year: int) -> bytes:
        key = (tzid, first_year, last_year)
        if key not in self._zones:
            self._zones[key] = vtimezone(*key)
        return self._zones[key]


Piece = tuple[bytes, frozenset[str]]  # a serialized VEVENT and the TZIDs it uses
Zones = dict[tuple[str, int, int], bytes]  # (TZID, first year, last year) -> its VTIMEZONE


def years_of(site: Site, events: Iterable[Event], forums: Iterable[Forum] = ()) -> tuple[int, int]:
    """The years a calendar's VTIMEZONEs cover: one before its items' and two after."""
    years = [e.start.year for e in events] + [f.start.year for f in forums] or [site.info.month.year]
    return min(years) - 1, max(years) + 2


def vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    zone = icalendar.Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))
    return zone.to_ical()


def zone_source(tzid: str) -> bytes:
    """The tz database file a VTIMEZONE of `tzid` is made from, found where zoneinfo finds it: a
    VTIMEZONE kept from an earlier build is right for as long as this file is the same."""
    for folder in zoneinfo.TZPATH:
        path = os.path.join(folder, *tzid.split("/"))
        if os.path.isfile(path):
            with open(path, "rb") as file:
                return file.read()
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo", *tzid.split("/")).read_bytes()
    except (ModuleNotFoundError, OSError):
        return b""


def piece_id(item: Event | Forum) -> str:
    return f"{type(item).__name__}:{item.slug}"


def piece(site: Site, item: Event | Forum) -> Piece:
    """An event's or forum's VEVENT, serialized, with the TZIDs its VTIMEZONEs must provide."""
    component = _forum(site, item) if isinstance(item, Forum) else _event(site, item)
    used = {component[name].params.get("TZID") for name in ("DTSTART", "DTEND")}  # no other time has a zone
    return _folded(component), frozenset(used - {None, "UTC"})


def _folded(component: icalendar.Component) -> bytes:
    """The component's `to_ical()`, bytes for bytes, with its lines folded here: icalendar folds
    character by character in Python, which was 40% of the time of every VEVENT."""
    return b"".join(_fold(line.encode()) for line in component.content_lines() if line)


def _fold(line: bytes, width: int = 74) -> bytes:
    """Lines of at most 75 octets with the leading space of a continuation (RFC 5545 3.1), never
    splitting a UTF-8 character, nor a backslash or caret from the character it escapes (as icalendar,
    for readers that unescape before unfolding)."""
    parts, start = [], 0
    while len(line) - start > width:
        end = start + width
        while line[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        if end - start > 1 and line[end - 1] in b"\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _header(site: Site, name: str, description: str) -> bytes:
    """The VCALENDAR's BEGIN line and properties, without the END line. Every event has a calendar
    of its own, so only its name and description are made per call; the rest once per zone."""
    named = [_fold(f"{key}:".encode() + icalendar.vText(value).to_ical())  # X- values: escaped as text
             for key, value in (("X-WR-CALNAME", name), ("X-WR-CALDESC", description))]
    return b"".join([_fixed_header(site.info.timezone), *named])


@functools.cache
def _fixed_header(timezone: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-timezone", timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")  # an X- property is text to the library; the value is a duration
    return _folded(calendar).removesuffix(b"END:VCALENDAR\r\n")


def _vevent(site: Site, uid: str, published: datetime, updated: datetime, status: str) -> icalendar.Event:
    """What every VEVENT carries so that a subscribed calendar recognises it and notices a change."""
    component = icalendar.Event()
    component.add("uid", uid)
    component.add("dtstamp", site.info.stamp)
    component.add("last-modified", updated)
    component.add("sequence", sequence(published, updated, status))
    return component


def _event(site: Site, event: Event) -> icalendar.Event:
    page = site.info.base_url + event.url
    component = _vevent(site, event_uid(site, event), event.published, event.updated, event.status)
    if event.all_day:
        component.add("dtstart", event.start.date())
        component.add("dtend", event.end.date())
    else:
        component.add("dtstart", _unambiguous(event.start, event.repeat))
        component.add("dtend", _unambiguous(event.end, event.repeat))
    if event.repeat and len(event.occurrences) > 1:
        last = event.occurrences[-1].start
        until: date | datetime = last.date() if event.all_day else last.astimezone(UTC)
        component.add("rrule", {"FREQ": event.repeat.upper(), "UNTIL": until})
    title = event.title if event.status == "scheduled" else f"{event.status.capitalize()}: {event.title}"
    component.add("summary", title)
    component.add("description", _description(event, page))
    component.add("url", page)
    if event.registration:
        component.add("location", event.registration)
    component.add("categories", [event.type.name, *(topic.name for topic in event.topics)])
    organizer = icalendar.vCalAddress(site.info.base_url + event.partner.page)
    organizer.params["CN"] = event.partner.name.replace('"', "'")  # a parameter value cannot hold quotes
    component.add("organizer", organizer)
    component.add("status", STATUS[event.status])
    component.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
    return component


def _unambiguous(moment: datetime, repeat: str | None) -> datetime:
    """A wall time that happens twice (clocks going back) is written in UTC: RFC 5545 says the first
    one is meant, but parsers disagree (ical.js takes the second). Repeats must keep their zone."""
    if repeat or moment.replace(fold=0).utcoffset() == moment.replace(fold=1).utcoffset():
        return moment
    return moment.astimezone(UTC)


def _description(event: Event, page: str) -> str:
    lines = []
    if event.status == "cancelled":
        lines.append("CANCELLED: this event will not take place.")
    elif event.status == "postponed":
        lines.append("POSTPONED: a new date will be announced.")
    if event.summary:
        lines.append(event.summary)
    if event.presenters:
        lines.append("Presenters: " + ", ".join(event.presenters))
    lines.append(f"Hosted by {event.partner.name}")
    if event.registration:
        lines.append(f"Register or join: {event.registration}")
    lines.append(f"Details: {page}")
    return "\n\n".join(lines)


def _forum(site: Site, forum: Forum) -> icalendar.Event:
    page = site.info.base_url + forum.url
    component = _vevent(site, forum_uid(site, forum), forum.published, forum.updated, "scheduled")
    component.add("dtstart", forum.start)
    component.add("dtend", forum.end + timedelta(days=1))  # DATE DTEND is exclusive
    component.add("summary", f"Forum: {forum.title}")
    text = [forum.summary] if forum.summary else []
    if forum.moderators:
        text.append("Moderators: " + ", ".join(forum.moderators))
    text += [f"Hosted by {forum.host.name}", f"Details: {page}"]
    component.add("description", "\n\n".join(text))
    component.add("url", page)
    component.add("categories", ["Forum", *(topic.name for topic in forum.topics)])
    component.add("status", "CONFIRMED")
    component.add("transp", "TRANSPARENT")
    return component
