"""The month's recordings as podcasts: one RSS 2.0 feed for the month and one per forum, so that
educators can listen to the archived sessions in any podcast app.

An episode is an archived session that was held and whose recording is a media file (a .mp3,
.mp4 ...: recordings.classify); a YouTube, Vimeo or page link cannot be an enclosure. Apps read
Apple's `itunes:` elements and the Podcasting 2.0 `podcast:` namespace (transcripts, chapters, the
feed's guid), so both are written.

Written with lxml rather than feedgen's podcast extension: that one writes `itunes:explicit` only
as yes/no/clean (Apple has asked for true/false since 2020) and knows nothing of the `podcast:`
namespace. lxml escapes every text and attribute it writes, so partners' values stay data.

Nothing here reads the clock: an episode is dated by its session's start, its guid is its
calendar UID (kept when the file is renamed, `moved_from`), and the feed's dates are its newest
episode's.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

from lxml import etree
from markupsafe import escape

from builder import routes
from builder.content.model import Event, Site
from builder.outputs.chapters import JSON_CHAPTERS_TYPE
from builder.outputs.ics import event_uid
from builder.outputs.timetext import span_text

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
# Podcasting 2.0: a feed's podcast:guid is the UUIDv5 of its address, without the scheme and trailing
# slashes, in this namespace, so any app can compute it and follow the podcast if its address changes.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
CATEGORY = "Education"  # one of Apple's podcast categories
COVER = routes.ASSETS + "podcast-cover.png"  # the theme's square cover: Apple asks for 1400 to 3000 pixels

# A transcript given as a link: its type from its extension; any other address is a web page.
TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip", ".json": "application/json",
                    ".txt": "text/plain", ".md": "text/plain"}
_ROOT_LINK = re.compile(r' href="/(?!/)')


def episodes(events: Iterable[Event]) -> tuple[Event, ...]:
    """The sessions a podcast lists: archived, held, with a media file as recording; newest first."""
    chosen = [e for e in events if e.status == "scheduled" and e.archive and e.archive.recording
              and e.archive.recording.media_type]
    return tuple(sorted(chosen, key=lambda e: (e.start, e.slug), reverse=True))


def podcasts(site: Site) -> list[tuple[str, str, str, str, tuple[Event, ...]]]:
    """The month's podcast and each forum's (even before it has an episode: its address is known
    while the forum runs): (path, title, description, its web page, episodes)."""
    title = site.info.title
    wanted = [(routes.PODCAST, f"{title}: recordings", f"Recordings of the sessions of {title}.", routes.PROCEEDINGS,
               episodes(site.events))]
    wanted += [(routes.PODCAST_FORUM.format(slug=f.slug), f"{title}: {f.title}",
                f"Recordings of the sessions of the forum {f.title}, {title}.",
                routes.PROCEEDINGS_FORUM.format(slug=f.slug), episodes(site.by_forum.get(f.slug, ())))
               for f in site.forums]
    return wanted


def podcast_guid(feed_url: str) -> str:
    """The podcast:guid of the feed at this address (PODCAST_GUID_NAMESPACE)."""
    parts = urlsplit(feed_url)
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, (parts.netloc + parts.path).rstrip("/")))


def podcast_feed(site: Site, path: str, title: str, description: str, page: str, shown: tuple[Event, ...]) -> bytes:
    """The podcast at `path` (routes.PODCAST...) of these episodes, whose web page is `page`."""
    info = site.info
    feed_url = info.base_url + path
    rss = etree.Element("rss", version="2.0", nsmap={"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM})
    channel = etree.SubElement(rss, "channel")
    newest = max((max(e.start, e.updated) for e in shown), default=info.stamp)
    _add(channel, "title", title)
    _add(channel, "link", info.base_url + page)
    _add(channel, "description", description)
    _add(channel, "language", info.language)
    _add(channel, "generator", "cem-builder")
    _add(channel, "lastBuildDate", _rfc822(newest))
    _add(channel, "ttl", "720")
    _add(channel, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    _add(channel, f"{{{ITUNES}}}image", href=info.base_url + COVER)
    _add(channel, f"{{{ITUNES}}}author", info.title)
    _add(channel, f"{{{ITUNES}}}category", text=CATEGORY)
    _add(channel, f"{{{ITUNES}}}explicit", "false")
    _add(channel, f"{{{ITUNES}}}type", "episodic")
    _add(channel, f"{{{PODCAST}}}guid", podcast_guid(feed_url))
    # No podcast:locked: it tells podcast hosts whether they may import the feed, given an owner's
    # e-mail address, which a site of partners' events does not have.
    for event in shown:
        _episode(site, channel, event)
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _episode(site: Site, channel: etree._Element, event: Event) -> None:
    archive, info = event.archive, site.info
    assert archive is not None and archive.recording is not None and archive.recording.media_type
    item = etree.SubElement(channel, "item")
    _add(item, "title", event.title)
    _add(item, "link", info.base_url + event.url)
    _add(item, "description", _notes(site, event))
    _add(item, "guid", event_uid(site, event), isPermaLink="false")
    _add(item, "pubDate", _rfc822(event.start))
    # A file of unknown size has a length of 0 (the RSS Best Practices Profile); podcast apps then
    # learn it from the server when they download the file.
    _add(item, "enclosure", url=archive.recording.url, length=str(archive.recording_size or 0),
         type=archive.recording.media_type)
    if archive.duration:
        _add(item, f"{{{ITUNES}}}duration", str(round(archive.duration)))
    _add(item, f"{{{ITUNES}}}author", event.partner.name)
    _add(item, f"{{{ITUNES}}}explicit", "false")
    _add(item, f"{{{ITUNES}}}episodeType", "full")
    language = {"language": event.language} if event.language != info.language else {}
    if archive.transcript:
        address, kind = _transcript(site, archive.transcript)
        _add(item, f"{{{PODCAST}}}transcript", url=address, type=kind, **language)
    if archive.captions:
        _add(item, f"{{{PODCAST}}}transcript", url=info.base_url + archive.captions, type="text/vtt", rel="captions",
             **language)
    if event.chapters_json:
        _add(item, f"{{{PODCAST}}}chapters", url=info.base_url + event.chapters_json, type=JSON_CHAPTERS_TYPE)


def _transcript(site: Site, transcript: str) -> tuple[str, str]:
    """A transcript's address and type: a file under content/ is copied beside the site's pages."""
    address = transcript if "://" in transcript else site.info.base_url + transcript
    path = urlsplit(address).path.lower()
    extension = path[path.rfind("."):] if "." in path.rsplit("/", 1)[-1] else ""
    return address, TRANSCRIPT_TYPES.get(extension, "text/html")


def _notes(site: Site, event: Event) -> str:
    """The episode's notes, as HTML: when and by whom, what was said (the archive's summary, already
    sanitized, its links made absolute for apps that read it away from the site), the event page."""
    assert event.archive is not None
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.info.base_url))
    when = span_text(event.start, event.end, event.timezone, event.all_day)
    parts = [f"<p>{escape(when)} · {escape(event.partner.name)}</p>"]
    if event.presenters:
        parts.append(f"<p>Presenters: {escape(', '.join(event.presenters))}</p>")
    if event.archive.summary_html:
        parts.append(_ROOT_LINK.sub(f' href="{origin}/', event.archive.summary_html))
    elif event.summary:
        parts.append(f"<p>{escape(event.summary)}</p>")
    parts.append(f'<p><a href="{escape(site.info.base_url + event.url)}">The session\'s page</a></p>')
    return "".join(parts)


def _add(parent: etree._Element, tag: str, value: str | None = None, **attributes: str) -> etree._Element:
    """A child element with its text and attributes (lxml escapes both)."""
    element = etree.SubElement(parent, tag, attributes)
    if value is not None:
        element.text = value
    return element


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC))
