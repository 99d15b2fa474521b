"""Words: the one place where text becomes words and phrases for the proceedings' synthesis.

Themes (themes.py) and related sessions (related.py) both read text through these functions,
so "the same phrase" means the same thing everywhere, and a later synthesis (key moments) can
share them. Kept small on purpose: lower-case, split at anything that is not a letter or a
digit (an apostrophe or hyphen inside a word keeps it whole), drop common English words. No
stemming, no language model: the result must be the same on every machine, without a download.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# A phrase never spans these: the end of a sentence or clause, a bracket, a quotation mark, a dash.
BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”‘…—–/|]+|\s[-']\s|'\s|\s'")
TAG = re.compile(r"<[^<>]*>")
PARAGRAPH = re.compile(r"</(?:p|li|h\d|blockquote|td|th|dd|dt)>|<br\s*/?>", re.IGNORECASE)
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
""".split())


def plain(html_text: str) -> str:
    """The text of an HTML fragment: tags dropped (a block's end keeps its sentence apart), entities read."""
    return html.unescape(TAG.sub(" ", PARAGRAPH.sub(" . ", html_text)))


def paragraphs(html_text: str) -> list[str]:
    """The text of each block (paragraph, list item, heading...) of an HTML fragment, in order."""
    return [text for text in (html.unescape(TAG.sub(" ", part)).strip() for part in PARAGRAPH.split(html_text)) if text]


def words(text: str) -> list[str]:
    """Every word of `text`, lower-cased, in order (stop words included)."""
    return WORD.findall(text.casefold().replace("’", "'"))


def terms(text: str) -> list[str]:
    """The words of `text` that carry meaning: no stop word, no number, no single letter."""
    return [w for w in words(text) if w not in STOP and len(w) > 1 and not w.isdigit()]


def phrases(text: str) -> Iterator[str]:
    """Every phrase of one to LONGEST_PHRASE words within a clause of `text` that neither starts nor
    ends with a stop word or a number (so "the network of people" gives "network of people" and
    "network", never "of people"). A phrase is its words joined by single spaces."""
    for clause in BREAK.split(text.casefold().replace("’", "'")):
        found = WORD.findall(clause)
        for start, first in enumerate(found):
            if not _edge(first):
                continue
            for length in range(1, min(LONGEST_PHRASE, len(found) - start) + 1):
                last = found[start + length - 1]
                if _edge(last):
                    yield " ".join(found[start:start + length])


def mentions(text: str, phrase: str) -> bool:
    """Whether `phrase` (as phrases() writes it) is one of the phrases of `text`: the test every
    count of the proceedings' themes uses."""
    if phrase.split(" ", 1)[0] not in text.casefold().replace("’", "'"):
        return False  # the cheap test first: most text of a site does not hold a given phrase
    return phrase in set(phrases(text))


def _edge(word: str) -> bool:
    """A word a phrase may start or end with."""
    return word not in STOP and len(word) > 1 and not word.isdigit()
