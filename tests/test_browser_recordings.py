"""Recordings and proceedings in a real browser: no third party is contacted before the reader
clicks, and a click on "Play here" is what loads the YouTube or Vimeo player."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import DESKTOP, PHONE, settle
from tests.conftest import SAMPLE_CONTENT
from tests.reading import front_matter


def archived() -> dict[str, dict]:
    found = {}
    for path in sorted((SAMPLE_CONTENT / "events").glob("*.md")):
        fm = front_matter(path)
        if "archive" in fm:
            found[path.stem] = fm
    return found


PAGES = ["/proceedings/", "/proceedings/conference/", "/proceedings/resources/",
         *[f"/proceedings/forums/{p.stem}/" for p in sorted((SAMPLE_CONTENT / "forums").glob("*.md"))],
         *[f"/events/{slug}/" for slug in archived()]]


TABS = 6  # pages open at once: each loads a third of PAGES, one after another


def test_nothing_leaves_the_site_before_a_click(browser, site_server) -> None:
    """Every archive page on a phone and then widened to a desktop (media queries), scrolled to its
    end at each size (a lazy player would load there), then left until no page has asked for
    anything for 500 ms: no request left the site. TABS pages load them, each in turn, and wait
    together; a page Chromium has costs it far less to navigate than a new one to open."""
    tabs = [browser.new_page(PHONE) for _ in range(TABS)]
    leaving, errors = {}, {}
    try:
        for first in range(0, len(PAGES), TABS):
            paths = PAGES[first:first + TABS]
            batch = [(path, tab, len(tab.requests), len(tab.page_errors))  # where this load's requests and errors start
                     for path, tab in zip(paths, tabs[:len(paths)], strict=True)]
            for path, tab, _, _ in batch:
                tab.page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
                response = tab.page.goto(site_server.url(path), wait_until="load")
                assert response is not None and response.status == 200, f"{path}: {response and response.status}"
                tab.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            settle([tab for _, tab, _, _ in batch])
            for _, tab, _, _ in batch:
                tab.page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
                tab.page.evaluate("window.scrollTo(0, 0); window.scrollTo(0, document.documentElement.scrollHeight)")
            settle([tab for _, tab, _, _ in batch])
            for path, tab, requests, page_errors in batch:
                if foreign := tab.foreign_requests(since=requests):
                    leaving[path] = foreign
                if tab.page_errors[page_errors:]:
                    errors[path] = tab.page_errors[page_errors:]
    finally:
        for tab in tabs:
            browser.done_with(tab)
    assert len(PAGES) > TABS  # every tab loads more than one page
    assert not leaving, f"contacted before any click: {leaving}"
    assert not errors, errors


@pytest.mark.parametrize(("service", "host"), [("youtube", "www.youtube-nocookie.com"), ("vimeo", "player.vimeo.com")])
def test_play_here_loads_the_player_only_then(service: str, host: str, open_page) -> None:
    slug = next(s for s, fm in archived().items() if service in fm["archive"].get("recording", ""))
    visit = open_page(f"/events/{slug}/", viewport=DESKTOP, wait_until="networkidle")
    page = visit.page
    assert not visit.foreign_requests()
    button = page.get_by_role("button", name="Play here")
    assert button.is_visible()
    button.click()
    page.wait_for_selector("iframe.embed-frame")
    visit.settle()
    frames = visit.foreign_requests()
    assert frames and all(host in url for url in frames), frames  # the privacy-enhanced player, nothing else
    assert "dnt=1" in frames[0] if service == "vimeo" else "youtube-nocookie" in frames[0]
    # Once loaded, the player starts again at a key moment's or chapter's second when the reader clicks its time.
    moment = page.locator("a.moment-time").last  # a key moment, or a chapter of the Vimeo one
    second = int(float(moment.get_attribute("data-start") or "nan"))
    address = page.url
    moment.click()
    src = page.locator("iframe.embed-frame").get_attribute("src")
    assert src.endswith(f"&start={second}" if service == "youtube" else f"#t={second}s"), src
    assert page.url == address


def test_without_javascript_the_recording_is_a_link(open_page) -> None:
    slug = next(s for s, fm in archived().items() if "youtube" in fm["archive"].get("recording", ""))
    visit = open_page(f"/events/{slug}/", viewport=PHONE, javascript=False)
    page = visit.page
    assert not page.get_by_role("button", name="Play here").is_visible()
    assert page.get_by_role("link", name="Watch on YouTube").first.is_visible()
    assert not visit.foreign_requests()


def test_the_direct_video_waits_for_play_and_carries_captions_and_chapters(open_page) -> None:
    """The player's tracks: its captions, and its chapters as the browser's own WebVTT parser reads them
    (a track loads once it is no longer disabled), one cue per chapter with its title as written."""
    slug, fm = next((s, fm) for s, fm in archived().items() if fm["archive"].get("recording", "").endswith(".mp4"))
    visit = open_page(f"/events/{slug}/", viewport=DESKTOP, wait_until="networkidle")
    video = visit.page.locator("video.recording")
    assert video.get_attribute("preload") == "none"
    assert visit.page.locator("video.recording track[kind=captions]").count() == 1
    assert not visit.foreign_requests()
    chapters = visit.page.locator("video.recording track[kind=chapters]")
    assert chapters.get_attribute("srclang") == "en" and chapters.get_attribute("src") == f"/events/{slug}/chapters.vtt"
    cues = visit.page.evaluate("""() => new Promise((done, failed) => {
        const track = document.querySelector('video.recording track[kind=chapters]');
        track.addEventListener('load', () => done([...track.track.cues].map(c => [c.startTime, c.text])));
        track.addEventListener('error', () => failed(new Error('the chapters track did not load')));
        track.track.mode = 'hidden';
    })""")
    assert [text for _, text in cues] == [c["title"] for c in fm["archive"]["chapters"]]
    assert [start for start, _ in cues] == sorted(start for start, _ in cues) and cues[0][0] == 0


def test_a_transcript_timestamp_is_a_link_target(open_page, sample_output: Path) -> None:
    slug = next(s for s, fm in archived().items() if "captions" in fm["archive"] and "transcript" not in fm["archive"])
    visit = open_page(f"/events/{slug}/", viewport=PHONE)
    first = visit.page.locator("ol.transcript li").first
    anchor = first.get_attribute("id")
    assert anchor and anchor.startswith("t-")
    visit.page.goto(visit.page.url.split("#")[0] + "#" + anchor)
    assert visit.page.evaluate("location.hash") == "#" + anchor
    assert first.is_visible()


def test_a_key_moment_seeks_the_player_on_the_page(open_page) -> None:
    """A key moment's time, clicked, sets the page's video to that second and stays on the page (the
    link's own address, the video file at #t=, is for readers without JavaScript)."""
    slug = next(s for s, fm in archived().items() if fm["archive"].get("recording", "").endswith(".mp4"))
    visit = open_page(f"/events/{slug}/", viewport=DESKTOP)
    link = visit.page.locator("ol.moments a.moment-time").last
    start = float(link.get_attribute("data-start") or "nan")
    assert start > 0 and link.get_attribute("href").endswith(f".mp4#t={int(start)}")
    address = visit.page.url
    link.click()
    assert visit.page.evaluate("document.querySelector('video.recording').currentTime") == start
    assert visit.page.url == address
    assert not visit.page_errors
