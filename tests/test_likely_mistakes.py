"""Warnings for what is valid but most often a slip (builder/content/mistakes.py): `check` passes
(exit 0) and names the line and the fix of each, in text and as GitHub warning annotations."""

from __future__ import annotations

import pytest

from tests.conftest import GOOD_EVENT, run_cli


def warnings(make_site, files: dict[str, str], *options: str) -> list[str]:
    content = make_site(files)
    result = run_cli("check", "--content", "content", *options, cwd=content.parent)
    assert result.returncode == 0, result.stderr
    return result.stderr.splitlines()


def changed(*pairs: tuple[str, str]) -> str:
    text = GOOD_EVENT
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(("pairs", "message"), [
    ((("2025-10-14T15:00", "2025-11-14T15:00"), ("2025-10-14T16:00", "2025-11-14T16:00")),
     'content/events/x.md:3: warning: start "2025-11-14" is outside the site\'s month (October 2025); check the month '
     "and the year, or ask the organizers whether the event belongs on this calendar"),
    ((("2025-10-14T15:00", "2025-10-14T03:00"), ("2025-10-14T16:00", "2025-10-14T04:00")),
     'content/events/x.md:3: warning: start "2025-10-14T03:00" is at night in America/Chicago (between midnight and '
     "6:00); check that the time is on a 24-hour clock (3 PM is 15:00) and that timezone is where the event is planned"),
    ((("2025-10-14T16:00", "2025-10-15T16:00"),),
     'content/events/x.md:4: warning: end "2025-10-15T16:00" makes this webinar 25 hours long, and a webinar usually '
     "lasts 4 hours at most; check the date and the 24-hour clock of end, or choose the type that fits (see the "
     "partner guide's event types)"),
    ((("type: webinar", "type: chat"), ("2025-10-14T15:00", "2025-10-13"), ("2025-10-14T16:00", "2025-10-15")),
     'content/events/x.md:4: warning: end "2025-10-15" makes this chat 3 days long, and a chat usually lasts 2 hours '
     "at most; check the date and the 24-hour clock of end, or choose the type that fits (see the partner guide's "
     "event types)"),
    ((("summary: \"Strategies for reading in every subject.\"", "summary: \"" + "Strategies for reading. " * 9 + "\""),),
     "content/events/x.md:10: warning: summary is 215 characters long; lists and feeds show it whole, so keep it to "
     "one or two sentences (under 200 characters) and put the rest in the description below the front matter"),
    ((("---\nA", 'presenters: "Maria Garcia, Kwame Okafor and Ana Ruiz"\n---\nA'),),
     'content/events/x.md:11: warning: presenters is one name, "Maria Garcia, Kwame Okafor and Ana Ruiz"; to list '
     "several people, write a list: presenters: [Maria Garcia, Kwame Okafor, Ana Ruiz]"),
], ids=["outside the month", "at night", "too long", "all-day, too long", "long summary", "presenters in one string"])
def test_a_likely_mistake_is_a_warning_on_its_line(make_site, pairs, message: str) -> None:
    assert warnings(make_site, {"events/x.md": changed(*pairs)}) == [message]


def test_what_fits_its_type_the_month_and_the_day_is_no_warning(make_site) -> None:
    contest = changed(("type: webinar", "type: contest"), ("2025-10-14T15:00", "2025-10-01"), ("2025-10-14T16:00", "2025-10-31"))
    weekly = changed(("2025-10-14T15:00", "2025-09-30T15:00"), ("2025-10-14T16:00", "2025-09-30T16:00"),
                     ("---\nA", "repeat: weekly\nuntil: 2025-10-28\npresenters: Maria Garcia\n---\nA"))
    # A partner may list a month-long forum itself as a "forum" event (../shared/gen_corpus.py does).
    forum = changed(("type: webinar", "type: forum"), ("2025-10-14T15:00", "2025-10-01T09:00"),
                    ("2025-10-14T16:00", "2025-10-31T17:00"))
    assert warnings(make_site, {"events/contest.md": contest, "events/weekly.md": weekly, "events/forum.md": forum}) == []


def test_the_same_partner_and_start_twice_names_both_files(make_site) -> None:
    copy = GOOD_EVENT.replace("Reading Across the Curriculum", "Reading, again")
    assert warnings(make_site, {"events/a.md": GOOD_EVENT, "events/b.md": copy}, "--format", "github") == [
        "::warning file=content/events/b.md,line=3,title=Content warning::this event starts when content/events/a.md:3 "
        'does, and has the same partner, "Literacy Network"; if it is the same event, remove one of the files; if not, '
        "check its start"]
