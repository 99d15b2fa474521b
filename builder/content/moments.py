"""Key moments: the few sentences of a session's transcript that say most of what it was about.

Chosen at build time, with no network and no model: an extractive method, centroid-based
(Radev et al., 2004, the method of the MEAD summarizer). Each sentence is a vector of its
words, weighed by TF-IDF with the sentences as the documents; the transcript's centroid is the
sum of those vectors; a sentence is central when it points where the centroid does, that is
when it says what many other sentences say. Its score is its unit vector's dot product with the
centroid less its own vector (what the rest of the transcript says). This is LexRank's degree
centrality (Erkan and Radev, 2004) with the other sentences weighed by their length rather
than one each, and it needs no pair of sentences: each sum is made once over every word, as a
running total in C, so an hour's transcript takes a few milliseconds and a thousand of them
about as long as the build reads their files.

Sentences are found by a small rule-based splitter of our own (end punctuation, a few common
abbreviations, a change of speaker): sumy's tokenizer needs NLTK data downloaded at run time,
and pysbd is far slower than the rest of the method together. A transcript is a partner's
text: nothing here interprets it, and the pages escape what it returns.

Besides the moments, the passages: the transcript's most central sentences, PASSAGES at most,
whole. They are what the proceedings' themes read of a transcript (builder/outputs/themes.py),
so that finding the phrases sessions share reads a few hundred words of each, not all of them.

Deterministic: the same segments give the same moments (ties go to the earlier sentence).
"""

from __future__ import annotations

import html
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from heapq import nlargest
from itertools import accumulate, chain
from operator import sub

from builder.content.answers import Answers
from builder.content.webvtt import Cue, clock

MOST = 5  # moments of a long session; a short one gets fewer (see how_many)
PASSAGES = 40  # central sentences kept for the themes: a few hundred words of an hour's transcript
SHORTEST, LONGEST = 6, 60  # words of a sentence worth showing alone
SHOWN = 320  # characters of a sentence shown; a longer one is cut at a word
SAME = 0.5  # cosine above which a sentence repeats one already chosen

_WORD = re.compile(r"[^\W\d_]{3,}(?:['’][^\W\d_]+)*")  # words of three letters or more
_ABBREVIATIONS = "mr mrs ms dr prof st sr jr vs etc eg ie al approx dept fig no vol inc ltd co".split()
_CLOSERS = "\"'”’)]"  # what may close a sentence after its end mark
_OPENERS = "(\"'“‘"  # what may open a word before an abbreviation
# A sentence ends at . ! or ? (and closing quotes or brackets) followed by a space, unless the point
# ends an abbreviation (Dr., etc.) or a single letter (an initial, each letter of e.g. or U.S.), a
# word that only a space or an opening bracket or quote comes before. The pattern starts with the point
# itself, and looks behind it only then: a pattern that starts with a look-behind is tried at every
# character, one that starts with a class only where the class is. A match starts only where a run of
# points starts: tried from each point of a long run ("......x"), reading was quadratic.
_WORD_START = rf"(?<![^\s{re.escape(_OPENERS)}])"
_END = re.compile(
    r"[.!?](?<![.!?].)"
    + "".join(rf"(?<!{_WORD_START}{word}\.)" for word in _ABBREVIATIONS)
    + rf"(?<!(?<![^\s{re.escape(_OPENERS)}.])[^\W\d_]\.)"
    + rf"[.!?]*[{re.escape(_CLOSERS)}]*\s+", re.IGNORECASE)
_ASKED = re.compile(rf"\?[{re.escape(_CLOSERS)}]*\s+")  # an end whose last mark is a question mark
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


@dataclass(frozen=True)
class Highlights:
    """What the build takes from a transcript: its key moments (a few, distinct, cut to be shown)
    and its passages (its PASSAGES most central sentences, whole, for the themes), each in the order
    said."""

    moments: tuple[Moment, ...] = ()
    passages: tuple[Moment, ...] = ()


# A transcript as highlights reads it: its paragraphs, or its cues as they are (a Cue has the
# four fields of a Segment, so a build need not copy every cue of every transcript into one).
Transcript = tuple[Segment, ...] | tuple[Cue, ...]
Synthesis = Callable[[Transcript], Highlights]  # highlights, or its answers kept by a build


@dataclass(frozen=True)
class _Run:
    """Segments one speaker said in a row, read as one text: each segment's text, single-spaced,
    joined by a space; `offsets` are where each starts in it."""

    segments: list[Segment | Cue]
    text: str
    offsets: list[int]


@dataclass
class Sentences:
    """Every sentence of a transcript, in parallel lists rather than an object each (an hour's
    transcript has hundreds, a large site hundreds of thousands): sentence i is the text
    runs[run[i]].text[begins[i]:ends[i]]; words[i] are its content words, each once, in the order
    said (a dict of them, for its order); lengths[i] counts its words of any kind; asked[i] says
    whether it is a question."""

    runs: list[_Run] = field(default_factory=list)
    run: list[int] = field(default_factory=list)
    begins: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    words: list[dict[str, None]] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    asked: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.begins)

    def text(self, index: int) -> str:
        return self.runs[self.run[index]].text[self.begins[index]:self.ends[index]].strip()

    def segment(self, index: int) -> Segment | Cue:
        """The segment the sentence starts in."""
        run = self.runs[self.run[index]]
        return run.segments[bisect_right(run.offsets, self.begins[index]) - 1]


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
    return highlights(segments, most).moments


def highlights(segments: Transcript, most: int = MOST) -> Highlights:
    """The transcript's key moments and passages (Highlights), chosen by their centrality. A moment
    must stand alone: a statement of a readable length with a few words of its own (a question, or
    "Thanks, Ana, over to you.", says little of the session), unlike any moment chosen before it. A
    passage is any sentence with words of its own: the themes look for phrases, not for sentences
    to show whole."""
    sentences = split(segments)
    scores, units = _centrality(sentences.words)
    sizes = list(map(len, sentences.words))
    candidates = [i for i, (length, size, asked) in enumerate(zip(sentences.lengths, sizes, sentences.asked, strict=True))
                  if SHORTEST <= length <= LONGEST and size >= 3 and not asked]
    worded = [i for i, size in enumerate(sizes) if size]
    if not candidates:  # a short or odd transcript: any sentence that has words of its own
        candidates = worded
    chosen: dict[int, dict[str, float]] = {}  # by sentence, its unit vector
    wanted = how_many(len(candidates), most)
    for index in sorted(candidates, key=scores.__getitem__, reverse=True):  # a stable sort: ties keep the earlier
        if len(chosen) == wanted:
            break
        vector = units(index)
        if all(_cosine(vector, other) <= SAME for other in chosen.values()):
            chosen[index] = vector
    passages = sorted(nlargest(PASSAGES, worded, key=scores.__getitem__))
    return Highlights(tuple(_moment(sentences, i, SHOWN) for i in sorted(chosen)),
                      tuple(_moment(sentences, i) for i in passages))


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


def split(segments: Transcript) -> Sentences:
    """The sentences of consecutive segments; a sentence may run over several cues, and starts in
    the segment where its first word is. A new speaker or paragraph starts a new sentence."""
    sentences = Sentences()
    run: list[Segment | Cue] = []
    for segment in segments:
        if run and (segment.start is None or segment.speaker != run[-1].speaker):
            _split_run(run, sentences)
            run = []
        run.append(segment)
    if run:
        _split_run(run, sentences)
    return sentences


def _split_run(run: list[Segment | Cue], sentences: Sentences) -> None:
    """The sentences of segments one speaker said in a row, read as one text, single-spaced (cues and
    paragraphs are, and a segment that is not is made so). Every sentence's figures are made by a
    comprehension of a few calls in C: the text is lower-cased and its letters kept (_content_words)
    once, and each sentence's words cut from its span of that; a sentence starts and ends at a space,
    which no word holds and past which no letter's lower case looks (Greek's final sigma looks at the
    letters beside it). Its words are counted by its spaces: it ends with one, but for the last."""
    texts = [segment.text for segment in run]
    text = " ".join(texts)
    if "  " in text or text[:1] == " " or text[-1:] == " " or not text.isprintable():  # may not be single-spaced
        spaced = [(segment, " ".join(segment.text.split())) for segment in run]
        run = [segment for segment, single in spaced if single]
        texts = [single for _, single in spaced if single]
        text = " ".join(texts)
        if not text:
            return
    ends = [m.end() for m in _END.finditer(text)]
    begins, stops = [0, *ends], [*ends, len(text)]
    spans = list(zip(begins, stops, strict=True))
    folded = text.lower().replace("’", "'")
    if len(folded) == len(text):
        letters, read = folded.translate(_LETTERS), _READ.__getitem__
        words = [dict.fromkeys(chain.from_iterable(map(read, letters[b:e].split()))) for b, e in spans]
    else:  # a letter's lower case is two ("İ"): each sentence is read alone
        words = [dict.fromkeys(_content_words(text[b:e])) for b, e in spans]
    lengths = [text.count(" ", b, e) for b, e in spans]
    lengths[-1] += 1
    asked = set(m.end() for m in _ASKED.finditer(text))
    sentences.run.extend([len(sentences.runs)] * len(spans))
    sentences.runs.append(_Run(run, text, [at + n for n, at in enumerate(accumulate(map(len, texts[:-1]), initial=0))]))
    sentences.begins.extend(begins)
    sentences.ends.extend(stops)
    sentences.words.extend(words)
    sentences.lengths.extend(lengths)
    sentences.asked.extend([end in asked for end in ends])
    sentences.asked.append(text.rstrip(_CLOSERS).endswith("?"))


def _centrality(words: list[dict[str, None]]) -> tuple[list[float], Callable[[int], dict[str, float]]]:
    """Each sentence's score (the module's docstring), and a function giving a sentence's unit vector.

    A word's weight in a sentence is its IDF, log(1 + sentences / sentences using it): each word
    counts once in a sentence (said twice in one, it says no more of the session). The centroid's
    share of a word is then its weight times the sentences using it; a sentence's squared norm and
    its dot product with the centroid are sums over its words, made as running totals over every
    word of the transcript, in C, and read at each sentence's bounds."""
    flat = list(chain.from_iterable(words))
    used = Counter(flat)  # in how many sentences each word is: each sentence holds a word once
    total = len(words)
    weight: dict[str, float] = {}
    square: dict[str, float] = {}
    centroid: dict[str, float] = {}  # the word's weight times its share of the centroid
    for word, count in used.items():
        weight[word] = idf = math.log(1 + total / count)
        square[word] = idf * idf
        centroid[word] = idf * idf * count
    bounds = list(accumulate(map(len, words), initial=0))
    norms = list(map(math.sqrt, _sums(map(square.__getitem__, flat), bounds)))
    dots = _sums(map(centroid.__getitem__, flat), bounds)
    scores = [dot / norm - norm if norm else 0.0 for dot, norm in zip(dots, norms, strict=True)]

    def unit(index: int) -> dict[str, float]:
        return {word: weight[word] / norms[index] for word in words[index]}

    return scores, unit


def _sums(values: Iterable[float], bounds: list[int]) -> list[float]:
    """The sum of values[bounds[i]:bounds[i + 1]] for each i, from one running total."""
    running = list(accumulate(values, initial=0.0))
    at = list(map(running.__getitem__, bounds))
    return list(map(sub, at[1:], at[:-1]))


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def _moment(sentences: Sentences, index: int, shown: int | None = None) -> Moment:
    """Sentence `index` as a Moment, cut at a word after `shown` characters if that is given."""
    text = sentences.text(index)
    if shown is not None and len(text) > shown:
        text = text[:shown].rsplit(" ", 1)[0] + " …"
    segment = sentences.segment(index)
    return Moment(text, segment.anchor, segment.start, segment.speaker)


def _content_words(text: str) -> list[str]:
    """The words of `text` that _WORD finds, lower-cased, less the stop words: the content words of
    each of its tokens of letters and apostrophes (_read), which str.translate and str.split find in
    C, where the regular expression would try a match at every character."""
    return list(chain.from_iterable(map(_READ.__getitem__, text.lower().replace("’", "'").translate(_LETTERS).split())))


def _letter(code: int) -> int:
    r"""As a str.translate table (_LETTERS) maps it: what _WORD reads as a letter ([^\W\d_]: alphanumeric
    but not a decimal digit) and the apostrophe are kept, every other character becomes a space. The
    table is filled in as characters are met: one of every character would be large, and a text uses
    few; it has no bound but the characters there are."""
    character = chr(code)
    return code if character == "'" or (character.isalnum() and not character.isdecimal()) else ord(" ")


_LETTERS: Answers[int, int] = Answers(_letter, most=None)


def _read(token: str) -> tuple[str, ...]:
    """The content words of a token of letters and apostrophes: those _WORD finds, less the stop words
    (a match of _WORD never spans anything else, so reading a text's tokens one by one finds the same
    words as reading it whole; without an apostrophe, a token is a word if it has three letters).
    Asked through _READ: map() asks the dict, in C, for each of a sentence's tokens, and Python runs
    only for a token the build has not met before."""
    if "'" not in token:
        return (token,) if len(token) > 2 and token not in STOPWORDS else ()
    return tuple(word for word in _WORD.findall(token) if word not in STOPWORDS)


_READ: Answers[str, tuple[str, ...]] = Answers(_read)
