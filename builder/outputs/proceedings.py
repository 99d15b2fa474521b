"""The proceedings: what the month left behind, synthesized from the content alone.

Everything here is counted or grouped from the frozen Site; nothing depends on the date
of the build, so an event is "not archived yet" because its file has no `archive:`
block, never because of the clock. Cancelled and postponed events never happened, so
they are neither archived nor waiting for an archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from zoneinfo import ZoneInfo

from builder.content.model import Event, Forum, Site, Topic
from builder.outputs.memo import FRESH, Memo
from builder.outputs.related import RelatedSession
from builder.outputs.themes import Theme, themes_of

MAIN_TRACK = "Main"


@dataclass(frozen=True)
class Stats:
    events: int
    archived: int
    recordings: int
    hours: float  # of recordings, one decimal
    partners: int
    forums: int
    topics: int


@dataclass(frozen=True)
class Shelf:
    """One part of the proceedings (a forum, a topic, a conference track): its sessions, in order."""

    archived: tuple[Event, ...]
    pending: tuple[Event, ...]  # held as scheduled, no archive yet
    themes: tuple[Theme, ...] = ()  # the key phrases its archived sessions share (themes.py)

    @property
    def sessions(self) -> int:
        """How many sessions were held: archived or waiting for their archive."""
        return len(self.archived) + len(self.pending)


@dataclass(frozen=True)
class SharedResource:
    url: str
    title: str
    sessions: tuple[Event, ...]


@dataclass(frozen=True)
class ConferenceDay:
    day: date
    tracks: tuple[tuple[str, Shelf], ...]  # (track name, its sessions), by name


@dataclass(frozen=True)
class Proceedings:
    stats: Stats
    by_forum: Mapping[str, Shelf]
    by_topic: Mapping[str, Shelf]
    topics: tuple[Topic, ...]  # the topics that have sessions held
    # The archived sessions that have takeaways, in time order: each session's takeaways are shown
    # once, under the session, with its topics as tags (grouped by topic, a session on three topics
    # would repeat them three times).
    takeaways: tuple[Event, ...]
    conference: tuple[ConferenceDay, ...]
    resources: tuple[SharedResource, ...]  # deduplicated by URL, sorted by title
    # Whether there is anything to print: an archived session or a forum's synthesis. Until then
    # the PDF would be a cover and empty chapters, so none is made (nor WeasyPrint loaded for it).
    printable: bool
    # The archived sessions whose transcripts gave key moments (builder/content/moments.py), in time order.
    moments: tuple[Event, ...] = ()
    themes: tuple[Theme, ...] = ()  # of the whole month
    conference_themes: tuple[Theme, ...] = ()
    # Each archived session's related sessions (related.py), shown under it.
    related: Mapping[str, tuple[RelatedSession, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def moment_count(self) -> int:
        """How many key moments the archived sessions have in all (the PDF says so instead of printing them)."""
        return sum(len(e.archive.moments) for e in self.moments if e.archive)

    @property
    def conference_archived(self) -> tuple[ConferenceDay, ...]:
        """The conference as printed: only the days and tracks that have an archived session."""
        days = (ConferenceDay(day.day, tuple((name, s) for name, s in day.tracks if s.archived))
                for day in self.conference)
        return tuple(day for day in days if day.tracks)


def held(event: Event) -> bool:
    return event.status == "scheduled"


def shelf(events: Iterable[Event], themes: tuple[Theme, ...] = ()) -> Shelf:
    events = [e for e in events if held(e)]
    return Shelf(tuple(e for e in events if e.archive), tuple(e for e in events if not e.archive), themes)


def build_proceedings(site: Site, related: Mapping[str, tuple[RelatedSession, ...]] | None = None,
                      memo: Memo = FRESH) -> Proceedings:
    """The proceedings; `related` is every event's related sessions (related.py), when made already."""
    archived = tuple(e for e in site.events if e.archive and held(e))
    found = memo.one("themes", (archived, site.forums), lambda: themes_of(_parts(archived, site.forums), site.forums))

    def themes(part: str) -> tuple[Theme, ...]:
        return found.get(part, ())

    durations = [e.archive.duration for e in archived if e.archive and e.archive.duration]
    stats = Stats(
        events=len(site.events), archived=len(archived),
        recordings=sum(1 for e in archived if e.archive and e.archive.recording),
        hours=round(sum(durations) / 3600, 1), partners=len(site.partners), forums=len(site.forums),
        topics=len(site.topics),
    )
    topics = tuple(t for t in site.topics if any(held(e) for e in site.by_topic.get(t.slug, ())))
    return Proceedings(
        stats=stats,
        by_forum=MappingProxyType({f.slug: shelf(site.by_forum.get(f.slug, ()), themes(f"forum:{f.slug}"))
                                   for f in site.forums}),
        by_topic=MappingProxyType({t.slug: shelf(site.by_topic.get(t.slug, ()), themes(f"topic:{t.slug}")) for t in topics}),
        topics=topics,
        takeaways=tuple(e for e in archived if e.archive and e.archive.takeaways),
        conference=_conference(site),
        resources=_resources(archived),
        printable=bool(archived) or any(f.synthesis_html for f in site.forums),
        moments=tuple(e for e in archived if e.archive and e.archive.moments),
        themes=themes("month"),
        conference_themes=themes("conference"),
        related=MappingProxyType({e.slug: (related or {}).get(e.slug, ()) for e in archived}),
    )


def _parts(archived: tuple[Event, ...], forums: tuple[Forum, ...]) -> dict[str, list[Event]]:
    """The parts of the proceedings that have themes, each with its archived sessions; made from the
    archived sessions and the forums alone (the themes are kept by those inputs: memo.py)."""
    parts = {"month": list(archived), "conference": [e for e in archived if e.type.slug == "conference-session"]}
    parts |= {f"forum:{forum.slug}": [e for e in archived if e.forum == forum.slug] for forum in forums}
    for event in archived:
        for topic in event.topics:
            parts.setdefault(f"topic:{topic.slug}", []).append(event)
    return parts


def _conference(site: Site) -> tuple[ConferenceDay, ...]:
    """Kick-off sessions by day in the site's zone, then by track, as the conference ran."""
    zone = ZoneInfo(site.info.timezone)
    days: dict[date, dict[str, list[Event]]] = defaultdict(lambda: defaultdict(list))
    for event in site.by_type.get("conference-session", ()):
        days[event.start.astimezone(zone).date()][event.track or MAIN_TRACK].append(event)
    return tuple(ConferenceDay(day, tuple((name, shelf(events)) for name, events in sorted(tracks.items())))
                 for day, tracks in sorted(days.items()))


def _resources(archived: list[Event]) -> tuple[SharedResource, ...]:
    by_url: dict[str, tuple[str, list[Event]]] = {}
    for event in archived:
        for resource in event.archive.resources:  # type: ignore[union-attr]
            title, sessions = by_url.setdefault(resource.url, (resource.title, []))
            if event not in sessions:
                sessions.append(event)
    return tuple(sorted((SharedResource(url, title, tuple(sessions)) for url, (title, sessions) in by_url.items()),
                        key=lambda r: (r.title.casefold(), r.url)))
