"""schema.org structured data (JSON-LD) for event and forum pages, so search engines and
link previews know what, when and by whom.

The JSON is built here in Python, never by a template, and made safe to put inside a
<script type="application/ld+json"> element: "<", ">" and "&" become \\u003c, \\u003e and
\\u0026 (the same characters to any JSON reader), so no text a partner types can close the
element or open a comment in it.

An event's `inLanguage` is its language; its VirtualLocation is where to join it (`join`, else
`registration`, else its page). Its `accessibility` is not said here: schema.org's accessibility
properties (accessibilityFeature...) describe a CreativeWork, not an Event, and validators
refuse them on one; events.json and the event's page carry it. A `cost` becomes isAccessibleForFree
and, for a price, an Offer with its amount and currency; `grades` the educationalLevel, which schema.org
gives an EducationEvent (a kind of Event), so an event with grades is one; `image` the image, made
absolute, with its text alternative as caption.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from builder.content.model import Event, Forum, Partner, Site
from builder.content.schema import GRADES, price

SCHEMA = "https://schema.org/"
STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}
RECORDING_TYPES = {"video": "VideoObject", "youtube": "VideoObject", "vimeo": "VideoObject", "audio": "AudioObject"}
FREQUENCY = {"daily": "P1D", "weekly": "P1W"}  # schema.org repeatFrequency: an ISO 8601 duration
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # not the locale's


def script_safe(data: Any) -> str:
    """JSON text that cannot end a <script> element: "<", ">" and "&" only ever occur inside
    JSON strings, where their \\u escapes mean the same characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _online_event(site: Site, name: str, url: str, summary: str, start: str, end: str, status: str,
                  join: str, host: Partner, people: tuple[str, ...], language: str) -> dict[str, Any]:
    """What every schema.org Event here says: online, with its dates, organizer and performers."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "name": name, "url": url,
                            "inLanguage": language}
    if summary:
        data["description"] = summary
    data["startDate"], data["endDate"] = start, end
    data["eventStatus"] = SCHEMA + STATUS.get(status, "EventScheduled")
    data["eventAttendanceMode"] = SCHEMA + "OnlineEventAttendanceMode"
    data["location"] = {"@type": "VirtualLocation", "url": join}
    data["organizer"] = {"@type": "Organization", "name": host.name, "url": site.info.base_url + host.page}
    if people:
        data["performer"] = [{"@type": "Person", "name": person} for person in people]
    return data


def event_json_ld(site: Site, event: Event) -> str:
    """A schema.org Event for the event's page. A repeating event's startDate and endDate are its
    first occurrence's, and its eventSchedule gives every occurrence (see _schedule)."""
    page = site.info.base_url + event.url
    if event.all_day:  # dates: the first and the last day (inclusive), in the event's own zone
        start, end = event.start.date().isoformat(), event.last_day.isoformat()
    else:  # local wall time with the zone's offset at that moment
        start, end = event.start.isoformat(), event.end.isoformat()
    data = _online_event(site, event.title, page, event.summary, start, end, event.status,
                         event.join or event.registration or page, event.partner, event.presenters, event.language)
    if event.cost:
        data["isAccessibleForFree"] = event.cost == "free"
        amount = price(event.cost)
        if amount:
            data["offers"] = {"@type": "Offer", "price": amount[0], "priceCurrency": amount[1],
                              "url": event.registration or page}
    if event.grades:
        data["@type"] = "EducationEvent"
        data["educationalLevel"] = [GRADES[band] for band in event.grades]
    if event.image:
        image = event.image if "://" in event.image else site.info.base_url + event.image
        data["image"] = {"@type": "ImageObject", "url": image, "caption": event.image_alt}
    if event.repeat and len(event.occurrences) > 1:
        data["eventSchedule"] = _schedule(event)
    if event.archive and event.archive.recording:
        recording = event.archive.recording
        data["recordedIn"] = {"@type": RECORDING_TYPES.get(recording.kind, "CreativeWork"),
                              "name": f"Recording: {event.title}", "url": recording.url}
    return script_safe(data)


def _schedule(event: Event) -> dict[str, Any]:
    """A schema.org Schedule that yields every occurrence: from the first day to the last, each day
    (daily) or each week on the first occurrence's weekday (weekly), at the same wall time in the
    event's zone (so its UTC time moves with daylight saving, as the occurrences do)."""
    first, last = event.occurrences[0], event.occurrences[-1]
    schedule: dict[str, Any] = {"@type": "Schedule", "repeatFrequency": FREQUENCY[event.repeat or ""]}
    if event.repeat == "weekly":
        schedule["byDay"] = SCHEMA + WEEKDAYS[first.start.weekday()]  # a DayOfWeek: https://schema.org/Thursday
    schedule["startDate"] = first.start.date().isoformat()
    schedule["endDate"] = last.start.date().isoformat()  # the day the last occurrence starts
    if not event.all_day:
        schedule["startTime"] = first.start.strftime("%H:%M:%S")
        schedule["endTime"] = first.end.strftime("%H:%M:%S")
    schedule["duration"] = _duration(first.end.replace(tzinfo=None) - first.start.replace(tzinfo=None))
    schedule["scheduleTimezone"] = event.timezone
    return schedule


def _duration(span: timedelta) -> str:
    """An ISO 8601 duration of wall-clock time: P2D for days, PT1H30M for hours and minutes."""
    days, seconds = span.days, span.seconds
    if not seconds:
        return f"P{days}D"
    hours, rest = divmod(seconds, 3600)
    time = "".join(f"{amount}{unit}" for amount, unit in ((hours, "H"), *zip(divmod(rest, 60), "MS", strict=True))
                   if amount)
    return f"P{days}DT{time}" if days else f"PT{time}"


def forum_json_ld(site: Site, forum: Forum) -> str:
    """A schema.org Event for a forum: online, running over whole days."""
    page = site.info.base_url + forum.url
    return script_safe(_online_event(site, forum.title, page, forum.summary, forum.start.isoformat(),
                                     forum.end.isoformat(), "scheduled", forum.join or page, forum.host, forum.moderators,
                                     site.info.language))
