"""A recording's chapters as the files that players and podcast apps read: a WebVTT chapters file
for the page's <track kind="chapters"> and a Podcasting 2.0 JSON chapters file for the episode's
<podcast:chapters> (routes.CHAPTERS_VTT, routes.CHAPTERS_JSON). Both are written only for a
recording that is a media file (Event.chapters_vtt): a YouTube or Vimeo player takes no track, and
only a media file is a podcast episode.

Titles are partners' text. In JSON the json module escapes them. In WebVTT a cue's text ends at a
blank line and its timing line is found by "-->", and "&" and "<" start a character reference and a
tag: so each title is written on one line with "&", "<" and ">" as references (which also turns any
"-->" into "--&gt;"), as the WebVTT spec's "cue text" asks.
"""

from __future__ import annotations

import json
import re

from builder.content.model import Chapter, Event, Site

JSON_CHAPTERS_VERSION = "1.2.0"  # of the Podcasting 2.0 JSON chapters format
JSON_CHAPTERS_TYPE = "application/json+chapters"  # the type <podcast:chapters> names
_LINE_BREAKS = re.compile(r"[\r\n\x00\u2028\u2029]+")


def chapters_json(site: Site, event: Event) -> bytes:
    """The Podcasting 2.0 JSON chapters of the event's recording: each chapter's start, in seconds, and title."""
    assert event.archive is not None
    document = {
        "version": JSON_CHAPTERS_VERSION,
        "title": event.title,
        "podcastName": site.info.title,
        "chapters": [{"startTime": _number(chapter.start), "title": chapter.title} for chapter in event.archive.chapters],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def chapters_vtt(event: Event) -> bytes:
    """A WebVTT chapters file: a cue per chapter, lasting until the next one starts; the last until the
    recording's end, when the archive knows it and the chapter starts before it."""
    assert event.archive is not None
    chapters: tuple[Chapter, ...] = event.archive.chapters
    length = event.archive.duration or 0.0
    cues = []
    for index, chapter in enumerate(chapters):
        end = chapters[index + 1].start if index + 1 < len(chapters) else max(length, chapter.start + 1)
        cues.append(f"{index + 1}\n{_timestamp(chapter.start)} --> {_timestamp(end)}\n{cue_text(chapter.title)}\n")
    return ("WEBVTT\n\n" + "\n".join(cues)).encode("utf-8")


def cue_text(text: str) -> str:
    """Text as one line of a WebVTT cue that shows it as it is: no line break (a blank line would end
    the cue), and "&", "<" and ">" as character references (so no tag, and no "-->")."""
    one_line = " ".join(_LINE_BREAKS.sub(" ", text).split())
    return one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _timestamp(seconds: float) -> str:
    """hh:mm:ss.ttt, as WebVTT writes a time."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _number(seconds: float) -> int | float:
    """A start as JSON writes it: 90, not 90.0."""
    return int(seconds) if seconds == int(seconds) else round(seconds, 3)
