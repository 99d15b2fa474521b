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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import repeat
from operator import mul

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
    topic_sets = [frozenset(t.slug for t in event.topics) for event in events]
    index_of = {id(event): number for number, event in enumerate(events)}
    postings: dict[str, list[int]] = {}
    for number, vector in enumerate(vectors):
        for term in vector:
            postings.setdefault(term, []).append(number)
    around: list[set[int]] = [set() for _ in events]
    for listed in site.by_topic.values():
        numbers = [index_of[id(event)] for event in listed]
        for position, number in enumerate(numbers):
            around[number].update(numbers[max(0, position - NEIGHBOURS):position + NEIGHBOURS + 1])
    shown = [RelatedSession(e.slug, e.title, e.url, e.start, e.all_day, e.type.name) for e in events]
    order = [(event.start.astimezone(UTC), event.slug) for event in events]
    forums = [event.forum for event in events]
    held = {number for number, event in enumerate(events) if event.status == "scheduled"}
    related = {}
    for number, event in enumerate(events):
        candidates = set(around[number])
        vector, topics, forum = vectors[number], topic_sets[number], forums[number]
        terms, weights = tuple(vector), tuple(vector.values())
        for term in vector:
            found = postings[term]
            if len(found) <= RARE:
                candidates.update(found)
        candidates.discard(number)
        scored = []
        for other in candidates & held:
            theirs = vectors[other]
            # In the vector's own order: a set's order changes with the process, and so would a float sum.
            # A term they lack adds 0.0, which changes no sum: so the products are made in C, by map().
            likeness = sum(map(mul, weights, map(theirs.get, terms, repeat(0.0))))
            together = len(topics & topic_sets[other]) + (forum is not None and forum == forums[other])
            scored.append((-round(together + likeness, 6), order[other], other))
        scored.sort()
        related[event.slug] = tuple(shown[other] for *_, other in scored[:MOST_RELATED])
    return related


def _vectors(counts: list[dict[str, int]]) -> list[dict[str, float]]:
    """Each event's KEY_TERMS heaviest terms, weighted by TF-IDF, as a unit vector."""
    used: Counter[str] = Counter()  # how many events use each word
    for count in counts:
        used.update(count.keys())
    total = max(len(counts), 1)
    rarity = {term: round(2 * math.log2(total / n)) / 2 for term, n in used.items() if words.meaningful(term)}
    terms = {term for term, weight in rarity.items() if weight > 0}
    vectors = []
    for count in counts:
        weights = sorted((-(1 + math.log(count[term])) * rarity[term], term) for term in count.keys() & terms)
        kept = {term: -weight for weight, term in weights[:KEY_TERMS]}
        norm = math.sqrt(sum(w * w for w in kept.values())) or 1.0
        vectors.append({term: w / norm for term, w in kept.items()})
    return vectors


def _counts(event: Event) -> dict[str, int]:
    """How often each word of the event's text is used (stop words and breaks are weighed zero later:
    dropping them here would cost a Python step per word). A plain dict: the build cache keeps it."""
    return dict(Counter(words.words(_text(event), markup=True)))


def _text(event: Event) -> str:
    """The words an event is compared by: its title (TITLE_WEIGHT times), summary, the start of its
    description, and its archive's summary and takeaways, HTML as it is (words.words drops its
    tags). Not the transcript: the summary says what it is about in a hundredth of the words, and
    a large site has a thousand transcripts to read."""
    parts = [event.title] * TITLE_WEIGHT + [event.summary, event.body_html[:LONGEST_TEXT]]
    if event.archive:
        parts += [event.archive.summary_html, *event.archive.takeaways]
    return "\n".join(parts)
