"""Words: the one place where text becomes words and phrases for the proceedings' synthesis.

Themes (themes.py) and related sessions (related.py) both read text through these functions,
so "the same phrase" means the same thing everywhere, and a later synthesis (key moments) can
share them. Kept small and fast on purpose: text is lower-cased, punctuation that ends a clause
or a sentence becomes a break, and the words are what is left between spaces ("don't" and
"kick-off" stay whole). No stemming, no language model: the same words on every machine, without
a download. A large site reads millions of words, so the work is done by one regular
expression, str.split and sets of zipped words, all in C, and Python looks only at distinct words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from itertools import compress

from builder.content.answers import Answers

# A phrase never spans these: the end of a sentence or clause, a bracket, a quotation mark, a dash,
# Markdown's marks. Each becomes BREAK, a word of its own that no phrase holds.
BREAKS = ".,;:!?()[]{}\"“”‘«»…—–/\\|<>*_#=+~^`@&%$"
BREAK = "\x00"
_BREAKING = re.compile("[" + re.escape(BREAKS) + "]+")
# With markup, tags and entities break too: a run of breaking characters, tags and entities is one
# break. Each starts with a breaking character ("<" and "&" are), and is written so: a pattern that
# starts with a set of characters is searched for by that set in C, where the alternatives
# (tag, entity, character) were tried at every character. The rest of a tag or an entity is taken
# when the character just read was "<" or "&", as the alternatives did, tried in the same order.
_AFTER = r"(?:(?<=<)[^<>]*>|(?<=&)#?\w+;)?"
_BREAKING_MARKUP = re.compile(f"[{re.escape(BREAKS)}]{_AFTER}(?:[{re.escape(BREAKS)}]{_AFTER})*")
TAG = re.compile(r"<[^<>]*>")
BLOCK_END = re.compile(r"</(?:p|li|h\d|blockquote|td|th|dd|dt)>|<br\s*/?>", re.IGNORECASE)
LONGEST_PHRASE = 3  # words

STOP = frozenset("""
a about above after again against all almost also although always am among an and another any anyone
anything are around as at back be became because become been before being below between both but by
can could did do does doing done don't down during each either else enough even ever every few first
for from further get gets getting give go going gone got had has have having he her here hers herself
him himself his how however i i'm if in into is isn't it it's its itself just know last least less let
let's like made make makes many may me might more most much must my myself need never new next no nor
not now of off often on once one only or other others our ours ourselves out over own per perhaps put
quite rather really right said same say says see seem she should since so some something still such
take than that that's the their theirs them themselves then there there's these they they're thing
things think this those though through thus to together too toward two under until up upon us use
used very via want was wasn't way we we're well went were what what's when where whether which while
who whom whose why will with within without won't would yes yet you you're your yours yourself
yourselves able across already ask asked being came come comes let's lot lots mean means okay ok
sure thank thanks today tell told try trying year years day days time times week weeks month months
start started starting help helped look looked keep kept show showed bring feel felt talk talked work
worked works everyone someone part parts kind kinds bit big good great little lot different important
instead join joining joined three four five six seven eight nine ten hundred everything nothing
event events page pages link links linked slides recording recordings chat session sessions webinar
- ' --
""".split())  # the line before the last: a session's housekeeping ("linked on the event page"), said in many

Phrase = str | tuple[str, ...]  # one word, or two or three in order (as sets of zipped words hold them)


def paragraphs(html_text: str) -> list[str]:
    """The text of each block (paragraph, list item, heading...) of an HTML fragment, in order."""
    return [text for text in (html.unescape(TAG.sub(" ", part)).strip() for part in BLOCK_END.split(html_text)) if text]


def words(text: str, markup: bool = False) -> list[str]:
    """Every word of `text`, lower-cased, in order, with BREAK where a clause ends. With `markup`,
    `text` is HTML, read roughly in one pass: a tag or an entity is a break, not text (for
    likeness, where "don&#39;t" read as "don" costs nothing)."""
    if markup:
        return _BREAKING_MARKUP.sub(f" {BREAK} ", text.casefold()).split()
    return searchable(text).split()


def meaningful(word: str) -> bool:
    """A word that can start or end a phrase, or be a term: no stop word, number, single letter or break."""
    return len(word) > 1 and word not in STOP and not word.isdigit() and word != BREAK


def is_phrase(gram: Phrase) -> bool:
    """A phrase stays within a clause and neither starts nor ends with a stop word or a number
    ("the network of people" holds "network of people", "network" and "people", never "of people")."""
    if isinstance(gram, str):
        return meaningful(gram)
    return meaningful(gram[0]) and meaningful(gram[-1]) and BREAK not in gram


def phrases(texts: Iterable[str]) -> set[Phrase]:
    """Every phrase of the texts (each text a clause of its own): the runs of one to LONGEST_PHRASE
    words that is_phrase accepts. Made in C, so a caller can count the phrases of many long texts:
    Python looks only at each word not met before, whether it is meaningful, and the runs are zipped and
    kept or dropped by that (a pair of two meaningful words, three words whose first and last are
    meaningful with no break between), never made into a set to be filtered afterwards."""
    found = _phrase_words(f" {BREAK} ".join(texts))
    # Each word as a byte: 1 if it can start or end a phrase, 2 if it is a break, else 0. The runs'
    # conditions are then byte strings ANDed as integers, a word per byte, and the runs zipped.
    codes = bytes(map(_CODES.__getitem__, found))
    kept, inner = codes.translate(_KEPT), codes.translate(_NOT_BREAK)
    made: set[Phrase] = set(compress(found, kept))
    made.update(compress(zip(found, found[1:], strict=False), _both(kept[:-1], kept[1:])))
    ends = _both(kept[:-2], kept[2:])
    made.update(compress(zip(found, found[1:], found[2:], strict=False), _both(ends, inner[1:-1])))
    return made


def _code(word: str) -> int:
    """A word's code for phrases(): 1 if it can start or end a phrase, 2 if it is a break, else 0.
    Asked through _CODES, so the codes of a text are one map() in C, where Python steps once per word
    the build has not met before."""
    return 2 if word == BREAK else int(meaningful(word))


_CODES: Answers[str, int] = Answers(_code)
_KEPT = bytes([0, 1, 0]).ljust(256, b"\0")  # the codes above, read as "can start or end a phrase"
_NOT_BREAK = bytes([1, 1, 0]).ljust(256, b"\1")


def _both(a: bytes, b: bytes) -> bytes:
    """Byte by byte, a AND b (each byte 0 or 1; equal lengths)."""
    return (int.from_bytes(a, "big") & int.from_bytes(b, "big")).to_bytes(len(a), "big")


def _phrase_words(text: str) -> list[str]:
    """words(text) as phrases() reads them, made faster: each breaking character becomes a break of
    its own, by str.translate (a run of them gives a run of breaks, where words() gives one: no
    phrase holds a break, so the phrases are the same), instead of a regular expression."""
    if _MARK in text:  # the one character the translation must find only where it put it
        return words(text)
    return text.casefold().replace("’", "'").translate(_MARKING).replace(_MARK, f" {BREAK} ").split()


_MARK = "\x01"
_MARKING = {ord(character): _MARK for character in BREAKS}


def text_of(phrase: Phrase) -> str:
    return phrase if isinstance(phrase, str) else " ".join(phrase)


def finder(phrase: Phrase) -> re.Pattern[str]:
    """A pattern that finds `phrase` in searchable() text, as phrases() would."""
    parts = [re.escape(part) for part in ([phrase] if isinstance(phrase, str) else phrase)]
    # Not preceded by anything but a space, said after the first word ("(?<!\S)word" would hide the word
    # from the search, which then tries every position instead of looking for the word alone).
    return re.compile(parts[0] + rf"(?<!\S{parts[0]})" + "".join(r"\s+" + part for part in parts[1:]) + r"(?!\S)")


def searchable(text: str) -> str:
    """`text` as finder() patterns read it: lower-cased, with every break a word of its own."""
    return _BREAKING.sub(f" {BREAK} ", text.casefold().replace("’", "'"))


def mentions(text: str, phrase: Phrase) -> bool:
    """Whether `text` uses `phrase` as phrases() reads it."""
    return finder(phrase).search(searchable(text)) is not None
