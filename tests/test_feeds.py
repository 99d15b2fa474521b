"""RSS and Atom, read back by feedparser (not feedgen, which wrote them) and by a plain XML parser."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import html5lib
import pytest

from builder.outputs.feeds import FEED_ITEMS
from tests.conftest import SAMPLE_CONTENT, run_builder, run_cli
from tests.generated_site import generated_output
from tests.reading import front_matter

BASE = "https://connectededucators.example.org/"
SCRATCH_BASE = "https://cem.example.org/"  # tests.conftest.SITE_YML's



def test_every_feed_parses_and_counts_match(sample_output: Path) -> None:
    events = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "events").glob("*.md")}
    forums = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "forums").glob("*.md")}
    feeds = sorted(sample_output.rglob("feed.xml")) + sorted(sample_output.rglob("atom.xml"))
    assert len(feeds) >= 2 * (1 + len(forums) + 5)
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if path.name == "feed.xml" else "atom10")
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)) > 0, path
        assert all(i.startswith(BASE) for i in ids)
    whole = feedparser.parse((sample_output / "feed.xml").read_bytes())
    assert len(whole.entries) == len(events) + len(forums)
    assert {e.id for e in whole.entries} >= {f"{BASE}events/{slug}/" for slug in events}
    forum = "personalizing-learning"
    in_forum = feedparser.parse((sample_output / "forums" / forum / "atom.xml").read_bytes())
    assert len(in_forum.entries) == 1 + sum(1 for fm in events.values() if fm.get("forum") == forum)


def test_rss_has_the_required_elements(sample_output: Path) -> None:
    channel = ET.parse(sample_output / "feed.xml").getroot().find("channel")
    assert channel is not None
    for name in ("title", "link", "description"):
        assert (channel.findtext(name) or "").strip(), name
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("link") and item.findtext("guid")
        assert item.find("guid").get("isPermaLink") == "true"


def test_items_say_when_and_are_dated_before_the_event(sample_output: Path) -> None:
    parsed = feedparser.parse((sample_output / "atom.xml").read_bytes())
    for entry in parsed.entries:
        if "/events/" not in entry.id:
            continue
        assert " Oct 2025" in entry.title or " Nov 2025" in entry.title, entry.title
        published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
        assert published < datetime(2025, 10, 1, tzinfo=UTC)  # announced, not the future start
        document = html5lib.parse(entry.content[0].value, namespaceHTMLElements=False)
        assert not [e for e in document.iter() if e.tag in ("script", "iframe", "style")]
        first = document.find(".//p")
        assert first is not None and "Oct 2025" in "".join(first.itertext())


def test_front_matter_dates_drive_the_feed(make_site, tmp_path: Path) -> None:
    content = make_site({"events/a.md": "---\ntitle: A\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\n"
                                        "type: webinar\ntopics: [Literacy]\npartner: P\npublished: 2025-09-03\n"
                                        "updated: 2025-09-20T10:00\nstatus: cancelled\n---\n"})
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (entry,) = feedparser.parse((tmp_path / "out" / "atom.xml").read_bytes()).entries
    assert entry.published == "2025-09-03T04:00:00+00:00"  # midnight in New York
    assert entry.updated.startswith("2025-09-20T14:00:00.")  # and a fraction of a second of its own
    assert entry.title.startswith("Cancelled: A (")
    (item,) = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes()).entries
    assert item.published == "Wed, 03 Sep 2025 04:00:00 +0000"
    ics = (tmp_path / "out" / "events" / "a.ics").read_text()
    assert "DTSTAMP:20250920T140000Z" in ics and "LAST-MODIFIED:20250920T140000Z" in ics
    # minutes from 2024-10-01 (a year before the site's month) to updated, +2 for cancelled
    assert "SEQUENCE:510602" in ics


def test_every_page_links_its_feeds(sample_output: Path) -> None:
    for page in [sample_output / "index.html", *sorted(sample_output.glob("topics/*/index.html"))]:
        document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        alternates = {link.get("type"): link.get("href") for link in document.iter("link")
                      if link.get("rel") == "alternate"}
        assert {"application/rss+xml", "application/atom+xml", "text/calendar"} <= set(alternates), page


def test_a_feed_keeps_the_most_recently_announced_items(make_site, tmp_path) -> None:
    """Feed readers refuse feeds of megabytes: a feed holds FEED_ITEMS items, the newest announced."""
    from tests.conftest import GOOD_EVENT

    count = FEED_ITEMS + 5
    files = {f"events/e{i:04d}.md": GOOD_EVENT.replace("type: webinar", f"type: webinar\npublished: 2025-09-{1 + i % 28:02d}")
             .replace("Reading Across the Curriculum", f"Event {i:04d}") for i in range(count)}
    content = make_site(files)
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"), "--no-cache")
    assert result.returncode == 0, result.stderr
    parsed = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
    assert parsed.bozo == 0 and len(parsed.entries) == FEED_ITEMS
    published = sorted(1 + i % 28 for i in range(count))
    oldest_kept = published[-FEED_ITEMS]
    assert all(entry.published_parsed.tm_mday >= oldest_kept for entry in parsed.entries)
    assert len(json.loads((tmp_path / "out" / "events.json").read_text())["events"]) == count  # all of them here


def atom_entries_updated(output: Path) -> dict[Path, dict[str, str]]:
    """Each Atom feed's entries: id -> atom:updated, as feedparser reads them."""
    feeds = {}
    for path in sorted(output.rglob("atom.xml")):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        feeds[path] = {entry.id: entry.updated for entry in parsed.entries}
        times = [entry.updated for entry in parsed.entries]
        assert len(times) == len(set(times)), f"{path}: entries share an updated value"
        assert max(times) <= parsed.feed.updated  # the feed is as new as its newest entry
    return feeds


def assert_one_updated_per_entry(feeds: dict[Path, dict[str, str]]) -> None:
    """An entry has the same atom:updated in every feed that shows it."""
    seen: dict[str, str] = {}
    for entries in feeds.values():
        for entry_id, updated in entries.items():
            assert seen.setdefault(entry_id, updated) == updated, entry_id


def test_no_two_atom_entries_of_a_feed_share_updated(sample_output: Path) -> None:
    """The W3C Feed Validator warns when entries share atom:updated, as every event announced on the
    same day did (a date-only `published:` is its midnight)."""
    feeds = atom_entries_updated(sample_output)
    assert len(feeds) > 10 and len(feeds[sample_output / "atom.xml"]) > 50
    assert_one_updated_per_entry(feeds)


@pytest.mark.xdist_group("generated-1000")  # one worker builds the generated site
def test_no_two_atom_entries_share_updated_at_1000_events(tmp_path_factory) -> None:
    """1,000 generated events that give no dates: every one is dated by the site's stamp."""
    output = generated_output(tmp_path_factory)
    feeds = atom_entries_updated(output)
    assert len(feeds[output / "atom.xml"]) == FEED_ITEMS
    assert len({updated[:19] for updated in feeds[output / "atom.xml"].values()}) == 1  # the same second
    assert_one_updated_per_entry(feeds)


def test_items_that_draw_the_same_fraction_still_differ(make_site, tmp_path: Path) -> None:
    """Each item's fraction of a second comes from its own slug; two that draw the same one at the same
    second are told apart by the next free microsecond, the same way in every build."""
    from builder.content.model import _fraction

    drawn: dict[int, str] = {}
    slug = next(f"e{i}" for i in range(100_000) if drawn.setdefault(_fraction(f"event:e{i}"), f"e{i}") != f"e{i}")
    twin = drawn[_fraction(f"event:{slug}")]
    files = {f"events/{name}.md": "---\ntitle: T\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\ntype: webinar\n"
                                  "topics: [Literacy]\npartner: P\npublished: 2025-09-03\n---\n"
             for name in (slug, twin, "other")}
    content = make_site(files)
    outputs = []
    for run in ("a", "b"):
        result = run_builder("build", "--content", str(content), "--out", str(tmp_path / run), "--no-cache",
                             env={"PYTHONHASHSEED": "1" if run == "a" else "2"})
        assert result.returncode == 0, result.stderr
        outputs.append((tmp_path / run / "atom.xml").read_bytes())
    assert outputs[0] == outputs[1]
    entries = atom_entries_updated(tmp_path / "a")[tmp_path / "a" / "atom.xml"]
    first, second = sorted(entries[f"{SCRATCH_BASE}events/{name}/"] for name in (slug, twin))
    assert first[:19] == second[:19] == "2025-09-03T04:00:00"
    assert int(second[20:26]) == (int(first[20:26]) + 1) % 1_000_000
