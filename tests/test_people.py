"""People: content/people/<slug>.md profiles, matched to presenters and moderators by name, each
with a page of their sessions and forums; names without a profile stay plain text."""

from __future__ import annotations

import pytest

from builder.content.model import build_site
from builder.content.sources import load
from builder.content.validation import validate
from builder.outputs.theme import load_theme
from builder.problems import ContentError
from tests.test_fields import EPOCH, FORUM, event_file
from tests.test_teacher_fields import PNG, render

PERSON = ("---\nname: Maria Garcia\nsummary: 'Teaches <science> & coaches.'\nphoto: media/maria.png\n"
          "photo_alt: Maria at a whiteboard\nlinks:\n  - {title: Her site, url: 'https://maria.example.org/?a=1&b=2'}\n"
          "---\nA **bio**.\n")


def site_of(make_site, files: dict) -> tuple:
    content = make_site({"forums/reading-forum.md": FORUM, "media/maria.png": PNG, **files})
    sources, problems = load(content)
    site = build_site(validate(sources, problems), source_date_epoch=EPOCH)
    return site, render(site, load_theme(content))


def test_a_profile_gets_a_page_of_its_sessions_and_forums_and_names_link_to_it(make_site) -> None:
    forum = FORUM.replace("host:", "moderators: [maria garcia, Ada Lovelace]\nhost:")
    site, files = site_of(make_site, {
        "people/maria-garcia.md": PERSON, "forums/reading-forum.md": forum,
        "events/a.md": event_file("presenters: [Maria Garcia, Kim Lee]\narchive: {recording: https://v.example.org/1}\n"),
        "events/b.md": event_file("presenters: [Kim Lee]\n").replace("Reading", "Other")})
    assert [e.slug for e in site.by_person["maria-garcia"]] == ["a"]
    assert site.media == ("media/maria.png",)
    page = files["people/maria-garcia/index.html"].decode()
    assert "<h1>Maria Garcia</h1>" in page and "<strong>bio</strong>" in page
    assert '<p class="lead">Teaches &lt;science&gt; &amp; coaches.</p>' in page
    assert 'href="https://maria.example.org/?a=1&amp;b=2"' in page and 'alt="Maria at a whiteboard"' in page
    assert 'href="/events/a/"' in page and 'href="/events/b/"' not in page
    assert 'href="/events/a/#materials"' in page and 'href="/forums/reading-forum/"' in page
    event = files["events/a/index.html"].decode()
    assert '<dt>Presenters</dt><dd><a href="/people/maria-garcia/">Maria Garcia</a>, Kim Lee</dd>' in event
    forum_page = files["forums/reading-forum/index.html"].decode()
    assert '<a href="/people/maria-garcia/">maria garcia</a>, Ada Lovelace' in forum_page
    assert "Your moderators" in forum_page and "<p>Teaches &lt;science&gt; &amp; coaches.</p>" in forum_page
    assert "people/kim-lee/index.html" not in files  # a name without a profile stays plain text
    index = files["people/index.html"].decode()
    assert '<a href="/people/maria-garcia/">Maria Garcia</a>' in index and "1 session · 1 forum" in index
    assert "Teaches &lt;science&gt; &amp; coaches." in index
    assert 'href="/people/">People</a>' in page and 'href="/people/">People</a>' in forum_page  # its footer


def test_without_profiles_there_is_no_people_page_or_link(make_site) -> None:
    site, files = site_of(make_site, {"events/a.md": event_file("presenters: [Kim Lee]\n")})
    assert site.people == () and "people/index.html" not in files
    assert 'href="/people/"' not in files["forums/reading-forum/index.html"].decode()


@pytest.mark.parametrize(("files", "message"), [
    ({"people/maria.md": "---\nname: Maria\nphoto: media/maria.png\n---\n"},
     'maria.md:3: photo needs photo_alt: add a line like photo_alt: "Maria Garcia smiling at a whiteboard", saying '
     "what the photo shows for readers who cannot see it"),
    ({"people/maria.md": "---\nname: Maria\nphoto: ../site.yml\nphoto_alt: x\n---\n"},
     'maria.md:3: photo "../site.yml" must be a path inside the content folder, like media/my-session.vtt'),
    ({"people/a.md": "---\nname: Kim Lee\n---\n", "people/b.md": "---\nname: kim lee\n---\n"},
     'b.md:2: name "kim lee" already has a profile, people/a.md; keep one of the two files'),
    ({"people/Kim_Lee.md": "---\nname: Kim Lee\n---\n"},
     'Kim_Lee.md:1: the file name "Kim_Lee.md" is not a valid slug; rename it to "kim-lee.md" (lowercase letters, '
     "digits and single hyphens)"),
    ({"people/kim.md": "---\nname: Kim\nbio: x\n---\n"}, "kim.md:3: "),
])
def test_a_wrong_profile_is_one_error_on_its_line(make_site, files: dict, message: str) -> None:
    with pytest.raises(ContentError) as raised:
        site_of(make_site, files)
    found = [f"{p.path.rsplit('/', 1)[-1]}:{p.line}: {p.message}" for p in raised.value.problems if p.severity == "error"]
    assert len(found) == 1 and found[0].startswith(message), found


def test_whats_new_lists_the_latest_announcements_and_says_the_calendar_has_them_all(make_site, monkeypatch) -> None:
    from builder.outputs import programme

    monkeypatch.setattr(programme, "NEW_PAGE", 2)
    files = {f"events/e{n}.md": event_file(f"published: 2025-09-0{n + 1}\n").replace("Reading", f"Event {n}")
             for n in range(3)}
    site, pages = site_of(make_site, files)
    page = pages["new/index.html"].decode()
    assert 'href="/events/e2/"' in page and 'href="/events/e1/"' in page and 'href="/events/e0/"' not in page
    assert "the latest 2; the\n  <a href=\"/\">calendar</a> has every event" in page
