"""Proceedings: counts computed here, independently of the builder, must match what it publishes."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pypdf

from tests.conftest import SAMPLE_CONTENT, run_cli
from tests.reading import front_matter

TIMING = re.compile(r"(?:(\d+):)?(\d\d):(\d\d)\.(\d\d\d)\s+-->\s+(?:(\d+):)?(\d\d):(\d\d)\.(\d\d\d)")



def last_cue_end(path: Path) -> float:
    ends = [int(m[4] or 0) * 3600 + int(m[5]) * 60 + int(m[6]) + int(m[7]) / 1000
            for m in TIMING.findall(path.read_text(encoding="utf-8"))]
    return max(ends)


def minutes_between(start: str, end: str) -> float:
    from datetime import datetime
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def page(output: Path, path: str):
    return html5lib.parse((output / path / "index.html").read_bytes(), namespaceHTMLElements=False)


def stats(output: Path) -> dict[str, str]:
    tree = page(output, "proceedings")
    dl = next(e for e in tree.iter("dl") if e.get("class") == "stats")
    terms = [("".join(dt.itertext()), "".join(dd.itertext())) for dt, dd in
             zip(dl.iter("dt"), dl.iter("dd"), strict=True)]
    return dict(terms)


def events() -> dict[str, dict]:
    return {p.stem: front_matter(p) for p in sorted((SAMPLE_CONTENT / "events").glob("*.md"))}


def held(fm: dict) -> bool:
    return fm.get("status", "scheduled") == "scheduled"


def test_the_month_at_a_glance_matches_the_content(sample_output: Path) -> None:
    all_events = events()
    archived = {slug: fm for slug, fm in all_events.items() if "archive" in fm and held(fm)}
    forums = list((SAMPLE_CONTENT / "forums").glob("*.md"))
    profiles = {p.stem for p in (SAMPLE_CONTENT / "partners").glob("*.md")}
    names = {fm["partner"] for fm in all_events.values()} | {front_matter(f)["host"] for f in forums}
    topics = {t for fm in all_events.values() for t in fm["topics"]} | {
        t for f in forums for t in front_matter(f)["topics"]}
    seconds = 0.0
    for fm in archived.values():
        if "recording" not in fm["archive"]:
            continue
        timed = [fm["archive"].get("transcript", ""), fm["archive"].get("captions", "")]
        vtt = next((SAMPLE_CONTENT / t for t in timed if t.endswith(".vtt")), None)
        seconds += last_cue_end(vtt) if vtt else minutes_between(fm["start"], fm["end"])
    assert stats(sample_output) == {
        "Events": str(len(all_events)), "Archived sessions": str(len(archived)),
        "Hours of recordings": f"{round(seconds / 3600, 1):.1f}", "Partners": str(len(profiles | (names - profiles))),
        "Forums": str(len(forums)), "Topics": str(len(topics)),
    }
    assert len(archived) >= 5


def session_ids(tree) -> set[str]:
    return {e.get("id")[len("session-"):] for e in tree.iter("article") if (e.get("id") or "").startswith("session-")}


def test_archived_sessions_appear_in_their_forum_and_topics_and_no_others(sample_output: Path) -> None:
    all_events = events()
    for forum in sorted((SAMPLE_CONTENT / "forums").glob("*.md")):
        expected = {s for s, fm in all_events.items() if fm.get("forum") == forum.stem and "archive" in fm and held(fm)}
        tree = page(sample_output, f"proceedings/forums/{forum.stem}")
        assert session_ids(tree) == expected, forum.stem
        pending = [fm["title"] for s, fm in all_events.items()
                   if fm.get("forum") == forum.stem and "archive" not in fm and held(fm)]
        text = " ".join("".join(tree.itertext()).split())
        for title in pending:
            assert title in text  # listed as not archived yet...
        hrefs = {a.get("href") for a in tree.iter("a")}
        for slug, fm in all_events.items():
            if fm.get("forum") == forum.stem and "archive" not in fm:
                assert f"/events/{slug}/" not in hrefs  # ...but never presented as a session
    checked = 0
    for path in sorted((sample_output / "proceedings" / "topics").glob("*/index.html")):
        tree = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
        name = "".join(tree.find(".//h1").itertext())
        expected = {s for s, fm in all_events.items() if name in fm["topics"] and "archive" in fm and held(fm)}
        assert session_ids(tree) == expected, name
        checked += len(expected)
    assert checked >= 5


def test_resources_are_shared_once_with_every_session(sample_output: Path) -> None:
    uses: dict[str, set[str]] = {}
    for slug, fm in events().items():
        if "archive" in fm and held(fm):
            for resource in fm["archive"].get("resources", []):
                uses.setdefault(resource["url"], set()).add(slug)
    tree = page(sample_output, "proceedings/resources")
    items = [li for li in tree.iter("li") if li.find("a") is not None and li.find("a").get("rel")]
    assert sorted(li.find("a").get("href") for li in items) == sorted(uses)
    for li in items:
        sessions = {a.get("href").strip("/").split("/")[-1] for a in li.iter("a") if "/events/" in a.get("href")}
        assert sessions == uses[li.find("a").get("href")]
    assert any(len(s) > 1 for s in uses.values())  # the sample shares at least one resource twice


def test_conference_proceedings_by_day_and_track(sample_output: Path) -> None:
    tree = page(sample_output, "proceedings/conference")
    days = [h.get("id") for h in tree.iter("h2")]
    assert days == ["day-2025-10-01", "day-2025-10-02"]
    tracks = {"".join(h.itertext()) for h in tree.iter("h3")}
    assert {"Classroom Practice", "Leadership and Policy"} <= tracks


def test_the_pdf_has_contents_every_forum_and_every_takeaway(sample_output: Path) -> None:
    reader = pypdf.PdfReader(sample_output / "proceedings" / "proceedings.pdf")
    assert len(reader.pages) > 5
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {"Forums", "Topics", "Key takeaways", "Resources"} <= set(outline)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Contents" in text
    for forum in (SAMPLE_CONTENT / "forums").glob("*.md"):
        assert front_matter(forum)["title"] in text
    for fm in events().values():
        if "archive" in fm and held(fm):
            for takeaway in fm["archive"].get("takeaways", []):
                assert " ".join(takeaway.split()) in text, takeaway
            for resource in fm["archive"].get("resources", []):
                assert resource["url"] in text.replace(" ", "") or resource["url"] in text


def test_a_caption_file_with_a_bad_timestamp_fails_at_the_event_line(make_site, tmp_path: Path) -> None:
    content = make_site({
        "media/talk.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello.\n\n00:00:05.000 --> 00:00:7.500\nBroken.\n",
        "events/talk.md": "---\ntitle: Talk\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\ntype: webinar\n"
                          "topics: [Literacy]\npartner: P\narchive:\n  recording: https://video.example.org/x\n"
                          "  captions: media/talk.vtt\n---\n",
    })
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert (f'{content}/events/talk.md:10: error: archive.captions "media/talk.vtt" is not valid WebVTT: '
            'media/talk.vtt line 6: timestamp "00:00:7.500" is not valid') in result.stderr
    assert not (tmp_path / "out").exists()


def test_proceedings_do_not_depend_on_the_build_date(tmp_path: Path, sample_output: Path) -> None:
    result = run_cli("build", "--content", str(SAMPLE_CONTENT), "--out", str(tmp_path / "out"),
                     env={"SOURCE_DATE_EPOCH": "2000000000"})
    assert result.returncode == 0, result.stderr
    for name in ("proceedings/index.html", "proceedings/forums/personalizing-learning/index.html"):
        assert (tmp_path / "out" / name).read_bytes() == (sample_output / name).read_bytes()
