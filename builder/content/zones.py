"""Time zones: which names we accept, and what a partner probably meant by the others.

Only IANA names from the tz database (the tzdata package, so every machine agrees).
Abbreviations such as EST are refused even where zoneinfo knows them: "EST" has no
daylight saving, so an October event written in EST would be an hour off.
"""

from __future__ import annotations

import difflib
import zoneinfo
from functools import cache

COMMON_NAMES = {
    "eastern": "America/New_York", "et": "America/New_York", "est": "America/New_York",
    "edt": "America/New_York", "est5edt": "America/New_York", "us/eastern": "America/New_York",
    "central": "America/Chicago", "ct": "America/Chicago", "cst": "America/Chicago",
    "cdt": "America/Chicago", "cst6cdt": "America/Chicago",
    "mountain": "America/Denver", "mt": "America/Denver", "mst": "America/Denver",
    "mdt": "America/Denver", "mst7mdt": "America/Denver", "arizona": "America/Phoenix",
    "pacific": "America/Los_Angeles", "pt": "America/Los_Angeles", "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles", "pst8pdt": "America/Los_Angeles",
    "alaska": "America/Anchorage", "akst": "America/Anchorage", "hawaii": "Pacific/Honolulu",
    "hst": "Pacific/Honolulu", "gmt": "Europe/London", "bst": "Europe/London", "uk": "Europe/London",
    "cet": "Europe/Berlin", "cest": "Europe/Berlin", "ist": "Asia/Kolkata", "india": "Asia/Kolkata",
    "jst": "Asia/Tokyo", "aest": "Australia/Sydney", "aedt": "Australia/Sydney",
}
# Names zoneinfo accepts that would silently give wrong (daylight-saving-free) times.
REFUSED = {"EST", "MST", "HST", "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT", "CET", "EET", "MET", "WET",
           "Factory", "localtime", "posixrules"}


@cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() - REFUSED)


def check_zone(name: str) -> str | None:
    """None when `name` is an accepted IANA zone, else the rest of an error message."""
    zones = known_zones()
    if name in zones:
        return None
    meant = COMMON_NAMES.get(name.lower().replace(" time", "").replace(" ", "").strip())
    if not meant:
        by_lower = {zone.lower(): zone for zone in zones}
        by_city = {zone.rsplit("/", 1)[-1].lower().replace("_", " "): zone for zone in sorted(zones)}
        key = name.lower().strip()
        meant = by_lower.get(key) or by_city.get(key.replace("_", " "))
        if not meant:
            close = difflib.get_close_matches(key, list(by_lower), n=1, cutoff=0.75) or \
                difflib.get_close_matches(key.replace("_", " "), list(by_city), n=1, cutoff=0.75)
            if close:
                meant = by_lower.get(close[0]) or by_city[close[0]]
    hint = f'; did you mean "{meant}"?' if meant else \
        " (write a name like America/New_York, Europe/London or Asia/Kolkata)"
    return f"is not an IANA time zone{hint}"
