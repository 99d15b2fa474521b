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

from builder.content.model import Event, Site
from builder.outputs import words

MOST_RELATED = 4
KEY_TERMS = 12  # the terms an event is compared by
RARE = 25  # a key term of more events than this finds no candidates
NEIGHBOURS = 3  # on each topic, the events just before and just after
TITLE_WEIGHT = 3  # a title word counts as often as three in the text
LONGEST_TEXT = 6000  # characters of a description or transcript read: what it is about is said early


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


def related_sessions(site: Site) -> Mapping[str, tuple[RelatedSession, ...]]:
    """Every event's related sessions (scheduled ones only: the others will not take place), by slug."""
    events = site.events
    vectors = _vectors(events)
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
    starts = [event.start.astimezone(UTC) for event in events]
    related = {}
    for number, event in enumerate(events):
        candidates = set(around[number])
        for term in vectors[number]:
            found = postings[term]
            if len(found) <= RARE:
                candidates.update(found)
        candidates.discard(number)
        vector, topics = vectors[number], topic_sets[number]
        scored = []
        for other in candidates:
            if events[other].status != "scheduled":
                continue
            likeness = sum(vector[t] * vectors[other][t] for t in vector.keys() & vectors[other].keys())
            together = len(topics & topic_sets[other]) + (1 if event.forum and event.forum == events[other].forum else 0)
            scored.append((-round(together + likeness, 6), starts[other], events[other].slug, other))
        scored.sort()
        related[event.slug] = tuple(shown[other] for *_, other in scored[:MOST_RELATED])
    return related


def _vectors(events: tuple[Event, ...]) -> list[dict[str, float]]:
    """Each event's KEY_TERMS heaviest terms, weighted by TF-IDF, as a unit vector."""
    counts = [_counts(event) for event in events]
    used = Counter(term for count in counts for term in count)
    total = max(len(events), 1)
    rarity = {term: round(2 * math.log2(total / n)) / 2 for term, n in used.items()}
    vectors = []
    for count in counts:
        weights = sorted(((-(1 + math.log(n)) * rarity[term], term) for term, n in count.items() if rarity[term] > 0))
        kept = {term: -weight for weight, term in weights[:KEY_TERMS]}
        norm = math.sqrt(sum(w * w for w in kept.values())) or 1.0
        vectors.append({term: w / norm for term, w in kept.items()})
    return vectors


def _counts(event: Event) -> Counter[str]:
    count = Counter(words.terms(_text(event)))
    for term in words.terms(event.title):
        count[term] += TITLE_WEIGHT - 1
    return count


def _text(event: Event) -> str:
    """The words an event is compared by: its title, summary, description and what its archive holds."""
    parts = [event.title, event.summary, words.plain(event.body_html[:LONGEST_TEXT])]
    archive = event.archive
    if archive:
        parts += [words.plain(archive.summary_html), *archive.takeaways]
        transcript = words.plain(archive.transcript_html) if archive.transcript_html else " ".join(
            cue.text for cue in archive.cues)
        parts.append(transcript[:LONGEST_TEXT])
    return "\n".join(parts)
