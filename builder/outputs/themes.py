"""Themes across sessions: the key phrases that recur in what archived sessions left behind.

A theme of a part of the proceedings (a forum, a topic, the conference, the whole month) is a
phrase that at least two of its archived sessions used (three for a single word), in their
summary, takeaways or transcript. Event descriptions are left out: they were written before the
session, to announce it, and say what was planned rather than what was said. A phrase ranks by
how many of the part's sessions used it (and a little by how often), weighed down when nearly
every archived session of the month used it (such words say little about one part), and up for
two- and three-word phrases, which say more than one word. Each theme lists every session of
the part that used it, the places (a transcript cue with its time, the summary, the takeaways, a
paragraph of a transcript) and the voices (presenters, and moderators for a forum's sessions):
every figure is a count a reader can check.

Found automatically, from the text alone: same content, same themes, on every machine.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from builder.content.model import Archive, Event, Forum
from builder.outputs import words

MOST_THEMES = 8  # per part of the proceedings
# A phrase is a theme when this many of a part's sessions used it: two, but three for a single word
# (two sessions sharing one word is too often chance).
MOST_MOMENTS = 3  # shown per session of a theme; the count covers them all
LENGTH_WEIGHT = (1.0, 2.5, 3.0)  # a phrase of one, two, three words: "lateral reading" says more than "reading"
EXCERPT = 160  # characters of a moment's text shown
BLOCK = re.compile(r"</(?:p|li|h\d)>")
SPEAKER = re.compile(r"^\s*<(?:strong|b)>([^<>:]{1,60}):?\s*</(?:strong|b)>:?")  # "**Name:** ..." in a Markdown transcript


@dataclass(frozen=True)
class Place:
    """A passage of an archived session that a theme can point at, on the event's page."""

    anchor: str  # the fragment on the event page: a cue's anchor, or "summary", "takeaways", "transcript"
    start: float | None  # seconds into the recording, for a transcript cue
    clock: str | None  # the same as the page writes it
    speaker: str | None
    text: str


@dataclass(frozen=True)
class Moment:
    place: Place
    excerpt: str  # the passage, shortened around the phrase


@dataclass(frozen=True)
class Raised:
    """One session's part in a theme: where it used the phrase (the first MOST_MOMENTS places, of `count`)."""

    event: Event
    moments: tuple[Moment, ...]
    count: int


@dataclass(frozen=True)
class Theme:
    phrase: str
    sessions: tuple[Raised, ...]  # in time order
    voices: tuple[str, ...]  # presenters of those sessions, then their forums' moderators, each once

    @property
    def moments(self) -> int:
        return sum(raised.count for raised in self.sessions)


class Reading:
    """The archived sessions' places and phrases, read once for every part of the proceedings."""

    def __init__(self, sessions: Iterable[Event], forums: Sequence[Forum]) -> None:
        self.places: dict[str, list[Place]] = {}
        self.phrases: dict[str, Counter[str]] = {}  # how often each session used each phrase
        names: set[str] = set()
        for event in sessions:
            if event.archive is None:
                continue
            places = _places(event.archive)
            self.places[event.slug] = places
            self.phrases[event.slug] = Counter(p for place in places for p in words.phrases(place.text))
            names.update(event.presenters)
            names.update(place.speaker for place in places if place.speaker)
        self.moderators = {forum.slug: forum.moderators for forum in forums}
        for forum in forums:
            names.update(forum.moderators)
        self.name_words = frozenset(word for name in names for word in words.words(name))
        self.used = Counter(p for found in self.phrases.values() for p in found)  # sessions per phrase
        for slug, found in self.phrases.items():  # a phrase of one session is no theme of any part
            self.phrases[slug] = Counter({p: n for p, n in found.items() if self.used[p] > 1})
        self.total = len(self.phrases)

    def themes(self, sessions: Sequence[Event]) -> tuple[Theme, ...]:
        """The themes of a part of the proceedings, from its sessions (held, archived, in time order)."""
        archived = [event for event in sessions if event.slug in self.phrases]
        counts = Counter(p for event in archived for p in self.phrases[event.slug])
        said: dict[str, float] = {}  # each session counts once, and a little more for each time it came back
        for event in archived:
            for p, times in self.phrases[event.slug].items():
                if counts[p] > 1:
                    said[p] = said.get(p, 0.0) + 1 + math.log(times)
        ranked = sorted((p for p, n in counts.items() if n >= (2 if " " in p else 3) and not self._a_name(p)),
                        key=lambda p: (-self._score(p, said[p]), p))
        chosen: dict[str, frozenset[str]] = {}  # phrase -> the sessions that used it
        for phrase in ranked:
            if len(chosen) == MOST_THEMES:
                break
            users = frozenset(e.slug for e in archived if phrase in self.phrases[e.slug])
            if not any(_overlaps(phrase, other, users == others) for other, others in chosen.items()):
                chosen[phrase] = users
        return tuple(self._theme(phrase, archived) for phrase in chosen)

    def _score(self, phrase: str, said: float) -> float:
        rarity = math.log((self.total + 1) / self.used[phrase])
        return round(said * rarity * LENGTH_WEIGHT[min(phrase.count(" "), 2)], 9)

    def _a_name(self, phrase: str) -> bool:
        """A person's name (a presenter, a moderator, a speaker) recurs, but is not a theme."""
        return all(word in self.name_words for word in phrase.split(" "))

    def _theme(self, phrase: str, archived: list[Event]) -> Theme:
        raised = []
        for event in archived:
            if phrase not in self.phrases[event.slug]:
                continue
            places = [place for place in self.places[event.slug] if words.mentions(place.text, phrase)]
            raised.append(Raised(event, tuple(Moment(p, _excerpt(p.text, phrase)) for p in places[:MOST_MOMENTS]),
                                 len(places)))
        voices = [name for r in raised for name in r.event.presenters]
        voices += [name for r in raised for name in self.moderators.get(r.event.forum or "", ())]
        return Theme(phrase, tuple(raised), tuple(_once(voices)))


def _places(archive: Archive) -> list[Place]:
    """The passages of an archive, as its event page shows them: a Markdown transcript is shown
    instead of the cues, so its paragraphs are the places then."""
    places = [Place("summary", None, None, None, text) for text in words.paragraphs(archive.summary_html)]
    places += [Place("takeaways", None, None, None, text) for text in archive.takeaways]
    if archive.transcript_html:
        for block in BLOCK.split(archive.transcript_html):
            block = block.strip()
            if block.startswith("<h"):
                continue  # a transcript's title is not something said
            inner = block.split(">", 1)[-1] if block.startswith(("<p", "<li")) else block
            speaker = SPEAKER.match(inner)
            text = words.plain(inner[speaker.end():] if speaker else inner).strip()
            if text:
                places.append(Place("transcript", None, None, speaker.group(1).strip() if speaker else None, text))
    else:
        places += [Place(cue.anchor, cue.start, cue.clock, cue.speaker, cue.text) for cue in archive.cues]
    return places


def _overlaps(phrase: str, other: str, same_sessions: bool) -> bool:
    """One phrase holds the other ("lateral reading" and "reading"): the longer says it already. Or
    the two share a word and the same sessions used both ("real voice", "voice in school"): pieces
    of one sentence, so the first found stands for it."""
    if f" {phrase} " in f" {other} " or f" {other} " in f" {phrase} ":
        return True
    return same_sessions and not set(phrase.split(" ")).isdisjoint(other.split(" "))


def _excerpt(text: str, phrase: str) -> str:
    """About EXCERPT characters of `text` around the first place it uses `phrase`."""
    text = " ".join(text.split())
    if len(text) <= EXCERPT:
        return text
    first = phrase.split(" ", 1)[0]
    at = max(text.casefold().find(first), 0)
    start = max(0, min(at - EXCERPT // 3, len(text) - EXCERPT))
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = text.find(" ", start + EXCERPT)
    end = len(text) if end < 0 else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _once(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept
