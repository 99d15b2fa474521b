"""Times written out for people: "Tue 14 Oct 2025, 3:00–4:00 PM CDT, America/Chicago".

English names are spelled here rather than with strftime's %a/%b, which follow the
machine's locale: the same content must give the same bytes on every machine.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

# The language of the words the builder writes itself: these dates, the built-in theme's labels (its
# base.html says lang="en"), feeds' and calendars' own text. A partner's text in another is marked so.
LANGUAGE = "en"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LONG_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def day_text(day: date) -> str:
    """'Tue 14 Oct 2025'."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def long_day_text(day: date) -> str:
    """'Tuesday 14 October 2025', for headings."""
    return f"{LONG_DAYS[day.weekday()]} {day.day} {LONG_MONTHS[day.month - 1]} {day.year}"


def month_text(day: date) -> str:
    return f"{LONG_MONTHS[day.month - 1]} {day.year}"


def clock(moment: datetime, with_period: bool = True) -> str:
    """'3:00 PM' (or '3:00' when the period is said once for a range)."""
    hour = moment.hour % 12 or 12
    text = f"{hour}:{moment.minute:02d}"
    return f"{text} {'AM' if moment.hour < 12 else 'PM'}" if with_period else text


def zone_abbreviation(moment: datetime) -> str:
    """'CDT', or 'UTC+5:30' where the tz database has no letters for the zone."""
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = moment.utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def span_text(start: datetime, end: datetime, zone: str, all_day: bool) -> str:
    """The whole when of an event, in its own zone, as one line."""
    if all_day:
        last = (end - timedelta(days=1)).date()
        first = start.date()
        if last == first:
            return f"{day_text(first)} (all day)"
        return f"{day_text(first)} – {day_text(last)} (all day)"
    if start.date() == end.date():
        same_period = (start.hour < 12) == (end.hour < 12)
        times = f"{clock(start, not same_period)}–{clock(end)}"
        abbreviation = zone_abbreviation(start)
        if zone_abbreviation(end) != abbreviation:
            times = f"{clock(start)} {abbreviation} – {clock(end)} {zone_abbreviation(end)}"
            return f"{day_text(start.date())}, {times}, {zone}"
        return f"{day_text(start.date())}, {times} {abbreviation}, {zone}"
    return (f"{day_text(start.date())}, {clock(start)} {zone_abbreviation(start)} – "
            f"{day_text(end.date())}, {clock(end)} {zone_abbreviation(end)}, {zone}")


def time_range_text(start: datetime, end: datetime, all_day: bool) -> str:
    """Short form for lists under a day heading: '3:00–4:00 PM CDT' or 'All day'."""
    if all_day:
        return "All day"
    if start.date() != end.date():
        return f"{clock(start)} {zone_abbreviation(start)} – {day_text(end.date())}, {clock(end)}"
    same_period = (start.hour < 12) == (end.hour < 12)
    return f"{clock(start, not same_period)}–{clock(end)} {zone_abbreviation(start)}"
