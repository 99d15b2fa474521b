"""Full-text search with Pagefind: built during `python -m builder build`, searched in the browser
with no server, transcripts included, filters by type and topic."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SAMPLE_CONTENT
from tests.reading import front_matter

WORD = "brainstorming"  # said only in the transcript of the AI guidance session, nowhere else in content


def test_the_word_is_only_in_a_transcript() -> None:
    holders = [p for p in SAMPLE_CONTENT.rglob("*.md") if WORD in p.read_text(encoding="utf-8").lower()]
    assert [p.name for p in holders] == ["ai-guidance-policy-community-transcript.md"]


def test_the_bundle_is_built_with_the_site(sample_output: Path) -> None:
    bundle = sample_output / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    assert any(bundle.glob("index/*")) and any(bundle.glob("fragment/*"))


def search(page, query: str) -> list[dict]:
    return page.evaluate("""async (query) => {
        const pagefind = await import('/pagefind/pagefind.js');
        const found = await pagefind.search(query);
        return await Promise.all(found.results.map(r => r.data()));
    }""", query)


def test_transcripts_are_searchable(open_page) -> None:
    visit = open_page("/search/")
    found = [page["url"] for page in search(visit.page, WORD)]
    assert found[0] == "/events/ai-guidance-policy-community/"
    assert all(url == found[0] or url.startswith("/proceedings/") for url in found)  # the session's own chapters
    assert not visit.foreign_requests()


def test_every_event_carries_its_type_and_topics(open_page) -> None:
    visit = open_page("/search/")
    events = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "events").glob("*.md")}
    pages = {page["url"]: page["meta"] for page in search(visit.page, "the")}
    checked = 0
    for slug, fm in events.items():
        meta = pages.get(f"/events/{slug}/")
        if meta is None:
            continue
        assert meta["type"] == fm["type"]
        assert meta["topics"].split() == [t.lower().replace(" ", "-") for t in fm["topics"]]
        checked += 1
    assert checked >= 40


def test_the_search_page_filters_and_shares_its_query(open_page) -> None:
    events = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "events").glob("*.md")}
    visit = open_page("/search/?q=classroom&type=webinar")
    page = visit.page
    page.locator(".search-results li a").first.wait_for(timeout=15000)
    urls = [a.get_attribute("href") for a in page.locator(".search-results li a").all()]
    assert urls and all(u.startswith("/events/") and events[u.strip("/").split("/")[-1]]["type"] == "webinar"
                        for u in urls)
    assert page.locator("select[name=type]").input_value() == "webinar"
    page.select_option("select[name=type]", "")
    page.wait_for_function(f"document.querySelectorAll('.search-results li').length > {len(urls)}")
    assert "type=" not in page.url and "q=classroom" in page.url
    assert not visit.foreign_requests() and not visit.page_errors


def test_the_search_form_works_by_keyboard(open_page) -> None:
    visit = open_page("/search/")
    page = visit.page
    page.locator("#search-query").focus()
    page.keyboard.type(WORD)
    page.keyboard.press("Enter")
    page.locator(".search-results li a").first.wait_for(timeout=15000)
    assert page.locator(".search-results li a").first.get_attribute("href") == "/events/ai-guidance-policy-community/"
    assert "1 result" in page.locator(".search-count").inner_text() or "results" in page.locator(".search-count").inner_text()


def test_without_javascript_the_search_page_says_where_to_browse(open_page) -> None:
    visit = open_page("/search/", javascript=False)
    assert visit.page.get_by_role("link", name="topic", exact=True).is_visible()
    assert not visit.page.locator("form[data-search]").is_visible()


def test_a_large_site_searches_all_its_shards(browser, tmp_path: Path) -> None:
    """Large sites split the index (an edit re-indexes one shard); the search page merges them all."""
    from tests.browser import StaticServer
    from tests.conftest import run_builder

    out = tmp_path / "out"
    result = run_builder("build", "--content", str(SAMPLE_CONTENT), "--out", str(out), "--no-cache",
                         env={"CEM_SEARCH_SHARD_PAGES": "15"})
    assert result.returncode == 0, result.stderr
    shards = json.loads((out / "pagefind" / "shards.json").read_text())
    assert len(shards) >= 4 and all((out / "pagefind" / shard / "pagefind-entry.json").is_file() for shard in shards)
    with StaticServer(out) as server:
        visit = browser.new_page()
        visit.page.goto(server.url(f"/search/?q={WORD}"))
        visit.page.locator(".search-results li a").first.wait_for(timeout=15000)
        found = [a.get_attribute("href") for a in visit.page.locator(".search-results li a").all()]
        assert "/events/ai-guidance-policy-community/" in found  # ranking across shards is Pagefind's own
        visit.page.fill("#search-query", "the")
        visit.page.keyboard.press("Enter")
        visit.page.wait_for_function("document.querySelectorAll('.search-results li').length >= 40")
        entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
        primary = sum(language["page_count"] for language in entry["languages"].values())
        assert len(search(visit.page, "the")) > primary  # found in more pages than the first shard holds
        assert not visit.foreign_requests() and not visit.page_errors
        visit.page.close()
