"""What teachers filter on: cost, grades, pd_credit, platform, image and image_alt. Each accepted
form becomes the declared value; each mistake is one `path:line: error:` naming the fix; each value
reaches pages, list items, the filter form, events.json, JSON-LD, calendars and feeds escaped."""

from __future__ import annotations

import json
import re

import feedparser
import icalendar
import pytest

from builder.content.model import build_site
from builder.content.sources import load
from builder.content.validation import validate
from builder.outputs.render import plan
from builder.outputs.theme import load_theme
from tests.test_fields import EPOCH, FORUM, built, errors, event_file


def render(site, theme, wanted: tuple[str, ...] = ("events", "days/", "forums/", "people/", "new/", "feed.xml")) -> dict:  # noqa: ANN001
    """The files of the jobs that write under these paths: the pages these tests read, without
    laying out the proceedings PDF for each scratch site."""
    return {path: data for job in plan(site, theme, {}) if any(p.startswith(wanted) for p in job.paths)
            for path, data in job.make().files.items()}


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ff"
                    "ff3f0005fe02fea7d6a4c80000000049454e44ae426082")


@pytest.mark.parametrize(("lines", "cost", "grades", "credit"), [
    ("cost: Free\ngrades: [Pre-K, k-2, Higher Ed, adults, PreK]\npd_credit: 2 hours\n", "free",
     ("prek", "k-2", "higher-ed", "adult"), {"hours": 2, "certificate": False}),
    ('cost: "$25.50"\ngrades: 6-8\npd_credit: "1.5 hrs, with a certificate"\n', "$25.50", ("6-8",),
     {"hours": 1.5, "certificate": True}),
    ("cost: 25  usd\ngrades: [College]\npd_credit: Certificate of completion\n", "25 USD", ("higher-ed",),
     {"hours": None, "certificate": True}),
    ("cost: $0\npd_credit: 3\n", "free", (), {"hours": 3, "certificate": False}),
    ("cost: EUR 10\n", "EUR 10", (), None),
])
def test_accepted_forms_become_the_declared_values(make_site, lines: str, cost: str, grades: tuple, credit) -> None:
    (event,) = built(make_site, {"events/reading.md": event_file(lines + "platform: '  YouTube   Live '\n")})[0].events
    assert (event.cost, event.grades, event.pd_credit, event.platform) == (cost, grades, credit, "YouTube Live")


@pytest.mark.parametrize(("line", "message"), [
    ("cost: twenty dollars", 'cost "twenty dollars" is neither free nor a price; write free, or an amount with its '
                             'currency, like "$25", "€10" or "25 USD"'),
    ("cost: 25", 'cost "25" is neither free nor a price; write free, or an amount with its currency, like "$25", '
                 '"€10" or "25 USD"'),
    ("cost: 25 XYZ", 'cost "25 XYZ" is neither free nor a price; write free, or an amount with its currency, like '
                     '"$25", "€10" or "25 USD"'),
    ("grades: [7]", 'grades has an item that is not one of the grade bands, "7"; did you mean "6-8"? Grade bands are '
                    "PreK, K-2, 3-5, 6-8, 9-12, Higher Ed, Adult learners."),
    ("grades: [middle school]", 'grades has an item that is not one of the grade bands, "middle school". Valid values: '
                                "PreK, K-2, 3-5, 6-8, 9-12, Higher Ed, Adult learners."),
    ("pd_credit: lots", 'pd_credit "lots" is not an amount of credit; write the hours, and "certificate" when you give '
                        'one, like "1.5 hours, certificate" or "2 hours"'),
    ("pd_credit: 0 hours", 'pd_credit "0 hours" gives 0 hours; give between 0.25 and 100 hours'),
    ("platform: [Zoom, Teams]", "platform must be a single value, not a list"),
    ("image: http://example.org/a.png\nimage_alt: A", 'image "http://example.org/a.png" is not an https:// address; '
     'write "https://example.org/a.png", or put the image in content/media/ and write its path, like media/my-event.jpg'),
    ("image: ../site.yml\nimage_alt: A", 'image "../site.yml" must be a path inside the content folder, like '
                                         "media/my-session.vtt"),
    ("image: media/missing.png\nimage_alt: A", 'image "media/missing.png" does not exist; put the file at '
                                               "content/media/missing.png"),
    ("image: media/notes.md\nimage_alt: A", 'image "media/notes.md" must be a file ending in .png or .jpg or .jpeg or '
                                            ".gif or .webp"),
    ("image: https://example.org/a.png", "image needs image_alt, which is missing: add a line like image_alt: "
     '"Students building a robot", saying what the picture shows for readers who cannot see it'),
    ("image_alt: A robot", "image_alt is only used with image; add image, or remove image_alt"),
])
def test_a_wrong_value_is_one_error_on_its_line_naming_the_fix(make_site, line: str, message: str) -> None:
    assert errors(make_site, line + "\n") == [f"reading.md:8: error: {message}"]


def test_an_empty_image_alt_is_reported_on_its_own_line(make_site) -> None:
    assert errors(make_site, "image: https://example.org/a.png\nimage_alt: ''\n") == [
        "reading.md:9: error: image needs image_alt, which is empty: add a line like image_alt: \"Students building a "
        'robot", saying what the picture shows for readers who cannot see it']


# ---- one hostile site, every output ----

HOSTILE = "Zoom\"><script>alert(1)</script>"


@pytest.fixture(scope="session")  # not "module": torn down whenever the worker runs another module's test between two of these
def hostile(tmp_path_factory) -> tuple:
    from tests.conftest import SITE_YML, write_site
    content = write_site(tmp_path_factory.mktemp("teacher"), {
        "forums/reading-forum.md": FORUM, "media/pic.png": PNG,
        "events/reading.md": event_file(
            f"cost: \"$25\"\ngrades: [3-5, 6-8]\npd_credit: 1.5 hours, certificate\nplatform: {json.dumps(HOSTILE)}\n"
            "image: media/pic.png\nimage_alt: 'A \"quoted\" <b>picture</b> & more'\nregistration: https://example.org/r\n"
            "language: es\naccessibility: [captions]\n"),
        "events/free.md": event_file("cost: free\n").replace("Reading", "Free talk"),
    }, SITE_YML)
    sources, problems = load(content)
    site = build_site(validate(sources, problems), source_date_epoch=EPOCH)
    return site, render(site, load_theme(content))


def test_the_event_page_and_list_items_show_them_escaped(hostile) -> None:
    site, files = hostile
    page = files["events/reading/index.html"].decode()
    assert "<script>alert" not in page
    assert "<dt>Cost</dt><dd>$25</dd>" in page
    assert '<dt>Grades</dt><dd><ul class="inline"><li>3-5</li><li>6-8</li></ul></dd>' in page
    assert "<dt>PD credit</dt><dd>1.5 hours, certificate given</dd>" in page
    assert "<dt>Platform</dt><dd>Zoom&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</dd>" in page
    assert ('<img src="/media/pic.png" alt="A &#34;quoted&#34; &lt;b&gt;picture&lt;/b&gt; &amp; more"' in page)
    day = files["days/2025-10-14/index.html"].decode()
    assert "<script>alert" not in day
    item = re.search(r'<li class="event-item"[^>]*data-grades="3-5 6-8"[^>]*>', day).group(0)
    assert 'data-language="es"' in item and 'data-accessibility="captions"' in item and 'data-cost="paid"' in item
    assert re.search(r'<li class="event-item"[^>]*data-grades=""[^>]*data-cost="free"', day)
    assert ('<p class="event-facts">$25 · Grades 3-5, 6-8 · PD credit: 1.5 hours, certificate given · Spanish · '
            "Live captions · Zoom&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>") in day
    start = day.index("<form class=\"filters\"")
    form = day[start:day.index("</form>", start)]
    assert '<option value="es">Spanish</option>' in form and '<option value="6-8">6-8</option>' in form
    assert '<input type="checkbox" name="cost" value="free">' in form
    assert '<option value="asl">ASL interpretation</option>' in form


def test_json_ld_says_free_offers_level_and_image(hostile) -> None:
    site, files = hostile
    base = site.info.base_url
    for slug, free in (("reading", False), ("free", True)):
        page = files[f"events/{slug}/index.html"].decode()
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
        assert ld["isAccessibleForFree"] is free
    page = files["events/reading/index.html"].decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    assert "<" not in script
    ld = json.loads(script)
    assert ld["@type"] == "EducationEvent" and ld["educationalLevel"] == ["3-5", "6-8"]
    assert ld["offers"] == {"@type": "Offer", "price": "25", "priceCurrency": "USD", "url": "https://example.org/r"}
    assert ld["image"] == {"@type": "ImageObject", "url": base + "media/pic.png",
                           "caption": 'A "quoted" <b>picture</b> & more'}


def test_events_json_calendars_and_feeds_carry_them(hostile) -> None:
    site, files = hostile
    published = {e["slug"]: e for e in json.loads(files["events.json"])["events"]}
    reading = published["reading"]
    assert (reading["cost"], reading["grades"], reading["pd_credit"], reading["platform"]) == (
        "$25", ["3-5", "6-8"], {"hours": 1.5, "certificate": True}, HOSTILE)
    assert reading["image"] == site.info.base_url + "media/pic.png"
    assert published["free"]["cost"] == "free" and published["free"]["image"] is None
    assert site.media == ("media/pic.png",)  # copied beside the pages
    (vevent,) = icalendar.Calendar.from_ical(files["events/reading.ics"]).walk("VEVENT")
    assert ("Cost: $25\n\nGrades: 3-5, 6-8\n\nPD credit: 1.5 hours, certificate given\n\n"
            f"Platform: {HOSTILE}\n\n") in str(vevent["DESCRIPTION"])
    assert b"<script>alert" not in files["feed.xml"]
    (entry,) = [e for e in feedparser.parse(files["feed.xml"]).entries if e.link.endswith("/events/reading/")]
    assert "<p>Cost: $25</p><p>Grades: 3-5, 6-8</p>" in entry.description


# ---- forums you can join ----

def test_a_forum_join_link_is_checked_on_its_line(make_site) -> None:
    from builder.problems import ContentError
    with pytest.raises(ContentError) as raised:
        built(make_site, {"forums/reading-forum.md": FORUM.replace("host:", "join: javascript:alert(1)\nhost:")})
    assert [f"{p.path.rsplit('/', 1)[-1]}:{p.line}: {p.message}" for p in raised.value.problems] == [
        'reading-forum.md:6: join "javascript:alert(1)" is not a web address; write a full web address that starts '
        "with https:// (only http and https links are allowed)"]


def test_a_forum_shows_join_the_discussion_its_platform_and_its_sessions(make_site) -> None:
    forum = FORUM.replace("host:", f"join: https://talk.example.org/g?a=1&b=2\nplatform: {json.dumps(HOSTILE)}\nhost:")
    content = make_site({"forums/reading-forum.md": forum,
                         "events/chat.md": event_file("forum: reading-forum\n", "chat").replace("Reading", "Chat")})
    sources, problems = load(content)
    site = build_site(validate(sources, problems), source_date_epoch=EPOCH)
    files = render(site, load_theme(content))
    page = files["forums/reading-forum/index.html"].decode()
    assert "<script>alert" not in page
    assert ('<a class="button button-large" href="https://talk.example.org/g?a=1&amp;b=2" rel="nofollow ugc noopener">'
            "Join the discussion<span") in page
    assert "<dt>Platform</dt><dd>Zoom&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</dd>" in page
    assert page.index("Live sessions") < page.index('href="/events/chat/"')
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert ld["location"]["url"] == "https://talk.example.org/g?a=1&b=2"
    (published,) = json.loads(files["events.json"])["forums"]
    assert (published["join"], published["platform"], published["events"]) == (
        "https://talk.example.org/g?a=1&b=2", HOSTILE, ["chat"])
