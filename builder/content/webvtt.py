"""WebVTT captions: read strictly enough that a browser will show them, and say where not.

Browsers silently drop a caption file with one bad timestamp, so a mistake here would leave
deaf readers without captions and nobody told. The rules are the W3C WebVTT parser's, as
far as the file's shape goes: the WEBVTT signature, cue timings `[hh:]mm:ss.ttt --> ...`
with minutes and seconds under 60, an end after the start. Cue text becomes plain text
(voice spans name the speaker) for the transcript shown on the event page.

The site's own limits (builder/content/limits.py) bound the rest: no time past MAX_RECORDING_HOURS,
at most MAX_CUES cues of MAX_CUE_TEXT characters each. Reading a file takes time in proportion
to its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.content.limits import MAX_CUE_TEXT, MAX_CUES, MAX_RECORDING_HOURS

TIMESTAMP = re.compile(r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})")
# TAG and VOICE never match across a `<`: tried from every `<` of a long cue, `[^>]*` made reading quadratic.
TAG = re.compile(r"<[^<>]*>")
# One space after the tag's name, then the name (stripped later): with `\s+` before it, the two
# could share a run of spaces every way, and a long unclosed `<v    ...` made reading quadratic.
VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s([^<>]+)>")


class CaptionError(ValueError):
    """A problem in a .vtt file, with the 1-based line in that file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # plain text, tags removed
    speaker: str | None = None
    anchor: str = ""  # a stable fragment id for linking to this moment: t-01-02-03 for 1:02:03

    @property
    def clock(self) -> str:
        return clock(self.start)


def clock(seconds: float) -> str:
    """A time into a recording as a reader (and a partner) writes it: 4:07, or 1:02:03."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _seconds(text: str, line: int) -> float:
    match = TIMESTAMP.fullmatch(text)
    if not match:
        raise CaptionError(line, f'timestamp "{text}" is not valid; write it like 00:01:07.250 '
                                 "(minutes and seconds under 60, three digits after the dot)")
    hours, minutes, seconds, millis = match.groups()
    hours = (hours or "0").lstrip("0") or "0"
    total = (int(hours) if len(hours) <= 4 else 10**4) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000
    if total > MAX_RECORDING_HOURS * 3600:
        raise CaptionError(line, f'timestamp "{text if len(text) <= 30 else text[:27] + "..."}" is more than '
                                 f"{MAX_RECORDING_HOURS} hours into the recording; write the time from the start of "
                                 "the recording, like 01:02:03.000 for an hour, two minutes and three seconds")
    return total


def parse(text: str) -> tuple[Cue, ...]:
    """Every cue of a WebVTT file, in order; raises CaptionError at the first broken line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not re.fullmatch(r"WEBVTT([ \t].*)?", lines[0]):
        raise CaptionError(1, 'a WebVTT file must start with the line "WEBVTT"')
    cues: list[Cue] = []
    anchors: dict[str, int] = {}  # how many cues took each second's anchor so far
    index = 1
    while index < len(lines) and lines[index].strip():  # header lines after WEBVTT
        if "-->" in lines[index]:
            raise CaptionError(index + 1, "leave a blank line between WEBVTT and the first cue")
        index += 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block_start = index
        block = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        if block[0].startswith("STYLE") and "-->" not in block[0]:
            # CSS for the cues, which the player applies on the site's page: a url() in it would make
            # readers' browsers ask another host for it, and the site's stylesheet styles captions.
            raise CaptionError(block_start + 1, "a STYLE block is not published; remove it from the file (the site "
                                                "styles the captions itself)")
        if block[0].startswith(("NOTE", "REGION")) and "-->" not in block[0]:
            continue
        timing_at = 0 if "-->" in block[0] else 1
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            raise CaptionError(block_start + 1, 'a cue needs a timing line like "00:00:01.000 --> 00:00:04.000"')
        line_number = block_start + timing_at + 1
        start_text, _, rest = block[timing_at].partition("-->")
        end_text = rest.strip().split()[0] if rest.strip() else ""
        start, end = _seconds(start_text.strip(), line_number), _seconds(end_text, line_number)
        if end <= start:
            raise CaptionError(line_number, f"the cue ends ({end_text}) before it starts ({start_text.strip()})")
        if cues and start < cues[-1].start:
            raise CaptionError(line_number, "cues must be in order of their start times")
        if len(cues) == MAX_CUES:
            raise CaptionError(line_number, f"the file has more than {MAX_CUES:,} cues; split the recording's "
                                            "captions, or join short cues into longer ones")
        raw = " ".join(block[timing_at + 1:])
        if len(raw) > MAX_CUE_TEXT:
            raise CaptionError(line_number + 1, f"the cue's text is {len(raw):,} characters long; at most "
                                                f"{MAX_CUE_TEXT:,} are allowed: split it into shorter cues")
        voice = VOICE.search(raw)
        plain = " ".join(TAG.sub("", raw).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                         .replace("&nbsp;", " ").split())
        cues.append(Cue(start, end, plain, voice.group(1).strip() if voice else None, _anchor(start, anchors)))
    return tuple(cues)


def _anchor(start: float, anchors: dict[str, int]) -> str:
    """t-01-02-03 for the first cue at 1:02:03, t-01-02-03-2 for the second, and so on; `anchors`
    counts the cues of each second so far (looking through every earlier cue made reading quadratic)."""
    seconds = int(start)
    base = f"t-{seconds // 3600:02d}-{seconds // 60 % 60:02d}-{seconds % 60:02d}"
    number = anchors.get(base, 0) + 1
    anchors[base] = number
    return base if number == 1 else f"{base}-{number}"
