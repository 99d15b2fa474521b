"""Found and shared: schema.org Event JSON-LD on event pages, Open Graph and Twitter card tags
on every page, sitemap.xml and robots.txt.

Expectations come from the content files (read with tests.reading, not the builder) and the
pages are parsed with html5lib and ElementTree, independent of whatever wrote them.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import pytest
import yaml

from tests.conftest import SAMPLE_CONTENT, run_cli
from tests.reading import front_matter

SITE = yaml.safe_load((SAMPLE_CONTENT / "site.yml").read_text(encoding="utf-8"))
BASE_URL = SITE["base_url"].rstrip("/") + "/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
STATUS = {"scheduled": "https://schema.org/EventScheduled", "cancelled": "https://schema.org/EventCancelled",
          "postponed": "https://schema.org/EventPostponed"}


def parse(path: Path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def json_ld_scripts(tree) -> list:
    return [e for e in tree.iter() if e.tag == "script" and (e.get("type") or "").strip() == "application/ld+json"]


def json_ld(page: Path, trees: dict | None = None) -> dict:
    """The page's one JSON-LD object; its tree from `trees` (sample_trees) when given, else parsed here."""
    scripts = json_ld_scripts(trees[page] if trees is not None else parse(page))
    assert len(scripts) == 1, f"{page}: {len(scripts)} ld+json scripts"
    assert "<" not in (scripts[0].text or ""), page
    return json.loads(scripts[0].text)


def sample_events() -> dict[str, dict]:
    return {p.stem: front_matter(p) for p in sorted((SAMPLE_CONTENT / "events").glob("*.md"))}


def canonical(tree) -> str | None:
    links = [e.get("href") for e in tree.iter() if e.tag == "link" and e.get("rel") == "canonical"]
    assert len(links) <= 1
    return links[0] if links else None


@pytest.mark.xdist_group("sample-trees")  # one worker parses every page (sample_trees)
def test_every_event_page_has_one_parseable_event(sample_output: Path, sample_trees: dict) -> None:
    events = sample_events()
    assert len(events) > 20
    for slug, fm in events.items():
        page = sample_output / "events" / slug / "index.html"
        data = json_ld(page, sample_trees)
        url = BASE_URL + f"events/{slug}/"
        # EducationEvent (a kind of schema.org Event) when the event names grades: educationalLevel is its property
        assert data["@context"] == "https://schema.org" and data["@type"] in ("Event", "EducationEvent"), slug
        assert data["name"] == fm["title"].strip(), slug
        assert data["url"] == url == canonical(sample_trees[page]), slug
        assert data["inLanguage"] == fm.get("language", "en")
        assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        # where to attend: the join link, else registration, else the event's page
        assert data["location"] == {"@type": "VirtualLocation", "url": fm.get("join") or fm.get("registration", url)}, slug
        assert data["organizer"]["@type"] == "Organization" and data["organizer"]["name"], slug
        assert data["organizer"]["url"].startswith(BASE_URL + "partners/"), slug
        organizer_page = data["organizer"]["url"].removeprefix(BASE_URL)
        assert (sample_output / organizer_page / "index.html").is_file(), slug
        if fm.get("summary"):
            assert data["description"] == fm["summary"].strip(), slug
        assert data.get("performer", []) == [{"@type": "Person", "name": n} for n in fm.get("presenters", [])], slug


@pytest.mark.xdist_group("sample-trees")
def test_event_status_follows_the_front_matter(sample_output: Path, sample_trees: dict) -> None:
    seen = set()
    for slug, fm in sample_events().items():
        status = fm.get("status", "scheduled")
        seen.add(status)
        assert json_ld(sample_output / "events" / slug / "index.html", sample_trees)["eventStatus"] == STATUS[status], slug
    assert seen == set(STATUS), "the sample site should have cancelled and postponed events"


@pytest.mark.xdist_group("sample-trees")
def test_dates_are_local_times_with_the_zone_offset(sample_output: Path, sample_trees: dict) -> None:
    kinds = set()
    for slug, fm in sample_events().items():
        data = json_ld(sample_output / "events" / slug / "index.html", sample_trees)
        if "T" not in fm["start"]:  # all-day: dates, the end being the last day
            kinds.add("all-day")
            assert (data["startDate"], data["endDate"]) == (fm["start"], fm["end"]), slug
            continue
        kinds.add("timed")
        zone = ZoneInfo(fm.get("timezone", SITE["timezone"]))
        for key, field in (("startDate", "start"), ("endDate", "end")):
            local = datetime.fromisoformat(fm[field])
            expected = local.replace(tzinfo=zone)
            actual = datetime.fromisoformat(data[key])
            assert actual.replace(tzinfo=None) == local, (slug, key, data[key])  # the wall time as written
            assert actual.utcoffset() == expected.utcoffset(), (slug, key, data[key])  # with that zone's offset
            assert data[key].startswith(fm[field]), (slug, key, data[key])
    assert kinds == {"all-day", "timed"}


@pytest.mark.xdist_group("sample-trees")
def test_archived_recordings_are_linked(sample_output: Path, sample_trees: dict) -> None:
    checked = 0
    for slug, fm in sample_events().items():
        data = json_ld(sample_output / "events" / slug / "index.html", sample_trees)
        recording = (fm.get("archive") or {}).get("recording")
        if not recording:
            assert "recordedIn" not in data, slug
            continue
        checked += 1
        assert data["recordedIn"]["url"] == recording, slug
        assert data["recordedIn"]["@type"] in ("VideoObject", "AudioObject", "CreativeWork"), slug
    assert checked >= 3


HOSTILE_TITLE = "</script><script>alert(1)</script>"
HOSTILE_PARTNER = "</SCRIPT ><!--<script> Partner & Co"
HOSTILE_PRESENTER = "<!-- -->]]>&amp;"
HOSTILE_SUMMARY = "</script\n><img src=x onerror=alert(1)> \u2028 & more"
HOSTILE_EVENT = f"""\
---
title: {json.dumps(HOSTILE_TITLE)}
start: 2025-10-14T15:00
end: 2025-10-14T16:00
timezone: America/Chicago
type: webinar
topics: [Literacy]
partner: {json.dumps(HOSTILE_PARTNER)}
presenters: [{json.dumps(HOSTILE_PRESENTER)}]
summary: {json.dumps(HOSTILE_SUMMARY)}
---
Body.
"""


def test_a_hostile_title_cannot_close_the_script_element(make_site, tmp_path: Path) -> None:
    content = make_site({"events/hostile.md": HOSTILE_EVENT})
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "events" / "hostile" / "index.html"
    raw = page.read_text(encoding="utf-8")
    assert "<script>alert" not in raw.lower() and "<!--" not in raw
    tree = parse(page)
    scripts = [e for e in tree.iter() if e.tag == "script"]
    ld = json_ld_scripts(tree)
    assert len(ld) == 1 and len(scripts) == 3, [(e.attrib, e.text) for e in scripts]  # the theme's two and this one
    data = json.loads(ld[0].text)
    assert data["name"] == HOSTILE_TITLE
    assert data["organizer"]["name"] == HOSTILE_PARTNER
    assert data["performer"] == [{"@type": "Person", "name": HOSTILE_PRESENTER}]
    assert data["description"] == HOSTILE_SUMMARY
    assert not [e for e in tree.iter() if e.tag == "img"]
    heading = [e for e in tree.iter() if e.tag == "h1"]
    assert "".join(heading[0].itertext()) == HOSTILE_TITLE


@pytest.mark.xdist_group("sample-trees")  # one worker parses every page (sample_trees)
def test_open_graph_and_twitter_tags_on_every_page(sample_output: Path, sample_trees: dict) -> None:
    assert len(sample_trees) > 100
    for page, tree in sample_trees.items():
        if page.parent.name == "embed":  # a partner's list, made for an iframe on their site: not for sharing
            continue
        metas = [e for e in tree.iter() if e.tag == "meta"]
        og = {}
        for meta in metas:
            key = meta.get("property") or meta.get("name")
            if key and key.startswith(("og:", "twitter:")):
                assert key not in og, f"{page}: {key} twice"
                og[key] = meta.get("content")
        name = page.relative_to(sample_output).as_posix()
        for key in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card", "twitter:title",
                    "twitter:description"):
            assert og.get(key, "").strip(), f"{name}: no {key}"
        assert og["og:type"] == "website" and og["twitter:card"] == "summary_large_image", name
        assert og["og:site_name"] == SITE["title"], name
        assert og["og:title"] == og["twitter:title"] and og["og:description"] == og["twitter:description"], name
        description = [m.get("content") for m in metas if m.get("name") == "description"]
        assert description == [og["og:description"]], name
        if name == "404.html":
            assert "og:url" not in og and canonical(tree) is None
        else:
            assert og["og:url"] == canonical(tree) == BASE_URL + name.removesuffix("index.html"), name
        assert og["og:image"].startswith(BASE_URL) and og["og:image:alt"].strip(), name
        assert (sample_output / og["og:image"].removeprefix(BASE_URL)).is_file(), name
    event = parse(sample_output / "events" / "podcasting-with-students" / "index.html")
    og_title = [m.get("content") for m in event.iter() if m.tag == "meta" and m.get("property") == "og:title"]
    assert og_title == [front_matter(SAMPLE_CONTENT / "events" / "podcasting-with-students.md")["title"]]


def test_sitemap_lists_every_page(sample_output: Path) -> None:
    root = ET.parse(sample_output / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP_NS}urlset"
    locs = [url.findtext(f"{SITEMAP_NS}loc") for url in root.findall(f"{SITEMAP_NS}url")]
    pages = {BASE_URL + p.relative_to(sample_output).as_posix().removesuffix("index.html")
             for p in sample_output.rglob("index.html") if p.parent.name != "embed"}  # partners' lists: noindex
    assert len(pages) > 100
    assert locs == sorted(locs) and len(locs) == len(set(locs))
    assert set(locs) == pages
    assert not [loc for loc in locs if "404" in loc or not loc.startswith(BASE_URL)]
    for url in root.findall(f"{SITEMAP_NS}url"):
        lastmod = url.findtext(f"{SITEMAP_NS}lastmod")
        if lastmod is not None:
            assert datetime.fromisoformat(lastmod.replace("Z", "+00:00")).tzinfo is not None, lastmod


def test_robots_txt_names_the_sitemap(sample_output: Path) -> None:
    lines = (sample_output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /" not in lines
    assert f"Sitemap: {BASE_URL}sitemap.xml" in lines
