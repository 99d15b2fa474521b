"""What kind of recording a URL is, and how to show it without contacting anyone first.

A media file plays in <video>/<audio>; YouTube and Vimeo load their player (the
privacy-enhanced youtube-nocookie host, Vimeo with dnt=1) only after the reader clicks,
so no third party learns about a reader who never pressed play. Anything else is a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit, urlunsplit

# A media file's type by its extension: what <video>/<audio> play, and what a podcast's enclosure
# names (builder/outputs/podcast.py). Written out rather than read from the system's mimetypes
# table, which differs between machines.
MEDIA_TYPES = {
    ".mp4": "video/mp4", ".m4v": "video/x-m4v", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
    ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".aac": "audio/aac", ".oga": "audio/ogg", ".ogg": "audio/ogg",
    ".opus": "audio/opus", ".wav": "audio/wav",
}
VIDEO = tuple(ext for ext, kind in MEDIA_TYPES.items() if kind.startswith("video/"))
AUDIO = tuple(ext for ext, kind in MEDIA_TYPES.items() if kind.startswith("audio/"))
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")


@dataclass(frozen=True)
class Recording:
    url: str
    kind: str  # "video", "audio", "youtube", "vimeo" or "link"
    embed: str | None = None  # the player URL, loaded only on click
    service: str | None = None  # "YouTube" or "Vimeo"

    @property
    def media_type(self) -> str | None:
        """The MIME type of a media file ("audio/mpeg"); None for a player or a page."""
        if self.kind not in ("video", "audio"):
            return None
        path = urlsplit(self.url).path.lower()
        return MEDIA_TYPES[path[path.rfind("."):]]


def classify(url: str) -> Recording:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.lower()
    if path.endswith(VIDEO):
        return Recording(url, "video")
    if path.endswith(AUDIO):
        return Recording(url, "audio")
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        segments = [s for s in parts.path.split("/") if s]
        if segments[:1] == ["watch"]:
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            video_id = segments[1]
    elif host == "youtu.be":
        video_id = parts.path.strip("/").split("/")[0]
    if video_id and YOUTUBE_ID.fullmatch(video_id):
        return Recording(url, "youtube", f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1", "YouTube")
    if host in ("vimeo.com", "player.vimeo.com"):
        match = re.fullmatch(r"/(?:video/)?(\d+)(?:/([0-9a-f]+))?/?", parts.path)
        if match:
            private = f"&h={match.group(2)}" if match.group(2) else ""
            return Recording(url, "vimeo", f"https://player.vimeo.com/video/{match.group(1)}?dnt=1&autoplay=1{private}",
                             "Vimeo")
    return Recording(url, "link")


def at(recording: Recording, seconds: float) -> str | None:
    """The recording's address at a moment, for a link that opens it there: YouTube's `t=` (on
    its watch page), Vimeo's `#t=..s`, a media fragment `#t=` for a file. None for any other page,
    which has no way to be told a time."""
    second = max(int(seconds), 0)
    parts = urlsplit(recording.url)
    if recording.kind == "youtube" and recording.embed:
        video_id = urlsplit(recording.embed).path.rsplit("/", 1)[-1]
        return f"https://www.youtube.com/watch?v={video_id}&t={second}s"
    if recording.kind == "vimeo":
        return urlunsplit(parts._replace(fragment=f"t={second}s"))
    if recording.kind in ("video", "audio"):
        return urlunsplit(parts._replace(fragment=f"t={second}"))
    return None
