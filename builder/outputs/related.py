"""Related sessions: for every event, a few others a reader of its page may want next.

Two events are related by the topics they share (each counts one), the forum they share (one),
and the likeness of their text: the cosine of their key-term vectors (TF-IDF over title, summary,
description and archive, see `_text`), which adds at most one. Ties go to the earlier start, then
the slug, so the lists are the same on every build.

Comparing every pair is out of reach on a large site, so each event is compared only with its
candidates: the events near it in time on each of its topics, and those sharing one of its
rarer key terms (a term that is a key term of many events finds nothing an event's topics would
not). The cost grows with the number of events, not its square. The same choice keeps a
one-event edit small: it changes the lists of the few events that share a topic neighbourhood or
a rare term with it, not thousands of pages. Term weights are rounded to half-steps of
log2(events / events using the term), so one edit's shift in those counts rarely moves another
event's key terms.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain, repeat
from operator import mul

from builder.content.answers import Answers
from builder.content.model import Event, Site
from builder.outputs import words
from builder.outputs.memo import FRESH, Memo

MOST_RELATED = 4
KEY_TERMS = 12  # the terms an event is compared by
RARE = 10  # a key term of more events than this finds no candidates
NEIGHBOURS = 3  # on each topic, the events just before and just after
TITLE_WEIGHT = 3  # a title word counts as often as three in the text
LONGEST_TEXT = 600  # characters of a description read (HTML): what it is about is said early


@dataclass(frozen=True)
class RelatedSession:
    """What a page shows of a related event: small, so that editing an event's other fields does
    not change the pages that list it."""

    slug: str
    title: str
    url: str
    start: datetime
    all_day: bool
    type_name: str


def as_text(related: tuple[RelatedSession, ...]) -> str:
    """Every field of a related list in one text: what an event page's job is fingerprinted by, in
    place of the list itself (one text of every page's list is cheaper to digest than its objects)."""
    return repr([(r.slug, r.title, r.url, r.start.isoformat(), r.all_day, r.type_name) for r in related])


def related_sessions(site: Site, memo: Memo = FRESH) -> Mapping[str, tuple[RelatedSession, ...]]:
    """Every event's related sessions (scheduled ones only: the others will not take place), by slug.
    Made from the events alone (their topics give the topics' lists); `memo` keeps each event's word
    counts, so an edit counts again only the words of the events it changed."""
    return memo.one("related", site.events, lambda: _related(site, memo))


def _related(site: Site, memo: Memo) -> dict[str, tuple[RelatedSession, ...]]:
    events = site.events
    vectors = _vectors(memo.each("related-words", events, _counts))
    near = _near(site, vectors)
    marks = _marks(events)
    # Ties go to the earlier start, then the slug: each event's place in that order stands for both,
    # so a tie compares two integers, and the list shown is read off by place.
    order = sorted(range(len(events)), key=lambda number: (events[number].start.astimezone(UTC), events[number].slug))
    place = [0] * len(events)
    for rank, number in enumerate(order):
        place[number] = rank
    shown = [RelatedSession(e.slug, e.title, e.url, e.start, e.all_day, e.type.name) for e in map(events.__getitem__, order)]
    held = {number for number, event in enumerate(events) if event.status == "scheduled"}
    related = {}
    for number, event in enumerate(events):
        vector, mark = vectors[number], marks[number]
        terms, weights = tuple(vector), tuple(vector.values())
        candidates = near[number] & held
        candidates.discard(number)
        # The likeness in the vector's own order: a set's order changes with the process, and so would a
        # float sum. A term they lack adds 0.0, which changes no sum: so the products are made in C, by map().
        # What they share besides is the count of the bits their marks have in common (_marks).
        scored = [(-round((mark & marks[other]).bit_count()
                          + sum(map(mul, weights, map(vectors[other].get, terms, repeat(0.0)))), 6), place[other])
                  for other in candidates]
        scored.sort()
        related[event.slug] = tuple(shown[rank] for _, rank in scored[:MOST_RELATED])
    return related


def _near(site: Site, vectors: list[dict[str, float]]) -> list[set[int]]:
    """Each event's candidates, by number, itself among them: the NEIGHBOURS before and after it on
    each of its topics, and the events that share one of its rare key terms (a key term of at most
    RARE events). Both relations go both ways, so a rare term's events are added to each other's."""
    events = site.events
    index_of = {id(event): number for number, event in enumerate(events)}
    near: list[set[int]] = [set() for _ in events]
    for listed in site.by_topic.values():
        numbers = [index_of[id(event)] for event in listed]
        for position, number in enumerate(numbers):
            near[number].update(numbers[max(0, position - NEIGHBOURS):position + NEIGHBOURS + 1])
    uses = Counter(chain.from_iterable(vectors))  # how many events have each key term
    rare = {term for term, count in uses.items() if count <= RARE}
    sharing: dict[str, list[int]] = {}  # the events of each rare term; Python steps only for those
    for number, vector in enumerate(vectors):
        for term in rare.intersection(vector):
            sharing.setdefault(term, []).append(number)
    for found in sharing.values():
        for number in found:
            near[number].update(found)
    return near


def _marks(events: Sequence[Event]) -> list[int]:
    """Each event's topics and forum as the bits of one integer: the bits two events' marks have in
    common are the topics they share and, if they share it, the forum (an event without one has no
    bit for it). A pair's count is then one AND and a bit count, made in C, not a set made per pair."""
    bits: dict[tuple[str, str], int] = {}  # a topic's or a forum's bit, in the order they are met
    marks = []
    for event in events:
        mark = 0
        for key in [("topic", topic.slug) for topic in event.topics] + [("forum", event.forum)] * (event.forum is not None):
            mark |= 1 << bits.setdefault(key, len(bits))
        marks.append(mark)
    return marks


def _vectors(counts: list[dict[str, int]]) -> list[dict[str, float]]:
    """Each event's KEY_TERMS heaviest terms, weighted by TF-IDF ((1 + ln count) times the term's
    rarity), as a unit vector. An event's weights are made by map() in C, from the answers kept in
    _DAMPED and `rarity`; sorting the (negated weight, term) pairs orders them whatever the order
    of the set they come from."""
    used = Counter(chain.from_iterable(counts))  # how many events use each word
    total = max(len(counts), 1)
    rarity = {term: round(2 * math.log2(total / n)) / 2 for term, n in used.items()}  # every word a term (_counts)
    rarity = {term: weight for term, weight in rarity.items() if weight > 0}
    vectors = []
    for count in counts:
        terms = count.keys() & rarity.keys()
        weighed = map(mul, map(_DAMPED.__getitem__, map(count.__getitem__, terms)), map(rarity.__getitem__, terms))
        heaviest = sorted(zip(weighed, terms, strict=True))[:KEY_TERMS]
        norm = math.sqrt(sum(weight * weight for weight, _ in heaviest)) or 1.0
        vectors.append({term: -weight / norm for weight, term in heaviest})
    return vectors


# How a term's count weighs, 1 + ln count, negated (so that sorting puts the heaviest first), by count.
_DAMPED: Answers[int, float] = Answers(lambda count: -(1 + math.log(count)))


def _counts(event: Event) -> dict[str, int]:
    """How often each word of the event's text that can be a term is used (words.meaningful: no stop
    word, number or break), in the order first used. The other words are dropped before counting, by
    filter() with the answers kept in _MEANINGFUL, in C: a Python step only for a word not met
    before. The later steps and the build cache then handle a dict of the terms alone (a plain
    dict: the build cache keeps it)."""
    return dict(Counter(filter(_MEANINGFUL.__getitem__, words.words(_text(event), markup=True))))


_MEANINGFUL: Answers[str, bool] = Answers(words.meaningful)


def _text(event: Event) -> str:
    """The words an event is compared by: its title (TITLE_WEIGHT times), summary, the start of its
    description, and its archive's summary and takeaways, HTML as it is (words.words drops its
    tags). Not the transcript: the summary says what it is about in a hundredth of the words, and
    a large site has a thousand transcripts to read."""
    parts = [event.title] * TITLE_WEIGHT + [event.summary, event.body_html[:LONGEST_TEXT]]
    if event.archive:
        parts += [event.archive.summary_html, *event.archive.takeaways]
    return "\n".join(parts)
