"""iCalendar output, read back by Mozilla's ical.js (Thunderbird's parser) and by vobject,
neither of which wrote it; times checked against zoneinfo conversions made here."""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from tests.conftest import PROJECT, SAMPLE_CONTENT, run_cli
from tests.reading import front_matter

UTC = UTC
HOST = "connectededucators.example.org"


class _IcalJs:
    """tests/js/parse_ics.mjs in one node process for the whole test process, asked a line at a time:
    starting node and loading ical.js cost more than reading a small calendar, and a dozen tests ask.
    Each answer is the one a node started for those files alone gives (the script forgets the zones
    of earlier questions). Ended when the test process ends, or when it stops answering."""

    def __init__(self) -> None:
        self.pid = os.getpid()  # a process forked from this one (a killed build) starts its own
        self.errors = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(["node", str(PROJECT / "tests" / "js" / "parse_ics.mjs")], text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors)
        atexit.register(self.close)

    def ask(self, files: tuple[Path, ...]) -> dict:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps([str(file) for file in files]) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.close()
            self.errors.seek(0)
            raise AssertionError(f"parse_ics.mjs ended without an answer: {self.errors.read()[-3000:]}")
        answer = json.loads(line)
        assert "error" not in answer, answer["error"]
        return answer

    def close(self) -> None:
        if self.pid == os.getpid() and self.process.poll() is None:
            self.process.stdin.close()  # type: ignore[union-attr]
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_READER: list[_IcalJs] = []  # this process's, started at the first question


def ical_js(*files: Path) -> dict:
    """What ical.js sees in each file (tests/js/parse_ics.mjs)."""
    if not _READER or _READER[0].process.poll() is not None or _READER[0].pid != os.getpid():
        _READER[:] = [_IcalJs()]
    return _READER[0].ask(files)



def to_utc(local: str, zone: str) -> str:
    moment = datetime.fromisoformat(local.replace(" ", "T")).replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.fixture(scope="module")
def parsed(sample_output: Path) -> dict:
    return ical_js(*sorted(sample_output.rglob("*.ics")))


def test_every_calendar_parses_in_both_parsers(sample_output: Path, parsed: dict) -> None:
    files = sorted(sample_output.rglob("*.ics"))
    assert len(files) > 100 and len(parsed) == len(files)
    for file in files:
        data = file.read_bytes()
        components = list(vobject.readComponents(data.decode("utf-8")))
        assert len(components) == 1, file
        events_vobject = len(components[0].contents.get("vevent", []))
        assert events_vobject == len(parsed[str(file)]["events"]) > 0, file
        assert parsed[str(file)]["method"] == "PUBLISH"


def test_event_counts_match_the_content(sample_output: Path, parsed: dict) -> None:
    events = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "events").glob("*.md")}
    forums = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "forums").glob("*.md")}
    whole = parsed[str(sample_output / "calendar.ics")]["events"]
    assert len(whole) == len(events) + len(forums)
    uids = [e["uid"] for e in whole]
    assert len(set(uids)) == len(uids)
    assert {f"{slug}@{HOST}" for slug in events} <= set(uids)
    assert {f"{slug}.forum@{HOST}" for slug in forums} <= set(uids)
    for slug in forums:
        in_forum = [s for s, fm in events.items() if fm.get("forum") == slug]
        assert len(parsed[str(sample_output / "forums" / slug / "calendar.ics")]["events"]) == len(in_forum) + 1
    cancelled = [s for s, fm in events.items() if fm.get("status") == "cancelled"]
    assert cancelled and all(e["status"] == "CANCELLED" for e in whole if e["uid"].split("@")[0] in cancelled)


def test_times_equal_the_front_matter_in_its_zone(sample_output: Path, parsed: dict) -> None:
    whole = {e["uid"]: e for e in parsed[str(sample_output / "calendar.ics")]["events"]}
    checked = set()
    for path in sorted((SAMPLE_CONTENT / "events").glob("*.md")):
        fm = front_matter(path)
        event = whole[f"{path.stem}@{HOST}"]
        if len(fm["start"]) == 10:
            assert event["isDate"] and event["start"] == fm["start"]
            last = datetime.fromisoformat(fm["end"]) + timedelta(days=1)
            assert event["end"] == last.date().isoformat()  # DATE DTEND is exclusive
            continue
        zone = fm.get("timezone", "America/New_York")
        assert event["start"] == to_utc(fm["start"], zone), path.name
        assert event["end"] == to_utc(fm["end"], zone), path.name
        assert event["tzid"] == zone
        checked.add(zone)
    assert {"America/Phoenix", "Australia/Sydney", "Asia/Kolkata", "America/Chicago"} <= checked


def test_weekly_chat_expands_to_each_thursday(sample_output: Path, parsed: dict) -> None:
    path = sample_output / "events" / "cemchat-thursday-weekly.ics"
    (event,) = parsed[str(path)]["events"]
    calendar = Calendar.from_ical(path.read_bytes())
    expanded = recurring_ical_events.of(calendar).between(datetime(2025, 9, 1, tzinfo=UTC), datetime(2025, 12, 1, tzinfo=UTC))
    from_python = [e["DTSTART"].dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z") for e in expanded]
    assert from_python == event["occurrences"]
    assert len(from_python) == 5
    assert all(datetime.fromisoformat(s.replace(".000Z", "+00:00")).astimezone(ZoneInfo("America/New_York")).hour
               == 20 for s in from_python)


def test_forums_are_all_day_and_keep_their_last_day(sample_output: Path, parsed: dict) -> None:
    (forum,) = [e for e in parsed[str(sample_output / "forums" / "future-of-teaching" / "calendar.ics")]["events"]
                if e["uid"].endswith(".forum@" + HOST)]
    assert forum["isDate"] and forum["start"] == "2025-10-01" and forum["end"] == "2025-11-01"


def test_calendar_properties_and_line_format(sample_output: Path) -> None:
    for file in [sample_output / "calendar.ics", *sorted(sample_output.glob("events/*.ics"))[:20]]:
        data = file.read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, (file, line)
            line.decode("utf-8")  # never a UTF-8 character split across a fold
        text = data.decode("utf-8").replace("\r\n ", "")
        for needed in ("VERSION:2.0", "PRODID:", "METHOD:PUBLISH", "X-WR-CALNAME:", "X-WR-CALDESC:",
                       "X-WR-TIMEZONE:", "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H"):
            assert needed in text, (file, needed)
        used = {part.split("TZID=")[1].split(":")[0].split(";")[0] for part in text.split("\r\n") if "TZID=" in part}
        defined = {line[5:] for line in text.split("\r\n") if line.startswith("TZID:")}
        assert used == defined, file


def test_a_hostile_title_cannot_inject_properties_or_events(make_site, tmp_path: Path) -> None:
    content = make_site({"events/evil.md": """\
        ---
        title: "Evil; title,\\nwith \\\\ backslash\\r\\nEND:VEVENT\\nBEGIN:VEVENT"
        start: 2025-10-14T15:00
        end: 2025-10-14T16:00
        type: webinar
        topics: [Literacy]
        partner: "Bad, Partner; Inc"
        summary: "Line one\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\r\\nSUMMARY:Injected"
        ---
        """})
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "out" / "events" / "evil.ics"
    (event,) = ical_js(path)[str(path)]["events"]
    assert event["summary"] == "Evil; title,\nwith \\ backslash\nEND:VEVENT\nBEGIN:VEVENT"
    assert "SUMMARY:Injected" in event["description"]  # kept as text inside the description
    assert len(list(vobject.readComponents(path.read_text(encoding="utf-8")))[0].contents["vevent"]) == 1


@pytest.mark.parametrize(("zone", "start", "end"), [
    ("America/Phoenix", "2025-11-03T09:00", "2025-11-03T10:00"),
    ("Australia/Sydney", "2025-10-16T09:30", "2025-10-16T10:30"),  # after Sydney's DST start
    ("Asia/Kolkata", "2025-10-09T18:30", "2025-10-09T19:30"),
    ("America/New_York", "2025-11-01T20:00", "2025-11-01T21:00"),  # the day before the US change
    ("America/New_York", "2025-11-02T01:30", "2025-11-02T03:00"),  # across the change itself
    ("America/New_York", "2025-11-03T20:00", "2025-11-03T21:00"),  # after it
    ("Europe/London", "2025-10-27T16:00", "2025-10-27T17:00"),
])
def test_utc_equals_local_time_in_its_zone(make_site, tmp_path: Path, zone: str, start: str, end: str) -> None:
    content = make_site({"events/e.md": f"---\ntitle: E\nstart: {start}\nend: {end}\ntimezone: {zone}\n"
                                        "type: webinar\ntopics: [Literacy]\npartner: P\n---\n"})
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "out" / "events" / "e.ics"
    (event,) = ical_js(path)[str(path)]["events"]
    assert (event["start"], event["end"]) == (to_utc(start, zone), to_utc(end, zone))
    (component,) = list(vobject.readComponents(path.read_text(encoding="utf-8")))[0].contents["vevent"]
    assert component.dtstart.value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z") == to_utc(start, zone)


def test_weekly_repeat_across_daylight_saving_keeps_local_time(make_site, tmp_path: Path) -> None:
    content = make_site({"events/w.md": "---\ntitle: W\nstart: 2025-10-23T20:00\nend: 2025-10-23T21:00\n"
                                        "type: chat\ntopics: [Literacy]\npartner: P\nrepeat: weekly\n"
                                        "until: 2025-11-13\n---\n"})
    assert run_cli("build", "--content", str(content), "--out", str(tmp_path / "out")).returncode == 0
    path = tmp_path / "out" / "events" / "w.ics"
    (event,) = ical_js(path)[str(path)]["events"]
    expected = [to_utc(f"2025-{day}T20:00", "America/New_York") for day in ("10-23", "10-30", "11-06", "11-13")]
    assert event["occurrences"] == expected
    assert "UNTIL=20251114T010000Z" in path.read_text()


@pytest.mark.parametrize(("zone", "start", "end", "repeat", "last"), [
    ("America/New_York", "2025-10-14T15:00", "2027-07-01T12:00", "", None),  # ends in summer time, two years on
    ("Europe/London", "2025-10-20T09:00", "2040-06-15T17:00", "", None),  # a far-future end
    ("Australia/Sydney", "2025-10-06T09:00", "2026-05-04T10:00", "", None),  # southern summer to winter
    ("America/Chicago", "2026-12-31T20:00", "2026-12-31T21:00", "repeat: daily\nuntil: 2027-07-04\n",
     ("2027-07-04T20:00", "2027-07-04T21:00")),  # a repeat's last occurrence, in the next summer
])
def test_every_time_of_a_long_event_is_read_in_its_zones_offset(make_site, tmp_path: Path, zone: str, start: str,
                                                                  end: str, repeat: str, last: tuple | None) -> None:
    """VTIMEZONEs list each transition up to a year: they must reach past the last end and the last
    occurrence, or clients read those in the offset of the last transition given. Read by ical.js,
    by icalendar with recurring-ical-events, and through vobject's reading of the VTIMEZONE (vobject
    itself takes a known TZID from pytz, whose rules stop in 2037)."""
    content = make_site({"events/long.md": f"---\ntitle: Long\nstart: {start}\nend: {end}\ntimezone: {zone}\n"
                                           f"type: exhibit\ntopics: [Literacy]\npartner: P\n{repeat}---\n",
                         "events/short.md": "---\ntitle: Short\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\n"
                                            "type: webinar\ntopics: [Literacy]\npartner: P\n---\n"})
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    files = [out / "events" / "long.ics", out / "calendar.ics", out / "topics" / "literacy" / "calendar.ics"]
    last_start, last_end = last or (start, end)
    read = ical_js(*files)
    for path in files:
        (event,) = [e for e in read[str(path)]["events"] if e["uid"].startswith("long@")]
        assert (event["start"], event["end"]) == (to_utc(start, zone), to_utc(end, zone)), path
        assert event["occurrences"][-1] == to_utc(last_start, zone), path
        calendar = Calendar.from_ical(path.read_bytes())
        expanded = [e for e in recurring_ical_events.of(calendar).between(datetime(2025, 1, 1, tzinfo=UTC),
                                                                           datetime(2041, 1, 1, tzinfo=UTC))
                    if str(e["UID"]).startswith("long@")]
        assert [e["DTEND"].dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z") for e in expanded[-1:]] == [
            to_utc(last_end, zone)], path
        parsed = vobject.readOne(path.read_bytes().decode("utf-8"))
        (vtimezone,) = [z for z in parsed.contents["vtimezone"] if z.tzid.value == zone]
        tzinfo = vtimezone.gettzinfo()
        for local in {start, end, last_start, last_end}:
            moment = datetime.fromisoformat(local)
            assert moment.replace(tzinfo=tzinfo).utcoffset() == moment.replace(tzinfo=ZoneInfo(zone)).utcoffset(), (
                path, local)


MOVED = """\
    ---
    title: Reading Across the Curriculum
    start: 2025-10-14T15:00
    end: 2025-10-14T16:00
    type: webinar
    topics: [Literacy]
    partner: Literacy Network
    moved_from: reading-webinar
    ---
    """


def test_a_renamed_event_keeps_its_calendar_id_and_leaves_a_page_at_its_old_address(make_site, tmp_path: Path) -> None:
    content = make_site({"events/reading-across-the-curriculum.md": MOVED})
    result = run_cli("build", "--no-cache", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    (event,) = Calendar.from_ical((out / "events" / "reading-across-the-curriculum.ics").read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == "reading-webinar@cem.example.org"
    new = "https://cem.example.org/events/reading-across-the-curriculum/"
    assert (out / "events" / "reading-webinar" / "index.html").read_text(encoding="utf-8") == (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Moved: Reading Across the Curriculum</title>\n"
        f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{new}">\n'
        f'<meta http-equiv="refresh" content="0; url={new}">\n</head>\n<body>\n'
        f'<p>This event has moved to <a href="{new}">Reading Across the Curriculum</a>.</p>\n</body>\n</html>\n')
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert new in sitemap and "events/reading-webinar/" not in sitemap


def test_an_old_name_must_be_free_and_kept_by_one_event(make_site) -> None:
    def moved(old: str, hour: int) -> str:
        return MOVED.replace("reading-webinar", old).replace("T15:00", f"T{hour}:00").replace("end: 2025-10-14T16:00",
                                                                                           f"end: 2025-10-14T{hour + 1}:00")
    content = make_site({"events/reading-a.md": moved("reading-webinar", 10),
                         "events/reading-b.md": moved("reading-webinar", 12),
                         "events/reading-c.md": moved("reading-c", 14),
                         "events/reading-d.md": moved("reading-a", 16)})
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f'{content}/events/reading-b.md:8: error: moved_from "reading-webinar" is also the old name of '
        f"{content}/events/reading-a.md:8; only one event can keep it: remove one of the two lines",
        f'{content}/events/reading-c.md:8: error: moved_from "reading-c" is this file\'s own name; remove the line '
        "(moved_from is the name the file had before it was renamed)",
        f'{content}/events/reading-d.md:8: error: moved_from "reading-a" is the name of another event, '
        f"{content}/events/reading-a.md: two events cannot share an address or calendar ID; write the name this "
        "file had before it was renamed, or remove the line",
        "3 errors; nothing was written",
    ]
