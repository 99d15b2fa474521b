"""The podcasts (the month's and each forum's), read back by feedparser and by gPodder's podcastparser
(a podcast app's own parser), against episodes recomputed here from the content files."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import html5lib
import podcastparser

from builder.outputs.podcast import podcast_guid
from tests.conftest import SAMPLE_CONTENT, run_cli
from tests.reading import front_matter
from tests.test_proceedings import last_cue_end, minutes_between


def jsonschema():  # noqa: ANN201 - the module
    """jsonschema, imported by the test that uses it: with its format extras, its import compiles a
    grammar (rfc3987-syntax) for a second, in every process that collects this file."""
    import jsonschema as module

    return module

BASE = "https://connectededucators.example.org/"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
# The namespace's first address, which the spec says clients must take as the same; podcastparser
# 0.6.11 knows the podcast: elements only by it.
PODCAST_NS_BEFORE = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
TYPES = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime"}


def sample_events() -> dict[str, dict]:
    return {p.stem: front_matter(p) for p in sorted((SAMPLE_CONTENT / "events").glob("*.md"))}


def media_type(fm: dict) -> str | None:
    """The enclosure type of an event's recording, when it is a media file and the event was held."""
    recording = (fm.get("archive") or {}).get("recording", "")
    extension = recording.split("?")[0].rsplit(".", 1)[-1].lower() if "." in recording.rsplit("/", 1)[-1] else ""
    return TYPES.get(extension) if fm.get("status", "scheduled") == "scheduled" else None


def seconds(fm: dict) -> int:
    """The recording's length as the archive tells it: its timed transcript or captions, else the session's."""
    archive = fm["archive"]
    for timed in (archive.get("transcript", ""), archive.get("captions", "")):
        if timed.endswith(".vtt"):
            return round(last_cue_end(SAMPLE_CONTENT / timed))
    return round(minutes_between(fm["start"], fm["end"]))


def start_utc(fm: dict) -> datetime:
    zone = ZoneInfo(fm.get("timezone", "America/New_York"))
    return datetime.fromisoformat(fm["start"]).replace(tzinfo=zone)


def test_every_session_with_a_media_file_is_an_episode_of_its_podcasts(sample_output: Path) -> None:
    events = sample_events()
    with_media = {slug: fm for slug, fm in events.items() if media_type(fm)}
    assert {media_type(fm) for fm in with_media.values()} >= {"audio/mpeg", "video/mp4"}  # the sample has both
    assert len({"recording_size" in fm["archive"] for fm in with_media.values()}) == 2  # sizes given and not
    forums = sorted(p.stem for p in (SAMPLE_CONTENT / "forums").glob("*.md"))
    feeds = {"proceedings/podcast.xml": with_media} | {
        f"proceedings/forums/{forum}/podcast.xml": {s: fm for s, fm in with_media.items() if fm.get("forum") == forum}
        for forum in forums}
    assert any(feeds[f"proceedings/forums/{forum}/podcast.xml"] for forum in forums)
    for path, expected in feeds.items():
        parsed = feedparser.parse((sample_output / path).read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "rss20"
        assert parsed.feed.podcast_guid == podcast_guid(BASE + path)
        assert parsed.feed.image.href == BASE + "assets/podcast-cover.png"
        channel = ET.parse(sample_output / path).getroot().find("channel")
        assert channel.findtext(f"{{{ITUNES_NS}}}explicit") == "false"  # Apple's values; feedparser knows only yes/clean
        assert [t["term"] for t in parsed.feed.tags] == ["Education"]
        assert {e.link.removeprefix(BASE + "events/").rstrip("/") for e in parsed.entries} == set(expected), path
        for entry in parsed.entries:
            fm = expected[entry.link.removeprefix(BASE + "events/").rstrip("/")]
            (enclosure,) = entry.enclosures
            assert (enclosure.href, enclosure.type, enclosure.length) == (
                fm["archive"]["recording"], media_type(fm), fm["archive"].get("recording_size", "0"))
            assert entry.itunes_duration == str(seconds(fm))
            assert parsedate_to_datetime(entry.published) == start_utc(fm)
            assert entry.title == fm["title"] and entry.id.endswith("@connectededucators.example.org")
        starts = [parsedate_to_datetime(e.published) for e in parsed.entries]
        assert starts == sorted(starts, reverse=True)
    assert (sample_output / "assets" / "podcast-cover.png").read_bytes()[:4] == b"\x89PNG"


def test_a_podcast_app_reads_each_episode_with_its_file_length_and_transcripts(sample_output: Path) -> None:
    events = sample_events()
    data = (sample_output / "proceedings" / "podcast.xml").read_bytes()
    read = podcastparser.parse(BASE + "proceedings/podcast.xml", io.BytesIO(data))
    assert read["cover_url"] == BASE + "assets/podcast-cover.png"
    assert read["itunes_categories"] == [["Education"]]
    expected = {slug: fm for slug, fm in events.items() if media_type(fm)}
    assert len(read["episodes"]) == len(expected)
    for episode in read["episodes"]:
        fm = expected[episode["link"].removeprefix(BASE + "events/").rstrip("/")]
        (enclosure,) = episode["enclosures"]
        assert (enclosure["url"], enclosure["mime_type"]) == (fm["archive"]["recording"], media_type(fm))
        assert enclosure["file_size"] == int(fm["archive"].get("recording_size", -1))  # podcastparser: -1 is unknown
        assert episode["total_time"] == seconds(fm)
        assert episode["published"] == start_utc(fm).timestamp()
    # The same feed under the namespace's earlier address, which podcastparser knows: transcripts. It
    # keeps the last of an episode's: the captions when there are, which are listed after a transcript.
    assert data.count(PODCAST_NS.encode()) == 1
    again = podcastparser.parse("x", io.BytesIO(data.replace(PODCAST_NS.encode(), PODCAST_NS_BEFORE.encode())))
    transcripts = {e["link"]: e.get("transcript_url") for e in again["episodes"]}
    for slug, fm in expected.items():
        archive = fm["archive"]
        if archive.get("transcript") or archive.get("captions"):
            assert transcripts[f"{BASE}events/{slug}/"] == BASE + (archive.get("captions") or archive["transcript"])


def test_the_podcasts_are_linked_from_the_proceedings_and_the_subscribe_page(sample_output: Path) -> None:
    forum = "connected-leadership"
    for page, feed in (("proceedings", "proceedings/podcast.xml"), ("subscribe", "proceedings/podcast.xml"),
                       (f"proceedings/forums/{forum}", f"proceedings/forums/{forum}/podcast.xml")):
        tree = html5lib.parse((sample_output / page / "index.html").read_bytes(), namespaceHTMLElements=False)
        alternates = [link.get("href") for link in tree.find("head").iter("link") if link.get("rel") == "alternate"
                      and link.get("type") == "application/rss+xml"]
        assert "/" + feed in alternates, page
        assert "/" + feed in [a.get("href") for a in tree.iter("a")], page
        assert (sample_output / feed).is_file()


def test_partners_values_are_escaped_and_an_unheld_or_unplayable_session_is_left_out(make_site, tmp_path: Path) -> None:
    def event(title: str, archive: str, status: str = "scheduled") -> str:
        return (f'---\ntitle: {title}\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\ntype: webinar\n'
                f'topics: [Literacy]\npartner: "Tom & <Jerry>"\nstatus: {status}\narchive:\n{archive}---\nBody\n')
    hostile = "\"<script>alert(1)</script> & ]]> Q&A\""
    content = make_site({
        "events/heard.md": event(hostile, '  recording: "https://m.example.org/a.mp3?x=<y>&z=\\"q\\""\n'
                                 '  transcript: https://t.example.org/t.srt\n'
                                 '  summary: "<img src=x onerror=alert(1)> [home](/about/) **bold**"\n'),
        "events/watched.md": event("On YouTube", "  recording: https://www.youtube.com/watch?v=q7TzW4vNc8E\n"),
        "events/called-off.md": event("Cancelled", "  recording: https://m.example.org/c.mp3\n", "cancelled"),
    })
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    data = (tmp_path / "out" / "proceedings" / "podcast.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    assert entry.title == "<script>alert(1)</script> & ]]> Q&A" and entry.author == "Tom & <Jerry>"
    assert entry.enclosures[0].href == "https://m.example.org/a.mp3?x=%3Cy%3E&z=%22q%22"
    assert b"<script>" not in data and b"<img" not in data  # every partner value is text to the XML parser
    notes = html5lib.parse(entry.description, namespaceHTMLElements=False)
    assert not [e for e in notes.iter() if e.tag == "script" or any(a.startswith("on") or a == "src" for a in e.attrib)]
    assert [a.get("href") for a in notes.iter("a")][0] == "https://cem.example.org/about/"  # absolute, for apps
    assert b'<podcast:transcript url="https://t.example.org/t.srt" type="application/x-subrip"/>' in data


def test_the_podcast_guid_is_the_podcasting_2_0_uuid_of_the_feed_address() -> None:
    """The examples of the podcast namespace's specification (docs/1.0.md, <podcast:guid>)."""
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast_guid("http://podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_a_recording_size_is_a_number_of_bytes(make_site) -> None:
    def event(size: str) -> str:
        return ("---\ntitle: A\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\ntype: webinar\ntopics: [Literacy]\n"
                f"partner: P\narchive:\n  recording: https://m.example.org/a.mp3\n  recording_size: {size}\n---\n")
    content = make_site({"events/a.md": event("48 MB"), "events/b.md": event("9" * 5000)})
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [
        f"{content}/events/a.md:10: error: archive.recording_size \"48 MB\" is not a size in bytes; write the file's size "
        "as a whole number of bytes, like 48213504 (its properties show it), or leave the field out",
        f"{content}/events/b.md:10: error: archive.recording_size \"{'9' * 57}...\" bytes is more than a terabyte; "
        "write the file's size in bytes, like 48213504"]


# The Podcasting 2.0 JSON chapters format (podcast-namespace, docs/examples/chapters/jsonChapters.md), the
# parts this site writes: required version and chapters, each chapter's required startTime and title.
JSON_CHAPTERS = {
    "type": "object", "required": ["version", "chapters"],
    "properties": {
        "version": {"type": "string", "pattern": r"^1\.\d+\.\d+$"},
        "title": {"type": "string"}, "podcastName": {"type": "string"},
        "chapters": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["startTime", "title"], "additionalProperties": False,
            "properties": {"startTime": {"type": "number", "minimum": 0}, "title": {"type": "string", "minLength": 1}}}},
    },
}


def chapter_titles(fm: dict) -> list[tuple[int, str]]:
    """An archive's chapters as its list gives them: (start in seconds, title)."""
    chapters = fm["archive"]["chapters"]
    assert isinstance(chapters, list), "a media file's chapters in a WebVTT file: read it here too"
    return [(sum(int(p) * 60 ** i for i, p in enumerate(reversed(c["start"].split(":")))), c["title"]) for c in chapters]


def test_an_episode_with_chapters_links_its_json_chapters(sample_output: Path) -> None:
    """Every episode whose archive has chapters names a Podcasting 2.0 JSON chapters file by its absolute
    address, with the chapters as the content gives them; an episode without chapters names none."""
    events = sample_events()
    with_chapters = {slug for slug, fm in events.items() if media_type(fm) and fm["archive"].get("chapters")}
    assert with_chapters  # the sample has one
    data = (sample_output / "proceedings" / "podcast.xml").read_bytes()
    read = podcastparser.parse("x", io.BytesIO(data.replace(PODCAST_NS.encode(), PODCAST_NS_BEFORE.encode())))
    named = {e["link"].removeprefix(BASE + "events/").rstrip("/"): e.get("chapters_json_url") for e in read["episodes"]}
    assert {slug for slug, url in named.items() if url} == with_chapters
    items = ET.fromstring(data).find("channel").findall("item")
    for slug in with_chapters:
        assert named[slug] == f"{BASE}events/{slug}/chapters.json"
        (tag,) = [e for item in items if item.findtext("link") == f"{BASE}events/{slug}/"
                  for e in item.iter(f"{{{PODCAST_NS}}}chapters")]
        assert tag.get("type") == "application/json+chapters"
        document = json.loads((sample_output / "events" / slug / "chapters.json").read_bytes())
        jsonschema().validate(document, JSON_CHAPTERS)
        assert document["version"] == "1.2.0" and document["title"] == events[slug]["title"]
        assert [(c["startTime"], c["title"]) for c in document["chapters"]] == chapter_titles(events[slug])
    # Chapters of a YouTube or Vimeo recording are not an episode's, and get no file.
    elsewhere = [slug for slug, fm in events.items() if (fm.get("archive") or {}).get("chapters") and not media_type(fm)]
    assert elsewhere and not any((sample_output / "events" / slug / "chapters.json").exists() for slug in elsewhere)
