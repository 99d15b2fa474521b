"""A partner's embeddable list (/partners/<p>/embed/) as a partner's own site shows it: in an iframe
of another page, asking nothing of any host but this site, with the times in the reader's zone and
only the events that have not ended by the reader's clock (Chromium's zone override and
Playwright's clock: never the build's). Without JavaScript it lists every event in the site's zone
(tests/test_partner_corner.py reads that HTML)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.browser import StaticServer, is_local

EMBED = "/partners/stem-teachers-network/embed/"  # Tue 7 Oct 2025 19:00 UTC and Thu 23 Oct 2025 22:30 UTC
SHOWN = """() => [...document.querySelectorAll('li[data-start-utc]')].map(li =>
  [li.hidden, li.querySelector('time').textContent])"""


def test_the_list_in_an_iframe_asks_only_the_site_and_shows_whats_ahead_in_the_readers_zone(reader_page, site_server,
                                                                                           tmp_path: Path) -> None:
    # The partner's page, served from another origin (another port) than the site's.
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="en"><title>A partner</title><h1>Our events</h1>'
        f'<iframe src="{site_server.url(EMBED)}" title="Our events" width="600" height="400"></iframe>', encoding="utf-8")
    page = reader_page(EMBED, zone="Asia/Tokyo", now=datetime(2025, 10, 15, 12, tzinfo=UTC))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with StaticServer(tmp_path) as partner_site:
        page.goto(partner_site.url("/"), wait_until="load")
        frame = page.frame_locator("iframe")
        frame.locator("[data-zone-note]").filter(has_text="Asia/Tokyo").wait_for()
        inside = next(f for f in page.frames if f.url.endswith(EMBED))
        assert inside.evaluate(SHOWN) == [[True, "Tue 7 Oct 2025, 3:00–4:00 PM EDT, America/New_York"],
                                          [False, "Fri, Oct 24, 2025, 7:30 – 8:30 AM GMT+9"]]
        assert frame.locator("[data-none]").is_hidden()
        assert any(url.endswith(EMBED) for url in requests), requests
        assert all(is_local(url) for url in requests), requests
        assert not page.errors


def test_after_the_last_event_the_list_says_there_is_none_ahead(reader_page) -> None:
    page = reader_page(EMBED, zone="America/Los_Angeles", now=datetime(2025, 11, 2, tzinfo=UTC))
    assert [hidden for hidden, _ in page.evaluate(SHOWN)] == [True, True]
    assert page.locator("[data-none]").is_visible() and not page.errors


def test_the_partner_page_offers_a_button_to_copy_each_snippet(open_page) -> None:
    page = open_page("/partners/stem-teachers-network/", reuse=True).page
    assert page.locator("button.copy").all_text_contents() == ["Copy the badge's HTML", "Copy the list's HTML"]
