"""Themes across sessions: the key phrases that recur in what archived sessions left behind.

A theme of a part of the proceedings (a forum, a topic, the conference, the whole month) is a
phrase that at least two of its archived sessions used (three for a single word), in their
summary, takeaways or transcript's passages (its most central sentences, chosen with its key
moments: builder/content/moments.py). Event descriptions are left out: they were written before the
session, to announce it, and say what was planned rather than what was said. A phrase ranks by
how many of the part's sessions used it, weighed down when nearly every archived session of the
month used it (such words say little about one part), and up for two- and three-word phrases,
which say more than one word. Each theme says how many sessions used it and lists the earliest
of them, each with the places it was used (a passage of the transcript, at its time in the
recording or its paragraph; the summary; the takeaways) and the voices behind them (presenters,
and moderators for a forum's sessions): every figure is a count a reader can check.

Found automatically, from the text alone: same content, same themes, on every machine.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from builder.content import moments
from builder.content.model import Archive, Event, Forum
from builder.outputs import words

MOST_THEMES = 8  # per part of the proceedings
# A phrase is a theme when this many of a part's sessions used it: two, but three for a single word
# (two sessions sharing one word is too often chance).
LEAST_SESSIONS = (3, 2, 2)  # for a phrase of one, two, three words
LENGTH_WEIGHT = (1.0, 2.5, 3.0)  # "lateral reading" says more than "reading"
MOST_SESSIONS = 10  # listed under a theme, the earliest first; the count covers them all
MOST_MOMENTS = 3  # shown per session of a theme; the count covers them all
EXCERPT = 160  # characters of a moment's text shown
SEPARATOR = "\x01"  # between two places in one session's text (taken out of the places' own)
SEPARATORS = re.compile(SEPARATOR)


@dataclass(frozen=True)
class Place:
    """A passage of an archived session that a theme can point at, on the event's page."""

    anchor: str  # the fragment on the event page: a cue's or a paragraph's anchor, or "summary", "takeaways"
    start: float | None  # seconds into the recording, for a passage of a timed transcript
    clock: str | None  # the same as the page writes it
    speaker: str | None
    text: str

    @property
    def label(self) -> str:
        """Where it was said, as the pages name it: its time in the recording, else its part of the page."""
        if self.clock:
            return self.clock
        return self.anchor.capitalize() if self.anchor in ("summary", "takeaways") else "Transcript"


@dataclass(frozen=True)
class Moment:
    place: Place
    excerpt: str  # the passage, shortened around the phrase


@dataclass(frozen=True)
class Raised:
    """One session's part in a theme: where it used the phrase (the first MOST_MOMENTS places, of
    `count`). The session by what the page shows of it: the build cache keeps themes as they are."""

    slug: str
    title: str
    url: str
    moments: tuple[Moment, ...]
    count: int


@dataclass(frozen=True)
class Theme:
    phrase: str
    sessions: int  # how many of the part's sessions used it
    raised: tuple[Raised, ...]  # the first MOST_SESSIONS of them, in time order
    voices: tuple[str, ...]  # presenters of those listed, then their forums' moderators, each once


Choice = tuple[words.Phrase, tuple[str, ...]]  # a theme's phrase, and the slugs of the sessions that used it


def themes_of(parts: Mapping[str, Sequence[Event]], forums: Sequence[Forum]) -> dict[str, tuple[Theme, ...]]:
    """Each part's themes (part name -> its sessions: held, archived, in time order)."""
    writer = Writer([event for events in parts.values() for event in events], forums)
    return {name: writer.themes(choices) for name, choices in choose(parts, forums).items()}


def choose(parts: Mapping[str, Sequence[Event]], forums: Sequence[Forum]) -> dict[str, tuple[Choice, ...]]:
    """Each part's themes (part name -> its sessions: held, archived, in time order), chosen by
    reading every session once. The phrases of every session are made first (words.phrases, in C);
    only those that two sessions share are looked at one by one, so the cost follows the text's size
    and its distinct shared phrases, not its every word."""
    sessions = {event.slug: event for events in parts.values() for event in events if event.archive}
    names = {name for forum in forums for name in forum.moderators}
    runs = {}
    for slug, event in sessions.items():
        places = _places(event.archive)  # type: ignore[arg-type]
        runs[slug] = words.phrases(place.text for place in places)
        names.update(event.presenters)
        names.update(place.speaker for place in places if place.speaker)
    name_words = frozenset(word for name in names for word in words.words(name))
    shared: Counter[words.Phrase] = Counter()  # how many sessions used each run
    for found in runs.values():
        shared.update(found)
    total = len(runs)
    weight = {gram: math.log((total + 1) / n) * LENGTH_WEIGHT[_length(gram) - 1]
              for gram, n in shared.items() if n > 1 and not _a_name(gram, name_words)}
    phrases = {slug: found & weight.keys() for slug, found in runs.items()}  # each session's shared phrases
    return {name: _chosen([e.slug for e in events if e.slug in phrases], phrases, weight) for name, events in parts.items()}


def _chosen(slugs: list[str], phrases: Mapping[str, set[words.Phrase]], weight: Mapping[words.Phrase, float]
            ) -> tuple[Choice, ...]:
    counts: Counter[words.Phrase] = Counter()
    for slug in slugs:
        counts.update(phrases[slug])
    ranked = sorted((-round(n * weight[gram], 9), words.text_of(gram), gram) for gram, n in counts.items()
                    if n >= LEAST_SESSIONS[_length(gram) - 1])
    chosen: dict[words.Phrase, tuple[str, ...]] = {}
    for _, _, gram in ranked:
        if len(chosen) == MOST_THEMES:
            break
        users = tuple(slug for slug in slugs if gram in phrases[slug])
        if not any(_overlaps(gram, other, users == others) for other, others in chosen.items()):
            chosen[gram] = users
    return tuple(chosen.items())


class Writer:
    """Themes as pages show them, from the choices: the places of the sessions listed, found by
    one search of each session's text per phrase."""

    def __init__(self, sessions: Iterable[Event], forums: Sequence[Forum]) -> None:
        self.sessions = {event.slug: event for event in sessions}
        self.moderators = {forum.slug: forum.moderators for forum in forums}
        self._places: dict[str, tuple[list[Place | moments.Moment], str, list[int]]] = {}

    def themes(self, choices: Iterable[Choice]) -> tuple[Theme, ...]:
        return tuple(self._theme(gram, users) for gram, users in choices)

    def _theme(self, gram: words.Phrase, users: tuple[str, ...]) -> Theme:
        phrase = words.text_of(gram)
        raised = []
        for slug in users[:MOST_SESSIONS]:
            places = self._using(slug, gram)
            event = self.sessions[slug]
            raised.append(Raised(slug, event.title, event.url,
                                 tuple(Moment(p, _excerpt(p.text, phrase)) for p in places[:MOST_MOMENTS]), len(places)))
        listed = [self.sessions[slug] for slug in users[:MOST_SESSIONS]]
        voices = [name for event in listed for name in event.presenters]
        voices += [name for event in listed for name in self.moderators.get(event.forum or "", ())]
        return Theme(phrase, len(users), tuple(raised), tuple(_once(voices)))

    def _using(self, slug: str, gram: words.Phrase) -> list[Place]:
        if slug not in self._places:
            places = _places(self.sessions[slug].archive)  # type: ignore[arg-type]
            # One text for the session, each place after a SEPARATOR (no phrase spans one: it is not
            # a space), made searchable in one pass; a match's place is the last separator before it.
            text = words.searchable("".join(f" {SEPARATOR} " + place.text.replace(SEPARATOR, " ") for place in places))
            self._places[slug] = (places, text, [m.start() for m in SEPARATORS.finditer(text)])
        places, text, starts = self._places[slug]
        numbers = sorted({bisect.bisect_right(starts, m.start()) - 1 for m in words.finder(gram).finditer(text)})
        return [_place(places[n]) for n in numbers]


def _places(archive: Archive) -> list[Place | moments.Moment]:
    """The passages of an archive a theme can point at: its summary's paragraphs, its takeaways,
    and its transcript's passages (the most central sentences, moments.PASSAGES at most, each at its
    cue or paragraph). Not the whole transcript: its central sentences say what the session was
    about, and reading a few hundred words of each session, not all of them, keeps the themes of a
    month of sessions cheap. A passage is left as it is (it has a place's fields): only the few
    places a theme shows are made into Places (_place)."""
    places: list[Place | moments.Moment] = [Place("summary", None, None, None, text)
                                            for text in words.paragraphs(archive.summary_html)]
    places += [Place("takeaways", None, None, None, text) for text in archive.takeaways]
    places += archive.passages
    return places


def _place(found: Place | moments.Moment) -> Place:
    """A place as a theme shows it: a transcript's passage becomes a Place with its anchor, time and
    clock (a paragraph's has none)."""
    if isinstance(found, Place):
        return found
    return Place(found.anchor, found.start, None if found.start is None else found.clock, found.speaker, found.text)


def _length(gram: words.Phrase) -> int:
    return 1 if isinstance(gram, str) else len(gram)


def _a_name(gram: words.Phrase, name_words: frozenset[str]) -> bool:
    """A person's name (a presenter, a moderator, a speaker) recurs, but is not a theme."""
    return all(word in name_words for word in ((gram,) if isinstance(gram, str) else gram))


def _overlaps(gram: words.Phrase, other: words.Phrase, same_sessions: bool) -> bool:
    """One phrase holds the other ("lateral reading" and "reading"): the longer says it already. Or
    the two share a word and the same sessions used both ("real voice", "voice in school"): pieces
    of one sentence, so the first found stands for it."""
    phrase, known = words.text_of(gram), words.text_of(other)
    if f" {phrase} " in f" {known} " or f" {known} " in f" {phrase} ":
        return True
    return same_sessions and not set(phrase.split(" ")).isdisjoint(known.split(" "))


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
