"""The kick-off conference as frab/Pentabarf schedule XML, the file conference apps
(Giggity, ConfClerk, c3voc tools) load to show a programme offline, with reminders.

Apps key favourites and reminders on ids and guids, so both depend on the session alone
and never move when others are added: `id` is the CRC-32 of the slug cut to 31 bits (apps
may store a signed 32-bit int; 0 or a collision steps to the next free number, in slug
order), `guid` is uuid5(URL namespace, the event page's URL). A room is the `track`
("Main" when none). Days are dates in the site's zone and `start` its wall time; `date`
carries the offset. A repeating session is listed once, at its first occurrence (ids and
slugs must be unique). `slug` is `<acronym>-<event slug>`, the form voc/schedule's
schedule.xml.xsd requires of it (see frab_slug). Output validates against our schema of the
format (tests/data/frab-schedule.xsd, with that slug pattern), which like c3voc's allows no
`guid` on <room>, so rooms have none.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
import zlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date
from html import unescape
from zoneinfo import ZoneInfo

from builder.content.model import Event, Site

SESSION_TYPE = "conference-session"
DEFAULT_ROOM = "Main"
MAX_ID = 0x7FFFFFFF
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "blockquote", "table", "tr"}
_WHITESPACE = re.compile(r"\s+")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry at all


def conference_schedule(site: Site) -> bytes | None:
    """schedule.xml for the conference sessions; None when the site has none."""
    sessions = [e for e in site.events if e.type.slug == SESSION_TYPE]
    if not sessions:
        return None
    zone = ZoneInfo(site.info.timezone)
    ids = stable_ids(e.slug for e in sessions)
    days: dict[date, dict[str, list[Event]]] = defaultdict(lambda: defaultdict(list))
    for event in sessions:  # already in start order, so each room's list is too
        days[event.start.astimezone(zone).date()][room_of(event)].append(event)

    root = ET.Element("schedule")
    _add(root, "version", site.info.stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    conference = _add(root, "conference")
    for tag, text in (("title", f"{site.info.title}: kick-off conference"), ("acronym", acronym(site)),
                      ("start", min(days).isoformat()), ("end", max(days).isoformat()), ("days", str(len(days))),
                      ("timeslot_duration", "00:15"), ("base_url", site.info.base_url),
                      ("time_zone_name", site.info.timezone)):
        _add(conference, tag, text)
    for index, day in enumerate(sorted(days), start=1):
        rooms = days[day]
        everything = [e for events in rooms.values() for e in events]
        first, last = min(e.start for e in everything), max(e.end for e in everything)
        day_element = _add(root, "day", index=str(index), date=day.isoformat(),
                           start=first.astimezone(zone).isoformat(), end=last.astimezone(zone).isoformat())
        for name in sorted(rooms, key=lambda n: (n.casefold(), n)):
            room = _add(day_element, "room", name=name)
            for event in rooms[name]:
                _event(room, site, event, ids[event.slug], zone)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def stable_ids(keys: Iterable[str]) -> dict[str, int]:
    """Positive 31-bit CRC-32 ids, unique; a collision takes the next free number, in key order."""
    ids: dict[str, int] = {}
    used: set[int] = set()
    for key in sorted(set(keys)):
        number = zlib.crc32(key.encode("utf-8")) & MAX_ID or MAX_ID
        while number in used:
            number = number % MAX_ID + 1
        ids[key] = number
        used.add(number)
    return ids


def event_guid(site: Site, event: Event) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, site.info.base_url + event.url))


def room_of(event: Event) -> str:
    return event.track or DEFAULT_ROOM


def frab_slug(site: Site, event: Event, number: int) -> str:
    r"""`<acronym>-<slug>`: voc/schedule's XSD wants `[a-z0-9_]{4,}-[a-z0-9\-_]{4,}`, a conference
    prefix, a hyphen and at least 4 more characters (recording tools name files after it). A slug
    shorter than that is followed by `_` and the session's id; no event slug has an underscore, so
    this never equals another session's."""
    tail = event.slug if len(event.slug) >= 4 else f"{event.slug}_{number}"
    return f"{acronym(site)}-{tail}"


def acronym(site: Site) -> str:
    """Initials of the site's title and the year: "Connected Educator Month 2025" -> "cem2025"."""
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", site.info.title)).lower()
    return f"{initials or 'conf'}{site.info.month.year}"


def _event(room: ET.Element, site: Site, event: Event, number: int, zone: ZoneInfo) -> None:
    start = event.start.astimezone(zone)
    minutes = int((event.end - event.start).total_seconds() // 60)
    title = event.title if event.status == "scheduled" else f"{event.status.capitalize()}: {event.title}"
    element = _add(room, "event", guid=event_guid(site, event), id=str(number))
    for tag, text in (("date", start.isoformat()), ("start", start.strftime("%H:%M")),
                      ("duration", f"{minutes // 60:02d}:{minutes % 60:02d}"), ("room", room_of(event)),
                      ("slug", frab_slug(site, event, number)), ("url", site.info.base_url + event.url), ("title", title),
                      ("subtitle", ""), ("track", room_of(event)), ("type", event.type.name), ("language", event.language),
                      ("abstract", event.summary), ("description", plain_text(event.body_html))):
        _add(element, tag, text)
    if event.partner.logo:
        _add(element, "logo", _absolute(site, event.partner.logo))
    persons = _add(element, "persons")
    person_ids = stable_ids(event.presenters)
    for name in event.presenters:
        _add(persons, "person", name, id=str(person_ids[name]))
    links = _add(element, "links")
    archive = event.archive
    recording = archive.recording.url if archive and archive.recording else None
    for label, href in (("Registration", event.registration), ("Join", event.join), ("Recording", recording),
                        ("Slides", archive and archive.slides)):
        if href:
            _add(links, "link", label, href=_absolute(site, href))
    attachments = _add(element, "attachments")
    for label, href in (("Captions (WebVTT)", archive and archive.captions),
                        ("Transcript", archive and archive.transcript)):
        if href:
            _add(attachments, "attachment", label, href=_absolute(site, href))


# A tag of sanitized HTML (nh3 writes every attribute value in double quotes, which may hold a ">").
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"]|"[^"]*")*>')


def plain_text(html: str) -> str:
    """Apps show <description> as text, so the Markdown-made HTML loses its tags but keeps its paragraphs:
    a blank line after each block, a line break after each list item and at <br>. The HTML is nh3's
    output (no comments, scripts or unquoted attributes), so one pattern finds its tags: html.parser
    took a second for the 1,500 sessions of a 10,000-event site."""
    parts: list[str] = []
    position = 0
    for tag in _TAG.finditer(html):
        parts.append(_WHITESPACE.sub(" ", unescape(html[position:tag.start()])))
        closing, name = tag.group(1), tag.group(2).lower()
        if not closing:
            parts.append("\n" if name in ("br", "hr") else "")
        else:
            parts.append("\n" if name == "li" else "\n\n" if name in BLOCKS else "")
        position = tag.end()
    parts.append(_WHITESPACE.sub(" ", unescape(html[position:])))
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A child element; ElementTree escapes & < > and quotes, and characters XML forbids are dropped."""
    clean = {key: NOT_XML.sub("", value) for key, value in attributes.items()}
    element = ET.SubElement(parent, tag, clean)
    if text is not None:
        element.text = NOT_XML.sub("", text)
    return element


def _absolute(site: Site, path: str) -> str:
    return path if "://" in path else site.info.base_url + path.lstrip("/")
