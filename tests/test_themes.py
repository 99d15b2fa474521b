"""Themes across sessions and related sessions: every figure the proceedings print is recounted
here from the content files, with a reading of the text written for the test (a regular expression
per phrase), not the builder's."""

from __future__ import annotations

import functools
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import pytest
import yaml

from builder import pipeline
from builder.content import answers, model, sources, validation
from builder.content.schema import name_slug
from builder.outputs import words
from builder.outputs.proceedings import build_proceedings
from builder.outputs.related import MOST_RELATED, related_sessions
from builder.outputs.themes import MOST_SESSIONS, MOST_THEMES
from tests.conftest import SAMPLE_CONTENT, run_cli
from tests.reading import front_matter

CUE = re.compile(r"^(?:\d+:)?\d\d:\d\d\.\d{3}\s+-->.*\n((?:.+\n?)+)", re.MULTILINE)


def page(output: Path, path: str):  # noqa: ANN201
    return html5lib.parse((output / path).read_bytes(), namespaceHTMLElements=False)


def text_of(element) -> str:  # noqa: ANN001
    return " ".join("".join(element.itertext()).split())


def sessions() -> dict[str, dict]:
    """Every held, archived session of the sample site: slug -> front matter."""
    found = {}
    for path in sorted((SAMPLE_CONTENT / "events").glob("*.md")):
        fields = front_matter(path)
        if fields.get("archive") and fields.get("status", "scheduled") == "scheduled":
            found[path.stem] = fields
    return found


def start(fields: dict) -> datetime:
    """An event's start in UTC, from its front matter (the site's zone when it names none)."""
    zone = ZoneInfo(fields.get("timezone") or yaml.safe_load((SAMPLE_CONTENT / "site.yml").read_text())["timezone"])
    when = fields["start"] if isinstance(fields["start"], datetime) else datetime.fromisoformat(str(fields["start"]))
    return when.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))


def markdown_text(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)


def places(slug: str, fields: dict) -> list[str]:
    """The passages of a session a theme may point at, read from its files as a reader sees them: its
    summary's paragraphs, its takeaways, and its transcript's passages. Which sentences of a
    transcript are its passages is the builder's choice (its most central, moments.highlights), taken
    from there; each is checked to be the transcript's own words, in order."""
    archive = fields["archive"]
    found = [markdown_text(p) for p in re.split(r"\n\s*\n", archive.get("summary") or "") if p.strip()]
    found += archive.get("takeaways") or []
    transcript = archive.get("transcript") or ""
    captions = transcript if transcript.endswith(".vtt") else archive.get("captions")  # timed text comes first
    if captions:
        cues = CUE.findall((SAMPLE_CONTENT / captions).read_text(encoding="utf-8"))
        text = " ".join(re.sub(r"<[^>]*>", "", cue) for cue in cues)
    else:
        text = markdown_text((SAMPLE_CONTENT / transcript).read_text(encoding="utf-8")) if transcript.endswith(".md") else ""
    said = " ".join(text.split())
    for passage in passages()[slug]:
        assert passage in said, (slug, passage)
        found.append(passage)
    return found


@functools.cache
def passages() -> dict[str, tuple[str, ...]]:
    """Each archived session's transcript passages, as the builder's model holds them."""
    loaded, problems = sources.load(SAMPLE_CONTENT, shown_root=pipeline.shown(SAMPLE_CONTENT))
    site = model.build_site(validation.validate(loaded, problems), None)
    return {event.slug: tuple(p.text for p in event.archive.passages) for event in site.events if event.archive}


PUNCTUATION = ".,;:!?()[]{}\"“”‘«»…—–/\\|<>*_#=+~^`@&%$"  # what ends a clause, as the partner guide's reader expects


def uses(text: str, phrase: str) -> bool:
    """The phrase's words in a row, in one clause (only spaces between them), as whole words: a
    word is what stands between spaces once punctuation is set apart ("don't", "kick-off" and
    "students'" are words)."""
    text = text.casefold().replace("’", "'")
    for mark in PUNCTUATION:
        text = text.replace(mark, " | ")
    return re.search(r"(?<!\S)" + r"\s+".join(map(re.escape, phrase.split(" "))) + r"(?!\S)", text) is not None


def shown_themes(tree) -> list[tuple[str, str, list[tuple[str, str]]]]:  # noqa: ANN001
    """(phrase, figures line, [(session slug, its moments figure)]) of each theme a page shows."""
    section = next(s for s in tree.iter("section") if s.get("class") == "themes")
    shown = []
    for div in section.iter("div"):
        if div.get("class") != "theme":
            continue
        phrase = text_of(div.find("h3") if div.find("h3") is not None else div.find("h2"))
        figures = text_of(next(p for p in div.iter("p") if "theme-figures" in p.get("class", "")))
        listed = [(li.find("a").get("href").rstrip("/").rsplit("/", 1)[-1], text_of(li.find("span")))
                  for li in div.find("ul").findall("li")]
        shown.append((phrase, figures, listed))
    return shown


def scopes(output: Path) -> dict[str, list[str]]:
    """Each proceedings page with themes -> the slugs of its held, archived sessions, from the files."""
    held = sessions()
    found = {"proceedings/index.html": list(held),
             "proceedings/conference/index.html": [s for s, f in held.items() if f["type"] == "conference-session"]}
    for forum in sorted((SAMPLE_CONTENT / "forums").glob("*.md")):
        found[f"proceedings/forums/{forum.stem}/index.html"] = [s for s, f in held.items() if f.get("forum") == forum.stem]
    for topic_page in sorted((output / "proceedings" / "topics").glob("*/index.html")):
        slug = topic_page.parent.name
        found[f"proceedings/topics/{slug}/index.html"] = [s for s, f in held.items()
                                                          if slug in {name_slug(t) for t in f["topics"]}]
    return found


def test_every_theme_figure_is_a_count_of_the_content(sample_output: Path) -> None:
    held = sessions()
    text = {slug: places(slug, fields) for slug, fields in held.items()}
    forums = {f.stem: front_matter(f) for f in (SAMPLE_CONTENT / "forums").glob("*.md")}
    themed_pages = 0
    for path, members in scopes(sample_output).items():
        shown = shown_themes(page(sample_output, path))
        assert len(shown) <= MOST_THEMES
        themed_pages += bool(shown)
        for phrase, figures, listed in shown:
            counted = {slug: sum(uses(place, phrase) for place in text[slug]) for slug in members}
            raised = sorted((slug for slug in members if counted[slug]), key=lambda slug: (start(held[slug]), slug))
            assert len(raised) >= (2 if " " in phrase else 3), (path, phrase)
            assert figures.startswith(f"{len(raised)} sessions"), (path, phrase, figures)
            assert sorted(slug for slug, _ in listed) == sorted(raised[:MOST_SESSIONS]), (path, phrase)
            for slug, moments in listed:
                assert moments == f"({counted[slug]} moment{'s' if counted[slug] != 1 else ''})", (path, phrase, slug)
            voices = {name for slug, _ in listed for name in held[slug].get("presenters", [])}
            voices |= {name for slug, _ in listed
                       for name in forums.get(held[slug].get("forum"), {}).get("moderators", [])}
            named = figures.split("voices: ", 1)[1] if "voices: " in figures else ""
            assert sorted(n.strip() for n in named.split(",") if n.strip()) == sorted(voices), (path, phrase)
    assert themed_pages >= 3 + 1  # every forum's page, and the month's


def test_each_forum_page_links_themes_to_moments_that_exist(sample_output: Path) -> None:
    for forum in sorted((SAMPLE_CONTENT / "forums").glob("*.md")):
        tree = page(sample_output, f"proceedings/forums/{forum.stem}/index.html")
        section = next(s for s in tree.iter("section") if s.get("class") == "themes")
        moments = [a.get("href") for ul in section.iter("ul") if ul.get("class") == "moments" for a in ul.iter("a")]
        assert moments, forum.stem
        for href in moments:
            address, fragment = href.split("#")
            target = page(sample_output, address.removeprefix("/") + "index.html")
            assert any(e.get("id") == fragment for e in target.iter()), href


def test_timed_moments_show_the_cue_time(sample_output: Path) -> None:
    tree = page(sample_output, "proceedings/forums/connected-leadership/index.html")
    themes = next(s for s in tree.iter("section") if s.get("class") == "themes")  # a key moment's text links there too
    timed = [a for a in themes.iter("a") if "#t-" in (a.get("href") or "")]
    assert timed and all(a.find("time") is not None and a.find("time").get("datetime").startswith("PT") for a in timed)


def test_the_themes_say_they_were_found_automatically(sample_output: Path) -> None:
    tree = page(sample_output, "proceedings/index.html")
    section = next(s for s in tree.iter("section") if s.get("class") == "themes")
    assert "Found automatically" in text_of(section)


def test_related_sessions_on_every_event_page(sample_output: Path) -> None:
    files = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "events").glob("*.md")}
    topics = {slug: set(f["topics"]) for slug, f in files.items()}
    held = {slug for slug, f in files.items() if f.get("status", "scheduled") == "scheduled"}
    for slug, fields in files.items():
        tree = page(sample_output, f"events/{slug}/index.html")
        section = next((s for s in tree.iter("section") if s.get("class") == "related"), None)
        if not [o for o in held if o != slug and topics[o] & topics[slug]]:
            continue
        assert section is not None, slug
        listed = [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in section.iter("a")]
        assert 0 < len(listed) <= MOST_RELATED and slug not in listed and len(set(listed)) == len(listed)
        assert set(listed) <= held
        forum = fields.get("forum")
        together = [len(topics[o] & topics[slug]) + (forum is not None and files[o].get("forum") == forum) for o in listed]
        assert together == sorted(together, reverse=True), slug  # shared topics and forum first, wording after


def test_related_sessions_are_deterministic_and_rank_likeness() -> None:
    site, _ = pipeline.checked(SAMPLE_CONTENT)
    first, again = related_sessions(site), related_sessions(site)
    assert first == again
    media = [r.slug for r in first["media-literacy-fifteen-minutes-a-day"]]
    assert media and media[0] != "media-literacy-fifteen-minutes-a-day"
    # The two choice-board sessions share a topic, a forum and their wording: each is the other's first.
    assert first["playlists-pathways-choice-boards"][0].slug == "personalizing-learning-forum-launch"


def test_phrases_stay_within_a_clause_and_skip_stop_words() -> None:
    found = {words.text_of(p) for p in words.phrases(["The network of people, and lateral reading!"])}
    assert {"network of people", "lateral reading", "people", "network"} <= found
    assert not any(p.startswith(("the ", "of ")) or p.endswith(" and") for p in found)
    assert "people and lateral" not in found  # across a comma
    assert words.mentions("Kick-off conference, day one.", ("kick-off", "conference"))
    assert not words.mentions("kick-off, conference", ("kick-off", "conference"))
    assert uses("Kick-off conference, day one.", "kick-off conference")  # the test's reading agrees
    assert not uses("kick-off, conference", "kick-off conference")
    # A phrase is whole words: not the end of a longer word, at the text's start or after a space.
    assert [words.mentions(text, "reading") for text in ("reading", "Lateral reading", "proofreading", "x-reading")] == [
        True, True, False, False]
    assert words.mentions("peer  coaching", ("peer", "coaching")) and not words.mentions("a peer coachings", ("peer", "coaching"))


def test_phrases_are_the_runs_of_words_a_phrase_may_be() -> None:
    """words.phrases keeps, of every run of one to three words, exactly those is_phrase accepts."""
    texts = ["The network of people, and lateral reading!", "Reading of the network; people of 42 schools.",
             "Open badges & open lessons / peer coaching — in 2025", "x y z", "", "a network of",
             "Wait?! Really... peer “coaching” (again)", "odd\x01text, peer\x00coaching here"]
    for some in (texts[:-1], texts):  # the last one holds the character phrases() marks breaks with
        found = words.words(f" {words.BREAK} ".join(some))
        runs = {*found, *zip(found, found[1:], strict=False), *zip(found, found[1:], found[2:], strict=False)}
        assert words.phrases(some) == {run for run in runs if words.is_phrase(run)}


def test_markup_words_read_tags_and_entities_as_breaks() -> None:
    """words.words(markup=True), which related sessions count, reads a run of tags, entities and
    breaking characters as one break: as the plain alternation below does, tag first, at every
    character (the builder's pattern is written to be searched faster, and must read the same)."""
    reading = re.compile("(?:<[^<>]*>|&#?\\w+;|[" + re.escape(words.BREAKS) + "])+")
    texts = ["<p>Peer <em>coaching</em>&amp;badges.</p>", "K<5 and 7>3", "a <b <i>c</i> d>", "x&y; z&#39;s &#x27;q",
             "&amp", "<<>>", "a&;b", "one <br/>\ntwo", "Don&#8217;t <a href='x>y'>stop</a>", "", "<", "&", "é<É>&É;"]
    for text in texts:
        assert words.words(text, markup=True) == reading.sub(f" {words.BREAK} ", text.casefold()).split(), text
    assert words.words("<p>Peer <em>coaching</em>&amp;badges.</p>", markup=True) == [
        words.BREAK, "peer", words.BREAK, "coaching", words.BREAK, "badges", words.BREAK]


def test_an_empty_proceedings_has_no_themes(make_site, tmp_path: Path) -> None:
    content = make_site({})
    site, _ = pipeline.checked(content)
    proceedings = build_proceedings(site)
    assert proceedings.themes == () and proceedings.conference_themes == ()
    assert related_sessions(site) == {}


HOSTILE = '<script>alert(1)</script> &lt;img src=x onerror=alert(2)&gt; "quoted" lateral reading'


@pytest.mark.long
def test_hostile_text_in_a_theme_is_escaped(make_site, tmp_path: Path) -> None:
    def event(slug: str) -> str:
        archive = {"summary": f"We discussed lateral reading. {HOSTILE}", "takeaways": [HOSTILE]}
        return ("---\n" + yaml.safe_dump({"title": f"Session {slug}", "start": "2025-10-14T15:00", "end": "2025-10-14T16:00",
                                           "type": "webinar", "topics": ["Literacy"], "partner": "P",
                                           "presenters": ["<b>Eve</b>"], "archive": archive}) + "---\nBody.\n")
    content = make_site({"events/one.md": event("one"), "events/two.md": event("two")})
    out = tmp_path / "out"
    result = run_cli("build", "--content", str(content), "--out", str(out), "--no-cache")
    assert result.returncode == 0, result.stderr
    html = (out / "proceedings" / "index.html").read_text(encoding="utf-8")
    themes = html.split('class="themes"', 1)[1].split("</section>", 1)[0]
    assert "lateral reading" in themes
    assert "<script>" not in themes and "<img" not in themes and "<b>Eve" not in themes
    assert "&lt;img src=x onerror=alert(2)&gt;" in themes and "&lt;b&gt;Eve&lt;/b&gt;" in themes


@pytest.mark.long
def test_a_build_that_finds_nothing_changed_does_no_synthesis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              pdf_unread: None) -> None:
    """Issue 22's budget: synthesis costs nothing when nothing changed. Counted where the work is done
    (as bench/synthesis.py counts it for make bench), not where the build cache answers. The PDF, which
    is no synthesis, is pdf_stand_in's: laying it out was half the first build."""
    from builder.content import moments
    from builder.outputs import proceedings, related

    calls: list[str] = []

    def counted(name: str, function):  # noqa: ANN001, ANN202
        def call(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            calls.append(name)
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(moments, "highlights", counted("moments", moments.highlights))
    monkeypatch.setattr(proceedings, "themes_of", counted("themes", proceedings.themes_of))
    monkeypatch.setattr(related, "_related", counted("related", related._related))
    command = ["build", "--content", str(SAMPLE_CONTENT), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"),
               "--jobs", "1"]
    assert run_cli(*command).returncode == 0
    assert {"moments", "themes", "related"} <= set(calls)
    calls.clear()
    assert run_cli(*command).returncode == 0
    assert calls == []


def test_the_phrase_codes_kept_by_word_are_bounded() -> None:
    """words.phrases reads each word's code from a memo: the same as meaningful() says, and a text of
    ever new words cannot grow it past MOST_KEPT."""
    assert words._CODES.answer is words._code and words._CODES.most == answers.MOST_KEPT
    codes = answers.Answers(words._code, most=10)
    assert [codes[word] for word in ("the", "2025", "x", words.BREAK, "creek")] == [0, 0, 0, 2, 1]
    assert all(codes[f"new{n}word"] == 1 for n in range(100)) and len(codes) == 10
