"""An item's dates (`published:`, `updated:`) come from its own file: they date its VEVENT
(DTSTAMP, LAST-MODIFIED, SEQUENCE) and its feed entries, and no other file can move them.
Read back by ical.js and feedparser; every build here is deterministic, with no clock."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser

from tests.conftest import run_cli
from tests.test_calendars import ical_js

EVENT = ("---\ntitle: {slug}\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\ntype: webinar\n"
         "topics: [Literacy]\npartner: P\n{dates}---\nBody.\n")


def build(make_site, tmp_path: Path, dates: dict[str, str], out: str = "out", cache: bool = False,
          env: dict[str, str] | None = None):  # noqa: ANN202
    """Build one event file per slug with these front-matter date lines; the result and output folder."""
    content = make_site({f"events/{slug}.md": EVENT.format(slug=slug, dates=lines) for slug, lines in dates.items()})
    args = ["build", "--content", str(content), "--out", str(tmp_path / out)]
    return run_cli(*args, *([] if cache else ["--no-cache"]), env=env), tmp_path / out


def vevent(output: Path, slug: str) -> dict[str, str]:
    """The VEVENT of an event's own .ics, property name -> value, lines unfolded."""
    text = (output / "events" / f"{slug}.ics").read_bytes().decode().replace("\r\n ", "")
    body = text.split("BEGIN:VEVENT\r\n", 1)[1].split("END:VEVENT", 1)[0]
    return {line.split(":", 1)[0].split(";", 1)[0]: line.split(":", 1)[1] for line in body.splitlines() if line}


def sequence_read_by_ical_js(output: Path, slug: str) -> int:
    path = output / "events" / f"{slug}.ics"
    (event,) = ical_js(path)[str(path)]["events"]
    return event["sequence"]


def test_updated_alone_raises_sequence_and_last_modified(make_site, tmp_path: Path) -> None:
    """The partner guide says: when you change an event, set `updated:`. With no `published:`, that
    left SEQUENCE at 0 and calendar apps kept the old version."""
    editions = {"first": "", "edited": "updated: 2025-10-06T09:30\n", "again": "updated: 2025-10-08T17:00\n",
                "early": "updated: 2025-08-20T10:00\n"}  # a change recorded before the site's stamp, too
    sequences, modified = {}, {}
    for name, lines in editions.items():
        result, output = build(make_site, tmp_path, {"talk": lines}, out=name)
        assert result.returncode == 0, result.stderr
        sequences[name] = sequence_read_by_ical_js(output, "talk")
        modified[name] = vevent(output, "talk")["LAST-MODIFIED"]
    assert sequences["first"] == 0
    assert sequences["first"] < sequences["early"] < sequences["edited"] < sequences["again"]
    assert modified == {"first": "20250901T000000Z", "edited": "20251006T133000Z", "again": "20251008T210000Z",
                        "early": "20250820T140000Z"}
    # and a cancellation recorded the same minute still counts as newer
    result, output = build(make_site, tmp_path, {"talk": "updated: 2025-10-08T17:00\nstatus: cancelled\n"}, "cancel")
    assert result.returncode == 0, result.stderr
    assert sequence_read_by_ical_js(output, "talk") > sequences["again"]


def test_sequence_does_not_depend_on_source_date_epoch(make_site, tmp_path: Path) -> None:
    found = set()
    for epoch in ("1700000000", "1760000000"):
        result, output = build(make_site, tmp_path, {"talk": "updated: 2025-10-06T09:30\n"}, out=epoch,
                               env={"SOURCE_DATE_EPOCH": epoch})
        assert result.returncode == 0, result.stderr
        found.add((vevent(output, "talk")["SEQUENCE"], vevent(output, "talk")["LAST-MODIFIED"]))
    assert len(found) == 1


def test_one_files_dates_never_move_another_items(make_site, tmp_path: Path) -> None:
    """A far-off `updated:` in one file became every VEVENT's DTSTAMP and every feed's date."""
    result, output = build(make_site, tmp_path, {"own": "published: 2025-09-03\n", "undated": "",
                                                 "ahead": "updated: 2027-06-01T12:00\n"})
    assert result.returncode == 0, result.stderr
    assert vevent(output, "own")["DTSTAMP"] == vevent(output, "own")["LAST-MODIFIED"] == "20250903T040000Z"
    assert vevent(output, "undated")["DTSTAMP"] == "20250901T000000Z"  # the site's: the month before its month
    assert vevent(output, "ahead")["DTSTAMP"] == "20270601T160000Z"
    whole = (output / "calendar.ics").read_bytes().decode()
    assert whole.count("DTSTAMP:20270601T160000Z") == 1
    data = json.loads((output / "events.json").read_text())
    assert data["generated"] == "2025-09-01T00:00:00Z"
    dates = {event["slug"]: (event["published"], event["updated"]) for event in data["events"]}
    assert dates == {"own": ("2025-09-03T04:00:00Z", "2025-09-03T04:00:00Z"),
                     "undated": ("2025-09-01T00:00:00Z", "2025-09-01T00:00:00Z"),
                     "ahead": ("2025-09-01T00:00:00Z", "2027-06-01T16:00:00Z")}
    entries = {e.id.rsplit("/", 2)[-2]: e for e in feedparser.parse((output / "atom.xml").read_bytes()).entries}
    assert entries["own"].updated.startswith("2025-09-03T04:00:00.")
    assert entries["undated"].updated.startswith("2025-09-01T00:00:00.")


def test_a_date_years_after_the_month_is_refused(make_site, tmp_path: Path) -> None:
    result, output = build(make_site, tmp_path, {"typo": "published: 2025-09-02\nupdated: 2052-10-06T09:30\n",
                                                 "far": "published: 2027-11-01\n",
                                                 "last-day": "published: 2027-10-31\nupdated: 2027-10-31T23:59\n"})
    assert result.returncode == 1
    errors = sorted(line for line in result.stderr.splitlines() if ": error: " in line)
    assert len(errors) == 2, result.stderr
    assert errors[0].endswith('far.md:8: error: published "2027-11-01" is more than 2 years after the site\'s '
                              "month (2025-10); write the date of the announcement or change itself (check the "
                              "year), no later than 2027-10-31")
    assert 'typo.md:9: error: updated "2052-10-06T09:30" is more than 2 years after' in errors[1]
    assert not output.exists()


def test_a_patched_build_refuses_a_far_date_too(make_site, tmp_path: Path) -> None:
    """An edit that touches only an event's dates is checked on the incremental path as well."""
    result, output = build(make_site, tmp_path, {"talk": "published: 2025-09-02\n", "other": ""}, cache=True)
    assert result.returncode == 0, result.stderr
    first = vevent(output, "talk")["SEQUENCE"]
    result, output = build(make_site, tmp_path, {"talk": "published: 2025-09-02\nupdated: 2025-10-06T09:30\n",
                                                 "other": ""}, cache=True)
    assert result.returncode == 0, result.stderr
    assert int(vevent(output, "talk")["SEQUENCE"]) > int(first)
    result, _ = build(make_site, tmp_path, {"talk": "published: 2025-09-02\nupdated: 2105-10-06T09:30\n",
                                            "other": ""}, cache=True)
    assert result.returncode == 1 and "talk.md:9: error: updated \"2105-10-06T09:30\" is more than 2 years" in result.stderr
