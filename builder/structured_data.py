"""schema.org structured data (JSON-LD) for event and forum pages, so search engines and
link previews know what, when and by whom.

The JSON is built here in Python, never by a template, and made safe to put inside a
<script type="application/ld+json"> element: "<", ">" and "&" become \\u003c, \\u003e and
\\u0026 (the same characters to any JSON reader), so no text a partner types can close the
element or open a comment in it.
"""

from __future__ import annotations

import json
from typing import Any

from builder.model import Event, Forum, Site

SCHEMA = "https://schema.org/"
STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}
RECORDING_TYPES = {"video": "VideoObject", "youtube": "VideoObject", "vimeo": "VideoObject", "audio": "AudioObject"}


def script_safe(data: Any) -> str:
    """JSON text that cannot end a <script> element: "<", ">" and "&" only ever occur inside
    JSON strings, where their \\u escapes mean the same characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def event_json_ld(site: Site, event: Event) -> str:
    """A schema.org Event for the event's page (its first occurrence, for repeating events)."""
    page = site.info.base_url + event.url
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": page,
        "inLanguage": "en",
    }
    if event.summary:
        data["description"] = event.summary
    if event.all_day:  # dates: the first and the last day (inclusive), in the event's own zone
        data["startDate"], data["endDate"] = event.start.date().isoformat(), event.last_day.isoformat()
    else:  # local wall time with the zone's offset at that moment
        data["startDate"], data["endDate"] = event.start.isoformat(), event.end.isoformat()
    data["eventStatus"] = SCHEMA + STATUS.get(event.status, "EventScheduled")
    data["eventAttendanceMode"] = SCHEMA + "OnlineEventAttendanceMode"
    data["location"] = {"@type": "VirtualLocation", "url": event.registration or page}
    data["organizer"] = {"@type": "Organization", "name": event.partner.name,
                         "url": site.info.base_url + event.partner.page}
    if event.presenters:
        data["performer"] = [{"@type": "Person", "name": name} for name in event.presenters]
    if event.archive and event.archive.recording:
        recording = event.archive.recording
        data["recordedIn"] = {"@type": RECORDING_TYPES.get(recording.kind, "CreativeWork"),
                              "name": f"Recording: {event.title}", "url": recording.url}
    return script_safe(data)


def forum_json_ld(site: Site, forum: Forum) -> str:
    """A schema.org Event for a forum: online, running over whole days."""
    page = site.info.base_url + forum.url
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": forum.title,
        "url": page,
        "inLanguage": "en",
    }
    if forum.summary:
        data["description"] = forum.summary
    data["startDate"], data["endDate"] = forum.start.isoformat(), forum.end.isoformat()
    data["eventStatus"] = SCHEMA + "EventScheduled"
    data["eventAttendanceMode"] = SCHEMA + "OnlineEventAttendanceMode"
    data["location"] = {"@type": "VirtualLocation", "url": page}
    data["organizer"] = {"@type": "Organization", "name": forum.host.name, "url": site.info.base_url + forum.host.page}
    if forum.moderators:
        data["performer"] = [{"@type": "Person", "name": name} for name in forum.moderators]
    return script_safe(data)
