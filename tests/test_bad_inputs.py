"""Broken partner files, one per rule: each names the exact file, line and fix, exits 1,
never shows a traceback, and leaves the previous output folder byte-for-byte as it was.

Every case starts from a copy of a good site and of its built `out` folder, breaks one
thing and builds again into the same `out`, run from the site's parent folder with
`--content content` so that messages name relative paths (`content/events/x.md:5: error: ...`).
Then the usage errors (exit 2), `check` writing nothing, and 100 random mutations of a good
event file (FUZZ_SCALE times as many under `make fuzz`) that must never crash the builder.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.content.schema import MENU_LINK
from tests.conftest import FUZZ_SCALE, GOOD_EVENT, SITE_YML, run_cli, write_site

# ---- the good site every case starts from ----

PARTNER = """\
---
name: STEM Teachers Network
url: https://stemteachers.example.org/
---
A national community of STEM teachers.
"""

FORUM = """\
---
title: "Personalizing Learning"
start: 2025-10-01
end: 2025-10-31
topics: [Literacy]
host: stem-teachers-network
---
A month-long forum.
"""

PAGE = """\
---
title: About
---
About this site.
"""

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n"

BASE_FILES: dict[str, str | bytes] = {
    "events/good.md": GOOD_EVENT,
    "partners/literacy-network.md": "---\nname: Literacy Network\n---\n",  # GOOD_EVENT's partner
    "partners/stem-teachers-network.md": PARTNER,
    "forums/personalizing-learning.md": FORUM,
    "pages/about.md": PAGE,
    "media/talk.vtt": VTT,
}

# ---- an event file whose lines are known: the layout of GOOD_EVENT ----
#  1 ---
#  2 title        3 start        4 end          5 timezone     6 type
#  7 topics       8 partner      9 registration 10 summary
# 11.. the `add` lines, then `---` and the body

FIELDS = {
    "title": '"Reading Across the Curriculum"',
    "start": "2025-10-14T15:00",
    "end": "2025-10-14T16:00",
    "timezone": "America/Chicago",
    "type": "webinar",
    "topics": "[Literacy]",
    "partner": "Literacy Network",
    "registration": "https://example.org/register",
    "summary": '"Strategies for reading in every subject."',
}
DROP = object()


def event(add: tuple[str, ...] = (), body: str = "A **good** event.\n", **changes: object) -> str:
    """GOOD_EVENT with some values replaced (`name=DROP` removes the line) and `add` lines at the end."""
    lines = ["---"]
    for name, value in FIELDS.items():
        value = changes.get(name, value)
        if value is DROP:
            continue
        lines.append(f"{name}: {value}" if value != "" else f"{name}:")
    lines.extend(add)
    lines.append("---")
    return "\n".join(lines) + "\n" + body


assert event() == GOOD_EVENT  # the line numbers above hold

X = "content/events/x.md"
TMP = "@TMP@"  # replaced by the scratch folder, for absolute paths


@dataclass
class Case:
    files: dict[str, str | bytes | None]  # relative to content/; None deletes the file
    expect: list[str | tuple[str, int, tuple[str, ...]]]  # a full stderr line, or (path, line, key words)
    setup: Callable[[Path], None] | None = None  # gets the scratch folder (content/ is inside)
    exact: bool = True  # False: more errors than the expected ones may be reported


def case(id_: str, files: dict, *expect: str | tuple, setup: Callable[[Path], None] | None = None,
         exact: bool = True):
    return pytest.param(Case(files, list(expect), setup, exact), id=id_)


def missing(name: str, example: str):
    return case(f"missing-{name}", {"events/x.md": event(**{name: DROP})},
                f"{X}:1: error: required field {name} is missing; add a line like `{example}`")


def link_outside(root: Path) -> None:
    (root / "secret.vtt").write_text(VTT, encoding="utf-8")
    os.symlink(root / "secret.vtt", root / "content" / "media" / "leak.vtt")


def outside_file(root: Path) -> None:
    (root / "secret.vtt").write_text(VTT, encoding="utf-8")


EVENT_TYPES = ("webinar, chat, forum, open-house, guided-tour, contest, book-club, class, conference-session, "
                 "launch, exhibit, collaborative-project, poll, badge, other")

CASES = [
    # -- required fields --
    missing("title", 'title: "Designing Inquiry Units"'),
    missing("start", "start: 2025-10-14T15:00"),
    missing("end", "end: 2025-10-14T16:00"),
    missing("type", "type: webinar"),
    missing("topics", "topics: [STEM Education]"),
    missing("partner", "partner: STEM Teachers Network"),
    case("empty-title", {"events/x.md": event(title="")},
         f'{X}:2: error: required field title is empty; add a line like `title: "Designing Inquiry Units"`'),
    case("empty-type", {"events/x.md": event(type="")},
         f"{X}:6: error: required field type is empty; add a line like `type: webinar`"),
    case("empty-quoted-title", {"events/x.md": event(title='""')}, (X, 2, ("title", "empty"))),
    case("blank-quoted-title", {"events/x.md": event(title='"   "')}, (X, 2, ("title", "empty"))),
    case("empty-quoted-partner", {"events/x.md": event(partner='""')}, (X, 8, ("partner", "empty"))),
    case("empty-topic-list", {"events/x.md": event(topics="[]")},
         f"{X}:7: error: topics needs at least one topic, e.g. topics: [Literacy]"),
    # -- dates and times --
    case("date-as-words", {"events/x.md": event(start="next Tuesday at 3")},
         f'{X}:3: error: start "next Tuesday at 3" is not a date and time; write it like 2025-10-14T15:00 '
         "(or 2025-10-14 for all day)"),
    case("date-us-order", {"events/x.md": event(start="10/14/2025 15:00")},
         (X, 3, ('"10/14/2025 15:00"', "2025-10-14T15:00"))),
    case("date-february-30", {"events/x.md": event(start="2025-02-30T15:00")},
         (X, 3, ('start "2025-02-30T15:00" is not a real date',))),
    case("time-hour-25", {"events/x.md": event(end="2025-10-14T25:00")},
         (X, 4, ('end "2025-10-14T25:00" is not a real date or time',))),
    case("time-am-pm", {"events/x.md": event(start="2025-10-14 3:00 PM")},
         f'{X}:3: error: start "2025-10-14 3:00 PM" uses AM/PM; write the time on a 24-hour clock, '
         "e.g. 2025-10-14T15:00 for 3 PM"),
    case("start-with-utc-offset", {"events/x.md": event(start="2025-10-14T15:00-05:00")},
         f'{X}:3: error: start "2025-10-14T15:00-05:00" has a UTC offset; write the local time without it '
         "(e.g. 2025-10-14T15:00) and set `timezone:` instead"),
    case("start-with-z", {"events/x.md": event(start="2025-10-14T15:00Z")},
         (X, 3, ("UTC offset", "timezone:"))),
    case("end-before-start", {"events/x.md": event(end="2025-10-14T14:00")},
         f'{X}:4: error: end "2025-10-14T14:00" must be after start "2025-10-14T15:00"'),
    case("end-equals-start", {"events/x.md": event(end="2025-10-14T15:00")},
         f'{X}:4: error: end "2025-10-14T15:00" must be after start "2025-10-14T15:00"'),
    case("all-day-end-before-start", {"events/x.md": event(start="2025-10-14", end="2025-10-13")},
         f'{X}:4: error: end "2025-10-13" must be on or after start "2025-10-14"'),
    case("start-date-end-datetime", {"events/x.md": event(start="2025-10-14")},
         f"{X}:4: error: start and end must both be dates (an all-day event) or both dates with times; "
         "got start 2025-10-14 and end 2025-10-14T16:00:00"),
    case("daylight-saving-gap", {"events/x.md": event(start="2026-03-08T02:30", end="2026-03-08T04:00",
                                                      timezone="America/New_York")},
         f'{X}:3: error: start "2026-03-08T02:30" does not exist in America/New_York: clocks jump forward by '
         "1 hour that night (daylight saving); pick a time outside the jump, e.g. 03:30"),
    case("year-9999", {"events/x.md": event(start="9999-12-31T22:00", end="9999-12-31T23:00")},
         (X, 3, ('"9999-12-31T22:00"',)), exact=False),
    case("year-9999-all-day", {"events/x.md": event(start="9999-12-31", end="9999-12-31")},
         (X, 3, ('"9999-12-31"',)), exact=False),
    case("year-0001-east-of-utc", {"events/x.md": event(start="0001-01-01T01:00", end="0001-01-01T02:00",
                                                        timezone="Asia/Tokyo")},
         (X, 3, ('"0001-01-01T01:00"',)), exact=False),
    # -- time zones --
    case("timezone-eastern", {"events/x.md": event(timezone="Eastern")},
         f'{X}:5: error: timezone "Eastern" is not an IANA time zone; did you mean "America/New_York"?'),
    case("timezone-est", {"events/x.md": event(timezone="EST")},
         f'{X}:5: error: timezone "EST" is not an IANA time zone; did you mean "America/New_York"?'),
    case("timezone-chicago", {"events/x.md": event(timezone="Chicago")},
         f'{X}:5: error: timezone "Chicago" is not an IANA time zone; did you mean "America/Chicago"?'),
    case("timezone-nonsense", {"events/x.md": event(timezone="Moon/Base")},
         (X, 5, ('"Moon/Base" is not an IANA time zone', "America/New_York"))),
    # -- links --
    case("url-javascript", {"events/x.md": event(registration="javascript:alert(1)")},
         f'{X}:9: error: registration "javascript:alert(1)" is not a web address; write a full web address '
         "that starts with https:// (only http and https links are allowed)"),
    case("url-javascript-mixed-case", {"events/x.md": event(registration="JaVaScRiPt:alert(1)")},
         (X, 9, ('"JaVaScRiPt:alert(1)" is not a web address', "https://"))),
    case("url-ftp", {"events/x.md": event(registration="ftp://example.org/register")},
         f'{X}:9: error: registration "ftp://example.org/register" is not a web address; write a full web '
         "address that starts with https:// (only http and https links are allowed)"),
    case("url-data", {"events/x.md": event(registration='"data:text/html,<script>alert(1)</script>"')},
         (X, 9, ("registration", "is not a web address", "https://"))),
    case("url-no-scheme", {"events/x.md": event(registration="example.org/register")},
         f'{X}:9: error: registration "example.org/register" is not a full web address; '
         'did you mean "https://example.org/register"?'),
    case("url-www-no-scheme", {"events/x.md": event(registration="www.example.org")},
         (X, 9, ('did you mean "https://www.example.org"?',))),
    # -- file names --
    case("slug-with-space", {"events/My Event.md": GOOD_EVENT},
         'content/events/My Event.md:1: error: the file name "My Event.md" is not a valid slug; rename it to '
         '"my-event.md" (lowercase letters, digits and single hyphens)'),
    case("slug-with-underscore", {"events/Event_1.md": GOOD_EVENT},
         'content/events/Event_1.md:1: error: the file name "Event_1.md" is not a valid slug; rename it to '
         '"event-1.md" (lowercase letters, digits and single hyphens)'),
    case("slug-double-hyphen", {"events/my--event.md": GOOD_EVENT},
         (X.replace("x.md", "my--event.md"), 1, ('"my--event.md" is not a valid slug', '"my-event.md"'))),
    case("page-named-events", {"pages/events.md": PAGE},
         'content/pages/events.md:1: error: the page name "events" is used by the site itself; rename the file, '
         'e.g. to "events-page.md"'),
    # -- fields and choices --
    case("unknown-field-registation", {"events/x.md": event(add=("registation: https://example.org/r",))},
         f'{X}:11: error: unknown field "registation"; did you mean "registration"?'),
    case("unknown-field-no-close-match", {"events/x.md": event(add=("zzqq: 1",))},
         (X, 11, ('unknown field "zzqq"', "extra:"))),
    case("unknown-type-webinarr", {"events/x.md": event(type="webinarr")},
         f'{X}:6: error: type "webinarr" is not one of the allowed values; did you mean "webinar"? '
         f"Valid values: {EVENT_TYPES}."),
    case("unknown-topic", {"events/x.md": event(topics="[Literasy]")},
         f'{X}:7: error: topics "Literasy" is not a topic of this site; did you mean "Literacy"? '
         "Valid values: Literacy, STEM Education, School Leadership. (site.yml lists the topics)"),
    case("unknown-forum-slug", {"events/x.md": event(add=("forum: personalizing-learnin",))},
         (X, 11, ('forum "personalizing-learnin" is not a forum of this site',
                  "content/forums/personalizing-learnin.md", 'did you mean "personalizing-learning"?'))),
    case("forum-as-title", {"events/x.md": event(add=("forum: Personalizing Learning",))},
         (X, 11, ('"Personalizing Learning" is not a slug', '"personalizing-learning"'))),
    case("partner-unknown-slug", {"events/x.md": event(partner="stem-teachers")},
         f'{X}:8: error: partner "stem-teachers" looks like a partner slug, but there is no '
         'content/partners/stem-teachers.md; did you mean "stem-teachers-network"? '
         "Valid values: literacy-network, stem-teachers-network. (or write the organization's full name)"),
    case("status-us-spelling", {"events/x.md": event(add=("status: canceled",))},
         f'{X}:11: error: status "canceled" is not one of the allowed values; did you mean "cancelled"? '
         "Valid values: scheduled, cancelled, postponed."),
    case("featured-maybe", {"events/x.md": event(add=("featured: maybe",))},
         f'{X}:11: error: featured "maybe" must be true or false'),
    case("repeat-without-until", {"events/x.md": event(add=("repeat: weekly",))},
         f"{X}:11: error: repeat: weekly needs `until:` with the last date, e.g. until: 2025-10-30"),
    case("until-without-repeat", {"events/x.md": event(add=("until: 2025-10-30",))},
         f"{X}:11: error: until is only used with `repeat: daily` or `repeat: weekly`; add repeat or remove until"),
    case("until-before-start", {"events/x.md": event(add=("repeat: weekly", "until: 2025-10-01"))},
         f'{X}:12: error: until "2025-10-01" must be on or after the start date "2025-10-14"'),
    # -- files named by fields --
    case("captions-missing-file", {"events/x.md": event(add=("archive:", "  captions: media/missing.vtt"))},
         f'{X}:12: error: archive.captions "media/missing.vtt" does not exist; put the file at '
         "content/media/missing.vtt"),
    case("captions-dot-dot", {"events/x.md": event(add=("archive:", "  captions: ../secret.vtt"))},
         f'{X}:12: error: archive.captions "../secret.vtt" must be a path inside the content folder, '
         "like media/my-session.vtt"),
    case("captions-absolute-path", {"events/x.md": event(add=("archive:", f"  captions: {TMP}/secret.vtt"))},
         (X, 12, ("archive.captions", "must be a path inside the content folder")), setup=outside_file),
    case("captions-symlink-outside", {"events/x.md": event(add=("archive:", "  captions: media/leak.vtt"))},
         f'{X}:12: error: archive.captions "media/leak.vtt" leads outside the content folder (through a link); '
         "copy the file in instead", setup=link_outside),
    # -- YAML --
    case("yaml-unquoted-colon", {"events/x.md": event(title="Math: a new approach")},
         (X, 2, ("not valid YAML", 'title: "Math: a new approach"'))),
    case("yaml-unclosed-quote", {"events/x.md": event(title='"Reading Across')}, (X, 2, ("not valid YAML", "quote"))),
    case("yaml-unclosed-bracket", {"events/x.md": event(topics="[Literacy")}, (X, 7, ("not valid YAML",))),
    case("yaml-tab-indent", {"events/x.md": event(add=("archive:", "\trecording: https://example.org/v"))},
         (X, 12, ("not valid YAML", "indent with spaces, not tabs"))),
    case("yaml-duplicate-key", {"events/x.md": event(add=('title: "Again"',))},
         f'{X}:11: error: the field "title" is written twice; keep one of them'),
    case("yaml-alias", {"events/x.md": event(summary="&a Hello", add=("audience: *a",))},
         f"{X}:11: error: YAML aliases (`*name`) are not supported; write the value out in full"),
    case("front-matter-is-a-list", {"events/x.md": "---\n- title\n- start\n---\nBody.\n"},
         f"{X}:2: error: the front matter must be a list of `field: value` lines"),
    # -- the file itself --
    case("not-utf8", {"events/x.md": event(summary='"Caf\udce9"').encode("utf-8", "surrogateescape")},
         f"{X}:10: error: the file is not UTF-8 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
    case("empty-file", {"events/x.md": ""},
         f"{X}:1: error: the file is empty; it needs a front matter block between --- lines"),
    case("no-front-matter", {"events/x.md": "# Reading Across the Curriculum\n\nJust text.\n"},
         f"{X}:1: error: the file has no front matter; start it with a line `---`, then the fields "
         "(title: ..., start: ...), then another `---` line"),
    case("front-matter-not-closed", {"events/x.md": GOOD_EVENT.replace("\n---\nA **good**", "\nA **good**")},
         f"{X}:1: error: the front matter is not closed; add a line `---` after the last field, "
         "before the description"),
    case("crlf-line-endings-keep-line-numbers", {"events/x.md": event(timezone="Eastern").replace("\n", "\r\n")},
         f'{X}:5: error: timezone "Eastern" is not an IANA time zone; did you mean "America/New_York"?'),
    case("unicode-line-separator-keeps-line-numbers",
         {"events/x.md": event(title='"Reading\u2028Across"', timezone="Eastern")},
         f'{X}:5: error: timezone "Eastern" is not an IANA time zone; did you mean "America/New_York"?'),
    case("next-line-character-is-text", {"events/x.md": event(title="Reading\u0085Across", timezone="Eastern")},
         f'{X}:5: error: timezone "Eastern" is not an IANA time zone; did you mean "America/New_York"?'),
    case("uppercase-extension", {"events/x.MD": GOOD_EVENT},
         'content/events/x.MD:1: error: the file name must end in lowercase ".md"'),
    case("file-too-large", {"events/x.md": GOOD_EVENT + "word " * 450_000},
         (X, 1, ("larger than 2 MB",))),
    case("front-matter-nested-too-deeply", {"events/x.md": event(add=("extra: " + "[" * 40 + "]" * 40,))},
         (X, 11, ("nested too deeply",))),
    case("title-too-long", {"events/x.md": event(title="x" * 301)},
         f"{X}:2: error: title is 301 characters long; keep it under 300 and put the rest in the description"),
    case("archive-not-a-block", {"events/x.md": event(add=("archive: https://video.example.org/abc",))},
         f"{X}:11: error: archive must be a block of fields on the lines below it, each indented by two spaces"),
    case("archive-resource-without-url", {"events/x.md": event(add=("archive:", "  resources:",
                                                                     '    - {title: "Planner"}'))},
         f"{X}:13: error: required field archive.resources[1].url is missing; add a line like "
         "`url: https://example.org/planner.pdf`"),
    case("forum-start-with-time", {"forums/personalizing-learning.md": FORUM.replace("2025-10-01", "2025-10-01T10:00")},
         'content/forums/personalizing-learning.md:3: error: start "2025-10-01T10:00" must be a date without a time, '
         "like 2025-10-31"),
    case("forum-end-before-start", {"forums/personalizing-learning.md": FORUM.replace("2025-10-31", "2025-09-30")},
         'content/forums/personalizing-learning.md:4: error: end "2025-09-30" must be on or after start "2025-10-01"'),
    case("partner-profile-without-name", {"partners/other-network.md": "---\nurl: https://other.example.org/\n---\n"},
         'content/partners/other-network.md:1: error: required field name is missing; add a line like '
         '`name: "STEM Teachers Network"`'),
    case("partner-logo-is-a-url", {"partners/other-network.md": "---\nname: Other Network\n"
                                                                "logo: https://other.example.org/logo.png\n---\n"},
         ("content/partners/other-network.md", 3, ('logo "https://other.example.org/logo.png"', "content/media/"))),
    case("broken-partner-profile-does-not-cascade", {"partners/stem-teachers-network.md": PARTNER.replace(
        "name: STEM Teachers Network\n", "")},
         'content/partners/stem-teachers-network.md:1: error: required field name is missing; add a line like '
         '`name: "STEM Teachers Network"`'),
    case("broken-forum-does-not-cascade",
         {"forums/personalizing-learning.md": FORUM.replace("2025-10-31", "2025-09-30"),
          "events/x.md": event(add=("forum: personalizing-learning",))},
         'content/forums/personalizing-learning.md:4: error: end "2025-09-30" must be on or after start "2025-10-01"'),
    case("page-without-title", {"pages/about.md": "---\nsummary: About us.\n---\nText.\n"},
         'content/pages/about.md:1: error: required field title is missing; add a line like `title: "About"`'),
    # -- several errors at once --
    case("several-errors-in-two-files",
         {"events/b-second.md": event(start="2025-10-14T03:00 pm", registration="ftp://example.org"),
          "events/a-first.md": event(timezone="Eastern", type="webinarr", add=("featured: maybe",))},
         (f"{X[:-4]}a-first.md", 5, ('"Eastern"', "America/New_York")),
         (f"{X[:-4]}a-first.md", 6, ('"webinarr"', '"webinar"')),
         (f"{X[:-4]}a-first.md", 11, ('"maybe"', "true or false")),
         (f"{X[:-4]}b-second.md", 3, ("AM/PM",)),
         (f"{X[:-4]}b-second.md", 9, ('"ftp://example.org"', "https://"))),
    case("field-and-reference-errors-in-one-file",
         {"events/x.md": event(type="webinarr", topics="[Literasy]", add=("forum: nope",))},
         (X, 6, ('"webinarr"', '"webinar"')),
         (X, 7, ('"Literasy"', '"Literacy"')),
         (X, 11, ('forum "nope"',))),
    case("time-and-reference-errors-in-one-file",
         {"events/x.md": event(end="2025-10-14T14:00", partner="stem-teachers")},
         (X, 4, ("must be after start",)),
         (X, 8, ('"stem-teachers"', '"stem-teachers-network"'))),
    # -- site.yml --
    case("site-yml-missing", {"site.yml": None},
         "content/site.yml:1: error: site.yml is missing; every site needs one with title, base_url, month "
         "and timezone"),
    case("site-yml-base-url-no-scheme", {"site.yml": SITE_YML.replace("https://cem.example.org/", "cem.example.org")},
         'content/site.yml:2: error: base_url "cem.example.org" is not a full web address; '
         'did you mean "https://cem.example.org"?'),
    case("site-yml-base-url-javascript",
         {"site.yml": SITE_YML.replace("https://cem.example.org/", "javascript:alert(1)")},
         ("content/site.yml", 2, ('base_url "javascript:alert(1)" is not a web address', "https://"))),
    case("site-yml-base-url-with-query",
         {"site.yml": SITE_YML.replace("https://cem.example.org/", "https://cem.example.org/cem?lang=en#top")},
         ("content/site.yml", 2, ('base_url "https://cem.example.org/cem?lang=en#top"',))),
    case("site-yml-timezone", {"site.yml": SITE_YML.replace("America/New_York", "Eastern")},
         'content/site.yml:4: error: timezone "Eastern" is not an IANA time zone; did you mean "America/New_York"?'),
    # -- site.yml's menus (the lines after SITE_YML's six) --
    case("site-yml-nav-path-without-slash", {"site.yml": SITE_YML + "nav:\n  - {title: Topics, url: topics/}\n"},
         'content/site.yml:8: error: nav[1].url "topics/" is neither a path on this site nor a web address; did you '
         f'mean "/topics/"? {MENU_LINK}'),
    case("site-yml-nav-javascript", {"site.yml": SITE_YML + "nav:\n  - {title: Topics, url: /topics/}\n"
                                                            "  - {title: Hi, url: 'javascript:alert(1)'}\n"},
         f'content/site.yml:9: error: nav[2].url "javascript:alert(1)" is not an https:// address. {MENU_LINK}'),
    case("site-yml-footer-http", {"site.yml": SITE_YML + "footer:\n  - title: Blog\n    url: http://blog.example.org/\n"},
         'content/site.yml:9: error: footer[1].url "http://blog.example.org/" is not an https:// address; did you '
         f'mean "https://blog.example.org/"? {MENU_LINK}'),
    case("site-yml-nav-leaves-the-site", {"site.yml": SITE_YML + "nav:\n  - {title: Admin, url: /%2e%2e/admin/}\n"},
         'content/site.yml:8: error: nav[1].url "/%2e%2e/admin/" must not have "." or ".." parts; write the path from '
         'the site\'s root, like "/topics/"'),
    case("site-yml-nav-not-a-list", {"site.yml": SITE_YML + "nav: /topics/\n"},
         'content/site.yml:7: error: nav must be a list, one "- {title: ..., url: ...}" line per item'),
    case("site-yml-footer-without-title", {"site.yml": SITE_YML + "footer:\n  - {titel: About, url: /about/}\n"},
         "content/site.yml:8: error: required field footer[1].title is missing; add a line like `title: Partners`",
         'content/site.yml:8: error: unknown field "footer[1].titel"; did you mean "footer[1].title"?'),
    case("site-yml-nav-too-long", {"site.yml": SITE_YML + "nav:\n" + "  - {title: Topics, url: /topics/}\n" * 31},
         "content/site.yml:8: error: nav has 31 items; at most 30 are allowed: keep the most important ones"),
]

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning): (?P<message>.+)$")
SUMMARY = re.compile(r"^\d+ errors?; nothing was written$")


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (and every symlink and folder) -> a hash of its bytes."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            hashes[key] = "link:" + os.readlink(path)
        elif path.is_dir():
            hashes[key] = "dir"
        else:
            hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def tree_stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path's inode and modification time: an untouched folder was not even rewritten."""
    return {p.relative_to(folder).as_posix(): (p.lstat().st_ino, p.lstat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def apply(root: Path, files: dict[str, str | bytes | None]) -> None:
    content = root / "content"
    for relative, data in files.items():
        path = content / relative
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data.replace(TMP, str(root)), encoding="utf-8")


def error_lines(stderr: str) -> list[tuple[str, int, str]]:
    found = []
    for line in stderr.splitlines():
        match = LINE.match(line)
        if match and match["severity"] == "error":
            found.append((match["path"], int(match["line"]), line))
    return found


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good site and its output, built once; each case starts from a copy of both."""
    root = tmp_path_factory.mktemp("good")
    write_site(root, BASE_FILES)
    result = run_cli("build", "--content", "content", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["built content into out"]
    return root


@pytest.mark.parametrize("broken", CASES)
def test_broken_file_is_reported_and_output_kept(tmp_path: Path, good_site: Path, broken: Case) -> None:
    shutil.copytree(good_site / "content", tmp_path / "content", symlinks=True)
    shutil.copytree(good_site / "out", tmp_path / "out", symlinks=True)
    before = tree_hashes(tmp_path / "out")
    assert "index.html" in before
    assert before == tree_hashes(good_site / "out")
    stats = tree_stats(tmp_path / "out")

    if broken.setup:
        broken.setup(tmp_path)
    apply(tmp_path, broken.files)
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)

    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    errors = error_lines(result.stderr)
    lines = result.stderr.splitlines()
    for expected in broken.expect:
        if isinstance(expected, str):
            assert expected in lines, f"expected line:\n{expected}\ngot:\n{result.stderr}"
        else:
            path, number, words = expected
            prefix = f"{path}:{number}: error: "
            matching = [line for line in lines if line.startswith(prefix) and all(w in line for w in words)]
            assert matching, f"expected {prefix}... with {words}\ngot:\n{result.stderr}"
    if broken.exact:
        assert len(errors) == len(broken.expect), f"expected {len(broken.expect)} error(s), got:\n{result.stderr}"
    assert [(p, n) for p, n, _ in errors] == sorted((p, n) for p, n, _ in errors), "errors not sorted by file, line"
    assert SUMMARY.match(lines[-1]), result.stderr
    assert lines[-1].startswith(f"{len(errors)} error")
    assert tree_hashes(tmp_path / "out") == before, "the previous output folder changed"
    assert tree_stats(tmp_path / "out") == stats, "the previous output folder was rewritten"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == sorted(  # .cache: the build cache
        ["content", "out", *(["secret.vtt"] if broken.setup else [])]), "a stray folder was left beside out"


# ---- commands ----

def test_check_writes_nothing(tmp_path: Path) -> None:
    write_site(tmp_path, BASE_FILES)
    before = tree_hashes(tmp_path)
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert tree_hashes(tmp_path) == before
    assert not (tmp_path / "output").exists()

    apply(tmp_path, {"events/x.md": event(timezone="Eastern")})
    before = tree_hashes(tmp_path)
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert f'{X}:5: error: timezone "Eastern" is not an IANA time zone; did you mean "America/New_York"?' \
        in result.stderr.splitlines()
    assert tree_hashes(tmp_path) == before


def test_check_takes_no_out_argument(tmp_path: Path) -> None:
    write_site(tmp_path, BASE_FILES)
    result = run_cli("check", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, words", [
    pytest.param(["frobnicate", "--content", "content"], ["invalid choice", "build", "check"], id="unknown-command"),
    pytest.param([], ["build", "check"], id="no-command"),
    pytest.param(["build", "--content", "nothere", "--out", "out"], ["nothere", "does not exist"],
                 id="build-missing-content-folder"),
    pytest.param(["check", "--content", "nothere"], ["nothere", "does not exist"], id="check-missing-content-folder"),
    pytest.param(["build", "--content", "content", "--out", "content"], ["--out content", "content folder"],
                 id="out-equals-content"),
    pytest.param(["build", "--content", "content", "--out", "./content/"], ["content folder"],
                 id="out-equals-content-spelled-differently"),
    pytest.param(["build", "--content", "content", "--out", "content/site"], ["content folder"],
                 id="out-inside-content"),
    pytest.param(["build", "--content", "content", "--out", "."], ["--out ."], id="out-is-current-folder"),
    pytest.param(["build", "--content", "content", "--out", "content/site.yml"], ["content"],
                 id="out-is-a-content-file"),
    pytest.param(["build", "--content", "content", "--bogus"], ["--bogus"], id="unknown-option"),
])
def test_usage_errors_exit_2_and_touch_nothing(tmp_path: Path, args: list[str], words: list[str]) -> None:
    write_site(tmp_path, BASE_FILES)
    before = tree_hashes(tmp_path)
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert tree_hashes(tmp_path) == before


def test_out_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    write_site(tmp_path, BASE_FILES)
    (tmp_path / "out").write_text("keep me", encoding="utf-8")
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert (tmp_path / "out").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command", [["build", "--out", "out"], ["check"]], ids=["build", "check"])
def test_debug_option_exists(tmp_path: Path, command: list[str]) -> None:
    write_site(tmp_path, BASE_FILES)
    helped = run_cli(command[0], "--help", cwd=tmp_path)
    assert helped.returncode == 0
    assert "--debug" in helped.stdout
    result = run_cli(*command, "--content", "content", "--debug", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    apply(tmp_path, {"events/x.md": event(timezone="Eastern")})
    result = run_cli(*command, "--content", "content", "--debug", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr  # content errors are not internal errors, even with --debug
    assert f'{X}:5: error: timezone "Eastern"' in result.stderr


@pytest.mark.parametrize("given", ["content/", "ABSOLUTE"], ids=["trailing-slash", "absolute"])
def test_messages_name_the_content_folder_as_given(tmp_path: Path, given: str) -> None:
    write_site(tmp_path, {**BASE_FILES, "events/x.md": event(timezone="Eastern")})
    folder = str(tmp_path / "content") if given == "ABSOLUTE" else given
    result = run_cli("check", "--content", folder, cwd=tmp_path)
    assert result.returncode == 1
    shown = folder.rstrip("/")
    assert f'{shown}/events/x.md:5: error: timezone "Eastern" is not an IANA time zone; ' \
        'did you mean "America/New_York"?' in result.stderr.splitlines(), result.stderr


def test_build_summary_line_on_success(tmp_path: Path) -> None:
    write_site(tmp_path, BASE_FILES)
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.splitlines()[-1] == "built content into out"


# ---- fuzz: random damage to a good event never crashes the builder ----

JUNK = [":", ": ", "-", "- ", "[", "]", "{", "}", "'", '"', "#", "&", "*", "!", "|", ">", "%", "@", "`", ",", "?",
        "\t", "\\", "---", "\x00", "\x01", "\x07", "\x1b", "\x7f", "\u0085", "\u2028", "\u2029", "\ufeff", "\u200b",
        "\u202e", "\U0001f600", "é", "ß", "中文", "\u0301",
        "\r", "\r\n", "\n", "  ", "<script>", "{{", "}}", "{%", "%}", "..", "/", "~", "null", "NO", "0x1F",
        "9999-99-99", "T25:61", "2025-10-14", "\U0010ffff"]


def mutate(rng: random.Random, text: str) -> tuple[str, str]:
    """One random damage to `text`; returns (new text, what was done)."""
    lines = text.split("\n")
    kind = rng.choice(["delete", "duplicate", "insert", "insert", "insert", "truncate", "swap", "replace"])
    index = rng.randrange(len(lines))
    if kind == "delete":
        del lines[index]
        return "\n".join(lines), f"delete line {index + 1}"
    if kind == "duplicate":
        lines.insert(index, lines[index])
        return "\n".join(lines), f"duplicate line {index + 1}"
    if kind == "swap":
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
        return "\n".join(lines), f"swap lines {index + 1} and {other + 1}"
    if kind == "truncate":
        cut = rng.randrange(len(text))
        return text[:cut], f"truncate at {cut}"
    junk = "".join(rng.choice(JUNK) for _ in range(rng.randint(1, 4)))
    if kind == "replace":
        line = lines[index]
        start = rng.randrange(len(line) + 1)
        lines[index] = line[:start] + junk + line[start + rng.randint(0, 5):]
        return "\n".join(lines), f"replace in line {index + 1} at {start} with {junk!r}"
    position = rng.randrange(len(text) + 1)
    return text[:position] + junk + text[position:], f"insert {junk!r} at {position}"


FUZZ_EVENT = event(add=("presenters: [Maria Garcia, Kwame Okafor]", "audience: [Teachers]", "repeat: weekly",
                        "until: 2025-10-28", "forum: personalizing-learning", "archive:",
                        "  captions: media/talk.vtt", "  takeaways: [\"One\", \"Two\"]",
                        "  resources:", "    - {title: \"Planner\", url: \"https://example.org/p.pdf\"}"),
                   body="# Heading\n\nA **good** event with a [link](https://example.org/).\n")
FUZZ_RUNS = 100 * FUZZ_SCALE


def fuzz_cases() -> list[tuple[str, bytes]]:
    rng = random.Random(20251014)
    cases = []
    for _ in range(FUZZ_RUNS):
        text, what = FUZZ_EVENT, []
        for _ in range(rng.randint(1, 3)):
            text, done = mutate(rng, text)
            what.append(done)
        cases.append(("; ".join(what), text.encode("utf-8")))
    return cases


@pytest.fixture(scope="module")
def fuzz_results(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[int, str, bytes, int, str]]:
    """Every mutation built once, one after the other in one site folder, through the command line
    in this process (run_cli; serial, as it changes the working folder): (run, what, file, exit
    status, stderr)."""
    root = tmp_path_factory.mktemp("fuzz")
    write_site(root, {**BASE_FILES, "events/x.md": FUZZ_EVENT})
    good = run_cli("build", "--content", "content", "--out", "out", cwd=root)
    assert good.returncode == 0, good.stderr
    target = root / "content" / "events" / "x.md"
    done = []
    for run, (what, data) in enumerate(fuzz_cases()):
        target.write_bytes(data)
        result = run_cli("build", "--content", "content", "--out", "out", cwd=root)
        done.append((run, what, data, result.returncode, result.stderr))
    assert len(done) == FUZZ_RUNS
    return done


@pytest.mark.xdist_group("fuzz")  # one worker makes fuzz_results
def test_fuzzed_event_files_never_crash(fuzz_results: list[tuple[int, str, bytes, int, str]]) -> None:
    failures = []
    for run, what, data, status, stderr in fuzz_results:
        lines = stderr.splitlines()
        problem = None
        if status not in (0, 1):
            problem = f"exit {status}"
        elif "Traceback" in stderr:
            problem = "traceback"
        elif status == 1:
            bad = [line for line in lines[:-1] if not re.match(r"^content/\S+:\d+: (error|warning): .+", line)]
            if bad or not lines or not SUMMARY.match(lines[-1]):
                problem = f"unexpected stderr lines {bad or lines[-1:]}"
        if problem:
            failures.append(f"run {run} ({what}): {problem}\n  file: {data!r}\n  stderr: {stderr}")
    assert not failures, f"{len(failures)} of {FUZZ_RUNS} mutations misbehaved:\n" + "\n".join(failures[:15])
    statuses = {status for *_, status, _ in fuzz_results}
    assert statuses == {0, 1}, f"the mutations should both break and keep the file valid; got {statuses}"


@pytest.mark.xdist_group("fuzz")  # one worker makes fuzz_results
def test_fuzzed_errors_point_at_a_line_of_the_file(fuzz_results: list[tuple[int, str, bytes, int, str]]) -> None:
    """A line number past the end of the file (as editors count lines) cannot be opened."""
    failures = []
    for run, what, data, _status, stderr in fuzz_results:
        count = len(re.split(rb"\r\n|\r|\n", data))
        for path, number, line in error_lines(stderr):
            if path == X and not 1 <= number <= count:
                failures.append(f"run {run} ({what}): line {number} of a {count}-line file: {line}\n  file: {data!r}")
    assert not failures, f"{len(failures)} wrong line number(s):\n" + "\n".join(failures[:10])
