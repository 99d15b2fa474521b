"""Small modules on their own: sanitizing, zones, calendar links, captions, recordings."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from builder.content.markup import render_markdown
from builder.content.recordings import classify
from builder.content.webvtt import CaptionError, parse
from builder.content.zones import check_zone
from builder.engine import parallel
from builder.engine.cache import Cache
from builder.outputs import calendar_links
from builder.outputs.calendar_links import google_url, outlook_url, subscribe_links

NY = ZoneInfo("America/New_York")


def test_markdown_headings_start_under_the_page_and_never_skip() -> None:
    html = render_markdown("# A\n\n### B\n\n## C\n\n#### D")
    assert [tag for tag in ("h2", "h3", "h4") if f"<{tag}" in html] == ["h2", "h3", "h4"]
    assert html.index("<h2") < html.index("<h3") < html.index("<h4")
    assert "<h5" not in html and "<h1" not in html


def test_markdown_is_sanitized_and_links_marked() -> None:
    html = render_markdown('<script>x()</script>\n\n<a href="https://e.org" onclick="x()">e</a> [j](javascript:x())'
                           ' ![p](https://tracker.example/p.png) <img src="https://t.example/i.gif" alt="i">'
                           ' <a href="javascript:x()">k</a>')
    assert "<script" not in html and "onclick" not in html and 'href="javascript:' not in html
    assert html.startswith("<p><a ")  # the script and its text are gone
    assert 'rel="nofollow ugc noopener"' in html
    assert "tracker.example/p.png" in html and "<img" in html and "t.example" not in html.split("<img")[1]


def test_links_within_the_text_follow_its_prefixed_ids() -> None:
    html = render_markdown("## Part one\n\nSee [part one](#part-one) and a note[^n].\n\n[^n]: The note.")
    ids = set(re.findall(r' id="([^"]+)"', html))
    targets = set(re.findall(r' href="#([^"]+)"', html))
    assert "c-part-one" in ids and targets and targets <= ids


def test_github_flavored_markdown_as_the_pull_request_preview_shows_it() -> None:
    html = render_markdown("## Plan\n\n## Plan\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~old~~ www.example.org"
                           " and `<b>` [^1]\n\n[^1]: Note.")
    assert re.findall(r"<h2 id=\"([^\"]+)\">Plan</h2>", html) == ["c-plan", "c-plan-1"]  # unique, linkable
    assert "<td>1</td>" in html and "align" not in html  # obsolete in HTML5: the theme aligns tables
    assert "<del>old</del>" in html and 'href="http://www.example.org"' in html and "<code>&lt;b&gt;</code>" in html
    assert 'aria-label="Back to reference 1"' in html  # the footnote's back-link has a name


def test_rendering_markdown_gives_its_memory_back() -> None:
    """cmarkgfm's own wrapper leaks the syntax tree and the HTML, about 29 KB a text: `serve` would
    grow without end. 3,000 renders of a 3 KB text would leak about 90 MB."""
    text = "## Part\n\n" + "Some *words* and a [link](https://example.org) in a table:\n\n| a | b |\n|---|---|\n" * 30

    def resident() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    render_markdown(text + "warm")
    before = resident()
    for number in range(3000):
        render_markdown(f"{text}{number}")
    assert resident() - before < 20_000_000


def _slow_square(number: int) -> int:
    time.sleep(parallel.BATCH_SECONDS * 0.6 if number % 7 == 0 else 0)  # several sends per batch
    return number * number


def test_work_on_two_cores_comes_back_whole_and_once() -> None:
    tasks = [partial(_slow_square, number) for number in range(300)]
    seen = [index for index, _ in parallel.run(tasks, 2)]
    assert sorted(seen) == list(range(300))
    assert dict(parallel.run(tasks, 2)) == {number: number * number for number in range(300)}


def test_tasks_run_in_one_process_leave_the_objects_made_before_out_of_collections() -> None:
    """With one core (or few tasks) the tasks run in this process: the model made before them is
    frozen out of the collector meanwhile, as a forked worker's is, and given back after."""
    import gc

    model = [[number] for number in range(10_000)]  # tracked objects made before the tasks
    assert gc.get_freeze_count() == 0
    frozen = [count for _, count in parallel.run([gc.get_freeze_count] * 3, 1)]
    assert min(frozen) >= len(model) and gc.get_freeze_count() == 0


def test_long_tasks_are_claimed_one_by_one_and_the_rest_in_batches() -> None:
    """A worker that claimed a batch of long tasks (a site's proceedings pages) would still be making
    them after the other cores ran out of work."""
    for count, long in ((1000, 0), (1000, 50), (1000, 5000), (3, 0)):
        chunks = parallel._chunks(count, 2, long)
        single = min(max(2 * 4, long), count)
        assert [len(chunk) for chunk in chunks[:single]] == [1] * single
        assert all(len(chunk) > 1 for chunk in chunks[single:-1])
        assert [index for chunk in chunks for index in chunk] == list(range(count))


def test_pages_that_show_transcripts_or_sessions_weigh_them() -> None:
    """The jobs start in the order of their weight, the heaviest on the workers: an event page shows
    its whole transcript, and a proceedings page its archived sessions, listing no `events`; neither
    may weigh as a light page, which the building process would be left to make."""
    from builder import pipeline
    from builder.outputs import render, theme

    content = Path(__file__).resolve().parent.parent / "content"
    site, _ = pipeline.checked(content)  # the model as `check` makes it: no key moments, which weigh nothing here
    weight = {job.paths[0]: job.weight for job in render.plan(site, theme.load_theme(content), {})}
    lines = {event.slug: len(event.archive.cues) // render.LINES_PER_EVENT
             + len(event.archive.transcript_html) // (render.TRANSCRIPT_LINE * render.LINES_PER_EVENT)
             for event in site.events if event.archive}
    assert max(lines.values()) >= 2, "the sample site has archived sessions with transcripts"
    for event in site.events:
        assert weight[f"events/{event.slug}/index.html"] >= (1 + lines[event.slug] if event.archive else 0)
    archived = [event for event in site.events if event.archive and event.status == "scheduled"]
    sessions = 0
    for topic in site.topics:
        path = f"proceedings/topics/{topic.slug}/index.html"
        if path in weight:
            shown = [event for event in archived if topic in event.topics]
            assert weight[path] >= len(shown), path
            sessions += len(shown)
    assert sessions, "the sample site's topics have archived sessions"


def test_a_scanned_file_is_read_whole_though_it_grew_or_shrank_since_it_was_looked_at(tmp_path: Path) -> None:
    from builder.engine import inputs

    path = tmp_path / "event.md"
    path.write_bytes(b"---\ntitle: x\n---\n" * 100_000)  # 1.8 MB: more than one read after the first
    for size_when_looked_at in (0, 10, path.stat().st_size, path.stat().st_size * 2):
        assert inputs._read(str(path), size_when_looked_at) == path.read_bytes()


def test_entities_digested_on_every_core_match_those_digested_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.content.model import Topic
    from builder.engine import fingerprint

    topics = [Topic(f"topic-{number}", f"Topic {number}") for number in range(300)]
    monkeypatch.setattr(fingerprint, "DIGEST_BATCH", 2)  # 150 tasks: enough to fork a worker
    together, alone = fingerprint.Fingerprints(), fingerprint.Fingerprints()
    together.remember(topics[0], "known")  # what is known already is kept, not digested again
    together.digest_all(topics, 2)
    assert together.of(topics[0]) == "known"
    assert [together.of(topic) for topic in topics[1:]] == [alone.of(topic) for topic in topics[1:]]
    assert len({alone.of(topic) for topic in topics}) == 300


def test_the_parents_work_meanwhile_may_run_tasks_of_its_own() -> None:
    inner: list[int] = []
    tasks = [partial(_slow_square, number) for number in range(300)]
    results = parallel.run(tasks, 2, meanwhile=lambda: inner.extend(dict(parallel.run(tasks[:100], 2)).values()))
    assert dict(results) == {number: number * number for number in range(300)}
    assert sorted(inner) == [number * number for number in range(100)]


def test_the_parent_works_meanwhile_while_the_workers_go_on_without_waiting_for_it() -> None:
    """Validation runs in the parent while a worker renders Markdown: the worker must not stop
    after WAITING batches that the parent has not taken yet."""
    import multiprocessing
    import os
    import time

    done = multiprocessing.get_context("fork").Value("i", 0)
    parent, wanted = os.getpid(), (parallel.WAITING + 8) * parallel.CHUNK

    def task(number: int) -> int:
        with done.get_lock():
            done.value += 1
        return number

    def meanwhile() -> None:
        assert os.getpid() == parent
        deadline = time.monotonic() + 20
        while done.value < wanted and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(done.value)

    seen: list[int] = []
    count = wanted * 2
    results = parallel.run([partial(task, number) for number in range(count)], 2, meanwhile=meanwhile)
    assert sorted(index for index, _ in results) == list(range(count))
    assert seen and seen[0] >= wanted  # the worker did more than WAITING batches while the parent worked


TUNED_OR_NOT = """
import ctypes, sys
from builder.engine import memory
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = Info
if sys.argv[1] == "tuned":
    memory.tune_heap()
"""  # the start of a script that measures glibc's heap, tuned for a build or as glibc leaves it


LARGE_BLOCKS_AFTER_A_BIG_ONE = TUNED_OR_NOT + """
feed = bytearray(memory.LARGE_BLOCK * 4)
del feed  # by glibc's own rule, smaller blocks now come from the heap
before = libc.mallinfo2().hblks
pages = [bytearray(memory.LARGE_BLOCK * 2) for _ in range(5)]
print(libc.mallinfo2().hblks - before)
"""


FREED_AT_THE_TOP = TUNED_OR_NOT + """
libc.mallopt(-3, memory.LARGE_BLOCK)  # as tuned, in both cases: glibc keeps 128 KB once it is set
pages = [b""] * 300  # the list first: grown as it fills, it could land above the blocks and hold the top
start = libc.mallinfo2().arena
for n in range(300):
    pages[n] = bytearray(100_000)  # 30 MB from the heap, mostly at its top
top = libc.mallinfo2().arena
del pages
kept = libc.mallinfo2().arena
memory.trim()
print(round((top - start) / 1e6), round((kept - top) / 1e6), round((libc.mallinfo2().arena - top) / 1e6))
"""


@pytest.mark.parametrize(("how", "kept"), [("tuned", True), ("glibc's default", False)])
def test_memory_freed_at_the_heap_top_is_kept_until_trimmed(how: str, kept: bool) -> None:
    """A build frees and takes again tens of megabytes at a time: each page given back to the system
    was faulted in again. Freed memory stays for the next allocations, and trim returns it.
    (The figures are in MB: how much the heap grew for 30 MB, part of which may fill holes left by
    the imports; its change when they are freed; and its change after trimming.)"""
    result = subprocess.run([sys.executable, "-c", FREED_AT_THE_TOP, how], capture_output=True, text=True, check=True)
    grown, freed, trimmed = map(int, result.stdout.split())
    assert grown > 15, result.stdout
    assert (freed > -2) if kept else (freed < -0.8 * grown), result.stdout
    assert trimmed < -0.8 * grown, result.stdout


@pytest.mark.parametrize(("how", "mapped"), [("tuned", 5), ("glibc's default", 0)])
def test_large_blocks_get_their_own_mappings_after_a_big_one_is_freed(how: str, mapped: int) -> None:
    """Blocks carved from the heap leave holes there when freed, which a render worker kept: 97 of
    its 320 MB at 10,000 events. The default case shows what the test would catch."""
    result = subprocess.run([sys.executable, "-c", LARGE_BLOCKS_AFTER_A_BIG_ONE, how],
                            capture_output=True, text=True, check=True)
    assert int(result.stdout) == mapped


def test_raw_html_headings_take_their_place_in_the_outline() -> None:
    html = render_markdown("<h1>Raw</h1>\n\n### Then")
    assert '<h2 id="c-raw">Raw</h2>' in html and '<h3 id="c-then">Then</h3>' in html


def test_root_links_follow_the_site_path() -> None:
    assert 'href="/cem/forums/x/"' in render_markdown("[f](/forums/x/)", site_root="/cem/")
    assert 'href="//other.example/"' in render_markdown("[o](//other.example/)", site_root="/cem/")


@pytest.mark.parametrize(("name", "problem"), [
    ("America/Chicago", None), ("UTC", None),
    ("EST", 'is not an IANA time zone; did you mean "America/New_York"?'),
    ("Pacific", 'is not an IANA time zone; did you mean "America/Los_Angeles"?'),
    ("Asia/Calcuta", 'is not an IANA time zone; did you mean "Asia/Calcutta"?'),
])
def test_zones(name: str, problem: str | None) -> None:
    assert check_zone(name) == problem


def test_add_to_calendar_links_carry_utc() -> None:
    start, end = datetime(2025, 10, 14, 15, 0, tzinfo=NY), datetime(2025, 10, 14, 16, 0, tzinfo=NY)
    google = parse_qs(urlsplit(google_url("T", start, end, False, "S", "https://x/", None)).query)
    assert google["dates"] == ["20251014T190000Z/20251014T200000Z"]
    outlook = parse_qs(urlsplit(outlook_url("T", start, end, False, "S", "https://x/", None)).query)
    assert outlook["startdt"] == ["2025-10-14T19:00:00Z"] and outlook["enddt"] == ["2025-10-14T20:00:00Z"]
    day_end = datetime(2025, 10, 16, tzinfo=NY)
    all_day = parse_qs(urlsplit(google_url("T", start.replace(hour=0), day_end, True, "", "https://x/", None)).query)
    assert all_day["dates"] == ["20251014/20251016"]


def test_subscribe_links() -> None:
    links = subscribe_links("https://cem.example.org/", "topics/literacy/calendar.ics", "Literacy")
    assert links["webcal"] == "webcal://cem.example.org/topics/literacy/calendar.ics"
    assert parse_qs(urlsplit(links["google"]).query)["cid"] == [links["webcal"]]
    for key in ("outlook", "office"):
        assert parse_qs(urlsplit(links[key]).query)["url"] == [links["https"]]


def test_captions_parse_with_voices_and_anchors() -> None:
    cues = parse("WEBVTT\n\nNOTE a note\n\n1\n00:00:01.000 --> 00:00:02.500 align:start\n<v Ana>Hello &amp; welcome\n\n"
                 "00:00:01.900 --> 00:00:03.000\nSame second\n\n01:02:03.000 --> 01:02:04.000\nLater\n")
    assert [(c.text, c.speaker, c.anchor) for c in cues] == [
        ("Hello & welcome", "Ana", "t-00-00-01"), ("Same second", None, "t-00-00-01-2"), ("Later", None, "t-01-02-03")]
    assert cues[2].clock == "1:02:03"


@pytest.mark.parametrize(("text", "line"), [
    ("WEBVT\n", 1), ("WEBVTT\n\n00:01.000 --> 00:00.500\nback\n", 3), ("WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nx\n", 3),
    ("WEBVTT\n\nno timing here\nat all\n", 3), ("WEBVTT\n00:00:01.000 --> 00:00:02.000\n", 2),
])
def test_broken_captions_name_their_line(text: str, line: int) -> None:
    with pytest.raises(CaptionError) as caught:
        parse(text)
    assert caught.value.line == line


@pytest.mark.parametrize(("url", "kind", "embed"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://vimeo.com/123456789", "vimeo", "https://player.vimeo.com/video/123456789?dnt=1"),
    ("https://media.example.org/a/talk.MP4", "video", None),
    ("https://media.example.org/a/talk.mp3?x=1", "audio", None),
    ("https://www.youtube.com/watch?v=short", "link", None),
    ("https://video.example.org/watch/42", "link", None),
])
def test_recordings_are_classified(url: str, kind: str, embed: str | None) -> None:
    recording = classify(url)
    assert recording.kind == kind
    assert (recording.embed or "").startswith(embed or "")
    assert (recording.embed is None) == (embed is None)


def test_no_naive_times_reach_the_links() -> None:
    with pytest.raises((ValueError, TypeError)):
        google_url("T", datetime(2025, 10, 14, 15), datetime(2025, 10, 14, 16, tzinfo=UTC),  # noqa: DTZ001
                   False, "", "https://x/", None)


def test_the_cache_keeps_what_a_complete_build_used_and_a_partial_one_drops_nothing(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.store_fragments([("a", b"1"), ("b", b"2"), ("c", b"3")])
    cache.close(prune=True)
    cache = Cache(tmp_path)  # a complete build that used a (read) and b (kept), not c
    assert cache.fragments(["a", "x"]) == {"a": b"1"}
    cache.keep(["b"])
    cache.close(prune=True)
    cache = Cache(tmp_path)  # a patched build uses nothing: it drops nothing either
    cache.close(prune=False)
    cache = Cache(tmp_path)
    assert cache.fragments(["a", "b", "c"]) == {"a": b"1", "b": b"2"}
    cache.close(prune=True)


def test_a_kept_vtimezone_is_keyed_by_the_tz_database_file_zoneinfo_reads() -> None:
    from builder.outputs.ics import zone_source

    new_york = zone_source("America/New_York")
    assert new_york.startswith(b"TZif") and new_york != zone_source("Europe/London")
    assert zone_source("Nowhere/Special") == b""


def test_calendar_link_queries_are_urllib_s_bytes() -> None:
    """calendar_links quotes ASCII text with one translate table; it must equal urllib's urlencode."""
    rng = random.Random(7)
    alphabet = [chr(code) for code in range(200)] + ["é", "—", "🎉", "\u2028", "&", "=", "+", "%", "#"]
    for _ in range(5000):
        params = {"text": "".join(rng.choices(alphabet, k=rng.randint(0, 60))),
                  "ascii": "".join(chr(rng.randrange(128)) for _ in range(rng.randint(0, 80))),
                  "".join(rng.choices(alphabet, k=3)): "Title: a, b; c/d?e=f&g #h 100% ~_.-"}
        assert calendar_links.urlencode(params) == urllib.parse.urlencode(params)
