"""Model: the immutable site that rendering reads, with every derived index built once.

Records from validation become frozen dataclasses; times become aware datetimes;
partner names and slugs become one Partner each; repeating events are expanded into
occurrences. Indexes (by day, topic, type, partner, forum) are computed here so that
rendering is a pure function of this object and can later run in parallel or cached.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from builder import routes
from builder.content.badges import EarnerRow, hashed
from builder.content.markup import Markdown, render_markdown
from builder.content.moments import Highlights, Moment, Synthesis, highlights, nearest_paragraphs, paragraphs
from builder.content.recordings import Recording, classify
from builder.content.schema import EVENT, EVENT_TYPES, FROM_SITE, SITE, ContentFile, Field, name_slug, paper_for
from builder.content.validation import Content, Record, localize
from builder.content.webvtt import Cue, clock

UTC = UTC


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str

    @property
    def url(self) -> str:
        return routes.TOPIC.format(slug=self.slug)


@dataclass(frozen=True)
class EventType:
    slug: str
    name: str

    @property
    def url(self) -> str:
        return routes.TYPE.format(slug=self.slug)


@dataclass(frozen=True)
class Partner:
    slug: str
    name: str
    url: str | None = None
    description: str | None = None
    logo: str | None = None  # path under content/, copied to the same path under output/
    body_html: str = ""
    has_profile: bool = False

    @property
    def page(self) -> str:
        return routes.PARTNER.format(slug=self.slug)


@dataclass(frozen=True)
class Resource:
    title: str
    url: str


@dataclass(frozen=True)
class Chapter:
    """A chapter of a recording, for the outline beside the player."""

    start: float  # seconds
    title: str

    @property
    def clock(self) -> str:
        return clock(self.start)


@dataclass(frozen=True)
class Archive:
    recording: Recording | None
    recording_size: int | None  # bytes, as the organizers gave it; None: not known
    captions: str | None  # path under content/ (and under output/)
    transcript: str | None  # a URL, or the path of a .md/.vtt file under content/
    cues: tuple[Cue, ...]  # the transcript as timed text: from a .vtt transcript, else the captions
    transcript_html: str  # a Markdown transcript, rendered
    slides: str | None
    summary_html: str
    takeaways: tuple[str, ...]
    resources: tuple[Resource, ...]
    duration: float | None  # seconds of recording: the last cue's end, else the event's length
    chapters: tuple[Chapter, ...] = ()
    moments: tuple[Moment, ...] = ()  # chosen automatically from the transcript (builder/content/moments.py)
    passages: tuple[Moment, ...] = ()  # its most central sentences, whole: what the proceedings' themes read of it


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Event:
    """An event: an attribute per field of schema.EVENT, of the same name (the `kept` ones hold the
    value or default as declared there; tests/test_fields.py holds the two together), and what is
    made from them."""

    slug: str
    title: str
    start: datetime  # aware, in `timezone`; for all-day events local midnight of the first day
    end: datetime  # aware; for all-day events local midnight after the last day (exclusive)
    all_day: bool
    timezone: str
    type: EventType
    topics: tuple[Topic, ...]
    partner: Partner
    presenters: tuple[str, ...]
    registration: str | None
    join: str | None
    summary: str
    forum: str | None
    audience: tuple[str, ...]
    language: str  # a BCP 47 tag
    accessibility: tuple[str, ...]  # slugs of schema.ACCESSIBILITY
    cost: str | None  # "free", or a price as written ("$25"); None: not said
    grades: tuple[str, ...]  # slugs of schema.GRADES
    pd_credit: dict[str, Any] | None  # {"hours": number or None, "certificate": bool}
    platform: str | None
    image: str | None  # an https:// address, or a path under content/ (copied to the same path under output/)
    image_alt: str | None
    status: str
    repeat: str | None
    until: date | None
    track: str | None
    moved_from: str | None  # the slug the event had before its file was renamed: its calendar UID, and a redirect
    featured: bool
    archive: Archive | None
    badges: tuple[str, ...]  # slugs of the badges taking part helps earn (with those that list the event)
    body_html: str
    occurrences: tuple[Occurrence, ...]
    published: datetime  # UTC: when announced (front matter, else the site's stamp)
    updated: datetime  # UTC: when last changed; never before published
    revision: int  # grows with every recorded change (see _dates); what iCalendar's SEQUENCE counts from
    entry_updated: datetime  # `updated` and a fraction of a second of its own: no two items share one
    source: str
    extra: Any = None

    @property
    def url(self) -> str:
        return routes.EVENT.format(slug=self.slug)

    @property
    def chapters_vtt(self) -> str | None:
        """The WebVTT file of its recording's chapters, for the player's <track kind="chapters">: written
        only for a recording that is a media file (a YouTube or Vimeo player takes no track)."""
        return routes.CHAPTERS_VTT.format(slug=self.slug) if self._chapter_files else None

    @property
    def chapters_json(self) -> str | None:
        """The Podcasting 2.0 JSON file of its recording's chapters, for podcast apps; as chapters_vtt."""
        return routes.CHAPTERS_JSON.format(slug=self.slug) if self._chapter_files else None

    @property
    def _chapter_files(self) -> bool:
        archive = self.archive
        return bool(archive and archive.chapters and archive.recording and archive.recording.media_type)

    @property
    def last_day(self) -> date:
        """The last calendar day the event touches, in its own zone."""
        return (self.end - timedelta(microseconds=1)).date()

    @property
    def sort_key(self) -> tuple[datetime, str, str]:
        return (self.start.astimezone(UTC), self.title.casefold(), self.slug)

    def occurrence_on(self, day: date) -> Occurrence:
        """The occurrence starting on `day` (the first one when none does)."""
        return next((o for o in self.occurrences if o.start.date() == day), self.occurrences[0])


@dataclass(frozen=True)
class Forum:
    slug: str
    title: str
    start: date
    end: date  # last day, included
    timezone: str
    topics: tuple[Topic, ...]
    moderators: tuple[str, ...]
    join: str | None  # where to join the discussion
    platform: str | None
    host: Partner
    summary: str
    synthesis_html: str
    body_html: str
    featured: bool
    published: datetime
    updated: datetime
    revision: int
    entry_updated: datetime
    source: str
    extra: Any = None
    badges: tuple[str, ...] = ()  # slugs of the badges taking part helps earn (with those that list the forum)

    @property
    def url(self) -> str:
        return routes.FORUM.format(slug=self.slug)


@dataclass(frozen=True)
class Person:
    """A presenter's or moderator's profile (content/people/<slug>.md); sessions find it by name."""

    slug: str
    name: str
    summary: str  # a one-sentence bio
    photo: str | None  # path under content/ (and under output/)
    photo_alt: str | None
    links: tuple[Resource, ...]
    body_html: str  # the bio
    source: str
    extra: Any = None

    @property
    def url(self) -> str:
        return routes.PERSON.format(slug=self.slug)


@dataclass(frozen=True)
class Alignment:
    """A standard or competency a badge is aligned to (Open Badges' AlignmentObject)."""

    name: str
    url: str
    description: str | None = None
    framework: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Earner:
    """Someone who earned a badge: what their hosted assertion and their page say. Their email
    address is not kept: only its hash, which a verifier recomputes from the address they are given."""

    id: str  # stable from the badge and the address, never from the row's place in the file
    name: str
    identity: str  # "sha256$" and the hex digest of the lowercased address followed by the salt
    salt: str
    issued: date
    evidence: str
    reflection: str
    revoked: str | None  # why the badge was taken back; None while it stands

    def url(self, badge: str) -> str:
        return routes.EARNER.format(slug=badge, earner=self.id)


@dataclass(frozen=True)
class Badge:
    """An open badge (content/badges/<slug>.md): the body is its criteria; its earners come from
    <slug>.earners.csv beside it."""

    slug: str
    name: str
    description: str
    criteria: str  # the body, in Markdown: the BadgeClass's narrative
    criteria_html: str
    image: str  # path under content/ (and under output/)
    image_data: bytes  # its bytes, baked into each earner's copy
    tags: tuple[str, ...]
    alignment: tuple[Alignment, ...]
    events: tuple[str, ...]  # the events it lists as awarding it (events may also name it: Site.by_badge)
    forums: tuple[str, ...]
    earners: tuple[Earner, ...]  # by name, then id
    source: str
    extra: Any = None

    @property
    def url(self) -> str:
        return routes.BADGE.format(slug=self.slug)


@dataclass(frozen=True)
class Issuer:
    """Who awards the site's badges (site.yml's `issuer:`), with the site's title and address as defaults."""

    name: str
    url: str
    email: str


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    body_html: str
    source: str
    extra: Any = None
    downloads: tuple[Download, ...] = ()  # files under content/ the page offers, copied as they are

    @property
    def url(self) -> str:
        return routes.PAGE.format(slug=self.slug)


@dataclass(frozen=True)
class Download:
    """A file a page offers (its `downloads:`): a path under content/, copied to the same path."""

    title: str
    file: str


@dataclass(frozen=True)
class Link:
    """A link of a menu site.yml declares (`nav:`, `footer:`)."""

    title: str
    href: str  # as pages write it: a path on this site under its base path, or an https:// address


@dataclass(frozen=True)
class SiteInfo:
    title: str
    base_url: str  # always ends in "/"
    base_path: str  # the path part of base_url, e.g. "/" or "/cem2025/"; every link starts with it
    host: str
    month: date
    timezone: str
    language: str  # a BCP 47 tag: that of events that give none
    description: str
    stamp: datetime  # UTC; SOURCE_DATE_EPOCH, else from the site's month: never the content, never the clock
    extra: Any = None
    nav: tuple[Link, ...] | None = None  # None: site.yml has no `nav:`, and the theme shows its own
    footer: tuple[Link, ...] | None = None  # likewise for `footer:`
    logo: str | None = None  # path under content/ (SVG or PNG), copied to the same path under output/
    favicon: str | None = None  # likewise; None: the theme's own
    colors: tuple[tuple[str, str], ...] = ()  # site.yml's `colors:`, (name, validated "#rrggbb"), sorted
    repository: str | None = None  # GitHub's owner/name that partners send files to (the /submit/ page)
    branch: str = "main"  # the branch of `repository` new files are proposed to
    declared: tuple[tuple[str, tuple[str, ...]], ...] = ()  # site.yml's topics, audiences and partners lists
    paper: str = "a4"  # the proceedings PDF's page size, a CSS keyword of schema.PAPER_SIZES
    issuer: Issuer | None = None  # who awards the badges; None when site.yml says nothing (and there are none)


@dataclass(frozen=True)
class Site:
    """Everything rendering needs; nothing here changes after build_site returns."""

    info: SiteInfo
    events: tuple[Event, ...]  # sorted by start, then title
    forums: tuple[Forum, ...]
    partners: tuple[Partner, ...]  # sorted by name
    topics: tuple[Topic, ...]
    types: tuple[EventType, ...]  # the types that have events, in the contract's order
    audiences: tuple[str, ...]  # every audience named by an event, sorted
    languages: tuple[str, ...]  # every event's language tag, sorted: the filter form's choices
    people: tuple[Person, ...]  # the profiles, sorted by name
    by_person: Mapping[str, tuple[Event, ...]]  # person slug -> the events they present, in time order
    forums_by_person: Mapping[str, tuple[Forum, ...]]  # person slug -> the forums they moderate
    badges: tuple[Badge, ...]  # sorted by name
    by_badge: Mapping[str, tuple[Event, ...]]  # badge slug -> the events that award it, in time order
    forums_by_badge: Mapping[str, tuple[Forum, ...]]  # badge slug -> the forums that award it
    pages: tuple[Page, ...]
    by_day: Mapping[date, tuple[Event, ...]]  # events with an occurrence starting that day
    ongoing_by_day: Mapping[date, tuple[Event, ...]]  # multi-day events running that day, not starting
    by_topic: Mapping[str, tuple[Event, ...]]
    by_type: Mapping[str, tuple[Event, ...]]
    by_partner: Mapping[str, tuple[Event, ...]]
    by_forum: Mapping[str, tuple[Event, ...]]
    forums_by_partner: Mapping[str, tuple[Forum, ...]]
    forums_by_topic: Mapping[str, tuple[Forum, ...]]
    media: tuple[str, ...]  # files under content/ that pages link to, copied as they are


def markdown_root(base_url: str) -> str:
    """The path links written from the site root (`/forums/x/`) take: `/`, or where the site lives."""
    return urlsplit(base_url.rstrip("/") + "/").path or "/"


@dataclass(frozen=True)
class Entities:
    """The site before its lists and indexes: what an incremental build keeps from the last one."""

    info: SiteInfo
    events: tuple[Event, ...]  # sorted by start, then title
    forums: tuple[Forum, ...]
    pages: tuple[Page, ...]
    topic_of: dict[str, Topic]  # every spelling of a topic in the content -> its Topic
    partner_of: dict[str, Partner]  # every way a partner is named -> its Partner
    people: tuple[Person, ...] = ()
    badges: tuple[Badge, ...] = ()


# An event's values that other files' entities are derived from: the site's topics and their
# spellings, its partners, its date. An edit that keeps them changes that event alone.
SHARED_VALUES = ("topics", "partner", "published", "updated", "moved_from",  # moved_from: a page of its own
                 "badges")  # checked against content/badges/, which an incremental build does not read


def build_site(content: Content, source_date_epoch: int | None = None, markdown: Markdown = render_markdown,
               synthesize: Synthesis = highlights) -> Site:
    """Turn validated records into the frozen Site with its indexes.

    `source_date_epoch` (the reproducible-builds convention) dates whatever has no date of its own.
    `markdown` renders every Markdown text: render_markdown, or the same answers from a build's
    engine, which may have made them ahead, on several cores, or kept them from the last build.
    `synthesize` chooses a transcript's key moments and passages, the same way: highlights, or its
    answers kept.
    """
    return assemble(entities(content, source_date_epoch, markdown, synthesize))


def entities(content: Content, source_date_epoch: int | None = None, markdown: Markdown = render_markdown,
             synthesize: Synthesis = highlights) -> Entities:
    info = _site_info(content, source_date_epoch)
    topic_of = _topics(content)
    partner_of = _partners(content, info.base_path, markdown)
    forums = tuple(sorted((_forum(r, info, topic_of, partner_of, markdown) for r in content.forums),
                          key=lambda f: (f.start, f.title.casefold(), f.slug)))
    events = tuple(sorted((_event(r, info, topic_of, partner_of, markdown, synthesize) for r in content.events),
                          key=lambda e: e.sort_key))
    pages = tuple(sorted((_page(r, info.base_path, markdown) for r in content.pages),
                         key=lambda p: (p.title.casefold(), p.slug)))
    people = tuple(sorted((_person(r, info.base_path, markdown) for r in content.people),
                          key=lambda p: (p.name.casefold(), p.slug)))
    badges = tuple(sorted((_badge(r, content.earners.get(r.slug, ()), info, markdown) for r in content.badges),
                          key=lambda b: (b.name.casefold(), b.slug)))
    return Entities(info, events, forums, pages, topic_of, partner_of, people, badges)


def with_events(parts: Entities, records: list[Record], markdown: Markdown = render_markdown,
                synthesize: Synthesis = highlights) -> Entities:
    """`parts` with these event files' new records in place of their old ones. The caller checks
    that each kept its SHARED_VALUES and that no file was added or removed, which is what makes
    the result the one a full build gives."""
    return with_replaced(parts, {r.path: _event(r, parts.info, parts.topic_of, parts.partner_of, markdown, synthesize)
                                 for r in records})


def with_replaced(parts: Entities, events: Mapping[str, Event]) -> Entities:
    """`parts` with these events in place of those from the same files (by `source`)."""
    replaced = (events.get(event.source, event) for event in parts.events)
    return dataclasses.replace(parts, events=tuple(sorted(replaced, key=lambda e: e.sort_key)))


def shared_values(values: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(values.get(name) for name in SHARED_VALUES)


def assemble(parts: Entities) -> Site:
    """The lists and indexes every page reads, each computed once."""
    events, forums = _distinct_entry_times(parts.events, parts.forums)
    used_partners = {e.partner.slug for e in events} | {f.host.slug for f in forums}
    partners = tuple(sorted((p for p in parts.partner_of.values() if p.slug in used_partners or p.has_profile),
                            key=lambda p: (p.name.casefold(), p.slug)))
    partners = tuple({p.slug: p for p in partners}.values())
    used_topics = {t.slug for e in events for t in e.topics} | {t.slug for f in forums for t in f.topics}
    topics = tuple(sorted((t for t in set(parts.topic_of.values()) if t.slug in used_topics),
                          key=lambda t: (t.name.casefold(), t.slug)))
    types = tuple(EventType(slug, kind.name) for slug, kind in EVENT_TYPES.items() if any(e.type.slug == slug for e in events))

    by_day: dict[date, list[Event]] = defaultdict(list)
    ongoing: dict[date, list[Event]] = defaultdict(list)
    for event in events:
        for occurrence in event.occurrences:
            first = occurrence.start.date()
            by_day[first].append(event)
            last = (occurrence.end - timedelta(microseconds=1)).date()
            for offset in range(1, min((last - first).days, 366) + 1):
                ongoing[first + timedelta(days=offset)].append(event)

    person_of = {person.name.casefold(): person.slug for person in parts.people}
    return Site(
        info=parts.info, events=events, forums=forums, partners=partners, topics=topics, types=types,
        pages=parts.pages, audiences=tuple(sorted({a for e in events for a in e.audience}, key=_by_name)),
        languages=tuple(sorted({e.language for e in events})),
        people=parts.people,
        by_person=_index(events, lambda e: _profiles(e.presenters, person_of)),
        forums_by_person=_index(forums, lambda f: _profiles(f.moderators, person_of)),
        by_day=_freeze({day: sorted(_unique(evs), key=_by_occurrence(day)) for day, evs in by_day.items()}),
        ongoing_by_day=_freeze({day: sorted(_unique(evs), key=lambda e: e.sort_key) for day, evs in ongoing.items()}),
        by_topic=_index(events, lambda e: [t.slug for t in e.topics]),
        by_type=_index(events, lambda e: [e.type.slug]),
        by_partner=_index(events, lambda e: [e.partner.slug]),
        by_forum=_index(events, lambda e: [e.forum] if e.forum else []),
        forums_by_partner=_index(forums, lambda f: [f.host.slug]),
        forums_by_topic=_index(forums, lambda f: [t.slug for t in f.topics]),
        badges=parts.badges,
        by_badge=_index(events, lambda e: _awarded(e, parts.badges, lambda b: b.events)),
        forums_by_badge=_index(forums, lambda f: _awarded(f, parts.badges, lambda b: b.forums)),
        media=tuple(sorted(_media(events, partners) | {p.photo for p in parts.people if p.photo}
                           | {b.image for b in parts.badges}
                           | {d.file for page in parts.pages for d in page.downloads}
                           | {path for path in (parts.info.logo, parts.info.favicon) if path})),
    )


def _by_name(name: str) -> tuple[str, str]:
    """Names in reading order, whatever their case; names that differ only in case in code point
    order, so a set's order (the hash seed's) never decides."""
    return (name.casefold(), name)


def _by_occurrence(day: date):  # type: ignore[no-untyped-def]
    """Sort a day's events by the start of their occurrence on that day, then title."""
    def key(event: Event) -> tuple[datetime, str, str]:
        return (event.occurrence_on(day).start.astimezone(UTC), event.title.casefold(), event.slug)
    return key


def _unique(events: list[Event]) -> list[Event]:
    return list({event.slug: event for event in events}.values())


def _freeze(mapping: dict[Any, list[Any]]) -> Mapping[Any, tuple[Any, ...]]:
    return MappingProxyType({key: tuple(mapping[key]) for key in sorted(mapping)})


def _index(items: Iterable[Any], keys: Any) -> Mapping[str, tuple[Any, ...]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for item in items:  # items arrive sorted, so every group is sorted too
        for key in keys(item):
            grouped[key].append(item)
    return _freeze(grouped)


def _site_info(content: Content, source_date_epoch: int | None) -> SiteInfo:
    values = content.site.values
    base_url = values["base_url"].rstrip("/") + "/"
    parts = urlsplit(base_url)
    return SiteInfo(title=values["title"], base_url=base_url, base_path=parts.path or "/",
                    host=parts.hostname or "", month=values["month"], timezone=values["timezone"],
                    language=values.get("language", SITE["language"].default),
                    description=values.get("description", ""), stamp=_stamp(content, source_date_epoch),
                    extra=values.get("extra"), nav=_links(values.get("nav"), parts.path or "/"),
                    footer=_links(values.get("footer"), parts.path or "/"), logo=values.get("logo"),
                    favicon=values.get("favicon"), colors=tuple(sorted((values.get("colors") or {}).items())),
                    repository=values.get("repository"), branch=values.get("branch", SITE["branch"].default),
                    declared=tuple((name, tuple(values[name])) for name in ("topics", "audiences", "partners")
                                   if values.get(name)),
                    paper=values.get("paper") or paper_for(values["timezone"]),
                    issuer=_issuer(values.get("issuer"), values["title"], base_url))


def _issuer(values: dict[str, Any] | None, title: str, base_url: str) -> Issuer | None:
    if not values:
        return None
    return Issuer(name=values.get("name") or title, url=values.get("url") or base_url, email=values["email"])


def _links(items: list[dict[str, str]] | None, base_path: str) -> tuple[Link, ...] | None:
    """A menu of site.yml, each path on the site (`/topics/`) put under the site's base path."""
    if items is None:
        return None
    return tuple(Link(item["title"], base_path + item["url"][1:] if item["url"].startswith("/") else item["url"])
                 for item in items)


def _stamp(content: Content, source_date_epoch: int | None) -> datetime:
    """The site's date, which dates whatever gives no date of its own: SOURCE_DATE_EPOCH, else midnight
    UTC on the first day of the month before the site's month (when it is announced). Never a date
    from a partner's file, so no one file can move every other item's dates."""
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, UTC)
    month = content.site.values["month"]
    return datetime(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1, tzinfo=UTC)


def _utc(value: date | datetime, zone: str) -> datetime:
    """A front-matter date or wall time as a UTC instant (a date means its local midnight)."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    return localize(moment, zone)[0].astimezone(UTC)


def _dates(values: dict[str, Any], zone: str, info: SiteInfo, key: str) -> dict[str, Any]:
    """An item's dates, from its own file alone (`key` names it: "event:<slug>", "forum:<slug>").

    `published`: as given, else the site's stamp (no later than `updated`). `updated`: as given, else
    `published`. `revision`: the minutes from a year before the site's month to the file's own last
    date (`updated`, else `published`), 0 when it gives neither: it grows whenever a partner records
    a change, whatever the stamp. `entry_updated`: `updated` plus a fraction of a second drawn from
    `key`, so items dated the same second (every date-only `published` of a day) stay apart in
    feeds; assemble moves the rare two that draw the same one."""
    own_published = _utc(values["published"], zone) if "published" in values else None
    own_updated = _utc(values["updated"], zone) if "updated" in values else None
    recorded = max(filter(None, (own_published, own_updated)), default=None)
    published = own_published or min(info.stamp, own_updated or info.stamp)
    updated = max(own_updated or published, published)
    month = info.month
    since = datetime(month.year - 1, month.month, 1, tzinfo=UTC)
    revision = max(0, int((recorded - since).total_seconds() // 60)) if recorded else 0
    return {"published": published, "updated": updated, "revision": revision,
            "entry_updated": updated.replace(microsecond=_fraction(key))}


def _fraction(key: str) -> int:
    """Microseconds drawn from an item's key, the same in every process and build."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big") % 1_000_000


def _distinct_entry_times(events: tuple[Event, ...], forums: tuple[Forum, ...]) -> tuple[tuple[Event, ...],
                                                                                        tuple[Forum, ...]]:
    """The items with no two sharing an entry_updated (feed readers and validators expect each entry
    of a feed to have its own): of items that drew the same instant, the first by kind and slug keeps
    it and each other takes the next free microsecond of that second. Items are replaced only then,
    so what did not move keeps its object (and fingerprint)."""
    taken: set[datetime] = set()
    moved: dict[int, Any] = {}
    for item in sorted([*events, *forums], key=lambda x: (x.entry_updated, type(x).__name__, x.slug)):
        moment = item.entry_updated
        while moment in taken:
            moment = moment.replace(microsecond=(moment.microsecond + 1) % 1_000_000)
        taken.add(moment)
        if moment != item.entry_updated:
            moved[id(item)] = dataclasses.replace(item, entry_updated=moment)
    if not moved:
        return events, forums
    return tuple(moved.get(id(e), e) for e in events), tuple(moved.get(id(f), f) for f in forums)


def _topics(content: Content) -> dict[str, Topic]:
    names = list(content.site.values.get("topics", ()))
    for record in [*content.events, *content.forums]:
        names.extend(record.values.get("topics", ()))
    by_slug: dict[str, Topic] = {}
    for name in names:  # "Math" and "math" share one page: the first spelling names it
        by_slug.setdefault(name_slug(name), Topic(name_slug(name), name))
    return {name: by_slug[name_slug(name)] for name in names}


def _partners(content: Content, root: str, markdown: Markdown) -> dict[str, Partner]:
    """Key every way a partner can be named (profile slug, profile name, plain name) to one Partner."""
    found: dict[str, Partner] = {}
    for record in content.partners:
        values = record.values
        partner = Partner(slug=record.slug, name=values["name"], url=values.get("url"),
                          description=values.get("description"), logo=values.get("logo"),
                          body_html=markdown(record.body, root, 2), has_profile=True)
        found[record.slug] = partner
        found.setdefault(values["name"].casefold(), partner)
    by_slug = {p.slug: p for p in found.values()}
    names = sorted({r.values[f] for r in [*content.events, *content.forums] for f in ("partner", "host")
                    if f in r.values})
    for name in names:
        if name in found or name.casefold() in found:
            continue
        slug = name_slug(name)
        found[name.casefold()] = by_slug.setdefault(slug, Partner(slug=slug, name=name))
    return found


def _partner(name: str, partner_of: dict[str, Partner]) -> Partner:
    return partner_of.get(name) or partner_of[name.casefold()]


def _kept(table: dict[str, Field], values: dict[str, Any], info: SiteInfo) -> dict[str, Any]:
    """A record's `kept` fields as the model keeps them: as parsed, else their declared default (the
    site's own value for FROM_SITE)."""
    kept = {}
    for name, field in table.items():
        if not field.kept:
            continue
        if name in values:
            kept[name] = values[name]
        elif field.default is FROM_SITE:
            kept[name] = getattr(info, name)
        else:
            kept[name] = field.default
    return kept


def _event(record: Record, info: SiteInfo, topic_of: dict[str, Topic], partner_of: dict[str, Partner],
           markdown: Markdown, synthesize: Synthesis) -> Event:
    v = record.values
    kept = _kept(EVENT, v, info)
    zone = kept["timezone"]
    all_day = not isinstance(v["start"], datetime)
    if all_day:
        start = localize(datetime.combine(v["start"], time()), zone)[0]
        end = localize(datetime.combine(v["end"] + timedelta(days=1), time()), zone)[0]
    else:
        start, end = localize(v["start"], zone)[0], localize(v["end"], zone)[0]
    archive = v.get("archive")
    return Event(
        slug=record.slug, **kept, start=start, end=end, all_day=all_day,
        type=EventType(v["type"], EVENT_TYPES[v["type"]].name),
        topics=tuple(dict.fromkeys(topic_of[name] for name in v["topics"])),
        partner=_partner(v["partner"], partner_of),
        archive=_archive(archive, info.base_path, None if all_day else (end - start).total_seconds(), markdown,
                         synthesize) if archive else None,
        body_html=markdown(record.body, info.base_path, 2),
        occurrences=_occurrences(start, end, kept["repeat"], kept["until"]),
        **_dates(v, zone, info, f"event:{record.slug}"), source=record.path,
    )


def _occurrences(start: datetime, end: datetime, repeat: str | None, until: date | None) -> tuple[Occurrence, ...]:
    """Every occurrence of a (possibly repeating) event; steps are in wall time, as RRULE does."""
    if not repeat or until is None:
        return (Occurrence(start, end),)
    step = timedelta(days=1 if repeat == "daily" else 7)
    zone = start.tzinfo
    naive_start, naive_end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    result = []
    while naive_start.date() <= until:
        result.append(Occurrence(naive_start.replace(tzinfo=zone), naive_end.replace(tzinfo=zone)))
        naive_start, naive_end = naive_start + step, naive_end + step
    return tuple(result)


def archive_cues(values: dict[str, Any]) -> tuple[Cue, ...]:
    """The archive's transcript as timed text: a .vtt transcript's cues, else the captions'."""
    captions: ContentFile | None = values.get("captions")
    transcript = values.get("transcript")
    if isinstance(transcript, ContentFile) and transcript.cues:
        return transcript.cues
    return captions.cues if captions else ()


def _archive(values: dict[str, Any], root: str, scheduled: float | None, markdown: Markdown,
             synthesize: Synthesis) -> Archive:
    captions: ContentFile | None = values.get("captions")
    transcript: ContentFile | str | None = values.get("transcript")
    transcript_file = transcript if isinstance(transcript, ContentFile) else None
    cues = archive_cues(values)
    recording = classify(values["recording"]) if values.get("recording") else None
    transcript_html = markdown(transcript_file.markdown or "", root, 4) if transcript_file else ""
    return Archive(
        recording=recording, recording_size=values.get("recording_size"), captions=captions.path if captions else None,
        transcript=transcript_file.path if transcript_file else transcript, cues=cues,
        transcript_html=transcript_html,
        slides=values.get("slides"), summary_html=markdown(values.get("summary", ""), root, 4),
        takeaways=values.get("takeaways", ()),
        resources=tuple(Resource(r["title"], r["url"]) for r in values.get("resources", ())),
        duration=(cues[-1].end if cues else scheduled) if recording else None,
        chapters=tuple(Chapter(mark.start, mark.title) for mark in values.get("chapters", ())),
        **_highlights(cues, transcript_html, synthesize),
    )


def _highlights(cues: tuple[Cue, ...], transcript_html: str, synthesize: Synthesis) -> dict[str, tuple[Moment, ...]]:
    """The transcript's key moments and passages, as the archive's fields: from its cues when it is
    timed (each with its time), linked to the paragraph of a Markdown transcript when the page shows
    that one instead."""
    if cues:
        found = synthesize(cues)
        if transcript_html:  # both re-anchored at once: the paragraphs' words are read once
            relinked = nearest_paragraphs(found.moments + found.passages, paragraphs(transcript_html))
            found = Highlights(relinked[:len(found.moments)], relinked[len(found.moments):])
    else:
        found = synthesize(paragraphs(transcript_html)) if transcript_html else Highlights()
    return {"moments": found.moments, "passages": found.passages}


def _forum(record: Record, info: SiteInfo, topic_of: dict[str, Topic], partner_of: dict[str, Partner],
           markdown: Markdown) -> Forum:
    v = record.values
    return Forum(
        slug=record.slug, title=v["title"], start=v["start"], end=v["end"],
        timezone=v.get("timezone") or info.timezone, topics=tuple(dict.fromkeys(topic_of[name] for name in v["topics"])),
        moderators=v.get("moderators", ()), join=v.get("join"), platform=v.get("platform"),
        host=_partner(v["host"], partner_of), summary=v.get("summary", ""),
        synthesis_html=markdown(v.get("synthesis", ""), info.base_path, 3),
        body_html=markdown(record.body, info.base_path, 2),
        featured=v.get("featured", False), **_dates(v, v.get("timezone") or info.timezone, info, f"forum:{record.slug}"),
        source=record.path, extra=v.get("extra"), badges=v.get("badges", ()),
    )


def _awarded(item: Event | Forum, badges: tuple[Badge, ...], listed: Callable[[Badge], tuple[str, ...]]) -> list[str]:
    """The slugs of the badges an event or forum awards: those it names, and those that name it."""
    return list(dict.fromkeys([*item.badges, *(b.slug for b in badges if item.slug in listed(b))]))


def _badge(record: Record, rows: Iterable[EarnerRow], info: SiteInfo, markdown: Markdown) -> Badge:
    v = record.values
    earners = (_earner(record.slug, row, info) for row in rows)
    return Badge(slug=record.slug, name=v["name"], description=v["description"], criteria=record.body.strip(),
                 criteria_html=markdown(record.body, info.base_path, 2), image=v["image"].path,
                 image_data=v["image"].data, tags=v.get("tags", ()),
                 alignment=tuple(Alignment(**a) for a in v.get("alignment", ())), events=v.get("events", ()),
                 forums=v.get("forums", ()), earners=tuple(sorted(earners, key=lambda e: (e.name.casefold(), e.id))),
                 source=record.path, extra=v.get("extra"))


def _earner(badge: str, row: EarnerRow, info: SiteInfo) -> Earner:
    """An earner with their address hashed (builder/content/badges.hashed)."""
    made = hashed(info.base_url, badge, row)
    return Earner(id=made.id, name=row.name, identity=made.identity, salt=made.salt, issued=row.date,
                  evidence=row.evidence, reflection=row.reflection, revoked=row.revoked)


def _profiles(names: tuple[str, ...], person_of: dict[str, str]) -> list[str]:
    """The slugs of the profiles of these names (matched without regard to case)."""
    return [person_of[name.casefold()] for name in names if name.casefold() in person_of]


def _person(record: Record, root: str, markdown: Markdown) -> Person:
    v = record.values
    return Person(slug=record.slug, name=v["name"], summary=v.get("summary", ""), photo=v.get("photo"),
                  photo_alt=v.get("photo_alt"),
                  links=tuple(Resource(r["title"], r["url"]) for r in v.get("links", ())),
                  body_html=markdown(record.body, root, 2), source=record.path, extra=v.get("extra"))


def _page(record: Record, root: str, markdown: Markdown) -> Page:
    v = record.values
    return Page(slug=record.slug, title=v["title"], summary=v.get("summary", ""),
                body_html=markdown(record.body, root, 2), source=record.path, extra=v.get("extra"),
                downloads=tuple(Download(d["title"], d["file"]) for d in v.get("downloads", ())))


def _media(events: Iterable[Event], partners: Iterable[Partner]) -> set[str]:
    files = {p.logo for p in partners if p.logo}
    for event in events:
        if event.image and "://" not in event.image:
            files.add(event.image)
        if event.archive:
            for path in (event.archive.captions, event.archive.transcript, event.archive.slides):
                if path and "://" not in path:
                    files.add(path)
    return files
