"""The partners' contract as data: every front-matter field, what it accepts, and why.

One declarative table per kind of file (site, event, forum, partner, page). Each field
names a parser that turns the typed text into a Python value or raises `Invalid` with
a message a partner can act on. Unknown fields are refused with a suggestion, because
a misspelt optional field (`registation`) would otherwise vanish silently.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, unquote, urlsplit

from builder import routes
from builder.content import names, webvtt
from builder.content.limits import (
    MAX_AUDIENCE,
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
EVENT_TYPES = (
    "webinar", "chat", "forum", "open-house", "guided-tour", "contest", "book-club", "class",
    "conference-session", "launch", "exhibit", "collaborative-project", "poll", "badge", "other",
)
STATUSES = ("scheduled", "cancelled", "postponed")
REPEATS = ("daily", "weekly")


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


@dataclass(frozen=True)
class Field:
    parse: Parser
    doc: str
    required: bool = False
    example: str = ""
    max_items: int | None = None  # a list of more items is refused (builder/content/limits.py)
    path_part: bool = False  # each name becomes part of a web address (partners/<slug>/): its slug is limited


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
            raise Invalid(f"{shown(value)} is not one of the allowed values{suggest(value, options)}")
        return value
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


def anything(node: Node, ctx: Context) -> Any:
    """Free-form data as plain strings, lists and dicts, for custom templates."""
    if isinstance(node.value, list):
        return [anything(item, ctx) for item in node.value]
    if isinstance(node.value, dict):
        return {key: anything(item, ctx) for key, item in node.value.items()}
    return node.value


def slugify(value: str) -> str:
    """ASCII slug for URLs of names (topics, partners); accents are folded, other scripts dropped."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def name_slug(name: str) -> str:
    """A URL slug for a name; names with no ASCII letters get a stable hash instead of nothing."""
    return slugify(name) or "x-" + hashlib.sha256(name.encode()).hexdigest()[:10]


# ---- the tables ----

LINK = {
    "title": Field(_line, "The link's text, on one line.", True, "title: Partners"),
    "url": Field(site_link, 'A path on this site ("/partners/") or a full https:// address.', True,
                 "url: /partners/"),
}

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
    "description": Field(text, "One sentence about the site, for the home page and feeds."),
    "nav": Field(records(LINK), "The links of every page's menu, in order, each {title, url}; without it, the "
                 "theme's menu (Calendar, Forums, Topics, Event types, Partners, Proceedings, Search and the pages).",
                 max_items=MAX_MENU_LINKS),
    "footer": Field(records(LINK), "The links in every page's footer, each {title, url}; without it, the theme's "
                    "(Subscribe to the calendar, RSS, Atom, Events as JSON).", max_items=MAX_MENU_LINKS),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}

RESOURCE = {
    "title": Field(text, "What the resource is.", True, 'title: "Unit planner"'),
    "url": Field(url, "Where to find it.", True, "url: https://example.org/planner.pdf"),
}

ARCHIVE = {
    "recording": Field(url, "Link to the recording: a media file, YouTube or Vimeo, or any page."),
    "captions": Field(captions, "WebVTT captions for the recording, under content/."),
    "transcript": Field(transcript, "Transcript: a .md or .vtt file under content/, or a URL."),
    "slides": Field(file_or_url((".pdf",)), "Slides: a URL, or a PDF under content/."),
    "summary": Field(markdown_text, "What was said, in Markdown."),
    "takeaways": Field(sentences, "Key takeaways, one short sentence each.", max_items=MAX_TAKEAWAYS),
    "resources": Field(records(RESOURCE), "Resources shared in the session: a list of {title, url}.",
                       max_items=MAX_RESOURCES),
}

EVENT = {
    "title": Field(text, "Plain-text title.", True, 'title: "Designing Inquiry Units"'),
    "start": Field(when, "Local wall time at `timezone` (2025-10-14T15:00), or a date for all-day events.", True,
                   "start: 2025-10-14T15:00"),
    "end": Field(when, "After start; a date when start is a date.", True, "end: 2025-10-14T16:00"),
    "timezone": Field(timezone, "IANA zone of start and end; default: site.yml's."),
    "type": Field(choice(EVENT_TYPES), "One of the event types.", True, "type: webinar"),
    "topics": Field(text_list, "One or more topics (from site.yml's list when it has one).", True,
                    "topics: [STEM Education]", max_items=MAX_TOPICS, path_part=True),
    "partner": Field(one_line, "The organization: a name, or the slug of content/partners/<slug>.md.", True,
                     "partner: STEM Teachers Network", path_part=True),
    "presenters": Field(text_list, "Names of presenters.", max_items=MAX_PEOPLE),
    "registration": Field(url, "Where to register or join (http or https)."),
    "summary": Field(text, "One or two plain sentences for lists and feeds."),
    "forum": Field(slug, "Slug of the forum this event belongs to."),
    "audience": Field(text_list, "Who it is for, e.g. [Teachers, Principals].", max_items=MAX_AUDIENCE),
    "status": Field(choice(STATUSES), "scheduled (default), cancelled or postponed."),
    "repeat": Field(choice(REPEATS), "daily or weekly, together with `until`."),
    "until": Field(day, "Last date of a repeating event."),
    "featured": Field(boolean, "Organizers only: show on the home page."),
    "track": Field(one_line, "Conference track or room of a conference-session."),
    "archive": Field(group(ARCHIVE), "Organizers add it after the event: recording and materials."),
    "published": Field(when, "When the event was announced (feeds' publication date); default: the build's date."),
    "updated": Field(when, "When it last changed; set it when you change or cancel, so subscribers update."),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}

FORUM = {
    "title": Field(text, "Plain-text title.", True, 'title: "The Future of the Teaching Profession"'),
    "start": Field(day, "First day.", True, "start: 2025-10-01"),
    "end": Field(day, "Last day (included).", True, "end: 2025-10-31"),
    "timezone": Field(timezone, "IANA zone; default: site.yml's."),
    "topics": Field(text_list, "One or more topics.", True, "topics: [Professional Learning]", max_items=MAX_TOPICS,
                    path_part=True),
    "moderators": Field(text_list, "Names of the moderators.", max_items=MAX_PEOPLE),
    "host": Field(one_line, "The hosting organization: a name or a partner slug.", True,
                  "host: National Association for Teacher Leadership", path_part=True),
    "summary": Field(text, "One or two plain sentences."),
    "synthesis": Field(markdown_text, "Organizers' closing synthesis, in Markdown."),
    "published": Field(when, "When the forum was announced; default: the build's date."),
    "updated": Field(when, "When it last changed."),
    "featured": Field(boolean, "Organizers only: show on the home page."),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}

PARTNER = {
    "name": Field(one_line, "The organization's name as it should appear.", True, 'name: "STEM Teachers Network"'),
    "url": Field(url, "The organization's website."),
    "logo": Field(content_file((".png", ".jpg", ".jpeg", ".gif", ".webp")),
                  "A logo image under content/media/ (never a link: readers' browsers must not call other sites)."),
    "description": Field(text, "One plain sentence about the organization."),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}

PAGE = {
    "title": Field(text, "The page title.", True, 'title: "About"'),
    "summary": Field(text, "One sentence for lists and search results."),
    "extra": Field(anything, "Free-form data for custom templates; never validated."),
}
