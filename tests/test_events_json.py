"""/events.json: every event with every public field, times checked against zoneinfo directly."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from builder.content.model import build_site
from builder.content.schema import EVENT
from builder.content.sources import load
from builder.content.validation import validate
from builder.outputs.events_json import events_json

BASE = "https://cem.example.org/"
EPOCH = 1759276800  # 2025-10-01T00:00:00Z

# slug -> (start, end, zone, extra front matter); timed events are checked against zoneinfo below
TIMED = {
    "reading-webinar": ("2025-10-14T15:00", "2025-10-14T16:00", "America/Chicago",
                        "type: webinar\npresenters: [Maria Garcia, Kwame Okafor]\naudience: [Teachers]\n"
                        "registration: https://example.org/register\nforum: reading-forum\npartner: lit-net\n"),
    "kolkata-chat": ("2025-10-15T19:30", "2025-10-15T20:30", "Asia/Kolkata", "type: chat\n"),
    "sydney-class": ("2025-10-03T09:00", "2025-10-03T10:30", "Australia/Sydney", "type: class\n"),
    "weekly-chat": ("2025-10-23T20:00", "2025-10-23T21:00", "America/New_York",
                    "type: chat\nrepeat: weekly\nuntil: 2025-11-13\n"),
    "archived-talk": ("2025-10-02T11:30", "2025-10-02T12:15", "Europe/Berlin",
                      "type: conference-session\ntrack: Classroom Practice\nfeatured: true\nstatus: cancelled\n"
                      "archive:\n  recording: https://video.example.org/abc\n  captions: media/talk.vtt\n"
                      "  transcript: media/talk.md\n  slides: https://slides.example.org/xyz\n"
                      "  takeaways: [Ask first]\n  resources:\n"
                      "    - {title: \"Planner\", url: \"https://example.org/planner.pdf\"}\n"),
}
# The keys of the file's first version, in their published order; fields declared since come after them.
FIRST_KEYS = ["slug", "url", "ics", "title", "summary", "type", "type_name", "topics", "partner", "presenters",
              "audience", "registration", "forum", "status", "featured", "track", "all_day", "timezone", "start",
              "end", "start_utc", "end_utc", "repeat", "until", "occurrences", "archive", "published", "updated"]
LATER_KEYS = [name for name, field in EVENT.items() if field.json and name not in FIRST_KEYS]


def event_file(title: str, start: str, end: str, zone: str | None, extra: str) -> str:
    zone_line = f"timezone: {zone}\n" if zone else ""
    partner = "" if "partner:" in extra else "partner: Literacy Network\n"
    return (f"---\ntitle: '{title}'\nstart: {start}\nend: {end}\n{zone_line}topics: [Literacy]\n{partner}"
            f"summary: 'A summary.'\n{extra}---\nBody.\n")


@pytest.fixture
def site(make_site):
    files: dict[str, str | bytes] = {
        f"events/{slug}.md": event_file(slug.replace("-", " ").title(), *spec) for slug, spec in TIMED.items()}
    files["events/story-contest.md"] = event_file(
        'Café & <b>Crème</b> "Contest"', "2025-10-06", "2025-10-08", None, "type: contest\n")
    files["forums/reading-forum.md"] = ("---\ntitle: Reading Forum\nstart: 2025-10-01\nend: 2025-10-31\n"
                                        "topics: [Literacy]\nhost: lit-net\nmoderators: [Ana Rodríguez]\n---\nTalk.\n")
    files["partners/lit-net.md"] = ("---\nname: Literacy Network\nurl: https://lit.example.org\n"
                                    "logo: media/lit.png\n---\nAbout.\n")
    files["media/lit.png"] = b"\x89PNG\r\n\x1a\n"
    files["media/talk.vtt"] = "WEBVTT\n"
    files["media/talk.md"] = "Transcript.\n"
    sources, problems = load(make_site(files))
    return build_site(validate(sources, problems), source_date_epoch=EPOCH)


def utc_text(local: str, zone: str) -> str:
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_file_is_deterministic_utf8_json_with_a_trailing_newline(site) -> None:
    raw = events_json(site)
    assert raw == events_json(site)
    assert raw.endswith(b"}\n") and not raw.endswith(b"\n\n")
    assert 'Café & <b>Crème</b> "Contest"'.encode() in raw.replace(b'\\"', b'"')  # not \u-escaped
    data = json.loads(raw.decode("utf-8"))
    assert list(data) == ["site", "generated", "events", "forums"]
    assert data["site"] == {"title": "Test Month", "url": BASE, "timezone": "America/New_York", "month": "2025-10"}
    assert data["generated"] == "2025-10-01T00:00:00Z"


def test_every_event_in_site_order_with_every_field(site) -> None:
    events = json.loads(events_json(site))["events"]
    assert len(events) == len(TIMED) + 1 == len(site.events)
    assert [e["slug"] for e in events] == [e.slug for e in site.events]
    for event in events:
        assert list(event) == FIRST_KEYS + LATER_KEYS, event["slug"]
        assert event["url"] == f"{BASE}events/{event['slug']}/"
        assert event["ics"] == f"{BASE}events/{event['slug']}.ics"
        assert event["topics"] == [{"slug": "literacy", "name": "Literacy"}]
    webinar = next(e for e in events if e["slug"] == "reading-webinar")
    assert webinar["partner"] == {"slug": "lit-net", "name": "Literacy Network", "url": f"{BASE}partners/lit-net/",
                                  "website": "https://lit.example.org", "logo": f"{BASE}media/lit.png"}
    assert (webinar["presenters"], webinar["audience"]) == (["Maria Garcia", "Kwame Okafor"], ["Teachers"])
    assert (webinar["registration"], webinar["forum"]) == ("https://example.org/register", "reading-forum")
    assert (webinar["type"], webinar["type_name"], webinar["status"]) == ("webinar", "Webinar", "scheduled")
    assert webinar["archive"] is None and webinar["track"] is None and webinar["featured"] is False


def test_utc_times_equal_the_front_matter_converted_with_zoneinfo(site) -> None:
    events = {e["slug"]: e for e in json.loads(events_json(site))["events"]}
    for slug, (start, end, zone, _) in TIMED.items():
        event = events[slug]
        assert (event["timezone"], event["all_day"]) == (zone, False)
        assert event["start_utc"] == utc_text(start, zone), slug
        assert event["end_utc"] == utc_text(end, zone), slug
        local = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo(zone))
        assert event["start"] == local.isoformat(), slug  # the offset of the event's own zone
        assert event["occurrences"][0] == {k: event[k] for k in ("start", "end", "start_utc", "end_utc")}
    assert events["kolkata-chat"]["start"] == "2025-10-15T19:30:00+05:30"
    assert events["kolkata-chat"]["start_utc"] == "2025-10-15T14:00:00Z"


def test_weekly_repeat_lists_every_occurrence_across_daylight_saving(site) -> None:
    chat = next(e for e in json.loads(events_json(site))["events"] if e["slug"] == "weekly-chat")
    assert (chat["repeat"], chat["until"]) == ("weekly", "2025-11-13")
    days = ["2025-10-23", "2025-10-30", "2025-11-06", "2025-11-13"]
    assert [o["start_utc"] for o in chat["occurrences"]] == [utc_text(f"{d}T20:00", "America/New_York") for d in days]
    assert [o["start_utc"][11:13] for o in chat["occurrences"]] == ["00", "00", "01", "01"]
    assert [o["end"][:16] for o in chat["occurrences"]] == [f"{d}T21:00" for d in days]


def test_all_day_events_give_dates_and_no_utc_instants(site) -> None:
    contest = next(e for e in json.loads(events_json(site))["events"] if e["slug"] == "story-contest")
    assert contest["title"] == 'Café & <b>Crème</b> "Contest"'
    assert (contest["all_day"], contest["timezone"]) == (True, "America/New_York")
    assert (contest["start"], contest["end"]) == ("2025-10-06", "2025-10-08")  # end: the last day, included
    assert contest["start_utc"] is None and contest["end_utc"] is None
    assert contest["occurrences"] == [{"start": "2025-10-06", "end": "2025-10-08", "start_utc": None, "end_utc": None}]
    assert contest["repeat"] is None and contest["until"] is None


def test_archive_paths_under_content_become_absolute_urls(site) -> None:
    talk = next(e for e in json.loads(events_json(site))["events"] if e["slug"] == "archived-talk")
    assert talk["archive"] == {
        "recording": "https://video.example.org/abc", "captions": f"{BASE}media/talk.vtt",
        "transcript": f"{BASE}media/talk.md", "slides": "https://slides.example.org/xyz", "chapters": [],
        "takeaways": ["Ask first"], "resources": [{"title": "Planner", "url": "https://example.org/planner.pdf"}],
    }
    assert (talk["status"], talk["featured"], talk["track"]) == ("cancelled", True, "Classroom Practice")
    assert talk["start"] == "2025-10-02T11:30:00+02:00"


def test_forums_are_listed_with_their_events(site) -> None:
    (forum,) = json.loads(events_json(site))["forums"]
    assert list(forum) == ["slug", "url", "ics", "title", "summary", "start", "end", "timezone", "topics", "host",
                           "moderators", "featured", "events", "published", "updated", "join", "platform"]
    assert (forum["url"], forum["ics"]) == (f"{BASE}forums/reading-forum/", f"{BASE}forums/reading-forum/calendar.ics")
    assert (forum["start"], forum["end"], forum["moderators"]) == ("2025-10-01", "2025-10-31", ["Ana Rodríguez"])
    assert forum["host"]["slug"] == "lit-net" and forum["events"] == ["reading-webinar"]
