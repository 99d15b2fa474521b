"""The sample site, built once: every page there, counts right, every internal link resolving."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest

from builder.outputs.home import FIRST_SCREEN
from tests.conftest import SAMPLE_CONTENT
from tests.reading import front_matter

BASE_PATH = "/"



def parse(path: Path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def test_every_event_forum_partner_page_has_a_page(sample_output: Path) -> None:
    for kind in ("events", "forums", "partners"):
        for source in sorted((SAMPLE_CONTENT / kind).glob("*.md")):
            assert (sample_output / kind / source.stem / "index.html").is_file(), source
    for source in sorted((SAMPLE_CONTENT / "pages").glob("*.md")):
        assert (sample_output / source.stem / "index.html").is_file(), source
    for name in ("index.html", "404.html", "forums/index.html", "partners/index.html", "topics/index.html",
                 "types/index.html", "assets/style.css"):
        assert (sample_output / name).is_file(), name


def test_counts_match_the_content(sample_output: Path) -> None:
    events = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "events").glob("*.md")}
    assert len(list((sample_output / "events").glob("*/index.html"))) == len(events)
    types = {fm["type"] for fm in events.values()}
    assert {p.parent.name for p in (sample_output / "types").glob("*/index.html")} == types
    topics = {t for fm in events.values() for t in fm["topics"]}
    forums = [front_matter(p) for p in (SAMPLE_CONTENT / "forums").glob("*.md")]
    topics |= {t for fm in forums for t in fm["topics"]}
    assert len(list((sample_output / "topics").glob("*/index.html"))) == len(topics)
    partner_names = {fm["partner"] for fm in events.values()} | {fm["host"] for fm in forums}
    profiles = {p.stem for p in (SAMPLE_CONTENT / "partners").glob("*.md")}
    expected_partners = {n for n in partner_names if n not in profiles} | profiles
    assert len(list((sample_output / "partners").glob("*/index.html"))) == len(expected_partners)
    # each event appears on its type page exactly once
    for slug, fm in events.items():
        html = (sample_output / "types" / fm["type"] / "index.html").read_text(encoding="utf-8")
        assert html.count(f'href="{BASE_PATH}events/{slug}/"') == 1, slug


def test_sample_covers_the_issue(sample_output: Path) -> None:
    events = [front_matter(p) for p in (SAMPLE_CONTENT / "events").glob("*.md")]
    assert len(events) >= 40
    assert len({fm["type"] for fm in events}) == 15
    assert len({fm.get("timezone", "America/New_York") for fm in events}) >= 6
    assert sum(1 for fm in events if fm.get("status") == "cancelled") >= 1
    assert sum(1 for fm in events if fm.get("status") == "postponed") >= 1
    assert sum(1 for fm in events if "archive" in fm) >= 5
    sessions = [fm for fm in events if fm["type"] == "conference-session"]
    assert {str(fm["start"])[:10] for fm in sessions} == {"2025-10-01", "2025-10-02"}
    assert len({fm.get("track") for fm in sessions}) >= 2
    assert any(fm.get("repeat") == "weekly" for fm in events)
    assert len({fm["partner"] for fm in events}) >= 12


@pytest.mark.xdist_group("sample-trees")  # one worker parses every page (sample_trees)
def test_every_internal_link_resolves(sample_output: Path, sample_trees: dict) -> None:
    checked = 0
    for page, tree in sample_trees.items():
        for element in tree.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if not value or value.startswith(("http://", "https://", "mailto:", "#")):
                    continue
                path = urlsplit(value).path
                assert path.startswith(BASE_PATH), (page, value)
                target = sample_output / path.removeprefix(BASE_PATH)
                if path.endswith("/"):
                    target = target / "index.html"
                assert target.is_file(), f"{page.relative_to(sample_output)} links to missing {value}"
                checked += 1
    assert checked > 1000


@pytest.mark.xdist_group("sample-trees")
def test_pages_are_semantic(sample_trees: dict) -> None:
    assert len(sample_trees) > 100
    for page, tree in sample_trees.items():
        assert tree.get("lang") == "en", page
        assert len(tree.findall(".//main")) == 1, page
        embedded = page.parent.name == "embed"  # a partner's list, for an iframe on their site: no site chrome
        assert embedded or tree.find(".//header") is not None and tree.find(".//footer") is not None, page
        headings = [int(h.tag[1]) for h in tree.iter() if re.fullmatch(r"h[1-6]", str(h.tag))]
        assert headings and headings[0] == 1 and headings.count(1) == 1, page
        for before, after in zip(headings, headings[1:], strict=False):
            assert after <= before + 1, f"{page}: heading h{before} followed by h{after}"
        for element in (e for e in tree.iter() if e.tag in ("script", "iframe", "link", "img")):
            if element.tag == "link" and element.get("rel") != "stylesheet":
                continue
            source = element.get("src") or element.get("href") or ""
            assert not source.startswith(("http:", "https:", "//")), f"{page}: third-party {source}"


def test_calendar_is_a_real_table_with_day_links(sample_output: Path) -> None:
    tree = parse(sample_output / "index.html")
    table = tree.find(".//table")
    assert table is not None and table.find("caption") is not None
    headers = table.findall("./thead/tr/th")
    assert [h.get("scope") for h in headers] == ["col"] * 7
    days = {a.get("href") for a in table.iter("a") if "/days/" in (a.get("href") or "")}
    assert "/days/2025-10-01/" in days and "/days/2025-10-02/" in days
    listed = {a.get("href") for ol in tree.iter("ol") if ol.get("class") == "month-list" for a in ol.iter("a")}
    assert listed == days


def test_event_page_shows_time_with_zone_and_status(sample_output: Path) -> None:
    events = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "events").glob("*.md")}
    cancelled = next(slug for slug, fm in events.items() if fm.get("status") == "cancelled")
    html = (sample_output / "events" / cancelled / "index.html").read_text(encoding="utf-8")
    assert "Cancelled." in html and "status-cancelled" in html
    postponed = next(slug for slug, fm in events.items() if fm.get("status") == "postponed")
    assert "Postponed." in (sample_output / "events" / postponed / "index.html").read_text(encoding="utf-8")
    chicago = next(slug for slug, fm in events.items() if fm.get("timezone") == "America/Chicago"
                   and "T" in str(fm["start"]) and fm.get("status") is None)
    html = (sample_output / "events" / chicago / "index.html").read_text(encoding="utf-8")
    assert re.search(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} Oct 2025, \d{1,2}:\d\d( [AP]M)?–\d{1,2}:\d\d [AP]M CDT, "
                     r"America/Chicago", html)
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "outlook.live.com/calendar/0/deeplink/compose" in html


def test_a_repeating_event_is_listed_at_each_days_own_occurrence(sample_output: Path) -> None:
    """List items are made once per event and occurrence (theme.ListItems) and reused by every
    list: a weekly chat's day pages must each show that day's session, not the first one."""
    starts = []
    for day in ("2025-10-02", "2025-10-09", "2025-10-16", "2025-10-23", "2025-10-30"):
        tree = parse(sample_output / "days" / day / "index.html")
        item = next(li for li in tree.iter("li") if any(
            (a.get("href") or "").endswith("events/cemchat-thursday-weekly/") for a in li.iter("a")))
        local = next(t.get("datetime") for t in item.iter("time"))  # in the event's own zone
        assert local.startswith(day), (day, local)
        starts.append(item.get("data-start-utc"))
    assert len(set(starts)) == 5
    chats = parse(sample_output / "types" / "chat" / "index.html")
    first = next(li for li in chats.iter("li") if any(
        (a.get("href") or "").endswith("events/cemchat-thursday-weekly/") for a in li.iter("a")))
    assert first.get("data-start-utc") == starts[0]


def test_the_home_page_lists_a_multi_day_event_in_full_on_its_first_day_only(sample_output: Path) -> None:
    """The contest runs 6 to 24 October: one entry (title and time) on the 6th, then a link in each
    later day's "Still running" line, so a month of long events does not fill the page."""
    href = "/events/student-digital-story-contest/"
    days = parse(sample_output / "index.html").findall(".//section[@class]")
    days = [d for d in days if "agenda-day" in d.get("class").split()]
    full, running = [], []
    for day in days:
        date = day.find(".//h3/time").get("datetime")
        for item in day.findall(".//ol/li"):
            if item.find("a").get("href") == href and item.get("data-s"):
                full.append(date)
            elif any(a.get("href") == href for a in item.findall("a")):
                assert item.get("class") == "agenda-running" and item.text == "Still running: "
                running.append(date)
    assert full == ["2025-10-06"]
    assert running == [f"2025-10-{n:02}" for n in range(7, 25)]
    lines = 0
    for day in days:  # the first screen's days are always laid out, the others only near the screen
        assert ("agenda-far" in day.get("class").split()) == (lines >= FIRST_SCREEN), day.find(".//h3/time").get("datetime")
        lines += len(day.findall(".//ol/li"))
