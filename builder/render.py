"""Render: the frozen Site in, every output file's bytes out; nothing else is touched.

A pure function of (site, theme), so the same input always gives the same bytes and
later work can split it across processes or cache it per page. Each output path is
relative to the output folder and built only from validated slugs and dates.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from builder.calendar_links import google_url, outlook_url
from builder.events_json import events_json
from builder.feeds import feed_pair
from builder.ics import Calendars
from builder.model import Event, Site
from builder.pdf import html_to_pdf
from builder.proceedings import build_proceedings
from builder.schedule_xml import conference_schedule
from builder.structured_data import event_json_ld, forum_json_ld
from builder.theme import Theme

EVENTS_SCHEMA = Path(__file__).with_name("events.schema.json")  # published beside events.json
DAY_PREVIEW = 3  # event titles shown in a calendar cell; the day page has the rest


@dataclass(frozen=True)
class Cell:
    """One day of the month grid."""

    day: date | None  # None for the blanks before the 1st and after the last day
    events: tuple[Event, ...] = ()
    more: int = 0
    has_page: bool = False


@dataclass(frozen=True)
class MonthGrid:
    first: date
    weeks: tuple[tuple[Cell, ...], ...]
    days: tuple[Cell, ...]  # the days that have events, for the narrow-screen list


def render(site: Site, theme: Theme) -> dict[str, bytes]:
    """Every file of the site: output path -> bytes."""
    env = theme.env
    common = {"site": site, "root": site.info.base_path, "info": site.info}
    files: dict[str, bytes] = dict(theme.static)

    def page(path: str, template: str, **context: Any) -> None:
        html = env.get_template(template).render(**common, path=path, **context)
        files[path] = html.encode("utf-8")

    day_pages = sorted(set(site.by_day) | set(site.ongoing_by_day))
    page("index.html", "calendar.html", months=_months(site, set(day_pages)),
         featured=[e for e in site.events if e.featured], title=site.info.title)
    for event in site.events:
        page(f"events/{event.slug}/index.html", "event.html", event=event, title=event.title,
             add_links=_add_links(site, event), forum=_forum(site, event.forum),
             json_ld=Markup(event_json_ld(site, event)))
    for day in day_pages:
        page(f"days/{day.isoformat()}/index.html", "day.html", day=day, events=site.by_day.get(day, ()),
             ongoing=site.ongoing_by_day.get(day, ()), title=day.isoformat(),
             previous=_neighbour(day_pages, day, -1), next=_neighbour(day_pages, day, 1))
    page("topics/index.html", "topics.html", title="Topics")
    for topic in site.topics:
        page(f"topics/{topic.slug}/index.html", "topic.html", topic=topic, title=topic.name,
             events=site.by_topic.get(topic.slug, ()), forums=site.forums_by_topic.get(topic.slug, ()))
    page("types/index.html", "types.html", title="Event types")
    for event_type in site.types:
        page(f"types/{event_type.slug}/index.html", "type.html", event_type=event_type, title=event_type.name,
             events=site.by_type.get(event_type.slug, ()))
    page("partners/index.html", "partners.html", title="Partners")
    for partner in site.partners:
        page(f"partners/{partner.slug}/index.html", "partner.html", partner=partner, title=partner.name,
             events=site.by_partner.get(partner.slug, ()), forums=site.forums_by_partner.get(partner.slug, ()))
    page("forums/index.html", "forums.html", title="Forums")
    for forum in site.forums:
        page(f"forums/{forum.slug}/index.html", "forum.html", forum=forum, title=forum.title,
             events=site.by_forum.get(forum.slug, ()), json_ld=Markup(forum_json_ld(site, forum)))
    for content_page in site.pages:
        page(f"{content_page.slug}/index.html", "page.html", page=content_page, title=content_page.title)
    proceedings = build_proceedings(site)
    page("proceedings/index.html", "proceedings.html", p=proceedings, title="Proceedings")
    files["proceedings/proceedings.pdf"] = html_to_pdf(
        env.get_template("proceedings-print.html").render(**common, p=proceedings))
    for forum in site.forums:
        page(f"proceedings/forums/{forum.slug}/index.html", "proceedings-forum.html", forum=forum,
             shelf=proceedings.by_forum[forum.slug], title=f"{forum.title}: proceedings")
    for topic in proceedings.topics:
        page(f"proceedings/topics/{topic.slug}/index.html", "proceedings-topic.html", topic=topic,
             shelf=proceedings.by_topic[topic.slug], takeaways=proceedings.takeaways_by_topic.get(topic.slug, ()),
             title=f"{topic.name}: proceedings")
    page("proceedings/conference/index.html", "proceedings-conference.html", days=proceedings.conference,
         title="Kick-off conference: proceedings")
    page("proceedings/resources/index.html", "proceedings-resources.html", resources=proceedings.resources,
         title="Resources shared: proceedings")
    page("subscribe/index.html", "subscribe.html", title="Subscribe to the calendar")
    page("search/index.html", "search.html", title="Search")
    page("404.html", "404.html", title="Page not found")
    files.update(calendars(site))
    files.update(feeds(site))
    files["events.json"] = events_json(site)
    files["events.schema.json"] = EVENTS_SCHEMA.read_bytes()
    schedule = conference_schedule(site)
    if schedule is not None:
        files["conference/schedule.xml"] = schedule
    files.update(crawler_files(site, files))
    return dict(sorted(files.items()))


def crawler_files(site: Site, files: dict[str, bytes]) -> dict[str, bytes]:
    """sitemap.xml (every HTML page but 404.html, by absolute URL, sorted; an event's or forum's
    page dated by its `updated`) and robots.txt (allow all, name the sitemap)."""
    base = site.info.base_url
    updated = {item.url: item.updated for item in [*site.events, *site.forums]}
    entries = []
    for path in sorted(p for p in files if p.endswith(".html") and p != "404.html" and not p.startswith("assets/")):
        relative = path.removesuffix("index.html")
        lastmod = f"<lastmod>{updated[relative]:%Y-%m-%dT%H:%M:%SZ}</lastmod>" if relative in updated else ""
        entries.append((base + relative, lastmod))
    urls = "".join(f"<url><loc>{escape(url)}</loc>{lastmod}</url>\n" for url, lastmod in sorted(entries))
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"
    return {"sitemap.xml": sitemap.encode("utf-8"), "robots.txt": robots.encode("utf-8")}


def feeds(site: Site) -> dict[str, bytes]:
    """RSS and Atom for the whole site, each topic and each forum."""
    title = site.info.title
    files = feed_pair(site, "", title, site.info.description, site.events, site.forums)
    for topic in site.topics:
        files |= feed_pair(site, topic.url, f"{title}: {topic.name}", f"Events on {topic.name}",
                           site.by_topic.get(topic.slug, ()), site.forums_by_topic.get(topic.slug, ()))
    for forum in site.forums:
        files |= feed_pair(site, forum.url, f"{title}: {forum.title}", forum.summary,
                           site.by_forum.get(forum.slug, ()), [forum])
    return files


def calendars(site: Site) -> dict[str, bytes]:
    """Every .ics file: the whole month, each event, and one per topic, type, partner and forum."""
    title = site.info.title
    # (path, calendar name, description, events, forums)
    wanted = [("calendar.ics", title, site.info.description or title, site.events, site.forums)]
    wanted += [(f"events/{e.slug}.ics", e.title, e.summary or title, [e], ()) for e in site.events]
    wanted += [(f"{t.url}calendar.ics", f"{title}: {t.name}", f"Events on {t.name}", site.by_topic.get(t.slug, ()),
                site.forums_by_topic.get(t.slug, ())) for t in site.topics]
    wanted += [(f"{t.url}calendar.ics", f"{title}: {t.name}", f"Every {t.name.lower()}", site.by_type[t.slug], ())
               for t in site.types]
    wanted += [(f"{p.page}calendar.ics", f"{title}: {p.name}", f"Events by {p.name}", site.by_partner.get(p.slug, ()),
                site.forums_by_partner.get(p.slug, ())) for p in site.partners]
    wanted += [(f"{f.url}calendar.ics", f"{title}: {f.title}", f.summary or f.title, site.by_forum.get(f.slug, ()), [f])
               for f in site.forums]
    writer = Calendars(site)
    return {path: writer.calendar(name, about, events, forums) for path, name, about, events, forums in wanted}


def _forum(site: Site, slug: str | None) -> Any:
    return next((forum for forum in site.forums if forum.slug == slug), None)


def _neighbour(days: list[date], day: date, step: int) -> date | None:
    index = days.index(day) + step
    return days[index] if 0 <= index < len(days) else None


def _add_links(site: Site, event: Event) -> dict[str, str]:
    """Google Calendar and Outlook links for the event's first occurrence, in UTC."""
    page_url = site.info.base_url + event.url
    args = (event.title, event.start, event.end, event.all_day, event.summary, page_url, event.registration)
    google = google_url(*args)
    if event.repeat and event.until:
        google += f"&recur=RRULE%3AFREQ%3D{event.repeat.upper()}%3BUNTIL%3D{event.until:%Y%m%d}"
    return {
        "google": google,
        "outlook": outlook_url(*args),
        "office": outlook_url(*args, host="outlook.office.com"),
    }


def _months(site: Site, day_pages: set[date]) -> list[MonthGrid]:
    """The site's month first, then every other month that has events, in order."""
    firsts = {site.info.month} | {day.replace(day=1) for day in day_pages}
    ordered = [site.info.month] + sorted(firsts - {site.info.month})
    return [_grid(site, first, day_pages) for first in ordered]


def _grid(site: Site, first: date, day_pages: set[date]) -> MonthGrid:
    weeks = []
    days = []
    for week in calendar.Calendar(firstweekday=calendar.SUNDAY).monthdatescalendar(first.year, first.month):
        cells = []
        for day in week:
            if day.month != first.month:
                cells.append(Cell(None))
                continue
            events = site.by_day.get(day, ())
            cell = Cell(day, events[:DAY_PREVIEW], max(len(events) - DAY_PREVIEW, 0), day in day_pages)
            cells.append(cell)
            if cell.has_page:
                days.append(cell)
        weeks.append(tuple(cells))
    return MonthGrid(first, tuple(weeks), tuple(days))

