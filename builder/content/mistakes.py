"""Likely mistakes: values that are valid, but that partners most often write by a slip.

Each is a warning (the site is built all the same), on the line to look at, with how to fix it:
an event outside the site's month, one that starts at night in its own zone (a 12-hour clock
read as 24), one longer than its type usually lasts (a slip in `end`), the same partner's event
twice at one time (a copied file), a summary too long for the lists it is shown in, and
presenters written as one name with commas (`presenters: "A, B and C"`), which would be shown
and matched to profiles as one person.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from builder.content.schema import EVENT_TYPES, shown
from builder.content.sources import Document
from builder.problems import Problem

NIGHT_ENDS = 6  # o'clock: a start from midnight until then, in the event's own zone, is most often a slip
SUMMARY_LONG = 200  # characters: a summary is shown in every list and feed; MAX_TEXT refuses one over 300


def event_warnings(record: Any, doc: Document, month: date | None, site_zone: str | None) -> list[Problem]:
    """The warnings of one valid event's record (validation.Record) and its document."""
    values, lines, path = record.values, record.lines, record.path
    found: list[Problem] = []
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and month is not None:
        found += _outside_month(path, lines, start, end, values.get("until"), month)
    if isinstance(start, datetime) and start.hour < NIGHT_ENDS:
        zone = values.get("timezone") or site_zone
        found.append(Problem(path, lines["start"], f'start "{start:%Y-%m-%dT%H:%M}" is at night in {zone} (between '
                             f"midnight and {NIGHT_ENDS}:00); check that the time is on a 24-hour clock (3 PM is "
                             "15:00) and that timezone is where the event is planned", "warning"))
    kind = EVENT_TYPES.get(values.get("type", ""))
    if kind is not None and kind.longest and start is not None and end is not None:
        found += _too_long(path, lines, values["type"], kind.longest, start, end)
    summary = values.get("summary")
    if summary is not None and len(summary) > SUMMARY_LONG:
        found.append(Problem(path, lines["summary"], f"summary is {len(summary)} characters long; lists and feeds "
                             f"show it whole, so keep it to one or two sentences (under {SUMMARY_LONG} characters) "
                             "and put the rest in the description below the front matter", "warning"))
    node = doc.fields.get("presenters")
    if node is not None and isinstance(node.value, str) and re.search(r",|\band\b|;|&", node.value):
        names = [name.strip() for name in re.split(r",|;|&|\band\b", node.value) if name.strip()]
        found.append(Problem(path, node.line, f"presenters is one name, {shown(node.value.strip())}; to list several "
                             f"people, write a list: presenters: [{', '.join(names)}]", "warning"))
    return found


def _outside_month(path: str, lines: dict[str, int], start: date, end: date, until: date | None,
                   month: date) -> list[Problem]:
    first = start.date() if isinstance(start, datetime) else start
    last = max(end.date() if isinstance(end, datetime) else end, until or first)
    after = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    if last >= month and first < after:
        return []
    return [Problem(path, lines["start"], f'start "{first}" is outside the site\'s month ({month:%B %Y}); check the '
                    "month and the year, or ask the organizers whether the event belongs on this calendar",
                    "warning")]


def _too_long(path: str, lines: dict[str, int], kind: str, longest: int, start: date, end: date) -> list[Problem]:
    if isinstance(start, datetime) != isinstance(end, datetime):
        return []  # an error of its own
    if isinstance(start, datetime) and isinstance(end, datetime):
        length = end - start  # wall times: a daylight-saving change moves this by an hour at most
        written = f"{end:%Y-%m-%dT%H:%M}"
    else:
        length = (end - start) + timedelta(days=1)
        written = end.isoformat()
    if length <= timedelta(hours=longest):
        return []
    hours = length.total_seconds() / 3600
    said = f"{hours:g} hours" if hours < 48 else f"{hours / 24:g} days"
    return [Problem(path, lines["end"], f'end "{written}" makes this {kind} {said} long, and a {kind} usually '
                    f"lasts {longest} hours at most; check the date and the 24-hour clock of end, or choose the type "
                    "that fits (see the partner guide's event types)", "warning")]


def same_time_warnings(events: list[Any], profile_names: dict[str, str]) -> list[Problem]:
    """The second event of one partner that starts when another of theirs does, naming the first:
    most often a file copied to add an event and not yet changed (or the same event twice)."""
    first: dict[tuple[str, Any], Any] = {}
    found = []
    for record in events:
        partner, start = record.values.get("partner"), record.values.get("start")
        if partner is None or start is None:
            continue
        who = profile_names.get(partner, partner).casefold()
        zone = record.values.get("timezone")
        earlier = first.setdefault((who, start, zone), record)
        if earlier is not record:
            found.append(Problem(record.path, record.lines["start"], f"this event starts when {earlier.path}:"
                                 f"{earlier.lines['start']} does, and has the same partner, {shown(partner)}; if it "
                                 "is the same event, remove one of the files; if not, check its start", "warning"))
    return found
