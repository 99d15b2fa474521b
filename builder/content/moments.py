"""Key moments: the few sentences of a session's transcript that say most of what it was about.

Chosen at build time, with no network and no model: an extractive method, LexRank with
continuous weights (Erkan and Radev, 2004). Each sentence is a TF-IDF vector of its words
(the sentences are the documents); a sentence is central when it is similar to many others.
The graph of cosine similarities has a pair for every two sentences, but it is never built:
with unit vectors, a sentence's similarities to all the others sum to its similarity to the
sum of the vectors, less one (_centrality), so an hour's transcript takes milliseconds.

Sentences are found by a small rule-based splitter of our own (end punctuation, a few common
abbreviations, a change of speaker): sumy's tokenizer needs NLTK data downloaded at run time,
and pysbd is far slower than the rest of the method together. A transcript is a partner's
text: nothing here interprets it, and the pages escape what it returns.

Deterministic: the same segments give the same moments (ties go to the earlier sentence).
"""

from __future__ import annotations

import html
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise, repeat
from operator import mul, truediv
from typing import NamedTuple

from builder.content.answers import Answers
from builder.content.webvtt import Cue, clock

MOST = 5  # moments of a long session; a short one gets fewer (see how_many)
SHORTEST, LONGEST = 6, 60  # words of a sentence worth showing alone
SHOWN = 320  # characters of a sentence shown; a longer one is cut at a word
SAME = 0.5  # cosine above which a sentence repeats one already chosen

_WORD = re.compile(r"[^\W\d_]{3,}(?:['’][^\W\d_]+)*")  # words of three letters or more
# A sentence ends at . ! or ? (and closing quotes or brackets) followed by a space; the word
# before the point decides whether it was an abbreviation instead. A match starts only where a run
# of points starts: tried from each point of a long run ("......x"), reading was quadratic. The
# pattern starts with the point itself, and looks behind it only then: a pattern that starts with a
# look-behind is tried at every character, one that starts with a class only where the class is.
_END = re.compile(r"[.!?](?<![.!?].)[.!?]*[\"'”’)\]]*\s+")
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st sr jr vs etc eg ie al approx dept fig no vol inc ltd co".split())
_TAG = re.compile(r"<[^<>]*>")
_PARAGRAPH = re.compile(r"<p(?: [^<>]*)?>(.*?)</p>", re.S)
STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each even few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's her
here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself
just know let's like lot me more most much mustn't my myself no nor not now of off oh ok okay on once one only
or other ought our ours ourselves out over own really right same say said she she'd she'll she's should
shouldn't so some such than that that's the their theirs them themselves then there there's these they they'd
they'll they're they've thing things think this those through to too under until up us very was wasn't we
we'd we'll we're we've well were weren't what what's when when's where where's which while who who's whom why
why's will with won't would wouldn't yeah yes you you'd you'll you're you've your yours yourself yourselves
welcome thank thanks morning afternoon evening everyone everybody hi hello bye question questions chat great
""".split())  # the last line: a session's greetings and hand-overs, which say nothing of its subject
_SPEAKER = re.compile(r"\s*<strong>([^<>]{1,80}?):?</strong>:?\s*")


@dataclass(frozen=True)
class Segment:
    """A piece of a transcript a reader can be sent to: a cue (with its start) or a paragraph."""

    text: str
    anchor: str  # the fragment id of the cue or paragraph on the page
    start: float | None = None  # seconds into the recording; None for a paragraph
    speaker: str | None = None


@dataclass(frozen=True)
class Moment:
    """A sentence chosen from a transcript, where it starts (a segment's anchor and time)."""

    text: str
    anchor: str
    start: float | None
    speaker: str | None = None

    @property
    def clock(self) -> str:
        """The start as a reader writes it: 4:07, or 1:02:03."""
        return clock(self.start or 0)


# A transcript as key_moments reads it: its paragraphs, or its cues as they are (a Cue has the
# four fields of a Segment, so a build need not copy every cue of every transcript into one).
Transcript = tuple[Segment, ...] | tuple[Cue, ...]
Synthesis = Callable[[Transcript], tuple[Moment, ...]]  # key_moments, or its answers kept by a build


class _Sentence(NamedTuple):  # a tuple: an hour's transcript makes hundreds of them
    text: str
    segment: Segment | Cue  # the segment it starts in
    words: tuple[str, ...]  # its content words, lowercase
    length: int  # in words of any kind


def paragraphs(transcript_html: str) -> tuple[Segment, ...]:
    """The paragraphs of a rendered Markdown transcript as segments, anchored p-1, p-2, ... in
    order: the ids the pages give the same paragraphs (anchor_paragraphs)."""
    found = []
    for number, match in enumerate(_PARAGRAPH.finditer(transcript_html), 1):
        inner = match.group(1)
        label = _SPEAKER.match(inner)  # "**Ana Diaz:** ..." names who speaks
        speaker = " ".join(html.unescape(_TAG.sub("", label.group(1))).split()) if label else None
        inner = inner[label.end():] if label else inner
        text = " ".join(html.unescape(_TAG.sub(_tag_space, inner)).split())
        found.append(Segment(text, f"p-{number}", speaker=speaker))
    return tuple(found)


def _tag_space(match: re.Match[str]) -> str:
    """A line break stands for a space; other inline tags for nothing ("<em>Post</em>.")."""
    return " " if match.group().startswith("<br") else ""


def anchor_paragraphs(transcript_html: str, prefix: str = "") -> str:
    """The transcript's HTML with an id on each paragraph (`prefix`p-N), to link moments to."""
    count = 0

    def numbered(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        kept = re.sub(r'\s+id="[^"]*"', "", match.group(1) or "")
        return f'<p id="{prefix}p-{count}"{kept}>'

    return re.sub(r"<p( [^<>]*)?>", numbered, transcript_html)


def key_moments(segments: Transcript, most: int = MOST) -> tuple[Moment, ...]:
    """The most representative sentences of the transcript, in the order they were said."""
    sentences = split(segments)
    if not sentences:
        return ()
    candidates = [i for i, s in enumerate(sentences) if _telling(s)]
    if not candidates:  # a short or odd transcript: any sentence that has words of its own
        candidates = [i for i, s in enumerate(sentences) if s.words]
    vectors = _vectors(sentences)
    scores = _centrality(vectors)
    chosen: dict[int, dict[str, float]] = {}  # by sentence, its vector
    for index in sorted(candidates, key=lambda i: (-scores[i], i)):
        if len(chosen) == how_many(len(candidates), most):
            break
        vector = vectors.of(index)
        if all(_cosine(vector, other) <= SAME for other in chosen.values()):
            chosen[index] = vector
    return tuple(_moment(sentences[i]) for i in sorted(chosen))


def _telling(sentence: _Sentence) -> bool:
    """Whether a sentence can stand alone as a moment: a statement of a readable length, with a few
    words of its own (a question, or "Thanks, Ana, over to you." says little of the session)."""
    return (SHORTEST <= sentence.length <= LONGEST and len(sentence.words) >= 3
            and not sentence.text.rstrip("\"'”’) ").endswith("?"))


def how_many(candidates: int, most: int = MOST) -> int:
    """One moment for a few sentences, one more for each ten, up to `most`."""
    return min(most, 1 + candidates // 10)


def nearest_paragraphs(moments: tuple[Moment, ...], paragraphs: tuple[Segment, ...]) -> tuple[Moment, ...]:
    """Timed moments (from captions) re-anchored to the paragraph of the Markdown transcript that
    shares most of their words, for a page that shows that transcript instead of the cues."""
    if not paragraphs:
        return moments
    words = [set(_content_words(p.text)) for p in paragraphs]
    found = []
    for moment in moments:
        mine = set(_content_words(moment.text))
        best = max(range(len(paragraphs)), key=lambda i: (len(mine & words[i]), -i))
        found.append(Moment(moment.text, paragraphs[best].anchor, moment.start, moment.speaker))
    return tuple(found)


def split(segments: Transcript) -> list[_Sentence]:
    """The sentences of consecutive segments; a sentence may run over several cues, and starts in
    the segment where its first word is. A new speaker or paragraph starts a new sentence."""
    sentences: list[_Sentence] = []
    run: list[Segment | Cue] = []
    for segment in segments:
        if run and (segment.start is None or segment.speaker != run[-1].speaker):
            _split_run(run, sentences)
            run = []
        run.append(segment)
    if run:
        _split_run(run, sentences)
    return sentences


def _split_run(run: list[Segment | Cue], sentences: list[_Sentence]) -> None:
    """The sentences of segments one speaker said in a row, read as one text. It is lower-cased and
    its letters kept (_content_words) once, and each sentence's words are cut from its span of that:
    a sentence starts and ends at a space, which no word holds and past which no letter's lower case
    looks (Greek's final sigma looks at the letters beside it)."""
    texts = [segment.text for segment in run]
    text = " ".join(texts)
    folded = text.lower().replace("’", "'")
    letters = folded.translate(_LETTERS) if len(folded) == len(text) else None  # else a letter became two ("İ")
    offsets = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))  # where each segment starts
    ends = [m.end() for m in _END.finditer(text) if not _abbreviation(text, m.start())]
    apostrophes = "'" in folded
    kept = _KEPT.__getitem__
    begin = 0
    for end in [*ends, len(text)]:
        piece = text[begin:end].lstrip()
        if piece:
            first = run[bisect_right(offsets, end - len(piece)) - 1]
            words = piece.split()
            if letters is None or (apostrophes and folded.find("'", begin, end) >= 0):
                found = tuple(_content_words(piece))
            else:
                found = tuple(filter(kept, letters[begin:end].split()))
            sentences.append(_Sentence(" ".join(words), first, found, len(words)))
        begin = end


def _abbreviation(text: str, point: int) -> bool:
    """Whether the full stop at `point` ends an abbreviation (Dr., e.g., a single initial) rather
    than a sentence."""
    if text[point] != ".":
        return False
    start = text.rfind(" ", 0, point) + 1
    word = text[start:point].lower().replace(".", "").lstrip("(\"'“‘")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _content_words(text: str) -> list[str]:
    """The words of `text` that _WORD finds, lower-cased, less the stop words. Without an apostrophe,
    such a word is a run of three or more letters between other characters: str.translate and
    str.split find the runs in C, where the regular expression tries a match at every character."""
    folded = text.lower().replace("’", "'")
    if "'" in folded:
        return [w for w in _WORD.findall(folded) if w not in STOPWORDS]
    return [w for w in folded.translate(_LETTERS).split() if len(w) > 2 and w not in STOPWORDS]


def _letter(code: int) -> int:
    r"""As a str.translate table (_LETTERS) maps it: what _WORD reads as a letter ([^\W\d_]: alphanumeric
    but not a decimal digit) and the apostrophe are kept, every other character becomes a space. The
    table is filled in as characters are met: one of every character would be large, and a text uses
    few; it has no bound but the characters there are."""
    character = chr(code)
    return code if character == "'" or (character.isalnum() and not character.isdecimal()) else ord(" ")


_LETTERS: Answers[int, int] = Answers(_letter, most=None)


def _kept(word: str) -> bool:
    """Whether a word without an apostrophe is a content word (three letters or more, no stop word).
    Asked through _KEPT: filter() asks the dict, in C, for each of a sentence's words, where a
    comprehension would run this test in Python for every one."""
    return len(word) > 2 and word not in STOPWORDS


_KEPT: Answers[str, bool] = Answers(_kept)


@dataclass(frozen=True)
class _Vectors:
    """Every sentence's TF-IDF vector, of unit length, in flat lists: sentence i's words are
    words[bounds[i]:bounds[i + 1]] and their weights are at the same places in `weights` (a sentence
    without content words has none). Flat, so that the arithmetic is a few passes over every word,
    in C, rather than a few Python steps for each of hundreds of sentences; every figure is made by
    the same operations in the same order as with a dict per sentence, so the choice is the same."""

    words: list[str]
    weights: list[float]
    bounds: list[int]

    def of(self, index: int) -> dict[str, float]:
        start, end = self.bounds[index], self.bounds[index + 1]
        return dict(zip(self.words[start:end], self.weights[start:end], strict=True))


def _vectors(sentences: list[_Sentence]) -> _Vectors:
    """Each sentence's TF-IDF vector (the sentences are the documents), of unit length."""
    keys: list[tuple[str, ...]] = []  # each sentence's words, once each, in the order said
    counts: list[tuple[int, ...]] = []  # how often it says each
    for sentence in sentences:
        found = sentence.words
        if len(set(found)) == len(found):
            keys.append(found)
            counts.append((1,) * len(found))
        else:
            counted = Counter(found)
            keys.append(tuple(counted))
            counts.append(tuple(counted.values()))
    words = list(chain.from_iterable(keys))
    frequency = Counter(words)  # in how many sentences each word is
    total = len(sentences)
    weight = {word: math.log(1 + total / found) for word, found in frequency.items()}
    weights = list(map(mul, chain.from_iterable(counts), map(weight.__getitem__, words)))
    squares = list(map(mul, weights, weights))
    bounds = list(accumulate(map(len, keys), initial=0))
    norms = [math.sqrt(sum(squares[start:end])) for start, end in pairwise(bounds)]  # none is 0 but for no words
    units = list(map(truediv, weights, chain.from_iterable(map(repeat, norms, map(len, keys)))))
    return _Vectors(words, units, bounds)


def _centrality(vectors: _Vectors) -> list[float]:
    """Each sentence's continuous LexRank score: its cosine similarities to all other sentences,
    summed. LexRank ranks sentences by the stationary distribution of a walk that moves from one
    sentence to another in proportion to their similarity; the similarities are symmetric, and on
    such a graph the walk settles where each sentence's share is that sum (its degree), so no
    iteration is needed. The sum is a sentence's similarity to the sum of all the vectors, less its
    similarity to itself (1, for a unit vector): one pass over the words, where the pairs of
    sentences would be a pass over their square."""
    total: dict[str, float] = {}
    for word, x in zip(vectors.words, vectors.weights, strict=True):
        total[word] = total.get(word, 0.0) + x
    products = list(map(mul, vectors.weights, map(total.__getitem__, vectors.words)))
    return [sum(products[start:end]) - 1.0 if end > start else 0.0 for start, end in pairwise(vectors.bounds)]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def _moment(sentence: _Sentence) -> Moment:
    text = sentence.text
    if len(text) > SHOWN:
        text = text[:SHOWN].rsplit(" ", 1)[0] + " …"
    return Moment(text, sentence.segment.anchor, sentence.segment.start, sentence.segment.speaker)
