"""schedule.xml for the kick-off conference: valid frab XML, sessions in the right day and room."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from builder.content.model import build_site
from builder.content.sources import load
from builder.content.validation import validate
from builder.outputs.schedule_xml import conference_schedule
from tests.conftest import SAMPLE_CONTENT

XSD = Path(__file__).parent / "data" / "frab-schedule.xsd"  # our own schema of the format
SITE_ZONE = ZoneInfo("America/New_York")
TRICKY = "Q&A: <Tags> & \"quotes\" aren't ]]> a problem"

# slug -> (start, end, zone, track or None, presenters); all conference sessions
SESSIONS = {
    "opening-keynote": ("2025-10-01T10:00", "2025-10-01T11:15", "America/New_York", "Leadership & Policy",
                        ["Dr. Adaeze Nwosu"]),
    "discourse-routines": ("2025-10-01T11:30", "2025-10-01T12:15", "America/New_York", "Classroom Practice",
                           ["Marcus Bell", "Priya Raman"]),
    # 07:00 in Kolkata on the 2nd is 21:30 on the 1st in New York: day one
    "kolkata-session": ("2025-10-02T07:00", "2025-10-02T07:45", "Asia/Kolkata", "Classroom Practice",
                        ["Ananya Iyer"]),
    "west-coast-panel": ("2025-10-02T13:00", "2025-10-02T14:30", "America/Los_Angeles", "Leadership & Policy",
                         ["Wei Chen", "Ana Rodríguez"]),
    "tricky-title": ("2025-10-02T09:00", "2025-10-02T09:30", "America/New_York", None, ["Zoë O'Brien"]),
}


def event_file(title: str, start: str, end: str, zone: str, extra: str) -> str:
    quoted = title.replace("'", "''")
    return (f"---\ntitle: '{quoted}'\nstart: {start}\nend: {end}\ntimezone: {zone}\ntopics: [Literacy]\n"
            f"partner: Literacy Network\nsummary: 'Summary of {quoted}.'\n{extra}---\nBody & *more*.\n")


def session_files(sessions: dict) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for slug, (start, end, zone, track, presenters) in sessions.items():
        title = TRICKY if slug == "tricky-title" else slug.replace("-", " ").title()
        extra = f"type: conference-session\npresenters: [{', '.join(presenters)}]\n"
        extra += f"track: {track}\nregistration: https://example.org/register/{slug}\n" if track else ""
        files[f"events/{slug}.md"] = event_file(title, start, end, zone, extra)
    return files


def site_from(content: Path):
    sources, problems = load(content)
    return build_site(validate(sources, problems))


@pytest.fixture
def site(make_site):
    files = session_files(SESSIONS)
    files["events/day-one-webinar.md"] = event_file("Day One Webinar", "2025-10-01T14:00", "2025-10-01T15:00",
                                                    "America/New_York", "type: webinar\n")
    return site_from(make_site(files))


def parse(site) -> ET.Element:
    raw = conference_schedule(site)
    assert raw is not None
    return ET.fromstring(raw)


def slug_of(event: ET.Element) -> str:
    """The event slug in a session's <slug>, after the conference's acronym and a hyphen."""
    acronym, slug = event.findtext("slug").split("-", 1)
    assert acronym in ("tm2025", "cem2025")
    return slug


def validate_xsd(raw: bytes) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(raw)
    assert schema.validate(document), schema.error_log


def test_the_schedule_validates_against_the_frab_xsd(site) -> None:
    validate_xsd(conference_schedule(site))


def test_the_xsd_check_itself_catches_a_broken_schedule(site) -> None:
    broken = conference_schedule(site).replace(b"<duration>00:45</duration>", b"<duration>45 min</duration>", 1)
    assert not etree.XMLSchema(etree.parse(str(XSD))).validate(etree.fromstring(broken))


def test_every_session_once_in_its_day_and_room_at_its_site_time(site) -> None:
    root = parse(site)
    placed = {}
    for day in root.iter("day"):
        for room in day.iter("room"):
            for event in room.iter("event"):
                placed[slug_of(event)] = (day.get("date"), room.get("name"), event)
    assert Counter(slug_of(e) for e in root.iter("event")) == Counter(list(SESSIONS))  # each once, nothing else
    for slug, (start, end, zone, track, presenters) in SESSIONS.items():
        local_start = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo(zone))
        local_end = datetime.fromisoformat(end).replace(tzinfo=ZoneInfo(zone))
        in_site_zone = local_start.astimezone(SITE_ZONE)
        minutes = int((local_end - local_start).total_seconds()) // 60
        day, room, event = placed[slug]
        assert day == in_site_zone.date().isoformat(), slug
        assert room == (track or "Main") == event.findtext("room") == event.findtext("track"), slug
        assert event.findtext("start") == in_site_zone.strftime("%H:%M"), slug
        assert event.findtext("duration") == f"{minutes // 60:02d}:{minutes % 60:02d}", slug
        assert datetime.fromisoformat(event.findtext("date")) == local_start, slug
        assert event.findtext("date").endswith(("-04:00", "-05:00")), slug  # offset of the site's zone
        assert [p.text for p in event.iter("person")] == presenters, slug
        assert all(p.get("id", "").isdigit() for p in event.iter("person")), slug
        assert event.findtext("url") == f"https://cem.example.org/events/{slug}/"
        assert event.findtext("language") == "en" and event.findtext("abstract").startswith("Summary of")
    assert placed["kolkata-session"][0] == "2025-10-01" and placed["kolkata-session"][2].findtext("start") == "21:30"
    assert placed["discourse-routines"][2].findtext("duration") == "00:45"
    assert placed["west-coast-panel"][2].findtext("start") == "16:00"
    links = [(a.get("href"), a.text) for a in placed["opening-keynote"][2].findall("links/link")]
    assert links == [("https://example.org/register/opening-keynote", "Registration")]


def test_days_rooms_and_conference_header(site) -> None:
    root = parse(site)
    days = root.findall("day")
    assert [(d.get("index"), d.get("date")) for d in days] == [("1", "2025-10-01"), ("2", "2025-10-02")]
    assert days[0].get("start") == "2025-10-01T10:00:00-04:00" and days[0].get("end") == "2025-10-01T22:15:00-04:00"
    assert [r.get("name") for r in days[0].findall("room")] == ["Classroom Practice", "Leadership & Policy"]
    assert [r.get("name") for r in days[1].findall("room")] == ["Leadership & Policy", "Main"]
    rooms = days[0].findall("room")
    assert [slug_of(e) for e in rooms[0].findall("event")] == ["discourse-routines", "kolkata-session"]
    conference = root.find("conference")
    assert conference.findtext("acronym") == "tm2025" and conference.findtext("days") == "2"
    assert (conference.findtext("start"), conference.findtext("end")) == ("2025-10-01", "2025-10-02")
    assert conference.findtext("time_zone_name") == "America/New_York"
    assert conference.findtext("timeslot_duration") == "00:15"
    assert conference.findtext("base_url") == "https://cem.example.org/"


def test_titles_with_markup_characters_survive_escaping(site) -> None:
    raw = conference_schedule(site)
    assert b"<Tags>" not in raw
    (event,) = [e for e in parse(site).iter("event") if slug_of(e) == "tricky-title"]
    assert event.findtext("title") == TRICKY
    assert [p.text for p in event.iter("person")] == ["Zoë O'Brien"]
    assert event.findtext("description") == "Body & more."


def test_ids_and_guids_are_stable_unique_and_independent_of_other_sessions(site, make_site, tmp_path) -> None:
    first, second = parse(site), parse(site)
    assert conference_schedule(site) == conference_schedule(site)
    ids = {slug_of(e): (e.get("id"), e.get("guid")) for e in first.iter("event")}
    assert ids == {slug_of(e): (e.get("id"), e.get("guid")) for e in second.iter("event")}
    assert len({i for i, _ in ids.values()}) == len({g for _, g in ids.values()}) == len(SESSIONS)
    for slug, (number, guid) in ids.items():
        assert int(number) > 0
        assert guid == str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://cem.example.org/events/{slug}/"))
    more = dict(SESSIONS, **{"aardvark-session": ("2025-10-01T09:00", "2025-10-01T09:30", "America/New_York",
                                                  "Classroom Practice", ["Someone Else"])})
    grown = site_from(make_site(session_files(more)))
    grown_ids = {slug_of(e): (e.get("id"), e.get("guid")) for e in parse(grown).iter("event")}
    assert {slug: grown_ids[slug] for slug in SESSIONS} == ids


def test_no_conference_sessions_means_no_schedule(make_site) -> None:
    site = site_from(make_site({"events/webinar.md": event_file(
        "Webinar", "2025-10-01T14:00", "2025-10-01T15:00", "America/New_York", "type: webinar\n")}))
    assert conference_schedule(site) is None


def test_the_sample_site_has_a_two_day_conference_in_several_rooms() -> None:
    site = site_from(SAMPLE_CONTENT)
    raw = conference_schedule(site)
    assert raw is not None
    validate_xsd(raw)
    root = ET.fromstring(raw)
    days = root.findall("day")
    assert len(days) == 2
    assert len({room.get("name") for day in days for room in day.findall("room")}) >= 2
    sessions = [e.slug for e in site.events if e.type.slug == "conference-session"]
    assert sorted(slug_of(e) for e in root.iter("event")) == sorted(sessions)


def test_slugs_have_the_conference_prefix_and_four_characters_after_it(make_site) -> None:
    """voc/schedule's schedule.xml.xsd (used by frab consumers) wants `[a-z0-9_]{4,}-[a-z0-9\\-_]{4,}`:
    a 2-letter event slug is made long enough with the session's id, the same at every build."""
    more = dict(SESSIONS, **{"ab": ("2025-10-01T09:00", "2025-10-01T09:30", "America/New_York", None, ["Al Bo"]),
                             "abc-d": ("2025-10-01T09:30", "2025-10-01T10:00", "America/New_York", None, ["Cy Do"])})
    site = site_from(make_site(session_files(more)))
    raw = conference_schedule(site)
    validate_xsd(raw)
    slugs = {e.findtext("url").rsplit("/", 2)[1]: (e.findtext("slug"), e.get("id")) for e in ET.fromstring(raw).iter("event")}
    assert slugs["ab"] == (f"tm2025-ab_{slugs['ab'][1]}", slugs["ab"][1])
    assert slugs["abc-d"][0] == "tm2025-abc-d" and slugs["opening-keynote"][0] == "tm2025-opening-keynote"
    assert len({slug for slug, _ in slugs.values()}) == len(slugs)
    assert conference_schedule(site_from(make_site(session_files(more)))) == raw


def test_the_xsd_refuses_slugs_voc_schedule_refuses(site) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    raw = conference_schedule(site)
    for bad in (b"<slug>keynote</slug>", b"<slug>tm2025-ab</slug>", b"<slug>ab-opening-keynote</slug>",
                b"<slug>TM2025-Opening-Keynote</slug>"):
        broken = raw.replace(b"<slug>tm2025-opening-keynote</slug>", bad, 1)
        assert broken != raw and not schema.validate(etree.fromstring(broken)), bad
