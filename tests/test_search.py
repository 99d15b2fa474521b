"""Full-text search: an index of the rendered pages built during `python -m builder build`
(builder/outputs/search.py), searched in the browser with no server, transcripts included, filters by
type and topic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.outputs import search as index_of
from tests.conftest import SAMPLE_CONTENT, run_cli
from tests.reading import front_matter

WORD = "brainstorming"  # said only in the transcript of the AI guidance session, nowhere else in content


def test_the_word_is_only_in_a_transcript() -> None:
    holders = [p for p in SAMPLE_CONTENT.rglob("*.md") if WORD in p.read_text(encoding="utf-8").lower()]
    assert [p.name for p in holders] == ["ai-guidance-policy-community-transcript.md"]


def records(out: Path) -> dict[str, tuple[Path, int, list[str]]]:
    """Every indexed page by URL: its shard folder, its number there and its record."""
    manifest = json.loads((out / "search-index" / "index.json").read_text())
    found = {}
    for shard in manifest["shards"]:
        folder = out / "search-index" / shard["path"]
        for n in range(-(-shard["pages"] // manifest["per_file"])):
            for i, record in enumerate(json.loads((folder / f"p-{n}.json").read_text())):
                found[record[0]] = (folder, n * manifest["per_file"] + i, record)
        assert sum(1 for r in found.values() if r[0] == folder) == shard["pages"]
    assert len(found) == manifest["pages"]
    return found


def test_the_index_is_built_with_the_site(sample_output: Path) -> None:
    manifest = json.loads((sample_output / "search-index" / "index.json").read_text())
    assert manifest["pages"] >= 60 and len(manifest["shards"]) == 1
    listed = {f"w-{name}.json" for name in manifest["shards"][0]["words"].split()}
    on_disk = {p.name for p in (sample_output / "search-index").glob("w-*.json")}
    assert listed == on_disk and len(listed) > 100
    pages = records(sample_output)
    assert "events/ai-guidance-policy-community/" in pages and "partners/" not in pages  # lists are not indexed
    word_file = sample_output / "search-index" / f"w-{index_of.chunk_of(WORD)}.json"
    holders = json.loads(word_file.read_text())["s"][index_of.stem(WORD)][::2]
    urls = {url for url, (_, number, _) in pages.items() if number in holders}
    assert "events/ai-guidance-policy-community/" in urls
    assert all(url == "events/ai-guidance-policy-community/" or url.startswith("proceedings/") for url in urls)


def results(page) -> list[str]:
    page.locator(".search-count").filter(has_text="result").wait_for(timeout=15000)
    return [a.get_attribute("href") for a in page.locator(".search-results li a").all()]


def ask(page, query: str) -> list[str]:
    page.fill("#search-query", query)
    page.evaluate("document.querySelector('.search-count').textContent = ''")
    page.keyboard.press("Enter")
    return results(page)


def test_transcripts_are_searchable(open_page) -> None:
    visit = open_page(f"/search/?q={WORD}", reuse=True)  # only looks
    found = results(visit.page)
    assert found[0] == "/events/ai-guidance-policy-community/"
    assert all(url == found[0] or url.startswith("/proceedings/") for url in found)  # the session's own chapters
    assert not visit.foreign_requests() and not visit.page_errors


def test_every_event_carries_its_type_and_topics(sample_output: Path) -> None:
    events = {p.stem: front_matter(p) for p in (SAMPLE_CONTENT / "events").glob("*.md")}
    pages = records(sample_output)
    filters = json.loads((sample_output / "search-index" / "filters.json").read_text())
    checked = 0
    for slug, fm in events.items():
        if f"events/{slug}/" not in pages:
            continue
        number = pages[f"events/{slug}/"][1]
        assert [t for t, members in filters["type"].items() if number in members] == [fm["type"]]
        topics = sorted(t for t, members in filters["topics"].items() if number in members)
        assert topics == sorted(t.lower().replace(" ", "-") for t in fm["topics"])
        checked += 1
    assert checked >= 40


def test_a_title_word_ranks_above_a_passing_mention(open_page, sample_output: Path) -> None:
    """Every page whose title holds the word comes before every page that only mentions it."""
    visit = open_page("/search/")
    found = ask(visit.page, "podcast")
    titles = {"/" + url: record[1] for url, (_, _, record) in records(sample_output).items()}
    in_title = [url for url in found if "podcast" in titles[url].lower()]
    assert in_title and len(found) > len(in_title)
    assert found[:len(in_title)] == in_title


def test_words_are_found_by_their_start_and_without_accents(open_page) -> None:
    visit = open_page("/search/")
    whole = ask(visit.page, WORD)
    assert ask(visit.page, WORD[:7]) [:1] == whole[:1]  # "brainst" finds "brainstorming" as it is typed
    assert ask(visit.page, "BRAINSTÖRMING!") == whole  # case, accents and punctuation do not matter
    assert ask(visit.page, "brainstorming zzyzxq") == []  # every word must be found
    assert visit.page.locator(".search-count").inner_text() == "0 results"


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
    visit = open_page("/search/", javascript=False, reuse=True)  # only looks
    assert visit.page.get_by_role("link", name="topic", exact=True).is_visible()
    assert not visit.page.locator("form[data-search]").is_visible()


def test_a_large_site_searches_all_its_shards(browser, tmp_path: Path, pdf_unread: None) -> None:
    """Large sites split the index (an edit re-indexes one shard); the search page reads them all. The
    site's PDF, which no search reads, is pdf_stand_in's."""
    from tests.browser import StaticServer

    out = tmp_path / "out"
    result = run_cli("build", "--content", str(SAMPLE_CONTENT), "--out", str(out), "--no-cache",
                     env={"CEM_SEARCH_SHARD_PAGES": "15"})
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "search-index" / "index.json").read_text())
    assert len(manifest["shards"]) >= 4 and max(s["pages"] for s in manifest["shards"]) < manifest["pages"] / 2
    pages = records(out)
    holding_the = set()  # pages with a word that starts "the": "the" is looked up as it is typed
    for url, (folder, number, _) in pages.items():
        chunk = json.loads((folder / f"w-{index_of.chunk_of('the')}.json").read_text())
        stems = {word[:found] if isinstance(found, int) else found for word, found in chunk["w"].items()
                 if word.startswith("the")} | {word for word in chunk["s"] if word.startswith("the")}
        if any(number in chunk["s"][stem][::2] for stem in stems):
            holding_the.add(url)
    with StaticServer(out) as server:
        visit = browser.new_page()
        visit.page.goto(server.url(f"/search/?q={WORD}"))
        assert results(visit.page)[0] == "/events/ai-guidance-policy-community/"
        found = ask(visit.page, "the")
        assert len(holding_the) > 40 and len(found) == 20  # the 20 best of every shard's pages
        assert visit.page.locator(".search-count").inner_text() == f"{len(holding_the)} results, the best 20 listed"
        visit.page.get_by_role("button", name="Show more results").click()
        visit.page.wait_for_function("document.querySelectorAll('.search-results li').length === 40")
        assert visit.page.evaluate("document.activeElement.closest('li') === document.querySelectorAll('.search-results li')[20]")
        found = results(visit.page)
        assert len(set(found)) == 40 and set(found) <= {"/" + url for url in holding_the}
        assert visit.page.locator(".search-count").inner_text() == f"{len(holding_the)} results, the best 40 listed"
        assert not visit.foreign_requests() and not visit.page_errors
        visit.page.close()


@pytest.mark.parametrize("text, expected", [
    ("Élève, ÉCOLE and naïve café!", ["eleve", "ecole", "and", "naive", "cafe"]),
    ("K-12 STEM_lab 3rd", ["k", "12", "stem", "lab", "3rd"]),
    ("日本語 العربية", ["日本語", "العربية"]),
    ("x" * 41 + " ok", ["ok"]),
    ("cafe\u0301 №5 ½", ["cafe", "no5", "1", "2"]),  # decomposed accents (as a Mac may type them), compatibility forms
])
def test_words_are_split_at_anything_not_a_letter_or_digit(text: str, expected: list[str]) -> None:
    assert index_of.words(text) == expected


def test_any_script_and_any_title_are_found_and_shown_as_text(browser, make_site, tmp_path: Path) -> None:
    """The page's script splits a query as the builder split the pages (or a word would be indexed
    under one spelling and looked up under another), and shows what it finds as text."""
    from tests.browser import StaticServer
    from tests.conftest import GOOD_EVENT

    title = "Élève naïve <img src=x onerror=window.hacked=1> 日本語 العربية"
    hostile = GOOD_EVENT.replace('"Reading Across the Curriculum"', json.dumps(title)).replace(
        "A **good** event.", "</main><main data-search-body><h1>Forged</h1> Quokka.")
    content = make_site({"events/scripts.md": hostile, "events/plain.md": GOOD_EVENT})
    out = tmp_path / "out"
    result = run_cli("build", "--content", str(content), "--out", str(out), "--no-cache")
    assert result.returncode == 0, result.stderr
    with StaticServer(out) as server:
        visit = browser.new_page()
        visit.page.goto(server.url("/search/"))
        for query in ("eleve", "ÉLÈVE", "NAIVE", "nai\u0308ve", "日本語", "العربية", "quokka", "onerror"):
            assert ask(visit.page, query) == ["/events/scripts/"], query
        assert ask(visit.page, "forged") == ["/events/scripts/"]  # the partner's text is text, not a page
        assert visit.page.locator(".search-results h2").inner_text() == title
        assert visit.page.evaluate("window.hacked") is None and not visit.page_errors
        visit.page.close()


def test_the_index_leaves_out_what_the_theme_marks() -> None:
    page = b"""<html><head><meta name="description" content="Short &amp; sweet"></head><body>
    <main id="main" data-search-body><h1>Alpha <em>Beta</em></h1>
    <span hidden data-search-meta="type:webinar"></span><span hidden data-search-meta="topics:a-b c"></span>
    <p>gamma gamma</p><section data-search-ignore><div><p>delta</p></div><p>delta</p></section>
    <article data-search-weight="0.5"><p>epsilon epsilon epsilon epsilon</p><div data-search-ignore>zeta</div></article>
    <p>eta</p></main><footer>theta</footer></body></html>"""
    url, title, excerpt, meta, counts = index_of.read_page("events/x/index.html", page)
    assert (url, title, excerpt) == ("events/x/", "Alpha Beta", "Short & sweet")
    assert meta == {"type": "webinar", "topics": "a-b c"}
    assert counts == {"alpha": -10, "beta": -10, "gamma": 4, "epsilon": 4, "eta": 2}  # in halves, the title's negative


QUERIES = json.loads((Path(__file__).parent / "data" / "search_queries.json").read_text(encoding="utf-8"))

RUN_QUERIES = """async (queries) => {
  const form = document.querySelector("form[data-search]"), count = form.querySelector(".search-count");
  const found = {};
  for (const q of queries) {
    count.textContent = "";
    form.elements.q.value = q;
    form.requestSubmit();
    // Counted, not timed: the page's clock is fixed, so Date.now() would never reach a deadline.
    for (let waited = 0; !count.textContent && waited < 10000; waited += 5) await new Promise(done => setTimeout(done, 5));
    found[q] = {count: count.textContent, results: Array.from(form.querySelectorAll(".search-results li"), item => ({
      url: item.querySelector("a").getAttribute("href"), facts: (item.querySelector(".search-facts") || {}).textContent || ""}))};
  }
  return found;
}"""


def test_what_partners_and_teachers_search_for(open_page) -> None:
    """Every query of tests/data/search_queries.json, in one page, at a fixed clock and zone."""
    visit = open_page("/search/")
    page = visit.page
    page.clock.set_fixed_time(QUERIES["clock"])
    page.evaluate("zone => localStorage.setItem('cem-zone', zone)", QUERIES["zone"])
    try:
        page.reload()
        found = page.evaluate(RUN_QUERIES, [query["q"] for query in QUERIES["queries"]])
    finally:
        page.evaluate("localStorage.removeItem('cem-zone')")  # the browser context is shared with other tests
    wrong = []
    for query in QUERIES["queries"]:
        urls = [result["url"].removeprefix("/") for result in found[query["q"]]["results"]]
        expected = query.get("only", query.get("top"))
        if ("only" in query and urls != expected) or urls[:len(expected)] != expected:
            wrong.append(f"{query['q']!r}: expected {expected}, found {urls[:len(expected) + 2]}")
    assert not wrong, "\n".join(wrong)
    assert len(QUERIES["queries"]) >= 25 and not visit.page_errors
    facts = {r["url"]: r["facts"] for r in found["webinar october 14"]["results"]}
    assert facts == {"/events/playlists-pathways-choice-boards/":
                     "Webinar · Tue 14 Oct 2025, 3:00 PM EDT · Learner-Centered Schools Network"}
    assert found["webinar october 14"]["count"] == "1 result (Webinar, Oct 14)"
    weekly = found["chat oct 16"]["results"][0]["facts"]  # the session on the day asked for, not the first
    assert weekly == "Chat · Thu 16 Oct 2025, 8:00 PM EDT · School Library Collaborative"


def test_the_index_files_words_by_stem(sample_output: Path) -> None:
    """Pages are filed under a word's stem, made in Python only: the word file says which stem each
    word of the pages has, so the browser never stems."""
    pages = records(sample_output)
    chunk = json.loads((sample_output / "search-index" / f"w-{index_of.chunk_of('teach')}.json").read_text())
    stem_of = {word: word[:found] if isinstance(found, int) else found for word, found in chunk["w"].items()}
    assert stem_of["teaching"] == stem_of["teaches"] == "teach" == index_of.stem("teaching")
    assert "teaching" not in chunk["s"]  # filed once, under its stem
    holders = dict(zip(chunk["s"]["teach"][::2], chunk["s"]["teach"][1::2], strict=True))
    chat = pages["events/future-of-teaching-opening-chat/"][1]
    assert holders[chat] < 0  # "Teaching" is in its title
    library = json.loads((sample_output / "search-index" / f"w-{index_of.chunk_of('library')}.json").read_text())
    assert library["w"]["library"] == "librari" and library["w"]["libraries"] == len("librari")


def test_event_records_carry_when_and_who(sample_output: Path) -> None:
    pages = records(sample_output)
    assert pages["events/playlists-pathways-choice-boards/"][2][3:] == [
        "2025-10-14T19:00Z", "America/New_York", "webinar", "Learner-Centered Schools Network"]
    assert pages["events/connected-classrooms-virtual-exhibit/"][2][3] == "2025-10-15"  # all day: a date
    assert len(pages["partner-guide/"][2]) == 3  # a page: address, title, excerpt
    filters = json.loads((sample_output / "search-index" / "filters.json").read_text())
    weekly = filters["when"][str(pages["events/cemchat-thursday-weekly/"][1])].split()
    assert filters["zones"][int(weekly[0])] == "America/New_York" and weekly[1:3] == ["2025-10-03T00:00Z", "2025-10-10T00:00Z"]
    assert str(pages["partner-guide/"][1]) not in filters["when"]


def test_stems_and_shard_files_are_plain_functions() -> None:
    assert [index_of.stem(w) for w in ("literacy", "clubs", "webinars", "2025", "élève", "ok")] == [
        "literaci", "club", "webinar", "2025", "élève", "ok"]
    page = ("events/a/", 'A "quoted" <title>', "x", {"when": "2025-10-14T19:00Z", "zone": "UTC", "type": "chat",
                                                     "partner": 'P "&" </script>'}, {"chats": -10, "chat": 2, "talk": 2})
    files = index_of.shard_files("search-index", [page])
    assert files == index_of.shard_files("search-index", [page])
    words = json.loads(files[f"search-index/w-{index_of.chunk_of('chat')}.json"])
    assert words == {"s": {"chat": [0, -12]}, "w": {"chats": 4}}
    assert json.loads(files["search-index/p-0.json"])[0][6] == 'P "&" </script>'
