"""Render: the frozen Site in, every output file's bytes out; nothing else is touched.

A pure function of (site, theme), so the same input always gives the same bytes and
later work can split it across processes or cache it per page. Each output path is
relative to the output folder and built only from validated slugs and dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from builder import routes
from builder.content.model import Event, Forum, Link, Site
from builder.outputs import badges as open_badges
from builder.outputs import credentials, home
from builder.outputs.calendar_links import google_url, outlook_url
from builder.outputs.chapters import chapters_json, chapters_vtt
from builder.outputs.corner import alt_text, badge_snippet, embed_entries, embed_snippet, partner_badge
from builder.outputs.credentials import BadgeKey
from builder.outputs.epub import proceedings_epub
from builder.outputs.events_json import event_line, events_json
from builder.outputs.feeds import feed_items, feed_pair
from builder.outputs.ics import Calendars, Piece, Zones, piece, piece_id
from builder.outputs.memo import FRESH, Memo
from builder.outputs.moved import moved_page
from builder.outputs.pdf import html_to_pdf
from builder.outputs.podcast import podcast_feed, podcasts
from builder.outputs.proceedings import Proceedings, build_proceedings
from builder.outputs.programme import announced, announced_strip, by_announced_day, conference_sessions, latest, programme
from builder.outputs.related import RelatedSession, as_text, related_sessions
from builder.outputs.schedule_xml import conference_schedule
from builder.outputs.structured_data import event_json_ld, forum_json_ld
from builder.outputs.submit import fields_json, form_context
from builder.outputs.theme import Theme, menus, render_page

EVENTS_SCHEMA = Path(__file__).with_name("events.schema.json")  # published beside events.json
# What every page may read of the site without its key covering every event: the site's settings
# and lists, each small, each changed by few edits. The rest (the events, and the indexes made
# from them) a template reaches through SiteView, which notes that it did.
SITE_WIDE = ("info", "topics", "types", "partners", "forums", "pages", "audiences", "languages", "people")


class SiteView:
    """`site` as templates see it: the Site, noting whether a render read more of it than
    SITE_WIDE. The build's engine keys a page by its own context and the site-wide values, plus
    every event only if its last render reached them (`reached`), whether by attribute, subscript,
    alias, loop, macro or include. A page's render is a function of what it reads, so one that
    did not reach the events with the same inputs will not reach them now. (`_site` is private:
    a template that reads it directly is outside this promise.)"""

    __slots__ = ("_site", "reached")

    def __init__(self, site: Site) -> None:
        self._site = site
        self.reached = False

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._site, name)
        if name not in SITE_WIDE:
            self.reached = True
        return value

    def __getitem__(self, name: str) -> Any:
        try:
            return self.__getattr__(name)
        except (AttributeError, TypeError):
            raise KeyError(name) from None


@dataclass(frozen=True)
class Made:
    """A job's files, and whether making them read the whole site (SiteView.reached)."""

    files: dict[str, bytes]
    whole_site: bool = False


@dataclass(frozen=True)
class Job:
    """One unit of output: the files `make()` returns, built from `inputs` and the site-wide values.

    `inputs` is what the job's fingerprint covers besides the SITE_WIDE values; `template` adds
    that template's theme files, and a page whose render reached the whole site is keyed by it.
    Jobs share nothing, so they can run in any order, in any process, or be skipped when the
    fingerprint is the one their files were last built from.
    """

    paths: tuple[str, ...]
    make: Callable[[], Made]
    inputs: Any
    template: str | None = None
    weight: int = 1  # a guess at its cost (events it lists), so the longest start first


def render(site: Site, theme: Theme, key: BadgeKey | None = None) -> dict[str, bytes]:
    """Every file of the site: output path -> bytes, in one process (tests and small sites)."""
    jobs = plan(site, theme, {}, key=key)
    files = {path: data for job in jobs for path, data in job.make().files.items()}
    files |= crawler_files(site, [path for job in jobs for path in job.paths])
    return dict(sorted(files.items()))


Pieces = tuple[Piece, str | None]  # an item's VEVENT, and its line of events.json if it has one of its own


def item_pieces(site: Site, item: Event | Forum) -> Pieces:
    """What the files that list an event or forum are joined from. A forum's line of events.json
    lists its events, so it is made with the file."""
    return piece(site, item), event_line(site, item) if isinstance(item, Event) else None


# What pages weigh besides the events they list (Job.weight's unit: an event's line in a list). Only
# the order the jobs start in, and whether a render is worth forking for, depend on these guesses.
TRANSCRIPT_LINE = 200  # characters of a Markdown transcript's HTML that weigh as one cue
LINES_PER_EVENT = 5  # cues that weigh as an event's line
SESSION_WEIGHT = 5  # an archived session in the proceedings: summary, takeaways, moments, player


def plan(site: Site, theme: Theme, pieces: Mapping[str, Pieces], zones: Zones | None = None,
         key: BadgeKey | None = None, memo: Memo = FRESH) -> list[Job]:
    """Every job of the site but the crawler files, which need the list of every page.
    `pieces` and `zones` (VTIMEZONEs) are made ahead (item_pieces, by ics.piece_id); any missing
    is made when needed. Jobs read them only as they run, so a build plans while they are made.
    With `key`, the badges are also signed Open Badges 3.0 credentials (outputs/credentials.py).
    `memo` may hand over what the related sessions and the themes are made from (memo.py)."""
    env = theme.env
    common = {"root": site.info.base_path, "info": site.info, **menus(site)}
    jobs = [Job((path,), lambda path=path, data=data: Made({path: data}), data) for path, data in theme.static.items()]

    def page(path: str, template: str, derived: Callable[[], dict[str, Any]] | None = None,
             beside: tuple[str, Callable[[], bytes]] | None = None, weight: int = 0, **context: Any) -> None:
        """A page from a template; `derived()` adds context computed from `context` alone when it renders;
        `beside` is another file made from the same context, in the same job (an event's .ics: one
        job per event instead of two halves the cost of planning and handing out 10,000 of them).
        `weight`: what it shows besides the events it lists (a transcript, the proceedings' sessions)."""
        def make() -> Made:
            more = derived() if derived else {}
            view = SiteView(site)
            text = render_page(env, template, path, {**common, "site": view, "path": path, **context, **more})
            made = {path: text.encode("utf-8")}
            return Made(made | ({beside[0]: beside[1]()} if beside else {}), view.reached)
        paths = (path, beside[0]) if beside else (path,)
        jobs.append(Job(paths, make, context, template, len(context.get("events", ())) + weight))

    def computed(path: str, make: Callable[[], bytes], *inputs: Any, weight: int | None = None) -> None:
        jobs.append(Job((path,), lambda: Made({path: make()}), [path, *inputs],
                        weight=_weight(inputs) if weight is None else weight))

    day_pages = sorted(set(site.by_day) | set(site.ongoing_by_day))
    recent = announced(site)
    page(routes.page(routes.HOME), "calendar.html", months=home.months(site, set(day_pages)), agenda=home.agenda(site),
         first_screen=home.FIRST_SCREEN, featured=[e for e in site.events if e.featured], title=site.info.title,
         announced=announced_strip(site, recent))
    conference = conference_sessions(site)
    page(routes.page(routes.CONFERENCE), "conference.html", events=conference, title="Kick-off conference programme",
         derived=lambda: {"programme": programme(site, conference)})
    page(routes.page(routes.MY), "my.html", title="My schedule")
    listed = latest(recent)
    page(routes.page(routes.NEW), "new.html", events=listed, title="What's new", shown_all=len(listed) == len(recent),
         derived=lambda listed=listed: {"days": by_announced_day(site, listed)})
    new_paths = (routes.NEW + routes.FEED, routes.NEW + routes.ATOM)
    new_about = "Events as they are announced, newest first"
    new_shown, new_newest = feed_items(site, site.events)
    jobs.append(Job(new_paths, partial(_feed, site, new_paths, f"{site.info.title}: what's new", new_about,
                                       new_shown, new_newest),
                    [new_paths, new_about, new_shown, new_newest], weight=len(new_shown)))
    forum_of = {forum.slug: forum for forum in site.forums}
    writer = Calendars(site, _VEvents(pieces), zones)
    earn = _badge_links(site)
    related = related_sessions(site, memo)
    for event in site.events:
        page(routes.page(routes.EVENT, slug=event.slug), "event.html", event=event, title=event.title,
             weight=_transcript_weight(event), forum=forum_of.get(event.forum or ""), badges=earn.get(("event", event.slug), ()),
             related_text=as_text(related[event.slug]),
             derived=lambda event=event: {"add_links": _add_links(site, event),
                                          "json_ld": Markup(event_json_ld(site, event)), "related": related[event.slug]},
             beside=(routes.EVENT_CALENDAR.format(slug=event.slug), lambda event=event: writer.calendar(
                 event.title, event.summary or site.info.title, (event,))))
        if event.chapters_vtt and event.chapters_json:
            chapter_paths = (event.chapters_vtt, event.chapters_json)
            jobs.append(Job(chapter_paths, lambda event=event, paths=chapter_paths: Made(
                dict(zip(paths, (chapters_vtt(event), chapters_json(site, event)), strict=True))),
                [chapter_paths, event.title, event.archive.chapters, event.archive.duration]))  # type: ignore[union-attr]
        if event.moved_from:
            moved = site.info.base_url + event.url
            computed(routes.page(routes.EVENT_MOVED, slug=event.moved_from), lambda moved=moved, title=event.title:
                     moved_page(moved, title), moved, event.title)
    for day in day_pages:
        page(routes.page(routes.DAY, day=day.isoformat()), "day.html", day=day, events=site.by_day.get(day, ()),
             ongoing=site.ongoing_by_day.get(day, ()), title=day.isoformat(), nearby=_nearby(site, day),
             previous=_neighbour(day_pages, day, -1), next=_neighbour(day_pages, day, 1))
    page(routes.page(routes.TOPICS), "topics.html", title="Topics")
    for topic in site.topics:
        page(routes.page(routes.TOPIC, slug=topic.slug), "topic.html", topic=topic, title=topic.name,
             events=site.by_topic.get(topic.slug, ()), forums=site.forums_by_topic.get(topic.slug, ()))
    page(routes.page(routes.TYPES), "types.html", title="Event types")
    for event_type in site.types:
        page(routes.page(routes.TYPE, slug=event_type.slug), "type.html", event_type=event_type, title=event_type.name,
             events=site.by_type.get(event_type.slug, ()))
    page(routes.page(routes.PARTNERS), "partners.html", title="Partners")
    for partner in site.partners:
        page(routes.page(routes.PARTNER, slug=partner.slug), "partner.html", partner=partner, title=partner.name,
             events=site.by_partner.get(partner.slug, ()), forums=site.forums_by_partner.get(partner.slug, ()),
             badge_html=badge_snippet(site, partner), embed_html=embed_snippet(site, partner),
             alt_text=alt_text(site.info.title, partner.name))
        computed(routes.PARTNER_BADGE.format(slug=partner.slug), lambda name=partner.name: partner_badge(site.info.title, name),
                 partner.name, site.info.title)
        entries = embed_entries(site, partner)
        page(routes.page(routes.PARTNER_EMBED, slug=partner.slug), "partner-embed.html", partner=partner, entries=entries,
             title=f"{partner.name}: upcoming events", events=site.by_partner.get(partner.slug, ()))
    page(routes.page(routes.FORUMS), "forums.html", title="Forums")
    for forum in site.forums:
        page(routes.page(routes.FORUM, slug=forum.slug), "forum.html", forum=forum, title=forum.title,
             events=site.by_forum.get(forum.slug, ()), badges=earn.get(("forum", forum.slug), ()), derived=lambda forum=forum: {
                 "json_ld": Markup(forum_json_ld(site, forum))})
    if site.people:
        page(routes.page(routes.PEOPLE), "people.html", title="People")
    for person in site.people:
        page(routes.page(routes.PERSON, slug=person.slug), "person.html", person=person, title=person.name,
             events=site.by_person.get(person.slug, ()), forums=site.forums_by_person.get(person.slug, ()))
    _badge_jobs(site, page, computed, key)
    for content_page in site.pages:
        page(routes.page(routes.PAGE, slug=content_page.slug), "page.html", page=content_page, title=content_page.title)
    proceedings = build_proceedings(site, related, memo)
    page(routes.page(routes.PROCEEDINGS), "proceedings.html", p=proceedings, title="Proceedings")
    # The PDF's and the EPUB's input is their HTML, rendered here: laying it out takes a thousand times
    # longer, and most edits (a description, a time) leave the proceedings' printed text as it was.
    # One template makes both editions; the PDF's leaves out the key moments themselves and the themes'
    # excerpts (the template says why), so each is rendered with its `edition`.
    if proceedings.printable:
        epub_address = site.info.base_url + routes.PROCEEDINGS_EPUB
        pdf_html, epub_html = (render_page(env, "proceedings-print.html", path, {
            **common, "site": SiteView(site), "p": proceedings, "edition": edition, "epub_address": epub_address})
            for path, edition in ((routes.PROCEEDINGS_PDF, "pdf"), (routes.PROCEEDINGS_EPUB, "epub")))
        computed(routes.PROCEEDINGS_PDF, lambda: html_to_pdf(pdf_html), pdf_html, weight=10 * len(site.events))
        epub_style = env.loader.get_source(env, "proceedings-epub.css")[0]  # a stylesheet, read as it is: not a template
        site_url = site.info.base_url + routes.PROCEEDINGS
        computed(routes.PROCEEDINGS_EPUB, lambda: proceedings_epub(epub_html, epub_address, site_url, epub_style),
                 epub_html, epub_style)
    for forum in site.forums:
        shelf = proceedings.by_forum[forum.slug]
        page(routes.page(routes.PROCEEDINGS_FORUM, slug=forum.slug), "proceedings-forum.html", forum=forum,
             shelf=shelf, title=f"{forum.title}: proceedings", weight=SESSION_WEIGHT * len(shelf.archived),
             related=_related(proceedings, shelf.archived))
    for path, title, about, page_path, shown in podcasts(site):
        computed(path, lambda path=path, title=title, about=about, page_path=page_path, shown=shown:
                 podcast_feed(site, path, title, about, page_path, shown), title, about, page_path, shown)
    for topic in proceedings.topics:
        shelf = proceedings.by_topic[topic.slug]
        page(routes.page(routes.PROCEEDINGS_TOPIC, slug=topic.slug), "proceedings-topic.html", topic=topic,
             shelf=shelf, title=f"{topic.name}: proceedings", weight=SESSION_WEIGHT * len(shelf.archived),
             related=_related(proceedings, shelf.archived))
    conference_archived = [e for day in proceedings.conference for _, s in day.tracks for e in s.archived]
    page(routes.page(routes.PROCEEDINGS_CONFERENCE), "proceedings-conference.html", days=proceedings.conference,
         title="Kick-off conference: proceedings", themes=proceedings.conference_themes,
         weight=SESSION_WEIGHT * len(conference_archived),
         related=_related(proceedings, conference_archived))
    page(routes.page(routes.PROCEEDINGS_RESOURCES), "proceedings-resources.html", resources=proceedings.resources,
         title="Resources shared: proceedings")
    page(routes.page(routes.SUBSCRIBE), "subscribe.html", title="Subscribe to the calendar")
    page(routes.page(routes.SEARCH), "search.html", title="Search")
    page(routes.page(routes.SUBMIT), "submit.html", title="Add your event", form=form_context(site))
    computed(routes.SUBMIT_FIELDS, lambda: fields_json(site), site.info, site.partners, site.forums)
    page(routes.NOT_FOUND, "404.html", title="Page not found")
    for path, name, about, events, forums in calendars(site):
        computed(path, lambda name=name, about=about, events=events, forums=forums:
                 writer.calendar(name, about, events, forums), name, about, events, forums)
    for paths, title, about, events, forums in feeds(site):
        shown, newest = feed_items(site, events, forums)
        jobs.append(Job(paths, partial(_feed, site, paths, title, about, shown, newest),
                        [paths, title, about, shown, newest], weight=len(shown)))
    computed(routes.EVENTS_JSON, lambda: events_json(site, {event.slug: pieces[piece_id(event)][1] or ""
                                                      for event in site.events if piece_id(event) in pieces}), site.events)
    schema = EVENTS_SCHEMA.read_bytes()
    computed(routes.EVENTS_SCHEMA, lambda: schema, schema)
    if conference:  # the schedule reads only the conference's sessions
        computed(routes.CONFERENCE_SCHEDULE, lambda: conference_schedule(site) or b"", conference)
    return jobs


def _badge_links(site: Site) -> dict[tuple[str, str], tuple[Link, ...]]:
    """("event" or "forum", slug) -> the badges it helps earn, as links for its page."""
    links: dict[tuple[str, str], list[Link]] = {}
    for badge in site.badges:
        link = Link(badge.name, site.info.base_path + badge.url)
        for event in site.by_badge.get(badge.slug, ()):
            links.setdefault(("event", event.slug), []).append(link)
        for forum in site.forums_by_badge.get(badge.slug, ()):
            links.setdefault(("forum", forum.slug), []).append(link)
    return {key: tuple(value) for key, value in links.items()}


def _badge_jobs(site: Site, page: Callable[..., None], computed: Callable[..., None], key: BadgeKey | None) -> None:
    """The open badges' pages (all badges, each badge's criteria, each earner's), and the Open
    Badges 2.0 documents beside them (builder/outputs/badges.py): the issuer, the revocation list,
    each BadgeClass and Assertion, and each earner's baked image; with a key, the signed 3.0 ones."""
    if not site.badges:
        return
    info = site.info
    if key is not None:
        credentials.jobs(site, key, computed)
    listed = tuple((badge, site.by_badge.get(badge.slug, ()), site.forums_by_badge.get(badge.slug, ()))
                   for badge in site.badges)
    page(routes.page(routes.BADGES), "badges.html", title="Open badges", listed=listed)
    computed(routes.BADGE_ISSUER, lambda: open_badges.issuer(info), info.issuer)
    computed(routes.BADGE_REVOCATIONS, lambda: open_badges.revocations(info, site.badges),
             [(badge.slug, badge.earners) for badge in site.badges])
    for badge, events, forums in listed:
        page(routes.page(routes.BADGE, slug=badge.slug), "badge.html", badge=badge, title=badge.name, events=events,
             forums=forums, beside=(routes.BADGE_CLASS.format(slug=badge.slug),
                                    lambda badge=badge: open_badges.badge_class(info, badge)))
        for earner in badge.earners:
            baked = None if earner.revoked else open_badges.baked_path(badge, earner)
            page(routes.page(routes.EARNER, slug=badge.slug, earner=earner.id), "earner.html", badge=badge,
                 earner=earner, title=f"{earner.name}: {badge.name}", baked=baked,
                 assertion=routes.ASSERTION.format(slug=badge.slug, earner=earner.id),
                 credential=routes.CREDENTIAL.format(slug=badge.slug, earner=earner.id) if key and not earner.revoked else None,
                 beside=(routes.ASSERTION.format(slug=badge.slug, earner=earner.id),
                         lambda badge=badge, earner=earner: open_badges.assertion(info, badge, earner)))
            if baked:
                computed(baked, lambda badge=badge, earner=earner: open_badges.baked(info, badge, earner),
                         badge.image_data, earner.id, weight=1)


def _related(proceedings: Proceedings, sessions: Iterable[Event]) -> dict[str, tuple[RelatedSession, ...]]:
    """The related sessions of a proceedings page's sessions: what the page shows under each."""
    return {event.slug: proceedings.related[event.slug] for event in sessions}


def _feed(site: Site, paths: tuple[str, str], *args: Any) -> Made:
    return Made(feed_pair(site, paths[0].removesuffix(routes.FEED), *args))


class _VEvents(Mapping[str, Piece]):
    """The VEVENT of each item's pieces, looked up as a calendar is written."""

    def __init__(self, pieces: Mapping[str, Pieces]) -> None:
        self.pieces = pieces

    def __getitem__(self, name: str) -> Piece:
        return self.pieces[name][0]

    def __iter__(self) -> Iterator[str]:
        return iter(self.pieces)

    def __len__(self) -> int:
        return len(self.pieces)


def crawler_files(site: Site, paths: Iterable[str]) -> dict[str, bytes]:
    """sitemap.xml (every HTML page but 404.html, the old addresses of moved events and the partners'
    embeddable lists, by absolute URL, sorted; an event's or forum's page dated by its `updated`) and
    robots.txt (allow all, name the sitemap)."""
    base = site.info.base_url
    updated = {item.url: item.updated for item in [*site.events, *site.forums]}
    unlisted = {routes.page(routes.EVENT_MOVED, slug=event.moved_from) for event in site.events if event.moved_from}
    unlisted |= {routes.page(routes.PARTNER_EMBED, slug=partner.slug) for partner in site.partners}  # noindex: made for iframes
    entries = []
    for path in sorted(p for p in paths if p.endswith(".html") and p != routes.NOT_FOUND and not p.startswith(routes.ASSETS)
                       and p not in unlisted):
        relative = path.removesuffix(routes.INDEX)
        lastmod = f"<lastmod>{updated[relative]:%Y-%m-%dT%H:%M:%SZ}</lastmod>" if relative in updated else ""
        entries.append((base + relative, lastmod))
    urls = "".join(f"<url><loc>{escape(url)}</loc>{lastmod}</url>\n" for url, lastmod in sorted(entries))
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {base}{routes.SITEMAP}\n"
    return {routes.SITEMAP: sitemap.encode("utf-8"), routes.ROBOTS: robots.encode("utf-8")}


def feeds(site: Site) -> list[tuple[tuple[str, str], str, str, tuple[Event, ...], tuple[Any, ...]]]:
    """RSS and Atom for the whole site, each topic, forum and partner: (paths, title, description, events, forums)."""
    title = site.info.title
    wanted = [("", title, site.info.description, site.events, site.forums)]
    wanted += [(t.url, f"{title}: {t.name}", f"Events on {t.name}", site.by_topic.get(t.slug, ()),
                site.forums_by_topic.get(t.slug, ())) for t in site.topics]
    wanted += [(f.url, f"{title}: {f.title}", f.summary, site.by_forum.get(f.slug, ()), (f,)) for f in site.forums]
    wanted += [(p.page, f"{title}: {p.name}", f"Events by {p.name}", site.by_partner.get(p.slug, ()),
                site.forums_by_partner.get(p.slug, ())) for p in site.partners]
    return [((path + routes.FEED, path + routes.ATOM), name, about, tuple(events), tuple(forums))
            for path, name, about, events, forums in wanted]


def calendars(site: Site) -> list[tuple[str, str, str, tuple[Event, ...], tuple[Any, ...]]]:
    """Every .ics file but each event's own (made with its page): the whole month, and one per topic,
    type, partner and forum: (path, calendar name, description, events, forums)."""
    title = site.info.title
    wanted = [(routes.CALENDAR, title, site.info.description or title, site.events, site.forums)]
    wanted += [(t.url + routes.CALENDAR, f"{title}: {t.name}", f"Events on {t.name}", site.by_topic.get(t.slug, ()),
                site.forums_by_topic.get(t.slug, ())) for t in site.topics]
    wanted += [(t.url + routes.CALENDAR, f"{title}: {t.name}", f"Every {t.name.lower()}", site.by_type[t.slug], ())
               for t in site.types]
    wanted += [(p.page + routes.CALENDAR, f"{title}: {p.name}", f"Events by {p.name}", site.by_partner.get(p.slug, ()),
                site.forums_by_partner.get(p.slug, ())) for p in site.partners]
    wanted += [(f.url + routes.CALENDAR, f"{title}: {f.title}", f.summary or f.title, site.by_forum.get(f.slug, ()), (f,))
               for f in site.forums]
    return [(path, name, about, tuple(events), tuple(forums)) for path, name, about, events, forums in wanted]


def _transcript_weight(event: Event) -> int:
    """What an event page's transcript weighs: each cue or paragraph is a line of the page. Without it
    the pages of long sessions weighed as little as any, went last, to the building process (which
    takes tasks from the back), and kept it busy while the workers waited for it to take their pages."""
    archive = event.archive
    if archive is None:
        return 0
    return 1 + (len(archive.cues) + len(archive.transcript_html) // TRANSCRIPT_LINE) // LINES_PER_EVENT


def _weight(inputs: tuple[Any, ...]) -> int:
    return sum(len(value) for value in inputs if isinstance(value, tuple))


def _nearby(site: Site, day: date) -> tuple[tuple[date, Event], ...]:
    """The events starting the day before and the day after, with the day each starts on: a day page
    carries them so that site.js can list what falls on that date in the reader's zone (up to a day
    away from the event's own)."""
    return tuple((near, event) for near in (day - timedelta(days=1), day + timedelta(days=1))
                 for event in site.by_day.get(near, ()))


def _neighbour(days: list[date], day: date, step: int) -> date | None:
    index = days.index(day) + step
    return days[index] if 0 <= index < len(days) else None


def _add_links(site: Site, event: Event) -> dict[str, str]:
    """Google Calendar and Outlook links for the event's first occurrence, in UTC."""
    page_url = site.info.base_url + event.url
    location = event.join or event.registration  # as the event's own calendar file has it (ics.py)
    args = (event.title, event.start, event.end, event.all_day, event.summary, page_url, location)
    google = google_url(*args)
    if event.repeat and event.until:
        google += f"&recur=RRULE%3AFREQ%3D{event.repeat.upper()}%3BUNTIL%3D{event.until:%Y%m%d}"
    return {
        "google": google,
        "outlook": outlook_url(*args),
        "office": outlook_url(*args, host="outlook.office.com"),
    }
