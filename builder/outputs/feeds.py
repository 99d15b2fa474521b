"""RSS 2.0 and Atom feeds, written with feedgen, for feed readers.

An item's date is when the event was announced or last changed (`published:` and
`updated:` in front matter, else the site's stamp), never its future start: readers
mishandle future dates. The start, with its zone, is in the title and the first line.
An Atom entry's `updated` is the item's own entry_updated (model._dates): its `updated` and
a fraction of a second of its own, the same in every feed, so no two entries of a feed share
one (the W3C validator warns, and readers may take them for one revision). A feed's date is
its newest entry's, which validation keeps within two years of the site's month.
feedgen stamps feeds with the clock by default; every date is set here so output is stable.

A feed carries the FEED_ITEMS most recently announced items. Readers poll it and keep what
they saw, and many refuse feeds of several megabytes (10,000 events make 19 MB); the whole
month is in the calendar pages, the .ics files and events.json.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from feedgen.feed import FeedGenerator
from markupsafe import escape

from builder.content.languages import language_names
from builder.content.model import Event, Forum, Site
from builder.content.schema import ACCESSIBILITY, GRADES, cost_text, pd_text
from builder.outputs.timetext import LANGUAGE, day_text, span_text

FEED_ITEMS = 500


def feed_items(site: Site, events: Iterable[Event], forums: Iterable[Forum] = ()) -> tuple[tuple[Event | Forum, ...], datetime]:
    """What a feed shows of these events and forums: the FEED_ITEMS most recently announced, oldest
    first, and the newest change of any. Chosen before the feed is made, they are its inputs, so an
    edit to an event it does not show leaves the feed as it was."""
    everything: list[Event | Forum] = [*events, *forums]
    everything.sort(key=lambda x: (x.published, x.url))  # feedgen prepends: the newest ends up first
    return tuple(everything[-FEED_ITEMS:]), max((x.entry_updated for x in everything), default=site.info.stamp)


def feed_pair(site: Site, path: str, title: str, description: str, shown: Iterable[Event | Forum],
              newest: datetime) -> dict[str, bytes]:
    """`<path>feed.xml` (RSS 2.0) and `<path>atom.xml` (Atom) for the same items (see feed_items)."""
    info = site.info
    generator = FeedGenerator()
    generator.id(info.base_url + path)
    generator.title(title)
    generator.description(description or title)
    generator.subtitle(description or title)
    generator.language("en")
    generator.generator("cem-builder", uri="https://connectededucators.example.org/")
    generator.ttl(720)
    items = [_event_item(site, x) if isinstance(x, Event) else _forum_item(site, x) for x in shown]
    generator.updated(newest)
    generator.lastBuildDate(newest)
    generator.pubDate(newest)
    for item in items:
        entry = generator.add_entry()
        entry.id(item["url"])
        entry.guid(item["url"], permalink=True)
        entry.title(item["title"])
        entry.link(href=item["url"])
        entry.description(item["html"])  # RSS <description>; must come first: it also sets Atom content
        entry.content(item["html"], type="html")
        entry.summary(item["summary"])
        entry.published(item["published"])
        entry.updated(item["updated"])  # entry_updated: unique in the feed
        entry.author({"name": item["author"]})
        for category in item["categories"]:
            entry.category(term=category)
    files = {}
    for name, write in (("feed.xml", generator.rss_str), ("atom.xml", generator.atom_str)):
        generator.link([{"href": info.base_url + path + name, "rel": "self"},
                        {"href": info.base_url + path, "rel": "alternate"}], replace=True)
        files[path + name] = write(pretty=True)
    return files


def _event_item(site: Site, event: Event) -> dict:
    # Joined with escape() rather than Markup.format, which took half the time of a 500-item feed.
    when = span_text(event.start, event.end, event.timezone, event.all_day)
    status = "" if event.status == "scheduled" else f"{event.status.capitalize()}: "
    url = site.info.base_url + event.url
    parts = [f"<p><strong>{escape(status)}{escape(when)}</strong></p>"]
    if event.repeat and event.until:
        parts.append(f"<p>Repeats {escape(event.repeat)} until {escape(day_text(event.until))}.</p>")
    if event.summary:  # in the event's language, amid the feed's own (English) words
        lang = f' lang="{escape(event.language)}"' if event.language != LANGUAGE else ""
        parts.append(f"<p{lang}>{escape(event.summary)}</p>")
    if event.presenters:
        parts.append(f"<p>Presenters: {escape(', '.join(event.presenters))}</p>")
    parts.append(f"<p>{escape(event.type.name)} · {escape(event.partner.name)}</p>")
    if event.language != site.info.language:
        parts.append(f"<p>Language: {escape(language_names(event.language)[0])}</p>")
    if event.accessibility:
        parts.append(f"<p>Accessibility: {escape(', '.join(ACCESSIBILITY[f] for f in event.accessibility))}</p>")
    facts = [("Cost", event.cost and cost_text(event.cost)), ("Grades", ", ".join(GRADES[g] for g in event.grades)),
             ("PD credit", event.pd_credit and pd_text(event.pd_credit)), ("Platform", event.platform)]
    parts.extend(f"<p>{label}: {escape(value)}</p>" for label, value in facts if value)
    if event.registration and event.status == "scheduled":
        label = "Register" if event.join else "Register or join"
        parts.append(f'<p><a href="{escape(event.registration)}">{label}</a></p>')
    if event.join and event.status == "scheduled":
        parts.append(f'<p><a href="{escape(event.join)}">Join</a></p>')
    parts.append(f'<p><a href="{escape(url)}">Event page</a></p>')
    return {
        "url": url, "title": f"{status}{event.title} ({when})", "html": "".join(parts),
        "summary": f"{status}{when}. {event.summary}".strip(), "published": event.published,
        "updated": event.entry_updated, "author": event.partner.name,
        "categories": [event.type.name, *(t.name for t in event.topics)],
    }


def _forum_item(site: Site, forum: Forum) -> dict:
    url = site.info.base_url + forum.url
    when = f"{day_text(forum.start)} – {day_text(forum.end)}"
    html = (f"<p><strong>Forum, {escape(when)}</strong></p><p>{escape(forum.summary)}</p>"
            f"<p>Hosted by {escape(forum.host.name)}</p><p><a href=\"{escape(url)}\">Forum page</a></p>")
    return {
        "url": url, "title": f"Forum: {forum.title} ({when})", "html": html,
        "summary": f"{when}. {forum.summary}".strip(), "published": forum.published,
        "updated": forum.entry_updated,
        "author": forum.host.name, "categories": ["Forum", *(t.name for t in forum.topics)],
    }
