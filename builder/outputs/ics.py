"""iCalendar (RFC 5545) files that calendar apps can subscribe to without surprises.

Subscriptions fail users in three ways: duplicated events after a UID change, cancelled
events that never disappear, and times shifted by an hour. So: UIDs come from slugs and
never change; cancelled events stay with STATUS:CANCELLED; every time carries a TZID
whose VTIMEZONE is generated from the same tz database that validated it. The icalendar
package escapes each value; VEVENT lines are put together here, and `_fold` folds them at 75
octets as the package would.

Where an event is attended: URL stays the event's page (its permanent address, with every
detail), and LOCATION, the field calendar apps show and make clickable, is the `join` link,
else the `registration` link. A `join` link is also the RFC 7986 CONFERENCE, which apps that
know it show as a "Join" button. An event in another language than the builder's own words
(timetext.LANGUAGE) has that LANGUAGE on its SUMMARY (RFC 5545 3.2.10); the DESCRIPTION mixes
its text with ours, so it carries none, and names the language when it is not the site's.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

import icalendar
from icalendar.parser import Contentline

from builder.content.languages import language_names
from builder.content.model import Event, Forum, Site
from builder.content.schema import ACCESSIBILITY, GRADES, cost_text, pd_text
from builder.outputs.timetext import LANGUAGE

UTC = UTC
PRODID = "-//Connected Educator Month//cem-builder//EN"
REFRESH = timedelta(hours=12)
STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}
STATUS_RANK = {"scheduled": 0, "postponed": 1, "cancelled": 2}


def event_uid(site: Site, event: Event) -> str:
    """Made from the slug the event was first published under: a renamed file (`moved_from`) keeps
    its UID, so subscribed calendars update the event instead of showing it twice."""
    return f"{event.moved_from or event.slug}@{site.info.host}"


def forum_uid(site: Site, forum: Forum) -> str:
    """Forums and events have separate slugs; a dot cannot occur in a slug, so these never collide."""
    return f"{forum.slug}.forum@{site.info.host}"


def sequence(revision: int, status: str) -> int:
    """Grows with every recorded change (the item's revision: its own `updated:`, in minutes) and when
    an event is postponed or cancelled, so subscribed calendars take the new version."""
    return revision + STATUS_RANK.get(status, 0)


class Calendars:
    """Writes .ics files for one site from pieces serialized once.

    A site has one calendar per event, topic, type, partner and forum, so each event appears
    in about six files; serializing its VEVENT (and each VTIMEZONE) once and joining bytes
    keeps the cost linear in the number of events instead of files times events.
    """

    def __init__(self, site: Site, pieces: Mapping[str, Piece] | None = None, zones: Zones | None = None) -> None:
        """`pieces` (by piece_id) and `zones` are those made ahead, read as calendars are written: a
        build may fill them after this. Any missing is made here on first use."""
        self.site = site
        self._made: Mapping[str, Piece] = pieces if pieces is not None else {}
        self._made_zones: Zones = zones if zones is not None else {}
        self._pieces: dict[str, Piece] = {}
        self._zones: Zones = {}

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
        name = piece_id(item)
        made = self._made.get(name)
        if made is not None:
            return made
        if name not in self._pieces:
            self._pieces[name] = piece(self.site, item)
        return self._pieces[name]

    def _zone(self, tzid: str, first_year: int, last_year: int) -> bytes:
        key = (tzid, first_year, last_year)
        made = self._made_zones.get(key)
        if made is not None:
            return made
        if key not in self._zones:
            self._zones[key] = vtimezone(*key)
        return self._zones[key]


Piece = tuple[bytes, frozenset[str]]  # a serialized VEVENT and the TZIDs it uses
Zones = dict[tuple[str, int, int], bytes]  # (TZID, first year, last year) -> its VTIMEZONE


def years_of(site: Site, events: Iterable[Event], forums: Iterable[Forum] = ()) -> tuple[int, int]:
    """The years a calendar's VTIMEZONEs cover: from the year before its earliest start to 1 January
    two years after the year its last occurrence ends, so that every DTSTART, DTEND and occurrence (a
    months-long event's end, a repeat's last week), and a year past them, is read in its zone's own
    offset: past the last transition listed, clients keep that transition's offset for ever."""
    events, forums = tuple(events), tuple(forums)
    first = [e.start.year for e in events] + [f.start.year for f in forums]
    last = [e.occurrences[-1].end.year for e in events] + [f.end.year for f in forums]
    if not first:
        return site.info.month.year - 1, site.info.month.year + 2
    return min(first) - 1, max(last) + 2


def vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The zone's transitions from 1 January of `first_year` to 1 January of `last_year`. Each onset
    of an observance is an RDATE of its own, its DTSTART included: ical.js (Thunderbird, Nextcloud)
    reads only the first date of an RDATE and, when RDATEs are given, none from DTSTART, so the
    comma-separated list icalendar writes left it one transition a year."""
    zone = icalendar.Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))
    for observance in zone.subcomponents:
        listed = observance.pop("RDATE", None)
        if listed is None:
            continue
        onsets = [observance.decoded("DTSTART")]
        onsets += [moment.dt for dates in (listed if isinstance(listed, list) else [listed]) for moment in dates.dts]
        for onset in dict.fromkeys(onsets):
            observance.add("rdate", onset)
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
    lines = _forum(site, item) if isinstance(item, Forum) else _event(site, item)
    order = [name for name in icalendar.Event.canonical_order if name in lines] + sorted(
        name for name in lines if name not in icalendar.Event.canonical_order)
    data = b"".join(_fold(lines[name].encode()) for name in order)
    used = {lines[name].partition("TZID=")[2].partition(":")[0] for name in ("DTSTART", "DTEND")}
    return b"BEGIN:VEVENT\r\n" + data + b"END:VEVENT\r\n", frozenset(used - {""})


def _text(value: str) -> str:
    """A TEXT value, escaped by the icalendar package."""
    return icalendar.vText(value).to_ical().decode()


def _moment(name: str, value: date | datetime) -> str:
    """A DATE or DATE-TIME property: its TZID or VALUE=DATE parameter as the icalendar package writes it."""
    return _moment_in(name, value, type(value), getattr(value, "tzinfo", None), getattr(value, "fold", 0))


@functools.lru_cache(maxsize=8192)
def _moment_in(name: str, value: date | datetime, *_: object) -> str:
    """Most times recur (the stamp, common starts), and the package's types take 12 µs a time. Keyed
    also by type, zone and fold, since an aware datetime equals the same instant in another zone."""
    typed = icalendar.vDDDTypes(value)
    params = typed.params.to_ical().decode()
    return f"{name};{params}:{typed.to_ical().decode()}" if params else f"{name}:{typed.to_ical().decode()}"


def _conference(address: str) -> str:
    conference = icalendar.vUri(address)
    return str(Contentline.from_parts("CONFERENCE", icalendar.Parameters(VALUE="URI", LABEL="Join"), conference))


@functools.lru_cache(maxsize=4096)
def _organizer(address: str, name: str) -> str:
    organizer = icalendar.vCalAddress(address)
    organizer.params["CN"] = name.replace('"', "'")  # a parameter value cannot hold quotes
    return str(Contentline.from_parts("ORGANIZER", organizer.params, organizer))


def _folded(component: icalendar.Component) -> bytes:
    """The component's `to_ical()`, bytes for bytes, with its lines folded here: icalendar folds
    character by character in Python."""
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


def _vevent(uid: str, item: Event | Forum, status: str) -> dict[str, str]:
    """What every VEVENT carries so that a subscribed calendar recognises it and notices a change,
    dated by the item's own file (DTSTAMP too: another file's date must not move it).
    VEVENTs are content lines by property name, written here rather than through icalendar's
    Component, whose generic path took 0.24 ms per event: 2.4 s of CPU in a 10,000-event build.
    Values are still escaped by the package's own types, and a test holds every line to what
    Component writes."""
    return {"UID": f"UID:{_text(uid)}", "DTSTAMP": _moment("DTSTAMP", item.updated),
            "LAST-MODIFIED": _moment("LAST-MODIFIED", item.updated),
            "SEQUENCE": f"SEQUENCE:{sequence(item.revision, status)}"}


def _event(site: Site, event: Event) -> dict[str, str]:
    page = site.info.base_url + event.url
    lines = _vevent(event_uid(site, event), event, event.status)
    if event.all_day:
        start, end = event.start.date(), event.end.date()
    else:
        start, end = _unambiguous(event.start, event.repeat), _unambiguous(event.end, event.repeat)
    lines["DTSTART"], lines["DTEND"] = _moment("DTSTART", start), _moment("DTEND", end)
    if event.repeat and len(event.occurrences) > 1:
        last = event.occurrences[-1].start
        until: date | datetime = last.date() if event.all_day else last.astimezone(UTC)
        lines["RRULE"] = "RRULE:" + icalendar.vRecur({"FREQ": event.repeat.upper(), "UNTIL": until}).to_ical().decode()
    title = event.title if event.status == "scheduled" else f"{event.status.capitalize()}: {event.title}"
    language = f";LANGUAGE={event.language}" if event.language != LANGUAGE else ""  # a tag: letters, digits, "-"
    lines["SUMMARY"] = f"SUMMARY{language}:{_text(title)}"
    lines["DESCRIPTION"] = f"DESCRIPTION:{_text(_description(event, page, site.info.language))}"
    lines["URL"] = f"URL:{icalendar.vUri(page).to_ical().decode()}"
    if event.join or event.registration:
        lines["LOCATION"] = f"LOCATION:{_text(event.join or event.registration or '')}"
    if event.join:
        lines["CONFERENCE"] = _conference(event.join)
    categories = [event.type.name, *(topic.name for topic in event.topics)]
    lines["CATEGORIES"] = f"CATEGORIES:{icalendar.vCategory(categories).to_ical().decode()}"
    lines["ORGANIZER"] = _organizer(site.info.base_url + event.partner.page, event.partner.name)
    lines["STATUS"] = f"STATUS:{STATUS[event.status]}"
    lines["TRANSP"] = f"TRANSP:{'TRANSPARENT' if event.all_day else 'OPAQUE'}"
    return lines


def _unambiguous(moment: datetime, repeat: str | None) -> datetime:
    """A wall time that happens twice (clocks going back) is written in UTC: RFC 5545 says the first
    one is meant, but parsers disagree (ical.js takes the second). Repeats must keep their zone."""
    if repeat or moment.replace(fold=0).utcoffset() == moment.replace(fold=1).utcoffset():
        return moment
    return moment.astimezone(UTC)


def _description(event: Event, page: str, site_language: str) -> str:
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
    if event.language != site_language:
        lines.append(f"Language: {language_names(event.language)[0]}")
    if event.accessibility:
        lines.append("Accessibility: " + ", ".join(ACCESSIBILITY[feature] for feature in event.accessibility))
    if event.cost:
        lines.append(f"Cost: {cost_text(event.cost)}")
    if event.grades:
        lines.append("Grades: " + ", ".join(GRADES[band] for band in event.grades))
    if event.pd_credit:
        lines.append(f"PD credit: {pd_text(event.pd_credit)}")
    if event.platform:
        lines.append(f"Platform: {event.platform}")
    if event.registration:
        lines.append(f"{'Register' if event.join else 'Register or join'}: {event.registration}")
    if event.join:
        lines.append(f"Join: {event.join}")
    lines.append(f"Details: {page}")
    return "\n\n".join(lines)


def _forum(site: Site, forum: Forum) -> dict[str, str]:
    page = site.info.base_url + forum.url
    lines = _vevent(forum_uid(site, forum), forum, "scheduled")
    lines["DTSTART"] = _moment("DTSTART", forum.start)
    lines["DTEND"] = _moment("DTEND", forum.end + timedelta(days=1))  # DATE DTEND is exclusive
    lines["SUMMARY"] = f"SUMMARY:{_text(f'Forum: {forum.title}')}"
    text = [forum.summary] if forum.summary else []
    if forum.moderators:
        text.append("Moderators: " + ", ".join(forum.moderators))
    text += [f"Hosted by {forum.host.name}", f"Details: {page}"]
    lines["DESCRIPTION"] = "DESCRIPTION:" + _text("\n\n".join(text))
    lines["URL"] = f"URL:{icalendar.vUri(page).to_ical().decode()}"
    categories = ["Forum", *(topic.name for topic in forum.topics)]
    lines["CATEGORIES"] = f"CATEGORIES:{icalendar.vCategory(categories).to_ical().decode()}"
    # RFC 5546 (METHOD:PUBLISH): a VEVENT has exactly one ORGANIZER; a forum's is its host, as an event's is its partner
    lines["ORGANIZER"] = _organizer(site.info.base_url + forum.host.page, forum.host.name)
    lines["STATUS"] = "STATUS:CONFIRMED"
    lines["TRANSP"] = "TRANSP:TRANSPARENT"
    return lines
