"""'Add to calendar' links for Google Calendar and Outlook, carrying UTC times.

These services take an event in the URL; UTC avoids each service guessing the zone.
All-day events carry dates (Google's end date is exclusive, Outlook's is too).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from urllib.parse import quote_plus

UTC = UTC
MAX_DETAILS = 1200  # long URLs break in some browsers and mail clients


# quote_plus(safe="") for ASCII text, as one str.translate: urllib quotes byte by byte in Python, and
# with three links per event page that was a large share of the page's time.
_QUOTED = {code: "+" if code == 32 else f"%{code:02X}" for code in range(128)
           if not (chr(code).isalnum() or chr(code) in "_.-~")}


def urlencode(params: dict[str, str]) -> str:
    """urllib.parse.urlencode of text values, the same bytes."""
    return "&".join(f"{_quote(key)}={_quote(value)}" for key, value in params.items())


@functools.lru_cache(maxsize=4096)
def _quote(text: str) -> str:
    """Remembered: a page's three links repeat its title and details, and every key recurs."""
    return text.translate(_QUOTED) if text.isascii() else quote_plus(text)


def _utc(moment: datetime) -> datetime:
    """UTC for an aware time; a naive one would be read in the build machine's zone, so refuse it."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment} has no time zone")
    return moment.astimezone(UTC)


def _details(summary: str, page_url: str) -> str:
    text = summary if len(summary) <= MAX_DETAILS else summary[: MAX_DETAILS - 1] + "…"
    return f"{text}\n\n{page_url}".strip()


def google_url(title: str, start: datetime, end: datetime, all_day: bool, summary: str, page_url: str,
               location: str | None) -> str:
    if all_day:
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
    else:
        dates = f"{_utc(start):%Y%m%dT%H%M%SZ}/{_utc(end):%Y%m%dT%H%M%SZ}"
    params = {"action": "TEMPLATE", "text": title, "dates": dates, "details": _details(summary, page_url)}
    if location:
        params["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def outlook_url(title: str, start: datetime, end: datetime, all_day: bool, summary: str, page_url: str,
                location: str | None, host: str = "outlook.live.com") -> str:
    """Outlook.com (outlook.live.com) or Microsoft 365 (outlook.office.com): the same deeplink, two hosts."""
    params = {"path": "/calendar/action/compose", "rru": "addevent", "subject": title,
              "body": _details(summary, page_url)}
    if all_day:
        params |= {"startdt": f"{start:%Y-%m-%d}", "enddt": f"{end:%Y-%m-%d}", "allday": "true"}
    else:
        params |= {"startdt": f"{_utc(start):%Y-%m-%dT%H:%M:%SZ}",
                   "enddt": f"{_utc(end):%Y-%m-%dT%H:%M:%SZ}"}
    if location:
        params["location"] = location
    return f"https://{host}/calendar/0/deeplink/compose?" + urlencode(params)



def subscribe_links(base_url: str, path: str, name: str) -> dict[str, str]:
    """Ways to subscribe to the calendar at `path`: each app wants its own URL.

    webcal:// opens Apple Calendar, Outlook desktop and Thunderbird; Google takes the webcal URL as
    `cid` (which also works on Android); Outlook.com and Microsoft 365 have their own add-from-web pages.
    """
    https = base_url + path
    webcal = "webcal://" + https.split("://", 1)[1]
    add_from_web = urlencode({"url": https, "name": name})
    return {
        "https": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?" + add_from_web,
        "office": "https://outlook.office.com/calendar/0/addfromweb?" + add_from_web,
    }
