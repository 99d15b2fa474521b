"""Validate: turn every document's text into typed values, or say exactly what to fix.

Every file is checked and every problem collected before anything stops, so a
partner sees all the mistakes of a pull request at once. Checks that need more than
one file (topics from site.yml, forum and partner slugs) run after the per-file ones.
The result is plain records; builder/content/model.py turns them into the frozen site.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from builder import routes
from builder.content import badges as badge_checks
from builder.content import colors, mistakes, names, schema
from builder.content.limits import MAX_BODY, MAX_REPEAT_DAYS, MAX_SLUG
from builder.content.markup import markdown_problem
from builder.content.schema import (
    SLUG_PATTERN,
    ContentFile,
    Context,
    Field,
    Invalid,
    name_slug,
    shown,
    slugify,
    suggest,
)
from builder.content.sources import Document, Node, Sources
from builder.content.webvtt import clock
from builder.problems import ContentError, Problem

MAX_UNKNOWN = 5  # values of one field not in site.yml's list, reported one by one


@dataclass(frozen=True)
class Record:
    """One valid file: its typed values and the line each came from."""

    path: str
    slug: str
    values: dict[str, Any]
    lines: dict[str, int]
    body: str = ""
    body_line: int = 1


@dataclass(frozen=True)
class Content:
    """Every valid record, in file-name order; the input of builder/content/model.py."""

    site: Record
    events: list[Record]
    forums: list[Record]
    partners: list[Record]
    pages: list[Record]
    people: list[Record] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    badges: list[Record] = field(default_factory=list)
    earners: dict[str, list[badge_checks.EarnerRow]] = field(default_factory=dict)  # badge slug -> its earners


def validate(sources: Sources, load_problems: list[Problem]) -> Content:
    """Check everything; raise ContentError with every error (warnings ride along on success)."""
    problems = list(load_problems)
    ctx = Context(root=sources.root)
    site = _parse(sources.site, schema.SITE, ctx, problems) if sources.site else None
    zone = site.values.get("timezone") if site else None
    partners = [_parse(doc, schema.PARTNER, ctx, problems) for doc in sources.partners]
    forums = _dated(sources.forums, "forums", schema.FORUM, ctx, zone, problems)
    events = _dated(sources.events, "events", schema.EVENT, ctx, zone, problems)
    _check_moved(events, [doc.slug for doc in sources.events], problems)
    problems += _likely_mistakes(events, sources.events, site, zone)
    problems += mistakes.same_time_warnings(events, {r.slug: r.values["name"] for r in partners if "name" in r.values})
    _check_recorded_dates([*forums, *events], site, problems)
    pages = [_parse(doc, schema.PAGE, ctx, problems) for doc in sources.pages]
    people = [_parse(doc, schema.PERSON, ctx, problems) for doc in sources.people]
    _check_people(people, problems)
    badges = [_parse(doc, schema.BADGE, ctx, problems) for doc in sources.badges]
    earners = badge_checks.check(badges, sources.earners, ctx, problems, site.values.get("base_url") if site else None)
    badge_checks.check_references(badges, events, forums, [doc.slug for doc in sources.events],
                                  [doc.slug for doc in sources.forums], site, problems)
    for kind, docs in (("partners", sources.partners), ("pages", sources.pages), ("people", sources.people),
                       ("badges", sources.badges)):
        for doc in docs:
            _check_slug(doc, kind, problems)
    topics = _site_topics(site, problems)
    audiences = _site_audiences(site, problems)
    # References are checked against every file that exists, even one with errors of its own,
    # so one broken file never makes the files that point to it look broken too.
    _check_references(events, forums, [doc.slug for doc in sources.forums], topics, audiences, problems)
    _check_partners(partners, [*events, *forums], problems, declared=_site_partners(site))
    if site is not None:
        _check_colors(site, problems)

    if _errors(problems) or site is None:
        raise ContentError(problems)
    return Content(site, events, forums, partners, pages, people, warnings=_warnings(problems), badges=badges,
                   earners=earners)


def validate_events(documents: list[Document], load_problems: list[Problem], root: Path, site: Record,
                    forum_slugs: list[str], partners: list[Record]) -> tuple[list[Record], list[Problem]]:
    """Check some event files against a site whose other files were valid (an incremental build):
    the same checks `validate` makes of them, with the same messages. Returns their records and
    warnings; raises ContentError with every error. Their partners are compared with the partner
    profiles (`partners`), not with other events' partners: an edit that changes an event's
    partner builds in full (model.SHARED_VALUES), and one that keeps it cannot make it clash."""
    problems = list(load_problems)
    ctx = Context(root=root)
    events = _dated(documents, "events", schema.EVENT, ctx, site.values["timezone"], problems)
    problems += _likely_mistakes(events, documents, site, site.values["timezone"])
    _check_recorded_dates(events, site, problems)
    _check_references(events, [], forum_slugs, _site_topics(site, []), _site_audiences(site, []), problems)
    _check_partners(partners, events, problems, among_themselves=False, declared=_site_partners(site))
    if _errors(problems):
        raise ContentError(problems)
    return events, _warnings(problems)


def _dated(documents: list[Document], kind: str, table: dict[str, Field], ctx: Context, zone: str | None,
           problems: list[Problem]) -> list[Record]:
    """Events or forums: each file's fields, its times and its name."""
    records = [_parse(doc, table, ctx, problems) for doc in documents]
    for record in records:
        _check_times(record, zone, problems)
        _check_types(record, table, problems)
        _check_image(record, problems)
        _check_chapters(record, problems)
    for doc in documents:
        _check_slug(doc, kind, problems)
    return records


def _check_chapters(record: Record, problems: list[Problem]) -> None:
    """An archive's chapters are of its recording, and start within it when the captions or a timed
    transcript tell how long that is (the last cue's end)."""
    archive = record.values.get("archive")
    if not isinstance(archive, dict) or not archive.get("chapters"):
        return
    if not archive.get("recording"):
        problems.append(Problem(record.path, archive["chapters"][0].line, "archive.chapters are times in the "
                                "recording, and the archive has none; add `recording:` with its address"))
        return
    timed = [found for found in (archive.get("transcript"), archive.get("captions"))
             if isinstance(found, ContentFile) and found.cues]
    if not timed:
        return
    length = timed[0].cues[-1].end
    for mark in archive["chapters"]:
        if mark.start >= length:
            problems.append(Problem(record.path, mark.line, f"archive.chapters: {shown(mark.title)} starts at "
                                    f"{clock(mark.start)}, after the recording ends ({clock(length)}, the "
                                    f"last cue of {timed[0].path}); correct its start"))


def _likely_mistakes(events: list[Record], documents: list[Document], site: Record | None,
                     zone: str | None) -> list[Problem]:
    """The warnings of builder/content/mistakes.py, for each event file (its record and document)."""
    month = site.values.get("month") if site else None
    return [problem for record, doc in zip(events, documents, strict=True)
            for problem in mistakes.event_warnings(record, doc, month, zone)]


def _warnings(problems: list[Problem]) -> list[Problem]:
    return sorted(p for p in problems if p.severity != "error")


def _parse(doc: Document, table: dict[str, Field], ctx: Context, problems: list[Problem],
           fields: dict[str, Node] | None = None, prefix: str = "", line: int | None = None) -> Record:
    """Parse one block of fields against its table, reporting every wrong one.

    The record holds the values that could be read, so later checks still run on a file with
    errors; any error stops the build before the record is used.
    """
    fields = doc.fields if fields is None else fields
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    failed: set[str] = set()
    for name, node in fields.items():
        spec = table.get(name)
        if spec is None:
            failed.add(name)
            problems.append(Problem(doc.path, node.line, _unknown_field(prefix + name, list(table), prefix)))
            continue
        lines[name] = node.line
        if node.value is None or isinstance(node.value, str) and not node.value.strip():
            continue  # an empty optional value is the same as leaving it out; required ones are caught below
        try:
            value = _parse_value(doc, name, node, spec, ctx, problems, prefix)
        except Invalid as error:
            problems.append(Problem(doc.path, error.line or node.line, f"{prefix}{name} {error.message}"))
            failed.add(name)
            continue
        if value != "":  # nothing left once unprintable characters are gone: the same as empty
            values[name] = value
    unread = doc.dropped if fields is doc.fields else frozenset()  # on a line YAML could not read: reported
    for name, spec in table.items():
        if spec.required and name not in values and name not in failed and name not in unread:
            failed.add(name)
            what = "is empty" if name in lines else "is missing"
            problems.append(Problem(doc.path, lines.get(name) or line or doc.header_line,
                                    f"required field {prefix}{name} {what}; add a line like "
                                    f"`{spec.example or name + ': ...'}`"))
    if fields is doc.fields:
        _check_body(doc, problems)
    return Record(doc.path, doc.slug, values, lines, doc.body, doc.body_line)


def _check_body(doc: Document, problems: list[Problem]) -> None:
    """The Markdown below the front matter: within the limits of length and shape (builder/content/limits.py)."""
    if len(doc.body) > MAX_BODY:
        problems.append(Problem(doc.path, doc.body_line, f"the description below the front matter is "
                                                         f"{len(doc.body):,} characters long; at most {MAX_BODY:,} are "
                                                         "allowed: shorten it, or link to a longer document"))
        return
    problem = markdown_problem(doc.body)
    if problem:
        problems.append(Problem(doc.path, doc.body_line, f"the description below the front matter {problem}"))


def _parse_value(doc: Document, name: str, node: Node, spec: Field, ctx: Context,
                 problems: list[Problem], prefix: str) -> Any:
    """Parse one value; nested blocks (archive) and lists of blocks (resources) recurse."""
    value = parse_value(spec, node, ctx)
    nested = getattr(spec.parse, "schema", None)
    if nested is not None:
        return _parse(doc, nested, ctx, problems, value, f"{prefix}{name}.", node.line).values
    item_schema = getattr(spec.parse, "item_schema", None)
    if item_schema is not None:
        return _parse_items(doc, name, value, item_schema, ctx, problems, prefix)
    return value


def parse_value(spec: Field, node: Node, ctx: Context) -> Any:
    """One field's value as the checker reads it: its limits, its parser and, for a name that becomes
    part of a web address, its length there. Raises Invalid. Public so that `python -m builder new`
    accepts exactly what `check` accepts."""
    if spec.max_items is not None and isinstance(node.value, list) and len(node.value) > spec.max_items:
        raise Invalid(f"has {len(node.value):,} items; at most {spec.max_items} are allowed: keep the most important ones")
    value = spec.parse(node, ctx)
    if spec.path_part:
        _check_path_part(value)
    return value


def _check_path_part(value: str | tuple[str, ...]) -> None:
    """A name that becomes part of a web address and a folder of the output (/partners/<slug>/): its
    slug must fit in a file name, whatever a name's characters grow to in it ("㎉" becomes "kcal")."""
    for name in (value,) if isinstance(value, str) else value:
        part = name_slug(name)
        if len(part) > MAX_SLUG:
            raise Invalid(f"{shown(name)} is too long for a web address: it becomes {shown(part)}, {len(part):,} "
                          f"characters, and at most {MAX_SLUG} are allowed; shorten it")


def _parse_items(doc: Document, name: str, items: list[Node], table: dict[str, Field], ctx: Context,
                 problems: list[Problem], prefix: str) -> list[dict[str, Any]]:
    parsed = []
    for index, item in enumerate(items, 1):
        if not isinstance(item.value, dict):
            problems.append(Problem(doc.path, item.line, f"{prefix}{name} item {index} must be written like "
                                                         '{title: "...", url: "https://..."}'))
            continue
        parsed.append(_parse(doc, table, ctx, problems, item.value, f"{prefix}{name}[{index}].", item.line).values)
    return parsed


def _unknown_field(name: str, known: list[str], prefix: str) -> str:
    bare = name.removeprefix(prefix)
    close = difflib.get_close_matches(bare.lower(), known, n=1, cutoff=0.6)
    hint = f'; did you mean "{prefix}{close[0]}"?' if close else \
        "; known fields: " + ", ".join(known) + " (put your own data under `extra:`)"
    return f'unknown field "{name}"{hint}'


def _check_slug(doc: Document, kind: str, problems: list[Problem]) -> None:
    problem = slug_problem(doc.slug, kind)
    if problem:
        problems.append(Problem(doc.path, 1, problem))


def slug_problem(slug: str, kind: str) -> str | None:
    """What is wrong with a file name (without .md) in the folder `kind`, if anything. Public so that
    `python -m builder new` names files as `check` wants them."""
    if not SLUG_PATTERN.fullmatch(slug):
        return (f'the file name {shown(slug + ".md")} is not a valid slug; rename it to "{slugify(slug) or "my-event"}.md" '
                "(lowercase letters, digits and single hyphens)")
    if len(slug) > MAX_SLUG:
        return (f"the file name is {len(slug) + 3:,} characters long; rename it to at most {MAX_SLUG} characters "
                "before .md (the web address and calendar of the page are made from it)")
    if kind == "pages" and slug in routes.GENERATED:
        return f'the page name "{slug}" is used by the site itself; rename the file, e.g. to "{slug}-page.md"'
    return None


def localize(moment: datetime, zone_name: str) -> tuple[datetime, str | None]:
    """The aware time for a wall time in a zone, and a problem if that wall time does not exist."""
    zone = ZoneInfo(zone_name)
    aware = moment.replace(tzinfo=zone)
    back = aware.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != moment:
        before = (aware - timedelta(hours=3)).astimezone(zone)
        jump = before.utcoffset() or timedelta()
        after = (aware + timedelta(hours=3)).astimezone(zone).utcoffset() or timedelta()
        gap = after - jump
        return aware, (f"does not exist in {zone_name}: clocks jump forward by {_span(gap)} that night "
                       f"(daylight saving); pick a time outside the jump, e.g. {(moment + gap):%H:%M}")
    return aware, None


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} hour" + ("s" if minutes // 60 != 1 else "") if minutes % 60 == 0 else f"{minutes} minutes"


def _check_times(record: Record, site_zone: str | None, problems: list[Problem]) -> None:
    """Cross-field rules of one file: same kind of start and end, order, zone, repeats."""
    values, lines, path = record.values, record.lines, record.path
    zone = values.get("timezone") or site_zone
    start, end = values.get("start"), values.get("end")
    if start is None or end is None or zone is None:
        return
    if isinstance(start, datetime) != isinstance(end, datetime):
        problems.append(Problem(path, lines["end"], "start and end must both be dates (an all-day event) or both "
                                                    f"dates with times; got start {start.isoformat()} and end {end.isoformat()}"))
        return
    for name in ("start", "end", "until"):
        if values.get(name) is not None and _odd_offset(values[name], zone):
            problems.append(Problem(path, lines[name], f'{name} "{values[name].isoformat()}" falls before {zone} kept '
                                    f"whole minutes from UTC (its offset then was {_odd_offset(values[name], zone)}), "
                                    "which calendars and feeds cannot write; check the year"))
            return
    if isinstance(start, datetime):
        for name in ("start", "end"):
            aware, gap = localize(values[name], zone)
            if gap:
                problems.append(Problem(path, lines[name], f'{name} "{values[name]:%Y-%m-%dT%H:%M}" {gap}'))
            elif aware.utcoffset() != aware.replace(fold=1).utcoffset():
                problems.append(Problem(path, lines[name], f'{name} "{values[name]:%Y-%m-%dT%H:%M}" happens twice in '
                                        f"{zone} (clocks go back that night); the first one, {aware:%H:%M} "
                                        f"{aware.tzname()}, is used", "warning"))
        if localize(end, zone)[0].astimezone(UTC) <= localize(start, zone)[0].astimezone(UTC):
            problems.append(Problem(path, lines["end"], f'end "{end:%Y-%m-%dT%H:%M}" must be after start '
                                                        f'"{start:%Y-%m-%dT%H:%M}"'))
    elif end < start:
        problems.append(Problem(path, lines["end"], f'end "{end}" must be on or after start "{start}"'))
    published, updated = values.get("published"), values.get("updated")
    if published is not None and updated is not None and _as_datetime(updated) < _as_datetime(published):
        problems.append(Problem(path, lines["updated"], f'updated "{updated.isoformat()}" must be on or after '
                                                        f'published "{published.isoformat()}"'))
    repeat, until = values.get("repeat"), values.get("until")
    if repeat and until is None:
        problems.append(Problem(path, lines["repeat"], f"repeat: {repeat} needs `until:` with the last date, "
                                                       "e.g. until: 2025-10-30"))
    if until is not None and not repeat:
        problems.append(Problem(path, lines["until"], "until is only used with `repeat: daily` or `repeat: weekly`; "
                                                      "add repeat or remove until"))
    start_day = start if not isinstance(start, datetime) else start.date()
    if until is not None and until < start_day:
        problems.append(Problem(path, lines["until"], f'until "{until}" must be on or after the start date "{start_day}"'))
    if until is not None and repeat and (until - start_day).days > MAX_REPEAT_DAYS:
        problems.append(Problem(path, lines["until"], f'until "{until}" is more than a year after start; '
                                                      "repeating events may run for a year at most"))


def _check_moved(events: list[Record], slugs: list[str], problems: list[Problem]) -> None:
    """An event's old name (`moved_from`) becomes a page that leads to it and stays its calendar ID:
    it must be no event's name now, and the old name of one event only."""
    taken = set(slugs)
    first: dict[str, Record] = {}
    for record in events:
        old = record.values.get("moved_from")
        if old is None:
            continue
        line = record.lines["moved_from"]
        if old == record.slug:
            problems.append(Problem(record.path, line, f'moved_from "{old}" is this file\'s own name; remove the line '
                                    "(moved_from is the name the file had before it was renamed)"))
        elif old in taken:
            folder = record.path.rsplit("/", 1)[0]
            problems.append(Problem(record.path, line, f'moved_from "{old}" is the name of another event, {folder}/'
                                    f"{old}.md: two events cannot share an address or calendar ID; write the name "
                                    "this file had before it was renamed, or remove the line"))
        elif first.setdefault(old, record) is not record:
            problems.append(Problem(record.path, line, f'moved_from "{old}" is also the old name of '
                                    f"{first[old].path}:{first[old].lines['moved_from']}; only one event can keep "
                                    "it: remove one of the two lines"))


def _check_image(record: Record, problems: list[Problem]) -> None:
    """An image goes with its text alternative: a picture without one is lost on readers who cannot see it."""
    lines, values = record.lines, record.values
    if "image" in values and not values.get("image_alt"):
        what = "is empty" if "image_alt" in lines else "is missing"
        problems.append(Problem(record.path, lines.get("image_alt") or lines["image"],
                                f"image needs image_alt, which {what}: add a line like "
                                'image_alt: "Students building a robot", saying what the picture shows for readers '
                                "who cannot see it"))
    if "image_alt" in values and "image" not in lines:
        problems.append(Problem(record.path, lines["image_alt"], "image_alt is only used with image; add image, or "
                                "remove image_alt"))


def _check_people(people: list[Record], problems: list[Problem]) -> None:
    """A photo goes with its text alternative; a name has one profile, since sessions find it by name."""
    seen: dict[str, Record] = {}
    for record in people:
        lines, values = record.lines, record.values
        if "photo" in values and not values.get("photo_alt"):
            problems.append(Problem(record.path, lines.get("photo_alt") or lines["photo"],
                                    'photo needs photo_alt: add a line like photo_alt: "Maria Garcia smiling at '
                                    'a whiteboard", saying what the photo shows for readers who cannot see it'))
        name = values.get("name")
        if name is None:
            continue
        first = seen.setdefault(name.casefold(), record)
        if first is not record:
            problems.append(Problem(record.path, lines["name"], f"name {shown(name)} already has a profile, "
                                    f"people/{first.slug}.md; keep one of the two files"))


def _check_types(record: Record, table: dict[str, Field], problems: list[Problem]) -> None:
    """A field declared for some event types only (`track`), given on an event of another type: kept,
    but worth a word, since nothing shows it where readers would look for it."""
    kind = record.values.get("type")
    for name, spec in table.items():
        if spec.types and kind is not None and kind not in spec.types and name in record.values:
            problems.append(Problem(record.path, record.lines[name], f"{name} is only for "
                                    + " and ".join(spec.types) + f" events, and this one is a {kind}; remove it, "
                                    "or change the type", "warning"))


def _odd_offset(moment: date | datetime, zone: str) -> str | None:
    """The zone's offset from UTC at `moment` (a date: its midnight), when it is not a whole number
    of minutes (local mean time, as in Asia/Kolkata before 1906 or Africa/Monrovia before 1972)."""
    wall = moment if isinstance(moment, datetime) else datetime.combine(moment, datetime.min.time())
    offset = wall.replace(tzinfo=ZoneInfo(zone)).utcoffset() or timedelta()
    if not offset.total_seconds() % 60:
        return None
    seconds = int(offset.total_seconds())
    sign, seconds = ("-" if seconds < 0 else "+"), abs(seconds)
    return f"{sign}{seconds // 3600:02}:{seconds % 3600 // 60:02}:{seconds % 60:02}"


def _check_colors(site: Record, problems: list[Problem]) -> None:
    """site.yml's `colors.accent_text` must be readable on `colors.accent` (or the theme's accent)."""
    chosen = site.values.get("colors") or {}
    if "accent_text" not in chosen:
        return
    accent = chosen.get("accent", colors.DEFAULT_ACCENT)
    ratio = colors.contrast(chosen["accent_text"], accent)
    if ratio < colors.AA:
        problems.append(Problem(site.path, site.lines.get("colors", 1),
                                f'colors.accent_text "{chosen["accent_text"]}" has a contrast of {ratio:.2f}:1 on the '
                                f'accent {accent}; text on buttons needs at least {colors.AA}:1 (WCAG AA): '
                                f'use "{colors.text_on(accent)}" or leave accent_text out'))


def _errors(problems: list[Problem]) -> int:
    return sum(1 for problem in problems if problem.severity == "error")


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, datetime.min.time())


# `published:` and `updated:` date an item's own entries in feeds and calendars, and a feed is dated
# by its newest entry: a date far ahead (2052 for 2025) would head every feed it is in for years. An
# archive may come a year after the month; a date more than RECORDED_YEARS after it is a typo.
RECORDED_YEARS = 2


def _check_recorded_dates(records: list[Record], site: Record | None, problems: list[Problem]) -> None:
    month = site.values.get("month") if site else None
    if month is None:
        return
    after = date(month.year + RECORDED_YEARS + month.month // 12, month.month % 12 + 1, 1)  # the day after the month
    for record in records:
        for name in ("published", "updated"):
            value = record.values.get(name)
            if value is not None and _as_datetime(value) >= _as_datetime(after):
                written = f"{value:%Y-%m-%dT%H:%M}" if isinstance(value, datetime) else value.isoformat()
                problems.append(Problem(record.path, record.lines[name], f'{name} "{written}" is more than '
                                        f"{RECORDED_YEARS} years after the site's month ({month:%Y-%m}); write the "
                                        f"date of the announcement or change itself (check the year), no later than "
                                        f"{after - timedelta(days=1)}"))


def _site_topics(site: Record | None, problems: list[Problem]) -> dict[str, str] | None:
    """Map lowercase name and slug to the canonical topic name; None when site.yml has none (then each
    event's own, within MAX_TOPICS, make the menu: the partners' contract keeps the list optional)."""
    return _vocabulary(site, "topics", "the page /topics/{}/", problems)


def _site_audiences(site: Record | None, problems: list[Problem]) -> dict[str, str] | None:
    """Map lowercase name and slug to the canonical audience; None when site.yml declares none (then
    each event's own, within MAX_AUDIENCE, make the menu, as for topics)."""
    return _vocabulary(site, "audiences", 'the filter value "{}"', problems)


def _vocabulary(site: Record | None, field_name: str, shared: str, problems: list[Problem]) -> dict[str, str] | None:
    """A list organizers declare in site.yml (topics, audiences), for the values of events that
    become site-wide menus and pages: lowercase name and slug -> the name as declared."""
    if site is None or not site.values.get(field_name):
        return None
    found: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name in site.values[field_name]:
        key = name_slug(name)
        if key in seen:
            problems.append(Problem(site.path, site.lines[field_name], f'{field_name} "{name}" and "{seen[key]}" would '
                                                                       f"share {shared.format(key)}; keep one"))
        seen[key] = name
        found[name.lower()] = name
        found[key] = name
    return found


def _check_references(events: list[Record], forums: list[Record], forum_slugs: list[str],
                      topics: dict[str, str] | None, audiences: dict[str, str] | None, problems: list[Problem]) -> None:
    forum_slugs = sorted(forum_slugs)
    for record in [*events, *forums]:
        if topics is not None and "topics" in record.values:
            record.values["topics"] = _declared(record, "topics", topics, "a topic", problems)
        if "topics" in record.values and not record.values["topics"]:
            problems.append(Problem(record.path, record.lines.get("topics", 1),
                                    "topics needs at least one topic, e.g. topics: [Literacy]"))
        if audiences is not None and "audience" in record.values:
            record.values["audience"] = _declared(record, "audience", audiences, "an audience", problems)
        forum = record.values.get("forum")
        if forum is not None and forum not in forum_slugs:
            problems.append(Problem(record.path, record.lines["forum"], f"forum {shown(forum)} is not a forum of this "
                                    f"site (no content/forums/{forum}.md){suggest(forum, forum_slugs)}"))


def _declared(record: Record, field_name: str, vocabulary: dict[str, str], what: str,
              problems: list[Problem]) -> tuple[str, ...]:
    """The record's values of a declared list, as site.yml spells them. Each unknown one is an error,
    up to MAX_UNKNOWN of them: the rest are counted in one more."""
    canonical = sorted(set(vocabulary.values()))
    listed = "topics" if field_name == "topics" else "audiences"
    line = record.lines[field_name]
    fixed, unknown = [], 0
    for name in record.values[field_name]:
        found = vocabulary.get(name.lower()) or vocabulary.get(name_slug(name))
        if found is None:
            unknown += 1
            if unknown <= MAX_UNKNOWN:
                problems.append(Problem(record.path, line, f"{field_name} {shown(name)} is not {what} of this site"
                                                           f"{suggest(name, canonical)} (site.yml lists the {listed})"))
        fixed.append(found or name)
    if unknown > MAX_UNKNOWN:
        problems.append(Problem(record.path, line, f"{field_name} has {unknown - MAX_UNKNOWN} more values that are not "
                                                   f"in site.yml's list of {listed}"))
    return tuple(dict.fromkeys(fixed))


@dataclass(frozen=True)
class _Place:
    """Where a partner is named: the name as written, its file and line, the partner it names (a
    profile's slug, or the name itself), every spelling that names that partner, and whether this
    is a profile's own name (or file name) rather than a file naming a partner."""

    written: str
    path: str
    line: int
    partner: str
    spellings: frozenset[str]
    profile: bool = False

    def clashes(self, first: _Place) -> bool:
        """A profile that looks like another partner is another profile of it (even spelt alike);
        another file naming a partner must spell it as that partner's profile or first file does."""
        return first.partner != self.partner if self.profile else self.written not in first.spellings


def _site_partners(site: Record | None) -> tuple[str, ...]:
    """The partners site.yml declares (`partners:`), organizations without a profile file."""
    return site.values.get("partners", ()) if site is not None else ()


def _check_partners(partners: list[Record], records: list[Record], problems: list[Problem],
                    among_themselves: bool = True, declared: tuple[str, ...] = ()) -> None:
    """One look, one partner. Every way a partner is named (a profile's slug and name, an event's
    `partner:` and a forum's `host:`) is compared with the others by how it looks (names.skeletons):
    two profiles that look alike, or a name that looks like another partner's without being spelt
    as it is, would let one file take over or pass for another's partner, so each is an error that
    names the place it clashes with.

    Partners are also known in advance: a profile (by slug or name) or a name site.yml declares.
    A name that is neither is an error with the known name it probably meant, since a misspelt
    name would otherwise silently make a second partner with a page of its own. A site with no
    profiles and no `partners:` list knows no partner in advance, so there any name is one (a
    small site need not declare anything)."""
    places: dict[str, _Place] = {}
    slugs = sorted(record.slug for record in partners)
    profile_names: dict[str, _Place] = {}
    known = known_partners({r.slug: r.values.get("name") for r in partners}, declared) if partners or declared else None

    def clash(place: _Place) -> _Place | None:
        """The first place whose name looks like this one's but names another partner; this one is
        remembered under each of its skeletons that is still free."""
        found = None
        for key in _keys(place.written, page=not place.profile):
            first = places.setdefault(key, place)
            if found is None and first is not place and place.clashes(first):
                found = first
        return found

    for record in partners:
        name = record.values.get("name")
        spellings = frozenset({record.slug, name} - {None})
        profile = [_Place(record.slug, record.path, 1, record.slug, spellings, profile=True)]
        if name is not None:
            profile.append(_Place(name, record.path, record.lines["name"], record.slug, spellings, profile=True))
            profile_names[name.casefold()] = profile[-1]
        for place in profile:
            first = clash(place)
            if first is not None:
                what = "the file name" if place.line == 1 and place.written == record.slug else "name"
                problems.append(Problem(record.path, place.line, f"{what} {_looks_like(place, first)}; each "
                                        "organization has one profile: remove one of them, or give each its "
                                        "own name"))
    for record in records:
        for field_name in ("partner", "host"):
            written = record.values.get(field_name)
            if written is None or written in slugs:
                continue
            place = _Place(written, record.path, record.lines[field_name], written, frozenset({written}))
            unknown = known is not None and written not in known and written.casefold() not in profile_names
            # An unknown name is compared, never remembered: a misspelling must not make the right
            # spelling in another file look like the one that clashes.
            first = clash(place) if among_themselves and not unknown else _clash_with_profile(place, places)
            if first is not None:
                fix = (f"write it exactly as there, or write the profile's slug: {field_name}: {first.partner}"
                       if first.partner in slugs else "write the organization's name the same way in every file")
                problems.append(Problem(record.path, place.line, f"{field_name} {_looks_like(place, first)}; {fix}"))
            elif written not in (known or ()) and SLUG_PATTERN.fullmatch(written) and (
                    "-" in written or difflib.get_close_matches(written, slugs, n=1, cutoff=0.8)):
                problems.append(Problem(record.path, place.line,
                                        f"{field_name} {shown(written)} looks like a partner slug, but there is no "
                                        f"content/partners/{written}.md{suggest(written, slugs)} "
                                        "(or write the organization's full name)"))
            elif unknown:
                problems.append(Problem(record.path, place.line, unknown_partner(field_name, written, known)))


def known_partners(profiles: dict[str, str | None], declared: tuple[str, ...]) -> list[str]:
    """Every spelling that names a known partner, from the profiles (slug -> name) and site.yml's names:
    the names, then the slugs (a suggestion offers a name before a slug that is as close)."""
    profile_names = {name for name in profiles.values() if name is not None}
    return [*sorted(profile_names | set(declared)), *sorted(profiles)]


def unknown_partner(field_name: str, written: str, known: list[str]) -> str:
    """The error for a partner that is neither a profile nor declared in site.yml, with its likely meaning."""
    meant = names.closest(written, known)
    hint = f": did you mean {shown(meant)}?" if meant else "."
    return (f"{field_name} {shown(written)} is not a known partner{hint} Partners are the profiles in content/partners/ "
            "and the names in site.yml's partners list; to add a new partner, add a profile (see the partner guide)")


def _clash_with_profile(place: _Place, places: dict[str, _Place]) -> _Place | None:
    """The profile's place whose name looks like this one's but is spelt otherwise, if any."""
    for key in _keys(place.written, page=False):
        first = places.get(key)
        if first is not None and place.clashes(first):
            return first
    return None


def _keys(written: str, page: bool) -> list[str]:
    """What two names of one partner share: how they look (names.skeletons); and for a name without
    a profile (`page`), the address its page would have (`/partners/<slug>/`), which drops
    punctuation and letters of other alphabets: "!EdTech Coaches Guild — САΝСЕᏞᏞΕᎠ" would otherwise
    take over the page of "EdTech Coaches Guild". (A profile's page is its file's: its own.)"""
    return [*sorted(names.skeletons(written)), *(["/" + name_slug(written) + "/"] if page else [])]


def _looks_like(place: _Place, first: _Place) -> str:
    """'"X" looks the same as "Y", also named in path:line' (or "is also named in" when spelt alike)."""
    if place.written == first.written:
        return f"{shown(place.written)} is also named in {first.path}:{first.line}"
    if name_slug(place.written) == name_slug(first.written) and names.skeletons(place.written).isdisjoint(
            names.skeletons(first.written)):
        return (f"{shown(place.written)} would have the same page (/partners/{name_slug(first.written)}/) as "
                f"{shown(first.written)}, named in {first.path}:{first.line}")
    return (f"{shown(place.written)} looks the same as {shown(first.written)}, also named in {first.path}:"
            f"{first.line} (names are compared as they look: letters from other alphabets that look alike, "
            "case, width and invisible characters do not make a name different)")
