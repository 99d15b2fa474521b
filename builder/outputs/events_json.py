"""/events.json: the whole month as data, for partners who show it on their own sites.

Partners' sites live on other hosts, so every link here is absolute (base_url + path),
including files under content/ such as captions. Keys come in a fixed order and events
in the site's order, and the only date not taken from the content is the site's stamp,
so the same content always gives the same bytes.

Times: `start`/`end` are ISO 8601 wall times with the offset of the event's own zone,
and `start_utc`/`end_utc` the same instants in UTC ("Z"). An all-day event has no
instant: `start` is its first date, `end` its last date (included, unlike iCalendar's
exclusive DTEND), and `start_utc`/`end_utc` are null. `occurrences` lists every
occurrence in that same form, the first included, so a one-off event has one item.
Descriptions (HTML with links relative to this site) are left out: `url` leads to them.

An event's keys: those of the first version of the file, in its order, then each field declared
since with `json` (builder/content/schema.py), in the order declared. A declared field's value is
the model's, as JSON (an `image` that is a file of this site's made absolute); the other keys are
made here. Every key is always written, null (or an empty list) when the event has no value, as
events.schema.json promises.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from builder.content.model import Archive, Event, Forum, Occurrence, Partner, Site, Topic
from builder.content.schema import EVENT

UTC = UTC
# The first version's keys, in the order it published them: a key added later goes after them.
FIRST_KEYS = ("slug", "url", "ics", "title", "summary", "type", "type_name", "topics", "partner", "presenters",
              "audience", "registration", "forum", "status", "featured", "track", "all_day", "timezone", "start", "end",
              "start_utc", "end_utc", "repeat", "until", "occurrences", "archive", "published", "updated")
EVENT_KEYS = FIRST_KEYS + tuple(name for name, field in EVENT.items() if field.json and name not in FIRST_KEYS)
DECLARED = frozenset(name for name, field in EVENT.items() if field.json)  # the value is the model's attribute


def events_json(site: Site, lines: Mapping[str, str] | None = None) -> bytes:
    """The bytes of /events.json (UTF-8, trailing newline): one event or forum per line, so a diff
    between two versions shows which changed. Each is encoded on its own by json's C encoder
    (an indented dump takes its pure-Python path: 1 s for 10,000 events), so the events never sit
    in memory as dicts all at once. `lines` are events' lines made ahead (event_line), by slug:
    a one-event edit joins 10,000 of them instead of encoding each again."""
    lines = lines or {}
    info = site.info
    head = {
        "site": {"title": info.title, "url": info.base_url, "timezone": info.timezone,
                 "month": info.month.strftime("%Y-%m")},
        "generated": _utc(info.stamp),
    }
    parts = [_dumps(head)[:-1] + ",\n"]  # without its closing "}"
    for name, items in (("events", [lines.get(e.slug) or event_line(site, e) for e in site.events]),
                        ("forums", [_dumps(_forum(site, f)) for f in site.forums])):
        body = ",\n".join(items)
        parts.append(f' "{name}": [\n{body}\n ]' if items else f' "{name}": []')
        parts.append(",\n" if name == "events" else "}\n")
    return "".join(parts).encode("utf-8")


def event_line(site: Site, event: Event) -> str:
    return _dumps(_event(site, event))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _utc(moment: datetime) -> str:
    """An instant as ISO 8601 UTC with "Z", the form every JavaScript Date parses."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _absolute(site: Site, path: str | None) -> str | None:
    """A URL as it is, or a path under content/ (copied to the same path in output/) made absolute."""
    if path is None or "://" in path:
        return path
    return site.info.base_url + path.lstrip("/")


def _times(start: datetime, end: datetime, all_day: bool) -> dict[str, str | None]:
    if all_day:  # `end` is local midnight after the last day; the last day itself is the day before
        return {"start": start.date().isoformat(), "end": (end - timedelta(days=1)).date().isoformat(),
                "start_utc": None, "end_utc": None}
    return {"start": start.isoformat(), "end": end.isoformat(), "start_utc": _utc(start), "end_utc": _utc(end)}


def _topics(topics: tuple[Topic, ...]) -> list[dict[str, str]]:
    return [{"slug": topic.slug, "name": topic.name} for topic in topics]


def _partner(site: Site, partner: Partner) -> dict[str, Any]:
    """`url` is the partner's page on this site; `website` their own site, when known."""
    return {"slug": partner.slug, "name": partner.name, "url": site.info.base_url + partner.page,
            "website": partner.url, "logo": _absolute(site, partner.logo)}


def _occurrence(occurrence: Occurrence, all_day: bool) -> dict[str, str | None]:
    return _times(occurrence.start, occurrence.end, all_day)


def _archive(site: Site, archive: Archive | None) -> dict[str, Any] | None:
    if archive is None:
        return None
    return {
        "recording": archive.recording.url if archive.recording else None,
        "captions": _absolute(site, archive.captions),
        "transcript": _absolute(site, archive.transcript),
        "slides": _absolute(site, archive.slides),
        "chapters": [{"start": int(c.start), "title": c.title} for c in archive.chapters],
        "takeaways": list(archive.takeaways),
        "resources": [{"title": r.title, "url": r.url} for r in archive.resources],
    }


def _event(site: Site, event: Event) -> dict[str, Any]:
    base = site.info.base_url
    made = {
        "slug": event.slug,
        "url": base + event.url,
        "ics": f"{base}events/{event.slug}.ics",
        "type": event.type.slug,
        "type_name": event.type.name,
        "topics": _topics(event.topics),
        "partner": _partner(site, event.partner),
        "all_day": event.all_day,
        **_times(event.start, event.end, event.all_day),
        "occurrences": [_occurrence(o, event.all_day) for o in event.occurrences],
        "archive": _archive(site, event.archive),
        "published": _utc(event.published),
        "updated": _utc(event.updated),
    }
    published = {key: _plain(getattr(event, key)) if key in DECLARED else made[key] for key in EVENT_KEYS}
    published["image"] = _absolute(site, event.image)
    return published


def _plain(value: Any) -> Any:
    """A declared field's value as JSON has it: a tuple as a list, a date as YYYY-MM-DD."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _forum(site: Site, forum: Forum) -> dict[str, Any]:
    """Forums run whole days in their zone: dates only, `end` being the last day (included)."""
    base = site.info.base_url
    return {
        "slug": forum.slug,
        "url": base + forum.url,
        "ics": f"{base}{forum.url}calendar.ics",
        "title": forum.title,
        "summary": forum.summary,
        "start": forum.start.isoformat(),
        "end": forum.end.isoformat(),
        "timezone": forum.timezone,
        "topics": _topics(forum.topics),
        "host": _partner(site, forum.host),
        "moderators": list(forum.moderators),
        "featured": forum.featured,
        "events": [event.slug for event in site.by_forum.get(forum.slug, ())],
        "published": _utc(forum.published),
        "updated": _utc(forum.updated),
        "join": forum.join,
        "platform": forum.platform,
    }
