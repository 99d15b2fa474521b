"""Proceedings: counts computed here, independently of the builder, must match what it publishes."""

from __future__ import annotations

import functools
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import pypdf
import yaml

from tests.conftest import SAMPLE_CONTENT, run_cli
from tests.reading import front_matter

TIMING = re.compile(r"(?:(\d+):)?(\d\d):(\d\d)\.(\d\d\d)\s+-->\s+(?:(\d+):)?(\d\d):(\d\d)\.(\d\d\d)")



def last_cue_end(path: Path) -> float:
    ends = [int(m[4] or 0) * 3600 + int(m[5]) * 60 + int(m[6]) + int(m[7]) / 1000
            for m in TIMING.findall(path.read_text(encoding="utf-8"))]
    return max(ends)


def minutes_between(start: str, end: str) -> float:
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


@functools.cache
def pdf_pages(path: Path) -> tuple[str, ...]:
    """Each page's text, spaces collapsed; read once per test process (pypdf takes seconds)."""
    return tuple(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


def pdf_text(output: Path) -> str:
    return " ".join(pdf_pages(output / "proceedings" / "proceedings.pdf"))


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_every_figure_of_the_proceedings_is_counted_from_the_content(sample_output: Path) -> None:
    """The figures the month at a glance does not hold: each forum's sessions (the events whose
    `forum:` names it, held as scheduled) and archived ones, on the web and in the PDF; the resources."""
    all_events = events()
    tree = page(sample_output, "proceedings")
    cards = {text_of(a.find("h3")): text_of(a.find("p")) for a in tree.iter("article") if a.get("class") == "card"}
    printed = pdf_text(sample_output)
    for forum in sorted((SAMPLE_CONTENT / "forums").glob("*.md")):
        sessions = [fm for fm in all_events.values() if fm.get("forum") == forum.stem and held(fm)]
        archived = sum("archive" in fm for fm in sessions)
        figures = f"{len(sessions)} session{'s' * (len(sessions) != 1)}, {archived} archived"
        assert cards[front_matter(forum)["title"]].startswith(figures), forum.stem
        assert figures in printed, forum.stem
        assert sessions
    urls = {r["url"] for fm in all_events.values() if "archive" in fm and held(fm)
            for r in fm["archive"].get("resources", [])}
    parts = [text_of(a) for a in tree.iter("a") if a.get("href", "").endswith("/proceedings/resources/")]
    assert parts == [f"All {len(urls)} resources shared during the month"]
    cover = pdf_pages(sample_output / "proceedings" / "proceedings.pdf")[0]
    assert " ".join(f"{name} {value}" for name, value in stats(sample_output).items()) in cover


def test_takeaways_are_shown_once_under_their_session_with_its_topics(sample_output: Path) -> None:
    archived = {slug: fm for slug, fm in events().items() if "archive" in fm and held(fm)}
    expected = {slug: fm for slug, fm in archived.items() if fm["archive"].get("takeaways")}
    tree = page(sample_output, "proceedings")
    groups = [g for g in tree.iter("div") if g.get("class") == "takeaway-group"]
    shown = {}
    for group in groups:
        slug = group.find("h3/a").get("href").strip("/").split("/")[-1]
        lists = group.findall("ul")
        topics = [text_of(li) for li in lists[0].iter("li")]
        shown[slug] = ([text_of(li) for li in lists[1].iter("li")], topics)
    assert len(groups) == len(shown) == len(expected) >= 3
    for slug, fm in expected.items():
        assert shown[slug] == ([" ".join(t.split()) for t in fm["archive"]["takeaways"]], fm["topics"]), slug
    assert any(len(fm["topics"]) > 1 for fm in expected.values())  # the case that repeated them


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
        waiting = next((s for s in tree.iter("section") if s.get("class") == "not-archived"), None)
        linked = {"".join(a.itertext()): a.get("href") for a in waiting.iter("a")} if waiting is not None else {}
        assert linked == {fm["title"]: f"/events/{slug}/" for slug, fm in all_events.items()
                          if fm["title"] in pending}, forum.stem  # each linked to its event page, never a session
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
    days = [h.get("id") for h in tree.iter("h2") if h.get("id") != "themes"]
    assert days == ["day-2025-10-01", "day-2025-10-02"]
    tracks = {"".join(h.itertext()) for h in tree.iter("h3")}
    assert {"Classroom Practice", "Leadership and Policy"} <= tracks


def outline(items: list) -> list:
    """pypdf's outline as [(title, [(child title, []), ...]), ...]."""
    tree: list = []
    for item in items:
        if isinstance(item, list):
            tree[-1] = (tree[-1][0], outline(item))
        else:
            tree.append((item.title, []))
    return tree


def test_the_pdf_is_tagged_with_its_title_language_and_a_bookmark_per_section(sample_output: Path) -> None:
    """PDF/UA: marked content with a structure tree, the site's language, the title in the
    metadata; bookmarks for the chapters and their sections, recomputed here from the content."""
    site = yaml.load((SAMPLE_CONTENT / "site.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    reader = pypdf.PdfReader(sample_output / "proceedings" / "proceedings.pdf")
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == site.get("language", "en")
    assert reader.metadata.title == f"{site['title']}: Proceedings"
    assert [float(x) for x in reader.pages[0].mediabox[2:]] == [612, 792]  # Letter: the site is in America/

    all_events = events()
    archived = {slug: fm for slug, fm in all_events.items() if "archive" in fm and held(fm)}
    forums = sorted((front_matter(f) for f in (SAMPLE_CONTENT / "forums").glob("*.md")),
                    key=lambda fm: (fm["start"], fm["title"].casefold()))
    zone = ZoneInfo(site["timezone"])
    days = sorted({datetime.fromisoformat(fm["start"]).replace(tzinfo=ZoneInfo(fm.get("timezone", site["timezone"])))
                   .astimezone(zone).date() for fm in archived.values() if fm["type"] == "conference-session"})
    topics = {t for fm in all_events.values() if held(fm) for t in fm["topics"]}
    got = outline(reader.outline)
    assert [title for title, _ in got] == ["Forums", "Kick-off conference", "Topics", "Themes of the month",
                                          "Key takeaways", "Key moments", "Resources", "Links"]
    sections = {title: [child for child, _ in children] for title, children in got}
    assert sections["Forums"] == [fm["title"] for fm in forums]
    assert sections["Kick-off conference"] == [f"{d:%A} {d.day} {d:%B %Y}" for d in days]
    assert sorted(sections["Topics"]) == sorted(topics)
    assert sorted(sections["Key takeaways"]) == sorted(fm["title"] for fm in archived.values()
                                                       if fm["archive"].get("takeaways"))
    assert sections["Themes of the month"] == [phrase for phrase, _ in web_themes(sample_output, "proceedings")]
    assert sections["Key moments"] == sections["Resources"] == sections["Links"] == []  # the moments are not printed
    assert all(grandchildren == [] for _, children in got for _, grandchildren in children)


def web_themes(output: Path, path: str) -> list[tuple[str, str]]:
    """A proceedings page's themes as the web shows them: (phrase, "N sessions")."""
    section = next(e for e in page(output, path).iter("section") if e.get("class") == "themes")
    return [("".join(next(e for e in theme if re.fullmatch(r"h\d", e.tag)).itertext()),
             "".join(theme.find("p").itertext()).split(" · ")[0])
            for theme in section.iter("div") if theme.get("class") == "theme"]


def web_moments(output: Path) -> dict[str, list[str]]:
    """Each archived session's key moments as its page shows them: title -> ["4:07 Speaker: “...”", ...]."""
    found = {}
    for slug, fm in events().items():
        if "archive" in fm and held(fm):
            tree = page(output, f"events/{slug}")
            listed = [e for e in tree.iter("ol") if "moments" in (e.get("class") or "").split()]
            if listed:
                found[fm["title"]] = [" ".join(" ".join(item.itertext()).split()) for item in listed[0].iter("li")]
    return found


def test_the_pdf_counts_key_moments_and_prints_themes_as_text(sample_output: Path) -> None:
    """The key moments, said to be automatic, counted as the sessions' pages show them and not printed
    (the EPUB has them: tests/test_epub.py); each forum's themes and the month's, with their counts as
    the web pages give them; no link to a place in a recording or a page, which paper cannot follow."""
    reader = pypdf.PdfReader(sample_output / "proceedings" / "proceedings.pdf")
    text = pdf_text(sample_output)
    begins = text.index("Key moments Chosen automatically")
    chapter = text[begins:text.index("Resources", begins)]
    moments = web_moments(sample_output)
    assert len(moments) >= 3
    count = sum(len(listed) for listed in moments.values())
    assert f"{len(moments)} archived sessions have key moments, {count} in all." in chapter
    base_url = yaml.load((SAMPLE_CONTENT / "site.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["base_url"]
    said = f"EPUB edition of these proceedings ({base_url}proceedings/proceedings.epub)"
    assert "".join(said.split()) in "".join(chapter.split())  # the address may break across lines after a /
    assert not [title for title in moments if title in chapter]
    assert not [moment for listed in moments.values() for moment in listed if moment in chapter]
    forums = sorted((SAMPLE_CONTENT / "forums").glob("*.md"))
    shown = [web_themes(sample_output, f"proceedings/forums/{f.stem}") for f in forums]
    assert any(shown)
    for forum, themes in zip(forums, shown, strict=True):
        start = text.index(front_matter(forum)["title"], text.index("Forums Connected"))  # its section, past the contents
        for phrase, sessions in themes:
            assert f"{phrase} {sessions}" in text[start:], (forum.stem, phrase)
    begins = text.index("Themes of the month Found automatically")
    month = text[begins:text.index("Key takeaways", begins)]
    assert all(f"{phrase} {sessions}" in month for phrase, sessions in web_themes(sample_output, "proceedings"))
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    assert not [a["/A"]["/URI"] for a in annotations if "#" in a.get("/A", {}).get("/URI", "")]


def web_theme_places(output: Path, path: str) -> list[tuple[str, list[str], list[str]]]:
    """A proceedings page's themes as the web shows them: (phrase, a line per listed session, "Title —
    its places (N moments)", with a place said once however many of its moments are there, and the
    excerpts the page quotes)."""
    section = next(e for e in page(output, path).iter("section") if e.get("class") == "themes")
    found = []
    for theme in section.iter("div"):
        if theme.get("class") != "theme":
            continue
        lines, excerpts = [], []
        for li in next(ul for ul in theme.iter("ul") if ul.get("class") == "theme-sessions").findall("li"):
            moments = next(ul for ul in li.iter("ul") if ul.get("class") == "moments").findall("li")
            places = [text_of(mo.find("a")) for mo in moments]
            places = [place for n, place in enumerate(places) if n == 0 or place != places[n - 1]]
            lines.append(f"{text_of(li.find('a'))} — {', '.join(places)} {text_of(li.find('span'))}")
            excerpts += [re.search(r"“(.*)”", text_of(mo))[1] for mo in moments]
        found.append(("".join(next(e for e in theme if re.fullmatch(r"h\d", e.tag)).itertext()), lines, excerpts))
    return found


def test_the_pdf_gives_a_theme_s_sessions_a_line_each_and_quotes_none(sample_output: Path) -> None:
    """The PDF prints each theme's sessions as one line each, the title and the places it used the
    phrase, as the web page lists them; not what was said there, which it says the EPUB and the sessions'
    pages quote (the EPUB's themes: tests/test_epub.py)."""
    text = pdf_text(sample_output)
    forums = sorted((SAMPLE_CONTENT / "forums").glob("*.md"))
    for forum in forums:
        start = text.index(front_matter(forum)["title"], text.index("Forums Connected"))  # its section, past the contents
        for phrase, lines, _ in web_theme_places(sample_output, f"proceedings/forums/{forum.stem}"):
            assert all(line in text[start:] for line in lines), (forum.stem, phrase, lines)
    begins = text.index("Themes of the month Found automatically")
    month = text[begins:text.index("Key takeaways", begins)]
    assert "What was said there is on the sessions' pages online and in the EPUB edition." in month
    themes = web_theme_places(sample_output, "proceedings")
    assert themes and any(", " in line for _, lines, _ in themes for line in lines)
    assert any(re.search(r" — \d+:\d\d", line) for _, lines, _ in themes for line in lines)  # a time, as text
    for phrase, lines, excerpts in themes:
        assert all(line in month for line in lines), (phrase, lines)
        assert excerpts and not [excerpt for excerpt in excerpts if excerpt in month], phrase
    assert "“" not in month


def test_the_pdf_prints_what_is_archived_and_numbers_its_links(sample_output: Path) -> None:
    """No session waiting for its archive, no raw <address>: a link's text, then [n], the number of
    its address in the Links appendix (each address once)."""
    reader = pypdf.PdfReader(sample_output / "proceedings" / "proceedings.pdf")
    text = pdf_text(sample_output)
    assert "<http" not in text and "Not archived yet" not in text and "not archived yet" not in text
    for fm in events().values():
        if held(fm) and "archive" not in fm and fm.get("forum"):
            assert fm["title"] not in text, fm["title"]
    appendix = text[text.rindex("Links The addresses"):]
    numbered = dict(re.findall(r"\[(\d+)\] (\S+)", appendix))
    assert list(numbered) == [str(n) for n in range(1, len(numbered) + 1)]
    assert len(set(numbered.values())) == len(numbered)
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    links = {a["/A"]["/URI"] for a in annotations if "/URI" in a.get("/A", {})}
    for fm in events().values():
        if "archive" in fm and held(fm):
            for resource in fm["archive"].get("resources", []):
                assert resource["url"] in links and resource["url"] in numbered.values(), resource["url"]
    for number in numbered:
        assert f"[{number}]" in text[:text.rindex("Links The addresses")]


def test_the_pdf_has_contents_every_forum_and_every_takeaway(sample_output: Path) -> None:
    reader = pypdf.PdfReader(sample_output / "proceedings" / "proceedings.pdf")
    assert len(reader.pages) > 5
    text = pdf_text(sample_output)
    assert "Contents" in text
    for forum in (SAMPLE_CONTENT / "forums").glob("*.md"):
        assert front_matter(forum)["title"] in text
    for fm in events().values():
        if "archive" in fm and held(fm):
            for takeaway in fm["archive"].get("takeaways", []):
                assert " ".join(takeaway.split()) in text, takeaway


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


def test_proceedings_do_not_depend_on_the_build_date(tmp_path: Path, sample_output: Path, pdf_unread: None) -> None:
    """The proceedings' pages at another date are the sample's. Their PDF, which this test does not
    read, is pdf_stand_in's."""
    result = run_cli("build", "--content", str(SAMPLE_CONTENT), "--out", str(tmp_path / "out"),
                     env={"SOURCE_DATE_EPOCH": "2000000000"})
    assert result.returncode == 0, result.stderr
    for name in ("proceedings/index.html", "proceedings/forums/personalizing-learning/index.html"):
        assert (tmp_path / "out" / name).read_bytes() == (sample_output / name).read_bytes()


def test_a_pdf_is_printed_once_there_is_something_to_print(make_site, tmp_path: Path) -> None:
    """Before any session is archived the proceedings have nothing to print but a cover: no PDF, and
    the page says when one comes. Archiving one session brings it."""
    talk = ("---\ntitle: Talk\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\ntype: webinar\n"
            "topics: [Literacy]\npartner: P\n{archive}---\n")
    content = make_site({"events/talk.md": talk.format(archive="")})
    out = tmp_path / "out"
    assert run_cli("build", "--content", str(content), "--out", str(out)).returncode == 0
    assert not (out / "proceedings" / "proceedings.pdf").exists()
    page = (out / "proceedings" / "index.html").read_text(encoding="utf-8")
    assert "proceedings.pdf" not in page and "proceedings.epub" not in page
    assert "A printable edition (PDF and EPUB) is made once a session is archived." in page
    assert not (out / "proceedings" / "proceedings.epub").exists()
    (content / "events" / "talk.md").write_text(talk.format(archive="archive:\n  recording: https://video.example.org/x\n"))
    assert run_cli("build", "--content", str(content), "--out", str(out)).returncode == 0
    assert (out / "proceedings" / "proceedings.pdf").read_bytes().startswith(b"%PDF-")
    assert "proceedings/proceedings.pdf" in (out / "proceedings" / "index.html").read_text(encoding="utf-8")


def test_proceedings_link_transcripts_and_moments_to_the_sessions_own_pages(sample_output: Path) -> None:
    """A proceedings page gathers dozens of sessions: their transcripts stay on the sessions' own pages
    (in full they made a topic's page megabytes long), linked, and each key moment links to its place
    there. Every link must land on an element of the page it names."""
    targets: dict[str, set[str]] = {}

    def ids(address: str) -> set[str]:
        if address not in targets:
            tree = page(sample_output, address.strip("/"))
            targets[address] = {e.get("id") for e in tree.iter() if e.get("id")}
        return targets[address]

    transcribed = {slug for slug, fm in events().items() if held(fm) and any(
        fm.get("archive", {}).get(k) for k in ("transcript", "captions"))}
    pages = ["proceedings/conference", *(f"proceedings/{p.parent.relative_to(sample_output / 'proceedings')}"
                                         for p in sorted((sample_output / "proceedings").glob("*/*/index.html")))]
    linked, moments = set(), 0
    for path in pages:
        tree = page(sample_output, path)
        assert not [e for e in tree.iter() if "transcript" in (e.get("class") or "").split()], path
        assert not [a for a in tree.iter("a") if a.get("class") == "cue-time"], path
        for session in (e for e in tree.iter("article") if e.get("class") == "session"):
            slug = session.get("id").removeprefix("session-")
            links = [a for p in session.iter("p") if p.get("class") == "transcript-link" for a in p.iter("a")]
            if slug in transcribed:
                assert links[0].get("href") == f"/events/{slug}/#transcript", (path, slug)
                assert "transcript" in ids(f"/events/{slug}/")
                linked.add(slug)
            for a in (a for a in session.iter("a") if a.get("class") == "moment-text"):
                address, fragment = a.get("href").split("#")
                assert address == f"/events/{slug}/" and fragment in ids(address), (path, a.get("href"))
                moments += 1
    assert linked and moments, "the sample site's proceedings show transcribed sessions with key moments"
