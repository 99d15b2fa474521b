"""The partners' contract as data: every front-matter field, what it accepts, and why.

One declarative table per kind of file (site, event, forum, partner, page). Each field
names a parser that turns the typed text into a Python value or raises `Invalid` with
a message a partner can act on. Unknown fields are refused with a suggestion, because
a misspelt optional field (`registation`) would otherwise vanish silently.

An event field is declared once, in EVENT: what it accepts, what partners are told of it,
its default, the event types it is for, and whether the model keeps it as it is, events.json
publishes it and calendars carry it. The model's Event (builder/content/model.py), the JSON
export and its schema (builder/outputs/events_json.py, events.schema.json) and the partner
guide's table of fields (guide_table) follow from it; tests/test_fields.py holds them to it.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, unquote, urlsplit

from builder import routes
from builder.content import colors, names, pngchunks, svg, webvtt
from builder.content.languages import check_language
from builder.content.limits import (
    MAX_AUDIENCE,
    MAX_BADGE_IMAGE,
    MAX_CHAPTERS,
    MAX_MARKDOWN,
    MAX_MEDIA_TEXT,
    MAX_MENU_LINKS,
    MAX_PATH,
    MAX_PEOPLE,
    MAX_RESOURCES,
    MAX_SITE_LIST,
    MAX_SLUG,
    MAX_TAKEAWAYS,
    MAX_TEXT,
    MAX_TOPICS,
    MAX_URL,
)
from builder.content.markup import markdown_problem
from builder.content.sources import UNCARRIED, Node
from builder.content.zones import check_zone

SLUG_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
WHEN_PATTERN = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
)


@dataclass(frozen=True)
class Kind:
    """An event type: the name pages show, what partners choose it for (the guide's table), and how
    many hours one session usually lasts at most (None: it may run for days, like a contest); a
    longer event gets a warning, since it is most often a slip in `end`."""

    name: str
    use: str
    longest: int | None = None


EVENT_TYPES = {  # slug -> Kind, in the contract's order
    "webinar": Kind("Webinar", "A presentation with questions, usually an hour", longest=4),
    "chat": Kind("Chat", "A live text or video conversation, often on social media", longest=2),
    # No usual length: a partner lists a forum's live session (office hours) or the month-long forum itself.
    "forum": Kind("Forum", "A live session inside one of the month-long forums, like office hours, or the forum itself"),
    "open-house": Kind("Open house", "A drop-in visit to meet people or see a space", longest=8),
    "guided-tour": Kind("Guided tour", "A guided walk through a place, a tool or a collection", longest=4),
    "contest": Kind("Contest", "A competition for students or educators"),
    "book-club": Kind("Book club", "A discussion of a book", longest=3),
    "class": Kind("Class", "A hands-on learning session where participants practice or build something", longest=8),
    "conference-session": Kind("Conference session", "A session of the two-day kick-off conference (organizers only)", longest=3),
    "launch": Kind("Launch", "The launch of a new resource, program or forum", longest=4),
    "exhibit": Kind("Exhibit", "A virtual exhibit or showcase"),
    "collaborative-project": Kind("Collaborative project", "A project many classrooms take part in over days or weeks"),
    "poll": Kind("Poll", "A survey or poll for the community"),
    "badge": Kind("Open badge", "A micro-credential or digital badge activity"),
    "other": Kind("Other", "Anything else"),
}
STATUSES = ("scheduled", "cancelled", "postponed")
REPEATS = ("daily", "weekly")
ACCESSIBILITY = {  # slug -> what pages, feeds and calendars call it
    "captions": "Live captions",
    "asl": "ASL interpretation",
    "transcript": "Transcript",
    "slides-in-advance": "Slides shared in advance",
}
GRADES = {  # slug -> what pages, feeds and calendars call the grade band
    "prek": "PreK",
    "k-2": "K-2",
    "3-5": "3-5",
    "6-8": "6-8",
    "9-12": "9-12",
    "higher-ed": "Higher Ed",
    "adult": "Adult learners",
}
# Other ways people write a band: its slugified spelling -> the band's slug.
GRADE_SPELLINGS = {"pre-k": "prek", "pk": "prek", "preschool": "prek", "higher-education": "higher-ed",
                   "college": "higher-ed", "university": "higher-ed", "adult-learners": "adult", "adults": "adult",
                   "adult-education": "adult", "k2": "k-2", "k-2nd": "k-2"}
CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP"}  # "$" is taken for US dollars: write "25 CAD" for others
CURRENCIES = frozenset({"USD", "CAD", "MXN", "EUR", "GBP", "AUD", "NZD", "INR", "JPY", "CHF", "ZAR", "BRL", "SEK",
                        "NOK", "DKK", "SGD", "HKD", "CNY", "KRW", "PHP", "NGN", "KES"})
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


class Invalid(Exception):
    """A value that cannot be accepted; the message starts with the quoted value or a verb."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Context:
    """What parsers need to know beyond the value itself."""

    root: Path  # the content folder: every file a field names must resolve inside it


Parser = Callable[[Node, Context], Any]


class FromSite:
    """The default of a field that site.yml also has: the site's value (an event's `timezone`)."""

    def __repr__(self) -> str:
        return "FROM_SITE"


FROM_SITE = FromSite()


@dataclass(frozen=True)
class Export:
    """How /events.json carries a field: under the field's name, the model's value as JSON (a list for
    a tuple, ISO 8601 for a date), described for the people who read the file; `schema` is the
    JSON Schema of that value in builder/outputs/events.schema.json."""

    doc: str
    schema: dict[str, Any]


@dataclass(frozen=True)
class Field:
    parse: Parser
    doc: str  # what partners are told to write: the partner guide's table of fields (guide_table)
    required: bool = False
    example: str = ""  # the line(s) of a file that give it, for messages and tests
    max_items: int | None = None  # a list of more items is refused (builder/content/limits.py)
    path_part: bool = False  # each name becomes part of a web address (partners/<slug>/): its slug is limited
    default: Any = None  # the value when it is left out; FROM_SITE: site.yml's field of the same name
    types: tuple[str, ...] = ()  # the event types it is for (another type's file gets a warning); (): all
    kept: bool = True  # the model keeps the value (or default) as the attribute of the same name; False: makes it
    json: Export | None = None  # None: events.json does not publish it as it is (events_json.py makes its keys)
    calendar: bool = False  # calendars (.ics) carry it (builder/outputs/ics.py)
    organizers: bool = False  # only organizers write it: the /submit/ form leaves it out

    def form(self, name: str) -> dict[str, Any]:
        """How the /submit/ form asks for it (builder/outputs/submit.py): its name, doc, whether it
        is required, its input kind (FORM_KINDS), the choices the schema gives it, its list limit
        and the event types it is for. The site's own lists are added by the page."""
        kind = FORM_KINDS.get(getattr(self.parse, "kind", None) or self.parse, "other")
        return {"name": name, "doc": self.doc, "required": self.required, "example": self.example,
                "kind": kind, "choices": list(getattr(self.parse, "options", ())),
                "max_items": self.max_items, "types": list(self.types)}


def shown(value: str) -> str:
    """Quote a partner's value for a message, shortened. Control characters are made visible where
    every message is printed (problems.Problem), whatever part of it they are in."""
    return f'"{value if len(value) <= 60 else value[:57] + "..."}"'


def suggest(value: str, choices: list[str] | tuple[str, ...], list_when_short: bool = True) -> str:
    """'; did you mean "x"?' and, for short lists, the valid values."""
    lowered = {choice.lower(): choice for choice in choices}
    match = lowered.get(value.lower().strip()) or next(iter(difflib.get_close_matches(
        value.lower(), list(lowered), n=1, cutoff=0.6)), None)
    hint = f'; did you mean "{lowered[match] if match in lowered else match}"?' if match else ""
    if list_when_short and 0 < len(choices) <= 16:
        hint += " Valid values: " + ", ".join(choices) + "."
    return hint


# ---- parsers: each takes the typed node and returns a value or raises Invalid ----

def _scalar(node: Node) -> str:
    if isinstance(node.value, list):
        raise Invalid("must be a single value, not a list")
    if isinstance(node.value, dict):
        raise Invalid("must be a single value, not a group of fields; check the indentation of the lines below it")
    assert node.value is not None
    return node.value


# Unicode's control (Cc: U+0000-001F, U+007F-009F) and surrogate (Cs) characters but tab and
# newline, and the two non-characters U+FFFE and U+FFFF.


def clean(value: str) -> str:
    """Drop characters no page, feed or calendar can carry (control characters but tab and newline,
    lone surrogates, non-characters), which YAML escapes like "\\x07" or "\\ud800" can produce."""
    return UNCARRIED.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def text(node: Node, ctx: Context) -> str:
    """Plain text, kept as typed (a title with a newline keeps it), without unprintable characters."""
    value = clean(_scalar(node)).strip()
    if len(value) > MAX_TEXT:
        raise Invalid(f"is {len(value)} characters long; keep it under {MAX_TEXT} and put the rest in the description")
    return value


def one_line(node: Node, ctx: Context) -> str:
    """A name (partner, presenter, topic, audience, track): one line, runs of spaces folded, and
    nothing hidden in it: two names that look the same must be the same name (builder/content/names.py)."""
    value = _scalar(node)
    found = names.hidden(value)
    if found is not None:
        index, what = found
        before = " ".join(value[:index].split()[-3:])
        where = f"after {shown(before)}" if before else "at its start"
        raise Invalid(f"contains {what}, {names.describe(value[index])}, {where}; delete it (retype the name "
                      "if you cannot see it): such characters make different names look the same")
    return _line(node, ctx)


def _line(node: Node, ctx: Context) -> str:
    """Text on one line: runs of white space folded to one space."""
    return " ".join(text(node, ctx).split())


def markdown_text(node: Node, ctx: Context) -> str:
    """Markdown in a field (an archive's summary, a forum's synthesis), within the limits of length
    and shape that keep the pages and the proceedings PDF buildable."""
    value = clean(_scalar(node)).strip()
    if len(value) > MAX_MARKDOWN:
        raise Invalid(f"is {len(value):,} characters long; at most {MAX_MARKDOWN:,} are allowed: shorten it, or link "
                      "to a longer document")
    problem = markdown_problem(value, printed=True)
    if problem:
        raise Invalid(problem)
    return value


def url(node: Node, ctx: Context) -> str:
    value = _scalar(node).strip()
    if len(value) > MAX_URL:
        raise Invalid(f"{shown(value)} is {len(value):,} characters long; a web address may have at most "
                      f"{MAX_URL:,}: link to a shorter address of the same page")
    parts = _split_url(value) if value.isprintable() and " " not in value else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        start = "write a full web address that starts with https://"
        if parts is not None and parts.scheme == "" and "." in value.split("/")[0]:
            raise Invalid(f'{shown(value)} is not a full web address; did you mean "https://{value}"?')
        raise Invalid(f"{shown(value)} is not a web address; {start} (only http and https links are allowed)")
    # An address typed with accents (https://lit.example.org/café) is kept as readers' browsers send it.
    return quote(value, safe=":/?#[]@!$&'()*+,;=%~")


def _split_url(value: str) -> SplitResult | None:
    """The parts of a web address; None for text that cannot be one (urlsplit raises ValueError
    for a bracket left open, such as http://[::1)."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number from 0 to 65535
    except ValueError:
        return None
    return parts


MENU_LINK = 'A menu link is a path on this site that starts with "/", like "/topics/", or a full address that ' \
            "starts with https://"


def site_link(node: Node, ctx: Context) -> str:
    """Where a menu link of site.yml leads: a path on this site (`/topics/`, which the model puts
    under base_url's path), or a full https:// address. Kept as typed, with what a link cannot
    carry percent-encoded, as `url` does."""
    value = _scalar(node).strip()
    scheme = re.match(r"(?i)([a-z][a-z0-9+.-]*):", value)
    if scheme:
        name = scheme.group(1).lower()
        parts = _split_url(value) if value.isprintable() and " " not in value else None
        if name == "https" and parts is not None and parts.hostname:
            return url(node, ctx)
        if name == "https":
            raise Invalid(f"{shown(value)} is not a full web address. {MENU_LINK}")
        meant = f'; did you mean "https{value[len(name):]}"? ' if name == "http" else ". "
        raise Invalid(f"{shown(value)} is not an https:// address{meant}{MENU_LINK}")
    if len(value) > MAX_URL:
        raise Invalid(f"{shown(value)} is {len(value):,} characters long; a web address may have at most {MAX_URL:,}")
    if not value.startswith("/") or value.startswith("//"):
        bare = value.removeprefix("//")
        meant = f"https://{bare}" if "." in bare.split("/")[0] else "/" + bare
        raise Invalid(f'{shown(value)} is neither a path on this site nor a web address; did you mean "{meant}"? '
                      f"{MENU_LINK}")
    safe = ":/?#[]@!$&'()*+,;=%~"
    if not value.isprintable():
        raise Invalid(f"{shown(value)} has a control character; retype the path")
    if " " in value or "\\" in value:
        meant = quote(value.replace("\\", "/"), safe=safe)
        raise Invalid(f'{shown(value)} must not have spaces or "\\"; did you mean {shown(meant)}?')
    path = unquote(re.split(r"[?#]", value, maxsplit=1)[0])  # browsers read "%2e%2e" as ".."
    if {".", ".."} & set(path.split("/")):
        raise Invalid(f'{shown(value)} must not have "." or ".." parts; write the path from the site\'s root, '
                      'like "/topics/"')
    return quote(value, safe=safe)


def when(node: Node, ctx: Context) -> date | datetime:
    """A date (all-day) or a local wall time; an offset or `Z` is refused so the zone stays in one place."""
    value = _scalar(node).strip()
    match = WHEN_PATTERN.fullmatch(value)
    if not match:
        if re.fullmatch(r".*\d(Z|[+-]\d{2}:?\d{2})", value):
            raise Invalid(f"{shown(value)} has a UTC offset; write the local time without it "
                          "(e.g. 2025-10-14T15:00) and set `timezone:` instead")
        if re.search(r"(?i)\d\s*(am|pm)\b", value):
            raise Invalid(f"{shown(value)} uses AM/PM; write the time on a 24-hour clock, e.g. 2025-10-14T15:00 for 3 PM")
        raise Invalid(f"{shown(value)} is not a date and time; write it like 2025-10-14T15:00 (or 2025-10-14 for all day)")
    parts = {key: int(number) for key, number in match.groupdict().items() if number is not None}
    if not 1900 <= parts["y"] <= 2200:
        raise Invalid(f"{shown(value)} has the year {parts['y']}; use a year between 1900 and 2200")
    try:
        if "H" not in parts:
            return date(parts["y"], parts["m"], parts["d"])
        # a wall time on purpose: the zone is applied by validation, which can report a DST gap
        return datetime(parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts.get("S", 0))  # noqa: DTZ001
    except ValueError as error:
        raise Invalid(f"{shown(value)} is not a real date or time ({error})") from None


def day(node: Node, ctx: Context) -> date:
    value = when(node, ctx)
    if isinstance(value, datetime):
        raise Invalid(f"{shown(_scalar(node))} must be a date without a time, like 2025-10-31")
    return value


def timezone(node: Node, ctx: Context) -> str:
    value = _scalar(node).strip()
    problem = check_zone(value)
    if problem:
        raise Invalid(f"{shown(value)} {problem}")
    return value


def slug(node: Node, ctx: Context) -> str:
    value = _scalar(node).strip()
    if len(value) > MAX_SLUG:
        raise Invalid(f"{shown(value)} is {len(value):,} characters long; a slug has at most {MAX_SLUG}")
    if not SLUG_PATTERN.fullmatch(value):
        raise Invalid(f"{shown(value)} is not a slug; use lowercase letters, digits and single hyphens, "
                      f'like "{slugify(value) or "my-forum"}"')
    return value


def base_url(node: Node, ctx: Context) -> str:
    """The site's address: every link, feed and UID is built on it, so it has no query or fragment."""
    value = url(node, ctx)
    parts = urlsplit(value)
    if parts.query or parts.fragment or "?" in value or "#" in value:
        raise Invalid(f'{shown(value)} must not have "?" or "#" parts; write it like '
                      f"{parts.scheme}://{parts.netloc}{parts.path or '/'}")
    return value


def month(node: Node, ctx: Context) -> date:
    value = _scalar(node).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise Invalid(f"{shown(value)} is not a month; write it like 2025-10")
    return date(int(match.group(1)), int(match.group(2)), 1)


def boolean(node: Node, ctx: Context) -> bool:
    value = _scalar(node).strip().lower()
    if value in ("true", "yes", "on"):
        return True
    if value in ("false", "no", "off"):
        return False
    raise Invalid(f"{shown(value)} must be true or false")


def choice(options: tuple[str, ...]) -> Parser:
    def parse(node: Node, ctx: Context) -> str:
        value = _scalar(node).strip()
        if value not in options:
            hint = suggest(value, options)
            raise Invalid(f"{shown(value)} is not one of the allowed values{hint if hint.startswith(';') else '.' + hint}")
        return value
    parse.kind = choice  # type: ignore[attr-defined]
    parse.options = options  # type: ignore[attr-defined]
    return parse


def text_list(node: Node, ctx: Context, item: Parser = one_line) -> tuple[str, ...]:
    """A list of names; a single value is accepted as a list of one."""
    items = node.value if isinstance(node.value, list) else [node]
    values = []
    for entry in items:
        if entry.value is None:
            continue
        try:
            values.append(item(entry, ctx))
        except Invalid as error:
            raise Invalid(f"has an item that {error.message}", entry.line) from None
    return tuple(dict.fromkeys(values))


def sentences(node: Node, ctx: Context) -> tuple[str, ...]:
    """A list of short texts that are not names (takeaways), each on one line."""
    return text_list(node, ctx, _line)


def content_file(extensions: tuple[str, ...]) -> Parser:
    """A path under the content folder; links leading outside it are refused."""
    def parse(node: Node, ctx: Context) -> str:
        value = _scalar(node).strip()
        return resolve_content_path(value, ctx.root, extensions)
    parse.kind = content_file  # type: ignore[attr-defined]
    return parse


def file_or_url(extensions: tuple[str, ...]) -> Parser:
    def parse(node: Node, ctx: Context) -> str:
        value = _scalar(node).strip()
        if re.match(r"(?i)[a-z][a-z0-9+.-]*:", value):
            return url(node, ctx)
        return resolve_content_path(value, ctx.root, extensions)
    return parse


def resolve_content_path(value: str, root: Path, extensions: tuple[str, ...]) -> str:
    """Return the POSIX path relative to the content folder, after proving it stays inside."""
    if re.match(r"(?i)[a-z][a-z0-9+.-]*:", value):
        raise Invalid(f"{shown(value)} is a link, but this must be a file under content/media/; download it "
                      f"there and write its path, like media/{value.rstrip('/').rsplit('/', 1)[-1] or 'file'}")
    if len(value) > MAX_PATH:
        raise Invalid(f"{shown(value)} is {len(value):,} characters long; a file's path may have at most {MAX_PATH}: "
                      "give the file a shorter name, in content/media/")
    relative = value.replace("\\", "/").removeprefix("content/")
    if relative.startswith("/") or ".." in relative.split("/") or not value.isprintable():
        raise Invalid(f"{shown(value)} must be a path inside the content folder, like media/my-session.vtt")
    # The file is copied to the same path under the output folder: written one way only.
    relative = "/".join(part for part in relative.split("/") if part not in ("", "."))
    if routes.generated(relative):
        folder = relative.split("/", 1)[0]
        raise Invalid(f"{shown(value)} is where the site writes files of its own (/{folder}"
                      f"{'/' if '/' in relative else ''}); put the file in content/media/, like "
                      f"media/{relative.rsplit('/', 1)[-1]}")
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", relative):
        raise Invalid(f"{shown(value)} has spaces or special characters, which break links; rename the file "
                      f'with letters, digits and hyphens only, like "{slugify(relative.rsplit(".", 1)[0])}'
                      f'.{relative.rsplit(".", 1)[-1]}"')
    if extensions and not relative.lower().endswith(extensions):
        raise Invalid(f"{shown(value)} must be a file ending in " + " or ".join(extensions))
    full = root / relative
    try:
        real = full.resolve(strict=True)
        inside = real.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):
        raise Invalid(f"{shown(value)} does not exist; put the file at content/{relative}") from None
    if not inside:
        raise Invalid(f"{shown(value)} leads outside the content folder (through a link); copy the file in instead")
    # A link leads only where its own path could have led: never into the build's folders, such as
    # badges/, whose earners files hold e-mail addresses that must not reach the output.
    target = real.relative_to(root.resolve(strict=True)).as_posix()
    if routes.generated(target):
        raise Invalid(f"{shown(value)} is a link to content/{target}, which the site never publishes as a file "
                      "(a badge's earners file holds e-mail addresses); copy the file to content/media/ instead")
    if not real.is_file():
        raise Invalid(f"{shown(value)} is not a file")
    return relative


@dataclass(frozen=True)
class ContentFile:
    """A file under content/ named by a field, read once here: captions' cues or a transcript's text."""

    path: str  # relative to the content folder
    cues: tuple[webvtt.Cue, ...] = ()
    markdown: str | None = None


def _read_file(relative: str, ctx: Context, value: str) -> ContentFile:
    path = ctx.root / relative
    size = path.stat().st_size
    if size > MAX_MEDIA_TEXT:
        raise Invalid(f"{shown(value)} is {size:,} bytes; a captions or transcript file may have at most "
                      f"{MAX_MEDIA_TEXT:,}: split the recording into parts, or link to the transcript instead")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Invalid(f"{shown(value)} is not UTF-8 text; save it as UTF-8") from None
    if relative.lower().endswith(".md"):
        markdown = clean(text)
        problem = markdown_problem(markdown)
        if problem:
            raise Invalid(f"{shown(value)} {problem}")
        return ContentFile(relative, markdown=markdown)
    try:
        return ContentFile(relative, cues=webvtt.parse(clean(text)))
    except webvtt.CaptionError as error:
        raise Invalid(f"{shown(value)} is not valid WebVTT: {relative} line {error.line}: {error.message}") from None


def captions(node: Node, ctx: Context) -> ContentFile:
    """A WebVTT file under content/, checked cue by cue: browsers drop a broken one silently."""
    value = _scalar(node).strip()
    return _read_file(resolve_content_path(value, ctx.root, (".vtt",)), ctx, value)


def transcript(node: Node, ctx: Context) -> ContentFile | str:
    """A transcript: a URL, or a .md or .vtt file under content/ shown as text on the event page."""
    value = _scalar(node).strip()
    if re.match(r"(?i)[a-z][a-z0-9+.-]*:", value):
        return url(node, ctx)
    return _read_file(resolve_content_path(value, ctx.root, (".vtt", ".md")), ctx, value)


CHAPTER_TIME = re.compile(r"(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)")
CHAPTER_FORMS = 'write the time from the start of the recording as "mm:ss" or "h:mm:ss", like "4:30" or "1:02:03"'
CHAPTER_TITLE = 80  # characters: an outline's line beside the player


@dataclass(frozen=True)
class ChapterMark:
    """A chapter of a recording as written: where it starts (seconds), its title, the line to blame."""

    start: float
    title: str
    line: int


def chapters(node: Node, ctx: Context) -> tuple[ChapterMark, ...]:
    """The recording's chapters: a list of {start, title} (start as "mm:ss" or "h:mm:ss"), or a
    WebVTT chapters file under content/ (each cue a chapter, its text the title). Each starts
    after the one before; the check that they start within the recording is validation's, which
    knows the recording's length from its captions."""
    if isinstance(node.value, str):
        found = _read_file(resolve_content_path(node.value.strip(), ctx.root, (".vtt",)), ctx, node.value.strip())
        if not found.cues:
            raise Invalid(f"{shown(node.value.strip())} has no cues; give each chapter a cue, its title as the text")
        if len(found.cues) > MAX_CHAPTERS:  # a list's length is checked by validation (max_items); a file's here
            raise Invalid(f"{shown(node.value.strip())} has {len(found.cues):,} cues; a recording may have at most "
                          f"{MAX_CHAPTERS} chapters: keep a cue for each main part of the session")
        marks = tuple(ChapterMark(cue.start, cue.text, node.line) for cue in found.cues)
        where = f" (in {found.path})"  # a file's cues: only the field's line is known here
    elif isinstance(node.value, list):
        marks = tuple(_chapter(item, index, ctx) for index, item in enumerate(node.value, 1))
        where = ""
    else:
        raise Invalid('must be a list, one "- {start: \"4:30\", title: ...}" line per chapter, or the path of a '
                      "WebVTT chapters file under content/")
    for mark in marks:
        if not mark.title:
            raise Invalid(f"at {webvtt.clock(mark.start)} has no title; give each chapter a few words", mark.line)
        if len(mark.title) > CHAPTER_TITLE or "\n" in mark.title:
            raise Invalid(f"{shown(mark.title)} is {len(mark.title):,} characters long; a chapter's title is one line "
                          f"of at most {CHAPTER_TITLE}: shorten it", mark.line)
    for before, mark in itertools.pairwise(marks):
        if mark.start <= before.start:
            raise Invalid(f"{shown(mark.title)} starts at {webvtt.clock(mark.start)}, not after the chapter before it "
                          f"({webvtt.clock(before.start)}){where}; list the chapters in order, each with a later start",
                          mark.line)
    return marks


def _chapter(item: Node, index: int, ctx: Context) -> ChapterMark:
    fields = item.value if isinstance(item.value, dict) else None
    if fields is None or set(fields) - {"start", "title"} or not {"start", "title"} <= set(fields):
        raise Invalid(f'item {index} must be written like {{start: "4:30", title: "Questions from the chat"}}, '
                      "with a start and a title and nothing else", item.line)
    start, title = fields["start"], fields["title"]
    if not isinstance(start.value, str) or not isinstance(title.value, str):
        raise Invalid(f'item {index} must be written like {{start: "4:30", title: "Questions from the chat"}}',
                      item.line)
    match = CHAPTER_TIME.fullmatch(start.value.strip())
    if not match:
        raise Invalid(f"item {index}'s start {shown(start.value.strip())} is not a time; {CHAPTER_FORMS}", start.line)
    hours, minutes, seconds = match.groups()
    if hours and len(minutes) != 2:
        raise Invalid(f"item {index}'s start {shown(start.value.strip())} is not a time; {CHAPTER_FORMS}", start.line)
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return ChapterMark(float(total), " ".join(clean(title.value).split()), title.line)


def group(schema: dict[str, Field]) -> Parser:
    """A nested block of fields, such as `archive:`; parsed by validation with the same rules."""
    def parse(node: Node, ctx: Context) -> dict[str, Node]:
        if not isinstance(node.value, dict):
            raise Invalid("must be a block of fields on the lines below it, each indented by two spaces")
        return node.value
    parse.schema = schema  # type: ignore[attr-defined]
    return parse


def records(schema: dict[str, Field]) -> Parser:
    """A list of small blocks, such as resources: `- {title: ..., url: ...}`."""
    def parse(node: Node, ctx: Context) -> list[Node]:
        if not isinstance(node.value, list):
            raise Invalid('must be a list, one "- {title: ..., url: ...}" line per item')
        return node.value
    parse.item_schema = schema  # type: ignore[attr-defined]
    return parse


def drawing(extensions: tuple[str, ...]) -> Parser:
    """An image under content/ for every page (site.yml's logo and favicon); an SVG only if it is a
    plain drawing (svg.py): opened by itself on the site's origin, it must not run or load anything."""
    def parse(node: Node, ctx: Context) -> str:
        value = _scalar(node).strip()
        relative = resolve_content_path(value, ctx.root, extensions)
        if relative.lower().endswith(".svg"):
            problem = svg.svg_problem((ctx.root / relative).read_bytes())
            if problem:
                raise Invalid(f"{shown(value)} {problem}")
        return relative
    return parse


def color(backgrounds: tuple[str, ...], where: str) -> Parser:
    """A CSS hex colour (`#0b5cad`), kept as lowercase `#rrggbb`, that text in it can be read on each of
    `backgrounds` (those of the scheme it is for): nothing but validated hex reaches a stylesheet."""
    def parse(node: Node, ctx: Context) -> str:
        value = _scalar(node).strip()
        hex_value = colors.parse_hex(value)
        if hex_value is None:
            raise Invalid(f"{shown(value)} is not a CSS hex colour; write it like \"#0b5cad\" (in quotes: YAML "
                          "reads what follows a # as a comment)")
        ratio, paper = min((colors.contrast(hex_value, paper), paper) for paper in backgrounds)
        if ratio < colors.AA:
            lighter = "darker" if backgrounds == colors.LIGHT_BACKGROUNDS else "lighter"
            raise Invalid(f"{shown(value)} has a contrast of {ratio:.2f}:1 with the {where} background {paper}; links "
                          f"in it need at least {colors.AA}:1 (WCAG AA): choose a {lighter} colour")
        return hex_value
    return parse


def text_color(node: Node, ctx: Context) -> str:
    """A CSS hex colour for text on the accent; its contrast with the accent is checked by validation."""
    value = _scalar(node).strip()
    hex_value = colors.parse_hex(value)
    if hex_value is None:
        raise Invalid(f"{shown(value)} is not a CSS hex colour; write it like \"#ffffff\" (in quotes)")
    return hex_value


def anything(node: Node, ctx: Context) -> Any:
    """Free-form data as plain strings, lists and dicts, for custom templates."""
    if isinstance(node.value, list):
        return [anything(item, ctx) for item in node.value]
    if isinstance(node.value, dict):
        return {key: anything(item, ctx) for key, item in node.value.items()}
    return node.value


def language(node: Node, ctx: Context) -> str:
    """A BCP 47 language tag (builder/content/languages.py), in its standard form."""
    value = _scalar(node).strip()
    tag, problem = check_language(value)
    if problem:
        raise Invalid(f"{shown(value)} {problem}")
    assert tag is not None
    return tag


def accessibility(node: Node, ctx: Context) -> tuple[str, ...]:
    """Features from ACCESSIBILITY, each once: by slug, or named as a topic is, in any case and with
    spaces for hyphens (`ASL`, `Slides in advance`), since these are the words people use."""
    return text_list(node, ctx, _feature)


def _feature(node: Node, ctx: Context) -> str:
    value = _line(node, ctx)
    found = slugify(value)
    if found not in ACCESSIBILITY:
        hint = suggest(value, tuple(ACCESSIBILITY))
        raise Invalid(f"is not one of the accessibility features, {shown(value)}{hint if hint[:1] == ';' else '.' + hint}")
    return found


FREE = ("free", "no cost", "free of charge", "0", "$0", "$0.00")
_AMOUNT = r"(?P<amount>\d{1,6}(?:\.\d{1,2})?)"
PRICE_PATTERNS = (
    re.compile(r"(?P<sign>[$€£])\s*" + _AMOUNT + r"(?:\s+(?P<code>[A-Za-z]{3}))?"),
    re.compile(_AMOUNT + r"\s*(?P<code>[A-Za-z]{3})"),
    re.compile(r"(?P<code>[A-Za-z]{3})\s*" + _AMOUNT),
)
COST_FORMS = 'write free, or an amount with its currency, like "$25", "€10" or "25 USD"'


def cost(node: Node, ctx: Context) -> str:
    """What taking part costs: "free", or a price with its currency, kept as written ("$25",
    "25 USD"; spaces folded, the currency code in capitals). A price of zero is "free"."""
    value = " ".join(_scalar(node).split())
    if value.lower() in FREE:
        return "free"
    found = price(value)
    if found is None:
        raise Invalid(f"{shown(value)} is neither free nor a price; {COST_FORMS}")
    amount, _ = found
    if float(amount) == 0:
        return "free"
    match = next(p.fullmatch(value) for p in PRICE_PATTERNS if p.fullmatch(value))
    code = match.group("code")
    return value.replace(code, code.upper()) if code else value


def price(value: str) -> tuple[str, str] | None:
    """A cost's amount and ISO 4217 currency code ("25", "USD"), or None for "free" and what is no price."""
    for pattern in PRICE_PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            groups = match.groupdict()
            code = (groups.get("code") or CURRENCY_SIGNS[groups["sign"]]).upper()
            if code in CURRENCIES:
                return match.group("amount"), code
    return None


def grades(node: Node, ctx: Context) -> tuple[str, ...]:
    """Grade bands from GRADES, each once: by slug or name, in any case (`PreK`, `Higher Ed`), or
    a common other spelling (`Pre-K`, `College`)."""
    return text_list(node, ctx, _grade)


def _grade(node: Node, ctx: Context) -> str:
    value = _line(node, ctx)
    found = slugify(value)
    found = GRADE_SPELLINGS.get(found, found)
    if found in GRADES:
        return found
    bands = tuple(GRADES.values())
    single = re.fullmatch(r"(?i)(?:grade\s*)?(k|\d{1,2})(?:st|nd|rd|th)?", value)
    band = _band(single.group(1)) if single else None
    hint = f'; did you mean "{GRADES[band]}"? Grade bands are {", ".join(bands)}.' if band else suggest(value, bands)
    raise Invalid(f"is not one of the grade bands, {shown(value)}{hint if hint[:1] == ';' else '.' + hint}")


def _band(grade: str) -> str | None:
    """The band of one grade: "k" -> "k-2", "7" -> "6-8"."""
    number = 0 if grade.lower() == "k" else int(grade)
    for slug in ("k-2", "3-5", "6-8", "9-12"):
        low, high = slug.split("-")
        if (0 if low == "k" else int(low)) <= number <= int(high):
            return slug
    return None


PD_FORMS = 'write the hours, and "certificate" when you give one, like "1.5 hours, certificate" or "2 hours"'
PD_PATTERN = re.compile(r"(?i)(?:(?P<hours>\d{1,3}(?:\.\d{1,2})?)\s*(?:hours?|hrs?|h)?)?\s*[,;]?\s*"
                        r"(?P<certificate>(?:with\s+)?(?:an?\s+)?certificate(?:\s+of\s+(?:completion|attendance))?)?")


def pd_credit(node: Node, ctx: Context) -> dict[str, Any]:
    """Professional-development credit: {"hours": a number or None, "certificate": true or false},
    from one line such as `1.5 hours, certificate`, `2 hours` or `certificate`."""
    value = " ".join(_scalar(node).split())
    match = PD_PATTERN.fullmatch(value)
    if not value or not match or not (match.group("hours") or match.group("certificate")):
        raise Invalid(f"{shown(value)} is not an amount of credit; {PD_FORMS}")
    hours = float(match.group("hours")) if match.group("hours") else None
    if hours is not None and not 0 < hours <= 100:
        raise Invalid(f"{shown(value)} gives {match.group('hours')} hours; give between 0.25 and 100 hours")
    return {"hours": int(hours) if hours is not None and hours.is_integer() else hours,
            "certificate": bool(match.group("certificate"))}


MAX_FILE_BYTES = 10**12  # a terabyte: a larger number is a slip, such as a size in bits


def byte_size(node: Node, ctx: Context) -> int:
    """A file's size in bytes, a whole number as a file's properties or `ls -l` give it; commas
    between thousands are allowed (`48,213,504`)."""
    value = _scalar(node).strip()
    digits = value.replace(",", "").lstrip("0")
    if not re.fullmatch(r"[0-9]+", digits):  # not digits, or zero
        raise Invalid(f"{shown(value)} is not a size in bytes; write the file's size as a whole number of bytes, like "
                      "48213504 (its properties show it), or leave the field out")
    if len(digits) > len(str(MAX_FILE_BYTES)) or int(digits) > MAX_FILE_BYTES:  # int() of over 4,300 digits raises
        raise Invalid(f"{shown(value)} bytes is more than a terabyte; write the file's size in bytes, like 48213504")
    return int(digits)


def cost_text(value: str) -> str:
    """A cost as pages, feeds and calendars say it: "Free", or the price."""
    return "Free" if value == "free" else value


def pd_text(credit: dict[str, Any]) -> str:
    """PD credit as pages, feeds and calendars say it: "1.5 hours, certificate given"."""
    hours = credit["hours"]
    parts = [f"{hours:g} hour{'' if hours == 1 else 's'}"] if hours is not None else []
    if credit["certificate"]:
        parts.append("certificate given")
    said = ", ".join(parts)
    return said[:1].upper() + said[1:]


def image(node: Node, ctx: Context) -> str:
    """An image: a file under content/ (like media/x.jpg), or an https:// address."""
    value = _scalar(node).strip()
    if re.match(r"(?i)[a-z][a-z0-9+.-]*:", value):
        address = url(node, ctx)
        if not address.lower().startswith("https://"):
            raise Invalid(f'{shown(value)} is not an https:// address; write "https{value[value.index(":"):]}", or put '
                          "the image in content/media/ and write its path, like media/my-event.jpg")
        return address
    return resolve_content_path(value, ctx.root, IMAGES)


def slugify(value: str) -> str:
    """ASCII slug for URLs of names (topics, partners); accents are folded, other scripts dropped."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def name_slug(name: str) -> str:
    """A URL slug for a name; names with no ASCII letters get a stable hash instead of nothing."""
    return slugify(name) or "x-" + hashlib.sha256(name.encode()).hexdigest()[:10]


REPOSITORY_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
BRANCH_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}")


def repository(node: Node, ctx: Context) -> str:
    """A GitHub repository as `owner/name`, where partners propose their files (the /submit/ page)."""
    value = _scalar(node).strip()
    meant = re.sub(r"(?i)^(https?://)?(www\.)?github\.com/", "", value).removesuffix(".git").strip("/")
    if REPOSITORY_PATTERN.fullmatch(value) and not value.endswith(".git"):
        return value
    hint = f'; did you mean "{meant}"?' if meant != value and REPOSITORY_PATTERN.fullmatch(meant) else ""
    raise Invalid(f"{shown(value)} is not a GitHub repository{hint} Write it as owner/name, like "
                  "connected-educators/cem-site")


def branch(node: Node, ctx: Context) -> str:
    """A git branch name: the branch partners' new files are proposed to."""
    value = _scalar(node).strip()
    if not BRANCH_PATTERN.fullmatch(value) or ".." in value or "//" in value or value.endswith(("/", ".", ".lock")):
        raise Invalid(f"{shown(value)} is not a branch name; write it like main")
    return value


accessibility.options = tuple(ACCESSIBILITY)  # type: ignore[attr-defined]
grades.options = tuple(GRADES)  # type: ignore[attr-defined]

# How the /submit/ page asks for a field, by its parser, and so which of the checker's rules its
# script runs (themes/default/static/submit.js): "text" (a length), "line" (one line, nothing
# hidden), "url", "date-time" and "date" (when), "zone", "choice" (one of `options`), "choices"
# (some of them), "list" (names, comma-separated). Any other parser is "other": the page takes the
# value as typed and leaves it to the check of the pull request.
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                           r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
MAX_EMAIL = 254  # RFC 5321's longest address


def email(node: Node, ctx: Context) -> str:
    """An email address (an issuer's contact, an earner's), kept as written but trimmed."""
    value = _scalar(node).strip()
    if len(value) > MAX_EMAIL or not EMAIL_PATTERN.fullmatch(value):
        raise Invalid(f"{shown(value)} is not an email address; write it like name@example.org")
    return value


def slugs(node: Node, ctx: Context) -> tuple[str, ...]:
    """A list of slugs (the file names, without .md, of other files); a single one is a list of one."""
    return text_list(node, ctx, slug)


@dataclass(frozen=True)
class Picture:
    """An image file under content/ whose bytes the build needs (a badge's, to bake assertions into)."""

    path: str  # relative to the content folder; copied to the same path under output/
    data: bytes


def badge_image(node: Node, ctx: Context) -> Picture:
    """A badge's image: a PNG, or an SVG that is a plain drawing (svg.py), under content/; read here,
    since every earner's copy is made from its bytes."""
    value = _scalar(node).strip()
    relative = resolve_content_path(value, ctx.root, (".svg", ".png"))
    data = (ctx.root / relative).read_bytes()
    if len(data) > MAX_BADGE_IMAGE:
        raise Invalid(f"{shown(value)} is {len(data):,} bytes; a badge image may have at most {MAX_BADGE_IMAGE:,}: "
                      "export it smaller (a square of 256 to 512 pixels is plenty)")
    if relative.lower().endswith(".png"):
        try:  # every chunk read and its checksum checked (the pixels are not decoded): as baking reads it
            pngchunks.chunks(data)
        except ValueError as error:
            raise Invalid(f"{shown(value)} is not a PNG image the build can read: {error}; export it again as "
                          "PNG") from None
    else:
        problem = svg.svg_problem(data)
        if problem:
            raise Invalid(f"{shown(value)} {problem}")
    return Picture(relative, data)


FORM_KINDS: dict[Any, str] = {
    text: "text", one_line: "line", url: "url", when: "date-time", day: "date", timezone: "zone",
    choice: "choice", slug: "slug", accessibility: "choices", grades: "choices", text_list: "list",
    content_file: "file",  # a file under content/: the page cannot add one, so it leaves the field out
}


# ---- the tables ----

LINK = {
    "title": Field(_line, "The link's text, on one line.", True, "title: Partners"),
    "url": Field(site_link, 'A path on this site ("/partners/") or a full https:// address.', True,
                 "url: /partners/"),
}

COLORS = {
    "accent": Field(color(colors.LIGHT_BACKGROUNDS, "light scheme's"), "Links and buttons (light scheme): a hex colour in "
                    "quotes with at least 4.5:1 contrast on white.", example='accent: "#0b5cad"'),
    "accent_text": Field(text_color, "Text on accent buttons; default: white or black, whichever reads better. "
                         "At least 4.5:1 with `accent`.", example='accent_text: "#ffffff"'),
    "accent_dark": Field(color(colors.DARK_BACKGROUNDS, "dark scheme's"), "Links and buttons in the dark scheme; at "
                         f"least 4.5:1 on its page background {colors.DARK_BACKGROUNDS[0]}; default: the theme's.",
                         example='accent_dark: "#8cc0ff"'),
}

ISSUER = {
    "name": Field(text, "Who awards the site's badges, as earners and verifiers see it; default: the site's `title`."),
    "url": Field(url, "The issuer's website; default: the site's `base_url`."),
    "email": Field(email, "A contact address for the issuer, published in /badges/issuer.json as Open Badges requires.",
                   True, "email: badges@example.org"),
}

PAPER_SIZES = ("letter", "a4")  # CSS page size keywords (`@page { size: ... }`)


def paper_for(zone: str) -> str:
    """The proceedings' page size when site.yml names none: US Letter in the Americas, else A4."""
    return "letter" if zone.startswith("America/") else "a4"


SITE = {
    "title": Field(text, "The site's name, shown in every page header and feed.", True, 'title: "Connected Educator Month 2025"'),
    "base_url": Field(base_url, "Absolute address where the site is published; feeds and calendar UIDs need it.", True,
                      "base_url: https://example.org/"),
    "month": Field(month, "The month the calendar shows first (YYYY-MM).", True, "month: 2025-10"),
    "timezone": Field(timezone, "Default IANA zone for events that give none.", True, "timezone: America/New_York"),
    "topics": Field(text_list, "The topics events and forums choose from (each has a page, calendar and feed); "
                    "without this list, each event names its own, a few at most.", False,
                    "topics: [Literacy, STEM Education]", max_items=MAX_SITE_LIST, path_part=True),
    "audiences": Field(text_list, "Who events can be for: when listed, `audience:` values come from this list; "
                       "without it, each event names its own, a few at most.", max_items=MAX_SITE_LIST),
    "partners": Field(text_list, "The names of partner organizations that have no profile in content/partners/. "
                      "An event's `partner` and a forum's `host` must name a profile (by its name or slug) or one "
                      "of these, so a misspelt name is refused rather than made into a second partner. A site "
                      "with neither profiles nor this list accepts any name.",
                      example='partners: [Rural Schools Collaborative, "EdTech Coaches Guild"]',
                      max_items=MAX_SITE_LIST, path_part=True),
    "description": Field(text, "One sentence about the site, for the home page and feeds."),
    "nav": Field(records(LINK), "The links of every page's menu, in order, each {title, url}; without it, the "
                 "theme's menu (Calendar, Forums, Topics, Event types, Partners, Proceedings, Search and the pages).",
                 max_items=MAX_MENU_LINKS),
    "footer": Field(records(LINK), "The links in every page's footer, each {title, url}; without it, the theme's "
                    "(Subscribe to the calendar, RSS, Atom, Events as JSON).", max_items=MAX_MENU_LINKS),
    "language": Field(language, "The language most events are held in (a BCP 47 tag, like `en` or `es`): the "
                      "`language` of events that give none.", example="language: en", default="en"),
    "logo": Field(drawing((".svg", ".png")), "The site's logo, an SVG or PNG file under content/media/, shown "
                  "before the title in every page header; without it, the theme's mark.", example="logo: media/logo.svg"),
    "favicon": Field(drawing((".svg", ".png")), "The browser tab's icon, an SVG or PNG (square, 32 pixels or more) "
                     "under content/media/; without it, the theme's.", example="favicon: media/icon.svg"),
    "colors": Field(group(COLORS), "The theme's colours, each a quoted hex colour: `accent` (links and buttons), "
                    "`accent_text` (text on buttons), `accent_dark` (the accent in the dark scheme). Each is "
                    "checked for WCAG AA contrast.", example='colors:\n  accent: "#0b5cad"'),
    "repository": Field(repository, "The GitHub repository partners send their files to, as owner/name: the "
                        "site's /submit/ page opens a new file there, ready for a pull request. Without it, the "
                        "page shows the file to copy.", example="repository: connected-educators/cem-site"),
    "branch": Field(branch, "The branch of `repository` that new files are proposed to.", example="branch: main",
                    default="main"),
    "issuer": Field(group(ISSUER), "Who awards the site's open badges: a block of `name`, `url` and `email`; required "
                    "when content/badges/ has a badge.", example="issuer:\n  email: badges@example.org"),
    "paper": Field(choice(PAPER_SIZES), "The page size of the proceedings PDF: `letter` or `a4`; without it, "
                   "`letter` when `timezone` is in the Americas (`America/...`), else `a4`.", example="paper: a4"),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}

RESOURCE = {
    "title": Field(text, "What the resource is.", True, 'title: "Unit planner"'),
    "url": Field(url, "Where to find it.", True, "url: https://example.org/planner.pdf"),
}

ARCHIVE = {
    "recording": Field(url, "Link to the recording: a media file, YouTube or Vimeo, or any page."),
    "recording_size": Field(byte_size, "The recording's size in bytes, when it is a media file (.mp3, .mp4 ...): "
                            "podcast apps show it before downloading. Left out, the podcast says 0, meaning unknown.",
                            example="recording_size: 48213504"),
    "captions": Field(captions, "WebVTT captions for the recording, under content/."),
    "transcript": Field(transcript, "Transcript: a .md or .vtt file under content/, or a URL."),
    "slides": Field(file_or_url((".pdf",)), "Slides: a URL, or a PDF under content/."),
    "chapters": Field(chapters, 'The recording\'s chapters, shown as an outline beside it: a list of {start, title}, '
                      'start as "mm:ss" or "h:mm:ss" from the start of the recording, each later than the one before; '
                      "or a WebVTT chapters file under content/.", example='chapters:\n  - {start: "0:00", title: '
                      'Welcome}\n  - {start: "4:30", title: "Three routines"}', max_items=MAX_CHAPTERS),
    "summary": Field(markdown_text, "What was said, in Markdown."),
    "takeaways": Field(sentences, "Key takeaways, one short sentence each.", max_items=MAX_TAKEAWAYS),
    "resources": Field(records(RESOURCE), "Resources shared in the session: a list of {title, url}.",
                       max_items=MAX_RESOURCES),
}

NAMES = {"$ref": "#/$defs/names"}  # events.schema.json's list of names, each once
NULLABLE_URL = {"$ref": "#/$defs/nullableUrl"}
NULLABLE_TEXT = {"type": ["string", "null"]}


def _features(quote: str) -> str:
    """The accessibility features for a sentence: `captions` (live captions), `asl` (ASL interpretation), ..."""
    def named(slug: str, name: str) -> str:
        said = name[0].lower() + name[1:] if name[1:2].islower() else name  # "ASL" stays as it is
        return f"{quote}{slug}{quote}" + (f" ({said})" if said != slug.replace("-", " ") else "")
    return ", ".join(named(slug, name) for slug, name in ACCESSIBILITY.items())



# In the order the partner guide lists them.
EVENT = {
    "title": Field(text, 'Plain text, the name of your event. Put it in "double quotes" (see the tip below).', True,
                   'title: "Designing Inquiry Units"',
                   json=Export("The event's title, plain text (not HTML: escape it before putting it in a page).",
                               {"type": "string", "minLength": 1}), calendar=True),
    "start": Field(when, "The local date and time the event begins, like `2025-10-14T15:00` (a `T` or a space between "
                   "date and time; 24-hour clock; seconds are optional). For an all-day event, write only the date: "
                   "`2025-10-15`.", True, "start: 2025-10-14T15:00", kept=False, calendar=True),
    "end": Field(when, "When it ends, written the same way as `start`, and after it. For an all-day event, the last day: "
                 "`2025-10-15` for a single day, or `2025-10-24` for an event running from October 6 to 24.", True,
                 "end: 2025-10-14T16:00", kept=False, calendar=True),
    "timezone": Field(timezone, "The IANA time zone name of your `start` and `end`, like `America/Chicago`. If you leave "
                      "it out, the site's own time zone is used.", example="timezone: America/Chicago",
                      default=FROM_SITE, calendar=True,
                      json=Export("The zone the event is set in, as the organizer gave it (or the site's zone when they "
                                  "gave none). `start` and `end` are wall times in this zone; an all-day event's dates "
                                  "are days in this zone.", {"$ref": "#/$defs/timezone"})),
    "type": Field(choice(tuple(EVENT_TYPES)), "Exactly one of the event types below.", True, "type: webinar",
                  kept=False, calendar=True),
    "topics": Field(text_list, "One or more topics, written exactly as in the site's topic list below, e.g. "
                    "`[Literacy, Early Childhood]`.", True, "topics: [STEM Education]", max_items=MAX_TOPICS,
                    path_part=True, kept=False, calendar=True),
    "partner": Field(one_line, "Your organization: either its name (`Rural Schools Collaborative`) or the slug of its "
                     "profile in `content/partners/` (`stem-teachers-network`). Using the slug links your event to "
                     "your profile page. Write the name exactly as your profile or your other events do: a name that "
                     "only looks the same (other capitals, letters from another alphabet) is refused, because readers "
                     "could not tell the two apart. It must be a partner the site knows: a profile in "
                     "`content/partners/`, or a name in `site.yml`'s `partners` list (see *Your organization's "
                     "profile*).", True, "partner: STEM Teachers Network", path_part=True,
                     kept=False, calendar=True),
    "presenters": Field(text_list, "A list of names: `[Maria Garcia, Kwame Okafor]`.", example="presenters: [Maria Garcia]",
                        max_items=MAX_PEOPLE, default=(), calendar=True,
                        json=Export("The presenters' names; an empty list when none are given.", NAMES)),
    "registration": Field(url, "The web address where people register or join; it must start with `https://` (or "
                          "`http://`).", example="registration: https://example.org/register", calendar=True,
                          json=Export("Where to register, or to join when `join` is null, usually on the partner's own "
                                      "site; null when no registration is needed or none was given (the event's `url` "
                                      "still tells how to take part).", NULLABLE_URL)),
    "join": Field(url, "The web address where people join the event itself (the video meeting or live stream), when it "
                  "is not where they register; it must start with `https://` (or `http://`).",
                  example="join: https://meet.example.org/inquiry-units", calendar=True,
                  json=Export("Where to join the event itself (a video meeting or live stream), when the organizer gave "
                              "it apart from `registration`; null when none was given (then `registration`, else the "
                              "event's `url`, tells how to take part).", NULLABLE_URL)),
    "summary": Field(text, "One or two plain sentences, shown in lists and feeds.", example='summary: "Plan a unit."',
                     default="", calendar=True,
                     json=Export("One or two plain-text sentences about the event, for lists and teasers; an empty "
                                 "string when the organizer gave none.", {"type": "string"})),
    "forum": Field(slug, "If your event belongs to one of the month's forums, the forum's slug: the name of its file in "
                   "`content/forums/`, without `.md`.", example="forum: reading-forum",
                   json=Export("The slug of the forum (in `forums`) this event belongs to, or null when it belongs to "
                               "none.", {"type": ["string", "null"], "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"})),
    "audience": Field(text_list, "Who the event is for, from the site's list of audiences below, e.g. "
                      "`[Teachers, Principals]`, `[Librarians]`, `[Families]`.", example="audience: [Teachers]",
                      max_items=MAX_AUDIENCE, default=(),
                      json=Export('Who the event is for, e.g. ["Teachers", "Principals"]; an empty list when it is '
                                  "for everyone.", NAMES)),
    "language": Field(language, "The language the event is held in, as a language tag: `en` (English), `es` "
                      "(Spanish), `fr-CA` (Canadian French), `ase` (American Sign Language). If you leave it out, the "
                      "site's language is used (English, unless the organizers chose another).",
                      example="language: es", default=FROM_SITE, calendar=True,
                      json=Export('The language the event is held in, as a BCP 47 tag in its standard form (e.g. "en", '
                                  '"es-MX", "ase" for American Sign Language): the organizer\'s, else the site\'s.',
                                  {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"})),
    "accessibility": Field(accessibility, f"What you provide so that everyone can take part, from this list: {_features('`')}; "
                           "e.g. `[captions, asl]`.", example="accessibility: [captions, asl]", default=(),
                           calendar=True,
                           json=Export("What the event provides for accessibility, each once, in the organizer's order: "
                                       f"{_features(chr(34))}; an empty list when none were given, which does not mean "
                                       "that none are.",
                                       {"type": "array", "uniqueItems": True,
                                        "items": {"type": "string", "enum": list(ACCESSIBILITY)}})),
    "cost": Field(cost, 'What taking part costs: `free`, or a price with its currency, like `"$25"`, `"€10"` or '
                  '`"25 USD"` (`$` means US dollars; write `"25 CAD"` for another dollar). Leave it out if you do not '
                  "know.", example="cost: free", calendar=True,
                  json=Export('"free", or the price as the organizer wrote it, with its currency (e.g. "$25", "25 USD"); '
                              "null when not given, which does not mean free.", NULLABLE_TEXT)),
    "grades": Field(grades, f"The grade bands the event is for, from this list: {', '.join(f'`{g}`' for g in GRADES.values())}; "
                    "e.g. `[3-5, 6-8]`.", example="grades: [3-5, 6-8]", default=(), calendar=True,
                    json=Export("The grade bands the event is for, each once, in the organizer's order: "
                                + ", ".join(f'"{slug}" ({name})' for slug, name in GRADES.items())
                                + "; an empty list when none were given.",
                                {"type": "array", "uniqueItems": True,
                                 "items": {"type": "string", "enum": list(GRADES)}})),
    "pd_credit": Field(pd_credit, 'Professional-development credit: the hours, and `certificate` if you give one, like '
                       '`"1.5 hours, certificate"`, `"2 hours"` or `certificate`.',
                       example='pd_credit: "1.5 hours, certificate"', calendar=True,
                       json=Export("Professional-development credit: `hours` (a number, or null when not said) and "
                                   "`certificate` (true when a certificate is given); null when the organizer gave none.",
                                   {"type": ["object", "null"], "additionalProperties": False,
                                    "required": ["hours", "certificate"],
                                    "properties": {"hours": {"type": ["number", "null"], "exclusiveMinimum": 0,
                                                             "description": "Hours of credit; null when not said."},
                                                   "certificate": {"type": "boolean", "description":
                                                                   "True when a certificate is given."}}})),
    "platform": Field(one_line, "Where the event takes place online, in words: `Zoom`, `Microsoft Teams`, `YouTube "
                      "Live`, `Discord`...", example="platform: Zoom", calendar=True,
                      json=Export("The online platform the event is held on, as plain text (e.g. \"Zoom\"); null when "
                                  "not given.", NULLABLE_TEXT)),
    "image": Field(image, "A picture for the event page: a file under `content/media/` (`media/reading.jpg`: .png, "
                   ".jpg, .gif or .webp) or an `https://` address. Needs `image_alt`.",
                   example="image: https://example.org/reading.jpg\nimage_alt: Children reading together",
                   json=Export("The event's picture, an absolute https:// address (a file of this site's, or another "
                               "site's); null when none. `image_alt` describes it.", NULLABLE_URL)),
    "image_alt": Field(text, "With `image`: what the picture shows, for people who cannot see it, like `\"Two students "
                       "building a robot\"`. Required when you give an image.",
                       example="image: https://example.org/reading.jpg\nimage_alt: Children reading together",
                       json=Export("The text alternative of `image`; null when there is no image.", NULLABLE_TEXT)),
    "status": Field(choice(STATUSES), "`scheduled` (the default), `cancelled` or `postponed`. See *Changing or "
                    "cancelling* below.", example="status: cancelled", default="scheduled", calendar=True,
                    json=Export('"scheduled" (it takes place as listed), "cancelled" (it will not take place), or '
                                '"postponed" (it will not take place at the listed time; a new time may follow in a '
                                "later edition).", {"type": "string", "enum": list(STATUSES)})),
    "repeat": Field(choice(REPEATS), "`daily` or `weekly`, for a repeating event, together with `until`.",
                    example="repeat: weekly\nuntil: 2025-10-30", calendar=True,
                    json=Export('"daily" or "weekly" for a repeating event, which repeats at the same wall time in its '
                                "`timezone` (so its UTC time moves when daylight saving starts or ends) until the "
                                "`until` date; null for a one-off event.",
                                {"type": ["string", "null"], "enum": [*REPEATS, None]})),
    "until": Field(day, "With `repeat`: the date of the last repetition, like `2025-10-30`.",
                   example="repeat: weekly\nuntil: 2025-10-30", calendar=True,
                   json=Export("The date of the last occurrence of a repeating event (included), in the event's "
                               "`timezone`; null when `repeat` is null.", NULLABLE_TEXT)),
    "track": Field(one_line, 'The conference track (or room) of the session, like `"Classroom Practice"`.',
                   example="track: Classroom Practice", types=("conference-session",),
                   json=Export("The conference track or room of a conference session, as plain text; null when it "
                               "has none.", NULLABLE_TEXT)),
    "moved_from": Field(slug, "Only when you rename your event's file: the old file name, without `.md`. The event keeps "
                        "its calendar ID, so subscribers' calendars update it rather than add it twice, and its old "
                        "web address leads to the new one. No other event may have that name.",
                        example="moved_from: reading-webinar", calendar=True),
    "featured": Field(boolean, "`true` or `false`. Set by organizers only, to highlight an event on the home page.",
                      example="featured: true", default=False, organizers=True,
                      json=Export("True when the organizers highlight the event on the site's home page.",
                                  {"type": "boolean"})),
    "published": Field(when, "The date you announced the event, like `2025-09-02` (feeds show it).",
                       example="published: 2025-09-02", kept=False, calendar=True),
    "updated": Field(when, "The date and time of your last change, like `2025-10-06T09:30`; set it when you change or "
                     "cancel, later each time.", example="updated: 2025-10-06T09:30", kept=False, calendar=True),
    "archive": Field(group(ARCHIVE), "Added by organizers after your event: recording, captions, transcript, "
                     "chapters, slides, summary, takeaways and resources. You are welcome to send us these materials!",
                     example="archive: {recording: https://video.example.org/abc}", kept=False, organizers=True),
    "badges": Field(slugs, "The open badges taking part in the event helps earn: their file names in content/badges/, "
                    "without .md. Set by organizers.", example="badges: [connected-educator]", default=(),
                    organizers=True),
    "extra": Field(anything, "Free-form data for the site's own templates (organizers only); never checked.",
                   example="extra: {room: 12}", organizers=True),
}


def guide_table(fields: dict[str, Field] | None = None) -> str:
    """The partner guide's table of a kind's fields (events unless `fields` says: FORUM, PARTNER,
    PERSON), one row per field, in the order they are declared."""
    rows = ["| Field | Required? | What to write |", "|-------|-----------|---------------|"]
    for name, field in (EVENT if fields is None else fields).items():
        only = " Only for " + " and ".join(f"`{kind}`" for kind in field.types) + " events." if field.types else ""
        rows.append(f"| `{name}` | {'yes' if field.required else 'no'} | {field.doc}{only} |")
    return "\n".join(rows) + "\n"


def types_table() -> str:
    """The partner guide's table of event types, in the contract's order."""
    rows = ["| Type | Use it for | Usually lasts at most |", "|------|------------|-----------------------|"]
    rows += [f"| `{slug}` | {kind.use} | {f'{kind.longest} hours' if kind.longest else 'any length'} |"
             for slug, kind in EVENT_TYPES.items()]
    return "\n".join(rows) + "\n"


FORUM = {
    "title": Field(text, "Plain-text title.", True, 'title: "The Future of the Teaching Profession"'),
    "start": Field(day, "First day.", True, "start: 2025-10-01"),
    "end": Field(day, "Last day (included).", True, "end: 2025-10-31"),
    "timezone": Field(timezone, "IANA zone; default: site.yml's."),
    "topics": Field(text_list, "One or more topics.", True, "topics: [Professional Learning]", max_items=MAX_TOPICS,
                    path_part=True),
    "moderators": Field(text_list, "Names of the moderators; a moderator with a profile in content/people/ (by "
                        "name) is shown with a short bio.", max_items=MAX_PEOPLE),
    "join": Field(url, "Where people join the discussion (the forum's board, group or channel): an https:// "
                  "address; the forum's page shows it as a Join the discussion button.",
                  example="join: https://community.example.org/groups/leadership"),
    "platform": Field(one_line, "Where the discussion takes place, in words: `Edmodo`, `Microsoft Teams`, "
                      "`Discord`...", example="platform: Discord"),
    "host": Field(one_line, "The hosting organization: a partner's name or profile slug, as for an event's "
                  "`partner`.", True,
                  "host: National Association for Teacher Leadership", path_part=True),
    "summary": Field(text, "One or two plain sentences."),
    "synthesis": Field(markdown_text, "Organizers' closing synthesis, in Markdown."),
    "published": Field(when, "When the forum was announced; default: the build's date."),
    "updated": Field(when, "When it last changed."),
    "featured": Field(boolean, "Organizers only: show on the home page."),
    "badges": Field(slugs, "The open badges taking part in the forum helps earn: their file names in content/badges/, "
                    "without .md."),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}

PARTNER = {
    "name": Field(one_line, "The organization's name as it should appear.", True, 'name: "STEM Teachers Network"'),
    "url": Field(url, "The organization's website."),
    "logo": Field(content_file((".png", ".jpg", ".jpeg", ".gif", ".webp")),
                  "A logo image under content/media/ (never a link: readers' browsers must not call other sites)."),
    "description": Field(text, "One plain sentence about the organization."),
    "extra": Field(anything, "Free-form data for custom templates; never validated.", organizers=True),
}

PERSON = {
    "name": Field(one_line, "The person's name, written exactly as events' `presenters` and forums' `moderators` "
                  "write it: that is how their sessions are found.", True, 'name: "Maria Garcia"'),
    "summary": Field(text, "A one-sentence bio, shown beside the name on forum pages."),
    "photo": Field(content_file(IMAGES), "A photo under content/media/ (never a link)."),
    "photo_alt": Field(text, "What the photo shows; required with `photo`."),
    "links": Field(records(RESOURCE), "Links about the person (their site, a profile): a list of {title, url}.",
                   max_items=MAX_RESOURCES),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}

# What a page may offer to download: documents and pictures a browser saves or shows as they are.
# Never HTML or SVG, which could run script on the site's own address (output.MEDIA_SUFFIXES copies each).
DOWNLOADS = (".txt", ".md", ".pdf", ".csv", ".png", ".jpg", ".jpeg")

DOWNLOAD = {
    "title": Field(text, "What the file is, as its link says it.", True, 'title: "Checklist for hosts (plain text)"'),
    "file": Field(content_file(DOWNLOADS), "The file under content/media/ (" + ", ".join(DOWNLOADS) + ").", True,
                  "file: media/starter-kit-host-checklist.txt"),
}

PAGE = {
    "title": Field(text, "The page title.", True, 'title: "About"'),
    "summary": Field(text, "One sentence for lists and search results."),
    "downloads": Field(records(DOWNLOAD), "Files to download from the page, listed at its end: a list of {title, file}.",
                       max_items=MAX_RESOURCES),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}

ALIGNMENT = {
    "name": Field(text, "The name of the standard or competency the badge is aligned to.", True,
                  'name: "ISTE Standards for Educators: Collaborator"'),
    "url": Field(url, "Its web address.", True, "url: https://www.iste.org/standards/iste-standards-for-teachers"),
    "description": Field(text, "A short description of it."),
    "framework": Field(text, "The framework it belongs to, like `ISTE Standards for Educators`."),
    "code": Field(one_line, "Its code in that framework, like `2.4`."),
}

BADGE = {
    "name": Field(text, "The badge's name.", True, 'name: "Connected Educator"'),
    "description": Field(text, "One or two plain sentences: what the badge recognizes.", True,
                         'description: "Took part in three sessions of the month and reflected on them."'),
    "image": Field(badge_image, "The badge's picture: a square SVG (a plain drawing) or PNG under content/media/, at "
                   f"most {MAX_BADGE_IMAGE // 1000} kB; each earner's copy has their assertion baked in.", True,
                   "image: media/connected-educator.svg"),
    "tags": Field(text_list, "Words that describe the badge, like `[collaboration, leadership]`.", max_items=MAX_TOPICS),
    "alignment": Field(records(ALIGNMENT), "Standards the badge is aligned to: a list of {name, url, description, "
                       "framework, code}.", max_items=MAX_RESOURCES),
    "events": Field(slugs, "The events that award it (their file names, without .md), besides those whose "
                    "`badges:` names it.", example="events: [podcasting-with-students]"),
    "forums": Field(slugs, "The forums that award it (their file names, without .md), besides those whose "
                    "`badges:` names it.", example="forums: [future-of-teaching]"),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}
