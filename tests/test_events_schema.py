"""builder/outputs/events.schema.json: the published JSON Schema of /events.json, checked against what the builder writes.

The schema is validated with jsonschema's Draft 2020-12 validator *with format checking on*
(date-time, date and uri need jsonschema's format-nongpl extras; a test below fails when they
are missing, because without them those formats pass silently). It must accept every file the
builder can write (the sample site, a scratch site with every shape of event) and refuse files
that break the contract, so partners can trust it in both directions.
"""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from builder.content.model import build_site
from builder.content.schema import EVENT_TYPES, REPEATS, STATUSES
from builder.content.sources import load
from builder.content.validation import validate
from builder.content.zones import known_zones
from builder.outputs.events_json import events_json
from builder.problems import ContentError

if TYPE_CHECKING:
    import jsonschema
    from jsonschema import Draft202012Validator


def draft_2020_12() -> type[Draft202012Validator]:
    """jsonschema's validator, imported by the tests that use it: with the format extras its import
    builds dozens of grammars, which every test worker would otherwise pay for while collecting."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "builder" / "outputs" / "events.schema.json"
EPOCH = 1759276800  # 2025-10-01T00:00:00Z
BASE = "https://cem.example.org/"

SITE_YML = """\
title: Schema Test Month
base_url: https://cem.example.org/
month: 2025-10
timezone: America/New_York
topics: [Literacy, STEM Education, Éducation précoce, 読書]
audiences: [Teachers]
partners: [Chatham Islands Museum, Plain Name Partner, Someone Else]
"""


def event_file(start: str, end: str, extra: str = "", zone: str | None = None, partner: str = "lit-net",
               title: str = "An event", kind: str = "webinar", topics: str = "[Literacy]") -> str:
    zone_line = f"timezone: {zone}\n" if zone else ""
    return (f"---\ntitle: '{title}'\nstart: {start}\nend: {end}\n{zone_line}type: {kind}\ntopics: {topics}\n"
            f"partner: {partner}\nsummary: 'A summary.'\n{extra}---\nBody.\n")


SCRATCH_FILES: dict[str, str | bytes] = {
    # several zones, including half- and quarter-hour offsets, one east of +13 and plain UTC
    "events/reading-webinar.md": event_file(
        "2025-10-14T15:00", "2025-10-14T16:00", "forum: reading-forum\nregistration: https://example.org/register\n"
        "presenters: [Maria Garcia, Kwame Okafor]\naudience: [Teachers]\n",
        zone="America/Chicago", title='Café & <b>Crème</b> "Reading"', topics="[Literacy, 読書]"),
    "events/kathmandu-chat.md": event_file("2025-10-15T19:30", "2025-10-15T20:30", kind="chat",
                                           zone="Asia/Kathmandu"),
    "events/st-johns-class.md": event_file("2025-10-03T09:00", "2025-10-03T10:30", kind="class",
                                           zone="America/St_Johns"),
    "events/chatham-tour.md": event_file("2025-10-04T09:00", "2025-10-04T10:00", kind="guided-tour",
                                         zone="Pacific/Chatham", partner="Chatham Islands Museum"),
    "events/utc-poll.md": event_file("2025-10-05T12:00", "2025-10-05T12:30", kind="poll", zone="Etc/UTC"),
    # weekly across the end of daylight saving in London (26 October) and New York (2 November)
    "events/weekly-chat.md": event_file("2025-10-20T20:00", "2025-10-20T21:00",
                                        "repeat: weekly\nuntil: 2025-11-10\n", zone="Europe/London", kind="chat"),
    "events/daily-standup.md": event_file("2025-10-27T08:00", "2025-10-27T08:15",
                                          "repeat: daily\nuntil: 2025-10-31\n", kind="other"),
    # all-day: a multi-day contest and a repeating all-day exhibit
    "events/story-contest.md": event_file("2025-10-06", "2025-10-08", "featured: true\n", kind="contest"),
    "events/gallery-days.md": event_file("2025-10-10", "2025-10-10",
                                         "repeat: weekly\nuntil: 2025-10-24\n", zone="Asia/Tokyo", kind="exhibit"),
    # archived, cancelled, with captions and transcript files under content/
    "events/archived-talk.md": event_file(
        "2025-10-02T11:30", "2025-10-02T12:15",
        "track: Classroom Practice\nstatus: cancelled\n"
        "archive:\n  recording: https://video.example.org/abc\n  captions: media/talk.vtt\n"
        "  transcript: media/talk.md\n  slides: media/slides.pdf\n  summary: What was *said*.\n"
        "  takeaways: [Ask first, Listen second]\n  resources:\n"
        "    - {title: \"Planner\", url: \"https://example.org/planner.pdf\"}\n",
        zone="Europe/Berlin", kind="conference-session"),
    "events/sparse-archive.md": event_file("2025-10-01T10:00", "2025-10-01T11:00",
                                           "archive:\n  recording: https://video.example.org/xyz\n"),
    "events/postponed-launch.md": event_file("2025-10-09T13:00", "2025-10-09T14:00",
                                             "status: postponed\n", partner="Plain Name Partner", kind="launch"),
    "forums/reading-forum.md": ("---\ntitle: Reading Forum\nstart: 2025-10-01\nend: 2025-10-31\n"
                                "topics: [Literacy, Éducation précoce]\nhost: lit-net\n"
                                "moderators: [Ana Rodríguez]\nfeatured: true\n---\nTalk.\n"),
    "forums/quiet-forum.md": ("---\ntitle: Quiet Forum\nstart: 2025-10-10\nend: 2025-10-12\ntimezone: Asia/Kolkata\n"
                              "topics: [STEM Education]\nhost: Someone Else\n---\nTalk.\n"),
    "partners/lit-net.md": ("---\nname: Literacy Network\nurl: https://lit.example.org\nlogo: media/lit.png\n"
                            "---\nAbout.\n"),
    "media/lit.png": b"\x89PNG\r\n\x1a\n",
    "media/talk.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWelcome, everyone.\n",
    "media/talk.md": "Transcript.\n",
    "media/slides.pdf": b"%PDF-1.4\n",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    draft = draft_2020_12()
    return draft(schema, format_checker=draft.FORMAT_CHECKER)


def build_json(make_site: Callable[..., Path], files: dict[str, str | bytes], site_yml: str = SITE_YML) -> dict:
    sources, problems = load(make_site(files, site_yml))
    return json.loads(events_json(build_site(validate(sources, problems), source_date_epoch=EPOCH)))


@pytest.fixture
def scratch(make_site: Callable[..., Path]) -> dict[str, Any]:
    return build_json(make_site, SCRATCH_FILES)


def errors(validator: Draft202012Validator, data: Any) -> list[jsonschema.ValidationError]:
    return list(validator.iter_errors(data))


def assert_valid(validator: Draft202012Validator, data: Any) -> None:
    problems = [f"{e.json_path}: {e.message[:200]}" for e in errors(validator, data)]
    assert not problems, "\n".join(problems[:20])


# ---- the schema itself ----

def test_the_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    draft_2020_12().check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "events.schema.json"
    assert SCHEMA_PATH.read_bytes().endswith(b"}\n")


def test_format_checking_is_really_on() -> None:
    """Without jsonschema[format-nongpl], "date-time" and "uri" are silently not checked at all."""
    checker = draft_2020_12().FORMAT_CHECKER
    for name in ("date-time", "date", "uri"):
        assert name in checker.checkers, f'format "{name}" is not checked: pip install "jsonschema[format-nongpl]"'
    assert not checker.conforms("2025-10-14T15:00:00", "date-time")  # no offset
    assert not checker.conforms("2025-02-30", "date")
    assert not checker.conforms("not a url", "uri")


def subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema that declares keys, skipping the if/then/else branches that only narrow them."""
    if isinstance(node, dict):
        types = node.get("type")
        if "properties" in node or "object" in (types if isinstance(types, list) else [types]):
            yield where, node
        for key, value in node.items():
            if key not in ("if", "then", "else", "enum", "required"):
                yield from subschemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from subschemas(item, f"{where}/{index}")


def test_every_object_is_closed_requires_every_key_and_describes_it(schema: dict[str, Any]) -> None:
    found = list(subschemas(schema))
    assert len(found) >= 10
    for where, node in found:
        assert node.get("additionalProperties") is False, where
        assert sorted(node["required"]) == sorted(node["properties"]), where  # every key is always written
        for name, prop in node["properties"].items():
            assert len(prop.get("description", "")) >= 15, f"{where}/properties/{name} has no description"


def test_enums_are_the_builders_own_lists(schema: dict[str, Any]) -> None:
    event = schema["$defs"]["event"]["properties"]
    assert event["type"]["enum"] == list(EVENT_TYPES)
    assert event["type_name"]["enum"] == [kind.name for kind in EVENT_TYPES.values()]
    assert event["status"]["enum"] == list(STATUSES)
    assert event["repeat"]["enum"] == [*REPEATS, None]


def test_every_accepted_time_zone_matches_the_timezone_pattern(schema: dict[str, Any]) -> None:
    zones = draft_2020_12()({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/timezone"})
    rejected = [zone for zone in sorted(known_zones()) if not zones.is_valid(zone)]
    assert not rejected
    assert not zones.is_valid("America/New York") and not zones.is_valid("")


# ---- what the builder writes is valid ----

def test_the_sample_sites_events_json_is_valid(sample_output: Path, schema: dict[str, Any],
                                               validator: Draft202012Validator) -> None:
    data = json.loads((sample_output / "events.json").read_text(encoding="utf-8"))
    assert len(data["events"]) > 20 and data["forums"]
    assert_valid(validator, data)
    # key order: the schema lists keys in the order the file has them, so it reads as documentation
    defs = schema["$defs"]
    assert list(schema["properties"]) == list(data)
    assert list(defs["event"]["properties"]) == list(data["events"][0]) == defs["event"]["required"]
    assert list(defs["forum"]["properties"]) == list(data["forums"][0]) == defs["forum"]["required"]


def test_a_scratch_site_with_every_shape_of_event_is_valid(scratch: dict[str, Any],
                                                           validator: Draft202012Validator) -> None:
    events = {event["slug"]: event for event in scratch["events"]}
    # the fixture really has the shapes it claims, so a valid result means something
    assert set(events) == {path[len("events/"):-3] for path in SCRATCH_FILES if path.startswith("events/")}
    assert events["story-contest"]["all_day"] and events["story-contest"]["start_utc"] is None
    assert len(events["gallery-days"]["occurrences"]) == 3 and events["gallery-days"]["all_day"]
    assert [o["start"][-6:] for o in events["weekly-chat"]["occurrences"]] == ["+01:00", "+00:00", "+00:00", "+00:00"]
    assert len(events["daily-standup"]["occurrences"]) == 5
    archive = events["archived-talk"]["archive"]
    assert (archive["captions"], archive["transcript"]) == (f"{BASE}media/talk.vtt", f"{BASE}media/talk.md")
    assert events["archived-talk"]["status"] == "cancelled" and events["postponed-launch"]["status"] == "postponed"
    assert events["sparse-archive"]["archive"]["captions"] is None
    assert {e["start"][-6:] for e in events.values() if not e["all_day"]} >= {"+05:45", "-02:30", "+13:45", "+00:00"}
    assert events["chatham-tour"]["partner"]["website"] is None
    assert events["reading-webinar"]["topics"][1]["slug"].startswith("x-")  # a name with no ASCII letters
    assert {forum["slug"]: forum["events"] for forum in scratch["forums"]} == {
        "reading-forum": ["reading-webinar"], "quiet-forum": []}
    assert_valid(validator, scratch)


def test_a_site_with_no_events_or_forums_is_valid(make_site: Callable[..., Path],
                                                  validator: Draft202012Validator) -> None:
    data = build_json(make_site, {})
    assert data["events"] == [] and data["forums"] == []
    assert_valid(validator, data)


def ajv(*files: Path) -> dict[str, Any]:
    """What Ajv in strict mode, formats checked by ajv-formats, says of the schema and these files
    (tests/js/validate_json.mjs): the validator most JavaScript partners use."""
    script = Path(__file__).resolve().parent / "js" / "validate_json.mjs"
    result = subprocess.run(["node", str(script), str(SCHEMA_PATH), *map(str, files)], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.stdout, result.stderr
    return json.loads(result.stdout)


def test_ajv_in_strict_mode_compiles_the_schema_and_accepts_what_the_builder_writes(
        sample_output: Path, scratch: dict[str, Any], tmp_path: Path) -> None:
    scratch_file = tmp_path / "scratch.json"
    scratch_file.write_text(json.dumps(scratch), encoding="utf-8")
    broken = copy.deepcopy(scratch)
    event_of(broken, "reading-webinar").update(start="2025-10-14T15:00:00")  # no offset: not a date-time
    event_of(broken, "weekly-chat")["occurrences"][1].update(note="x")
    broken_file = tmp_path / "broken.json"
    broken_file.write_text(json.dumps(broken), encoding="utf-8")
    result = ajv(sample_output / "events.json", scratch_file, broken_file)
    assert result["compiled"], result["error"]
    assert result["files"][str(sample_output / "events.json")] == []
    assert result["files"][str(scratch_file)] == []
    refused = " ".join(result["files"][str(broken_file)])
    assert "/start must match format" in refused and "/occurrences/1 must NOT have additional properties" in refused


# ---- and what breaks the contract is refused ----

def event_of(data: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(event for event in data["events"] if event["slug"] == slug)


def _delete(d: dict[str, Any], key: str) -> None:
    del d[key]


# name -> (how to break a valid copy, the JSON path of the error that must be reported)
BREAKS: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "missing required event key": (lambda d: _delete(event_of(d, "reading-webinar"), "status"), "$.events[*]"),
    "missing top-level key": (lambda d: _delete(d, "forums"), "$"),
    "missing archive key": (lambda d: _delete(event_of(d, "archived-talk")["archive"], "captions"),
                            "$.events[*].archive"),
    "extra event key": (lambda d: event_of(d, "reading-webinar").update(description="<p>Hi</p>"), "$.events[*]"),
    "extra partner key": (lambda d: event_of(d, "reading-webinar")["partner"].update(email="a@b.org"),
                          "$.events[*].partner"),
    "extra occurrence key": (lambda d: event_of(d, "weekly-chat")["occurrences"][1].update(note="x"),
                             "$.events[*].occurrences[1]"),
    "extra forum key": (lambda d: d["forums"][0].update(body="x"), "$.forums[0]"),
    "wrong type: featured as a string": (lambda d: event_of(d, "reading-webinar").update(featured="true"),
                                         "$.events[*].featured"),
    "wrong type: topics as strings": (lambda d: event_of(d, "reading-webinar").update(topics=["literacy"]),
                                      "$.events[*].topics[0]"),
    "wrong type: archive as a list": (lambda d: event_of(d, "archived-talk").update(archive=[]),
                                      "$.events[*].archive"),
    "bad status": (lambda d: event_of(d, "reading-webinar").update(status="canceled"), "$.events[*].status"),
    "bad type slug": (lambda d: event_of(d, "reading-webinar").update(type="workshop"), "$.events[*].type"),
    "bad repeat": (lambda d: event_of(d, "weekly-chat").update(repeat="monthly"), "$.events[*].repeat"),
    "start without offset": (lambda d: event_of(d, "reading-webinar").update(start="2025-10-14T15:00:00"),
                             "$.events[*].start"),
    "occurrence end without offset": (
        lambda d: event_of(d, "weekly-chat")["occurrences"][2].update(end="2025-11-03T21:00:00"),
        "$.events[*].occurrences[2].end"),
    "local start written in UTC": (lambda d: event_of(d, "reading-webinar").update(start="2025-10-14T20:00:00Z"),
                                   "$.events[*].start"),
    "UTC time with an offset": (lambda d: event_of(d, "reading-webinar").update(start_utc="2025-10-14T20:00:00+00:00"),
                                "$.events[*].start_utc"),
    "UTC time without seconds": (lambda d: d.update(generated="2025-10-01T00:00Z"), "$.generated"),
    "impossible date-time": (lambda d: event_of(d, "reading-webinar").update(end="2025-10-14T25:00:00-05:00"),
                             "$.events[*].end"),
    "timed event without UTC time": (lambda d: event_of(d, "reading-webinar").update(start_utc=None),
                                     "$.events[*].start_utc"),
    "all-day event with a UTC time": (lambda d: event_of(d, "story-contest").update(start_utc="2025-10-06T04:00:00Z"),
                                      "$.events[*].start_utc"),
    "all-day event with a time": (lambda d: event_of(d, "story-contest").update(start="2025-10-06T00:00:00-04:00"),
                                  "$.events[*].start"),
    "all-day occurrence with a time": (
        lambda d: event_of(d, "gallery-days")["occurrences"][1].update(start="2025-10-17T00:00:00+09:00"),
        "$.events[*].occurrences[1].start"),
    "impossible date": (lambda d: event_of(d, "weekly-chat").update(until="2025-11-31"), "$.events[*].until"),
    "repeating event without until": (lambda d: event_of(d, "weekly-chat").update(until=None), "$.events[*].until"),
    "one-off event with until": (lambda d: event_of(d, "reading-webinar").update(until="2025-10-20"),
                                 "$.events[*].until"),
    "one-off event with two occurrences": (
        lambda d: event_of(d, "reading-webinar")["occurrences"].extend(event_of(d, "reading-webinar")["occurrences"]),
        "$.events[*].occurrences"),
    "no occurrences": (lambda d: event_of(d, "reading-webinar").update(occurrences=[]), "$.events[*].occurrences"),
    "bad slug": (lambda d: event_of(d, "reading-webinar").update(slug="Reading_Webinar"), "$.events[*].slug"),
    "bad forum slug": (lambda d: event_of(d, "reading-webinar").update(forum="Reading Forum"), "$.events[*].forum"),
    "url that is not a URI": (lambda d: event_of(d, "reading-webinar").update(url="events/reading-webinar/"),
                              "$.events[*].url"),
    "registration that is not a URI": (lambda d: event_of(d, "reading-webinar").update(registration="register here"),
                                       "$.events[*].registration"),
    "bad time zone": (lambda d: event_of(d, "reading-webinar").update(timezone="Central Time"), "$.events[*].timezone"),
    "bad month": (lambda d: d["site"].update(month="2025-13"), "$.site.month"),
    "site url without trailing slash": (lambda d: d["site"].update(url="https://cem.example.org"), "$.site.url"),
    "forum with a date-time": (lambda d: d["forums"][0].update(end="2025-10-31T23:59:59-04:00"), "$.forums[0].end"),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_broken_copy_is_refused_for_the_right_reason(name: str, scratch: dict[str, Any],
                                                        validator: Draft202012Validator) -> None:
    assert_valid(validator, scratch)  # the copy below differs from valid data by this one change only
    broken = copy.deepcopy(scratch)
    breaker, where = BREAKS[name]
    breaker(broken)
    assert broken != scratch
    found = errors(validator, broken)
    assert found, f"{name}: the schema accepted it"
    paths = [error.json_path for error in found]
    if "[*]" in where:  # an event's index is not fixed: match "$.events[<n>]<rest>"
        head, rest = where.split("[*]", 1)
        assert any(p.startswith(head + "[") and p.split("]", 1)[1] == rest for p in paths), (name, paths)
    else:
        assert where in paths, (name, paths)


# ---- addresses from content are valid URIs ----

def test_a_content_path_with_spaces_is_refused_before_it_becomes_a_url(make_site: Callable[..., Path]) -> None:
    with pytest.raises(ContentError) as caught:
        build_json(make_site, {"events/one.md": event_file("2025-10-14T15:00", "2025-10-14T16:00"),
                               "partners/lit-net.md": "---\nname: Literacy Network\nlogo: media/our logo.png\n---\n",
                               "media/our logo.png": b"\x89PNG\r\n\x1a\n"})
    assert any("rename the file" in p.message for p in caught.value.problems)


def test_a_partner_website_with_accents_is_percent_encoded(make_site: Callable[..., Path],
                                                            validator: Draft202012Validator) -> None:
    data = build_json(make_site, {"events/one.md": event_file("2025-10-14T15:00", "2025-10-14T16:00"),
                                  "partners/lit-net.md": "---\nname: Literacy Network\n"
                                                         "url: https://lit.example.org/café\n---\nAbout.\n"})
    assert_valid(validator, data)
    assert "https://lit.example.org/caf%C3%A9" in json.dumps(data)
