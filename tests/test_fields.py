"""Each event field is declared once, in builder/content/schema.py's EVENT. These tests hold what
follows from a declaration to it: the model's attribute and default, events.json and its published
schema, whether calendars carry it, the partner guide's tables. Then the three fields added from
declarations alone (join, language, accessibility): every wrong value is one clear error, and every
accepted one is escaped in each format it reaches."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml

from builder.content import schema
from builder.content.model import Event, Site, build_site
from builder.content.schema import EVENT, FROM_SITE, name_slug
from builder.content.sources import load
from builder.content.validation import validate
from builder.outputs import events_schema, ics
from builder.outputs.events_json import EVENT_KEYS, FIRST_KEYS, event_line
from builder.outputs.render import render
from builder.outputs.theme import load_theme
from builder.problems import ContentError
from tests.conftest import BADGE, BADGE_SVG, ISSUER, SAMPLE_CONTENT, SITE_YML, run_cli

EPOCH = 1759276800  # 2025-10-01T00:00:00Z
FORUM = ("---\ntitle: Reading Forum\nstart: 2025-10-01\nend: 2025-10-31\ntopics: [Literacy]\n"
         "host: Literacy Network\n---\nTalk.\n")
# What the model makes rather than keeps from a field of the same name.
MADE = {"slug", "all_day", "body_html", "occurrences", "revision", "entry_updated", "source"}


def event_file(extra: str = "", kind: str = "webinar") -> str:
    return ("---\ntitle: Reading\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\n"
            f"type: {kind}\ntopics: [Literacy]\npartner: Literacy Network\n{extra}---\nBody.\n")


def built(make_site: Callable[..., Path], files: dict[str, str], site_yml: str = SITE_YML) -> tuple[Site, list]:
    """The site of these files (and a forum and a badge events may name), and its warnings."""
    badge = {"badges/connected-educator.md": BADGE, "media/badge.svg": BADGE_SVG}
    site_yml = site_yml if "issuer:" in site_yml else site_yml + ISSUER
    sources, problems = load(make_site({"forums/reading-forum.md": FORUM, **badge, **files}, site_yml))
    content = validate(sources, problems)
    return build_site(content, source_date_epoch=EPOCH), content.warnings


def errors(make_site: Callable[..., Path], extra: str, site_yml: str = SITE_YML) -> list[str]:
    """The messages `check` gives for an event with these lines (and this site.yml)."""
    try:
        built(make_site, {"events/reading.md": event_file(extra)}, site_yml)
    except ContentError as error:
        return [f"{Path(p.path).name}:{p.line}: {p.severity}: {p.message}" for p in error.problems]
    return []


# ---- the declarations and what follows from them ----

def test_every_field_is_an_attribute_of_the_event_with_its_declared_default(make_site) -> None:
    site, _ = built(make_site, {"events/reading.md": event_file()})
    (event,) = site.events
    attributes = {field.name for field in dataclasses.fields(Event)}
    assert attributes - set(EVENT) == MADE, "an Event attribute is neither a declared field nor made by the model"
    for name, field in EVENT.items():
        assert name in attributes, f"schema.EVENT declares {name}, and Event has no attribute of that name"
        if field.kept and not field.required:
            default = getattr(site.info, name) if field.default is FROM_SITE else field.default
            assert getattr(event, name) == default, name
    assert (event.timezone, event.language) == ("America/New_York", "en")


def test_a_published_field_is_kept_as_it_is_and_comes_after_the_first_versions_keys() -> None:
    assert EVENT_KEYS[:len(FIRST_KEYS)] == FIRST_KEYS
    published = [name for name, field in EVENT.items() if field.json]
    assert all(EVENT[name].kept for name in published), "events.json reads a declared field from the model as it is"
    assert [key for key in EVENT_KEYS if key not in FIRST_KEYS] == [n for n in published if n not in FIRST_KEYS]
    assert set(published) <= set(EVENT_KEYS)


OPTIONAL = [name for name, field in EVENT.items() if not field.required]


@pytest.mark.parametrize("name", OPTIONAL)
def test_an_optional_fields_example_is_accepted_and_reaches_what_it_declares(make_site, name: str) -> None:
    """Each optional field's declared example, added to an event: check accepts it without a word,
    events.json publishes it under its name iff declared so, and calendars change iff they carry it."""
    field = EVENT[name]
    kind = field.types[0] if field.types else "webinar"
    assert any(line.startswith(f"{name}: ") for line in field.example.splitlines()), "every field declares an example"
    (plain,) = built(make_site, {"events/reading.md": event_file(kind=kind)})[0].events
    site, warnings = built(make_site, {"events/reading.md": event_file(field.example + "\n", kind)})
    (event,) = site.events
    assert warnings == []
    before, after = json.loads(event_line(site, plain)), json.loads(event_line(site, event))
    assert list(after) == list(EVENT_KEYS)
    if field.json:
        assert after[name] != before[name]
        value = getattr(event, name)
        assert after[name] == (list(value) if isinstance(value, tuple) else
                               value.isoformat() if hasattr(value, "isoformat") else value)
    calendar_changed = ics.piece(site, event)[0] != ics.piece(site, plain)[0]
    assert calendar_changed == field.calendar, f"{name}: calendar=True means the .ics carries it"


def test_the_published_schema_is_what_the_declarations_make() -> None:
    written = events_schema.PATH.read_text(encoding="utf-8")
    assert events_schema.dumps(json.loads(written)) == written, "events.schema.json is not in its own layout"
    assert events_schema.dumps(events_schema.generated(json.loads(written))) == written, (
        "builder/outputs/events.schema.json differs from the declarations in builder/content/schema.py: "
        "run python -m builder.outputs.events_schema and review the change")


def test_a_key_neither_declared_nor_described_by_hand_is_refused(monkeypatch) -> None:
    written = json.loads(events_schema.PATH.read_text(encoding="utf-8"))
    monkeypatch.setattr(events_schema, "EVENT_KEYS", (*EVENT_KEYS, "mystery"))
    with pytest.raises(KeyError, match="mystery"):
        events_schema.generated(written)


def test_the_partner_guide_has_the_declared_tables() -> None:
    guide = (SAMPLE_CONTENT / "pages" / "partner-guide.md").read_text(encoding="utf-8")
    assert schema.guide_table() in guide, ("the partner guide's table of fields differs from builder/content/schema.py; "
                                           "paste builder.content.schema.guide_table() into it")
    assert schema.types_table() in guide, ("the partner guide's table of event types differs from "
                                           "builder/content/schema.py; paste builder.content.schema.types_table() into it")
    for kind in ("FORUM", "PARTNER", "PERSON", "BADGE", "ALIGNMENT"):
        assert schema.guide_table(getattr(schema, kind)) in guide, (
            f"the partner guide's table of {kind.lower()} fields differs from builder/content/schema.py; paste "
            f"builder.content.schema.guide_table(schema.{kind}) into it")


def test_event_types_are_named_as_declared(make_site) -> None:
    site, _ = built(make_site, {"events/reading.md": event_file(kind="badge")})
    assert [(t.slug, t.name) for t in site.types] == [("badge", "Open badge")] == [
        (site.events[0].type.slug, schema.EVENT_TYPES["badge"].name)]


def test_a_field_on_a_type_it_is_not_for_is_a_warning(make_site) -> None:
    _, warnings = built(make_site, {"events/reading.md": event_file("track: Main Hall\n")})
    assert [(w.line, w.message) for w in warnings] == [
        (8, "track is only for conference-session events, and this one is a webinar; remove it, or change the type")]


# ---- join, language, accessibility: each wrong value is one clear error ----

@pytest.mark.parametrize(("line", "message"), [
    ("join: javascript:alert(1)", 'join "javascript:alert(1)" is not a web address; write a full web address that '
                                  "starts with https:// (only http and https links are allowed)"),
    ("join: meet.example.org/x", 'join "meet.example.org/x" is not a full web address; did you mean '
                                 '"https://meet.example.org/x"?'),
    ("language: Spanish", 'language "Spanish" is not a language tag; did you mean "es"?'),
    ("language: es_MX", 'language "es_MX" is not a language tag: tags use hyphens; did you mean "es-MX"?'),
    ("language: sp", 'language "sp" is not a registered language tag; write a language\'s code from the IANA registry, '
                     'like "en", "es" or "fr-CA" (a region after a hyphen is a country code, like US or MX)'),
    ("language: und", 'language "und" names no particular language; write the language the event is held in, like '
                      '"en", "es" or "fr-CA"'),
    ("language: '\"><script>alert(1)</script>'", 'language ""><script>alert(1)</script>" is not a language tag; '
                                                'write its code, like "en", "es" or "fr-CA"'),
    ("language: [en, es]", "language must be a single value, not a list"),
    ("accessibility: [captions, sign language]", 'accessibility has an item that is not one of the accessibility '
     'features, "sign language". Valid values: captions, asl, transcript, slides-in-advance.'),
    ("accessibility: [capitons]", 'accessibility has an item that is not one of the accessibility features, '
     '"capitons"; did you mean "captions"? Valid values: captions, asl, transcript, slides-in-advance.'),
])
def test_a_wrong_value_is_one_error_on_its_line_naming_the_fix(make_site, line: str, message: str) -> None:
    assert errors(make_site, line + "\n") == [f"reading.md:8: error: {message}"]


def test_the_cli_reports_a_wrong_language_as_path_line_error(make_site) -> None:
    content = make_site({"events/reading.md": event_file("language: english\n")})
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    assert f'{content}/events/reading.md:8: error: language "english" is not a language tag; did you mean "en"?' \
        in result.stderr.splitlines()


def test_a_wrong_site_language_is_an_error_in_site_yml(make_site) -> None:
    assert errors(make_site, "", SITE_YML + "language: english\n") == [
        'site.yml:7: error: language "english" is not a language tag; did you mean "en"?']


def test_accepted_spellings_become_the_declared_slugs_and_tags(make_site) -> None:
    site, _ = built(make_site, {"events/reading.md": event_file(
        "accessibility: [ASL, Slides in advance, asl, Captions]\nlanguage: ES-mx\njoin: https://meet.example.org/é\n")})
    (event,) = site.events
    assert event.accessibility == ("asl", "slides-in-advance", "captions")
    assert event.language == "es-MX"
    assert event.join == "https://meet.example.org/%C3%A9"


def test_a_site_language_is_every_events_default(make_site) -> None:
    site, _ = built(make_site, {"events/a.md": event_file(), "events/b.md": event_file("language: en\n")},
                    SITE_YML + "language: fr-CA\n")
    assert [(e.slug, e.language) for e in site.events] == [("a", "fr-CA"), ("b", "en")]
    assert site.info.language == "fr-CA"


def test_the_proceedings_paper_is_site_yml_s_or_follows_the_site_s_zone(make_site) -> None:
    """`paper:` picks the PDF's page size; without it, Letter in the Americas and A4 elsewhere."""
    events = {"events/reading.md": event_file()}
    assert built(make_site, events)[0].info.paper == "letter"  # SITE_YML's zone: America/New_York
    assert built(make_site, events, SITE_YML.replace("America/New_York", "Europe/Paris"))[0].info.paper == "a4"
    assert built(make_site, events, SITE_YML + "paper: a4\n")[0].info.paper == "a4"
    assert errors(make_site, "", SITE_YML + "paper: A5\n") == [
        'site.yml:7: error: paper "A5" is not one of the allowed values. Valid values: letter, a4.']


# ---- what is accepted is escaped in every format it reaches ----

HOSTILE_JOIN = "https://meet.example.org/r?a=1,2;b='x'&c=\"><script>alert(1)</script>"


@pytest.fixture
def hostile(make_site) -> tuple[Site, dict[str, bytes]]:
    """A Spanish event with every new field, its join link as hostile as `url` lets through, on an
    English site; and a French site's event, to see that the site's own language is not labelled."""
    content = make_site({"forums/reading-forum.md": FORUM, "events/reading.md": event_file(
        f"summary: 'Una charla'\njoin: {json.dumps(HOSTILE_JOIN)}\nregistration: https://example.org/register\n"
        "language: es\naccessibility: [captions, asl]\n")})
    sources, problems = load(content)
    site = build_site(validate(sources, problems), source_date_epoch=EPOCH)
    return site, render(site, load_theme(content))


def test_the_event_page_escapes_join_and_marks_the_language(hostile) -> None:
    site, files = hostile
    (event,) = site.events
    assert event.join == "https://meet.example.org/r?a=1,2;b='x'&c=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    page = files["events/reading/index.html"].decode()
    assert "<script>alert" not in page and "alert(1)</script>" not in page
    join = "https://meet.example.org/r?a=1,2;b=&#39;x&#39;&amp;c=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    assert f'<a class="button" data-join href="{join}" rel="nofollow ugc noopener">Join<span' in page
    assert '>Register<span class="visually-hidden">' in page  # not "Register or join": join has its own
    assert '<h1><span lang="es">Reading</span></h1>' in page
    assert '<p class="lead" lang="es">Una charla</p>' in page and '<div class="prose" lang="es">' in page
    assert '<dt>Language</dt><dd>Spanish (<span lang="es">español</span>)</dd>' in page
    assert "<dt>Accessibility</dt><dd><ul class=\"inline\"><li>Live captions</li><li>ASL interpretation</li></ul></dd>" \
        in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert (ld["inLanguage"], ld["location"]["url"]) == ("es", event.join)


def test_calendars_carry_join_language_and_accessibility_escaped(hostile) -> None:
    site, files = hostile
    (event,) = site.events
    (vevent,) = icalendar.Calendar.from_ical(files["events/reading.ics"]).walk("VEVENT")
    assert str(vevent["LOCATION"]) == event.join == str(vevent["CONFERENCE"])
    assert vevent["CONFERENCE"].params["VALUE"] == "URI" and str(vevent["URL"]) == site.info.base_url + event.url
    assert vevent["SUMMARY"].params["LANGUAGE"] == "es"
    description = str(vevent["DESCRIPTION"])
    assert "Language: Spanish\n\nAccessibility: Live captions, ASL interpretation\n\n" in description
    assert f"Register: https://example.org/register\n\nJoin: {event.join}\n\n" in description
    unfolded = files["events/reading.ics"].replace(b"\r\n ", b"").decode()
    assert "LOCATION:https://meet.example.org/r?a=1\\,2\\;b='x'&c=%22%3E%3Cscript" in unfolded


def test_events_json_and_feeds_carry_them_escaped(hostile) -> None:
    site, files = hostile
    (event,) = site.events
    (published,) = json.loads(files["events.json"])["events"]
    assert (published["join"], published["language"], published["accessibility"]) == (
        event.join, "es", ["captions", "asl"])
    for name in ("feed.xml", "atom.xml"):
        assert b"<script>alert" not in files[name]
        (entry,) = [e for e in feedparser.parse(files[name]).entries if e.link.endswith(event.url)]
        html = entry.content[0].value if name == "atom.xml" else entry.description
        assert f'<a href="{event.join.replace("&", "&amp;")}">Join</a>' in html
        assert "<p>Language: Spanish</p><p>Accessibility: Live captions, ASL interpretation</p>" in html
        assert '<p lang="es">Una charla</p>' in html


def test_the_sites_own_language_is_not_labelled(make_site) -> None:
    content = make_site({"events/reading.md": event_file("summary: Un atelier\n")}, SITE_YML + "language: fr\n")
    sources, problems = load(content)
    site = build_site(validate(sources, problems), source_date_epoch=EPOCH)
    files = render(site, load_theme(content))
    page = files["events/reading/index.html"].decode()
    assert "<dt>Language</dt>" not in page  # the site's language: nothing to point out
    assert '<p class="lead" lang="fr">Un atelier</p>' in page  # but not the theme's: screen readers switch
    assert b"SUMMARY;LANGUAGE=fr:Reading" in files["events/reading.ics"]



def test_the_partner_guide_lists_the_sites_topics() -> None:
    guide = (SAMPLE_CONTENT / "pages" / "partner-guide.md").read_text(encoding="utf-8")
    listed = re.search(r"^\*\*Topics\*\* on this year's site: (.*)\.$", guide, flags=re.M)
    assert listed, "the partner guide no longer lists the topics (a line '**Topics** on this year's site: ...')"
    site = yaml.safe_load((SAMPLE_CONTENT / "site.yml").read_text(encoding="utf-8"))
    assert listed.group(1).split(", ") == site["topics"], "the guide's topics differ from content/site.yml's"


def test_the_partner_guides_example_files_pass_the_check(tmp_path: Path) -> None:
    """Each whole file the guide shows (front matter and all) is accepted by `check` where the guide
    says it goes: a partner who copies one starts from a file that passes."""
    from tests.test_teacher_fields import PNG  # (that module imports this one)

    guide = (SAMPLE_CONTENT / "pages" / "partner-guide.md").read_text(encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    found = []
    for block in re.finditer(r"```(?:markdown|yaml)\n(---\n.*?)```", guide, flags=re.S):
        folder = re.findall(r"content/(events|forums|partners|people|badges)/", guide[:block.start()])[-1]
        text = block.group(1)
        data = yaml.safe_load(text.split("---\n")[1])
        slug = name_slug(data.get("title") or data["name"])
        for media in re.findall(r"\b(media/[\w.-]+\.(?:png|jpg))\b", text):
            (content / media).write_bytes(PNG)
        (content / folder / f"{slug}.md").write_text(text, encoding="utf-8")
        found.append(f"{folder}/{slug}.md")
    assert {f.split("/")[0] for f in found} == {"events", "forums", "partners", "people", "badges"}, found
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 0, result.stderr
