"""Names as readers see them: which characters a name may not hide, and which names look alike.

A partner is known by its name, so two names a reader cannot tell apart must be one name. Two
checks make that hold:

- `hidden(name)` finds a character a name must not contain: a control character, an invisible
  one (zero-width space and joiners, soft hyphen, word joiner, blank fillers) or one that changes
  the direction of the text around it (bidi overrides, embeddings, isolates and marks).
  Validation refuses such a name outright, with the fix.
- `skeletons(name)` are the forms two look-alike names share: NFKC (fullwidth and other
  compatibility forms), Unicode's confusables (UTS #39: Cyrillic "а" is Latin "a", "rn" is "m"),
  case folded, variation selectors dropped and white space folded. Two names with a skeleton in
  common look the same to a reader.

The confusables are Unicode's confusables.txt as the confusable_homoglyphs package ships it (in
the package, read offline). That package lists each character with those it can be confused
with; here every such group is mapped to one representative, which is what a UTS #39 skeleton
does with the table's prototypes.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import unicodedata
from pathlib import Path

# Characters that show nothing though they are not white space (Hangul fillers, the combining
# grapheme joiner, Khmer's inherent vowels, the Braille blank): Unicode's Default_Ignorable
# letters and marks, which their categories do not give away.
BLANKS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
# Characters that only choose how the one before them is drawn (emoji or text style, a glyph
# variant): allowed in a name, ignored when names are compared.
VARIATION_SELECTORS = frozenset([*map(chr, range(0xFE00, 0xFE10)), *map(chr, range(0xE0100, 0xE01F0)),
                                 "\u180b", "\u180c", "\u180d", "\u180f"])
_DIRECTION = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LEFT_TO_RIGHT_MARKS = str.maketrans("", "", "\u200e\u200f")  # around right-to-left glyphs in the data


def hidden(name: str) -> tuple[int, str] | None:
    """The position and kind of the first character `name` may not contain, if any. Tabs and new
    lines are white space, which names fold to one space."""
    for index, char in enumerate(name):
        if char in "\t\n\r":
            continue
        if char in _DIRECTION:
            return index, "a character that changes the direction of the text"
        category = unicodedata.category(char)
        if category in ("Cc", "Cs"):
            return index, "a control character"
        if category in ("Cf", "Zl", "Zp") or char in BLANKS:
            return index, "an invisible character"
    return None


def describe(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`: a character no one can see, named so they can find it."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


@functools.lru_cache(maxsize=1 << 16)  # events name few partners, many times
def skeletons(name: str) -> frozenset[str]:
    """The forms under which `name` is compared with other names: confusables are mapped both
    before case is folded (Cyrillic capital "Н" looks like "H", its small "н" not like "h") and
    after (small "m" looks like "rn", capital "M" like nothing), so two names that look alike in
    either case share one."""
    text = unicodedata.normalize("NFKC", name)
    return frozenset((_folded(_confusable(text)), _folded(_confusable(text.casefold()))))


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKC", _confusable(text.casefold()))
    return " ".join("".join(char for char in text if char not in VARIATION_SELECTORS).casefold().split())


def _confusable(text: str) -> str:
    representative = _representatives()
    return "".join(representative.get(char, char) for char in text)


@functools.cache
def _representatives() -> dict[str, str]:
    """Each confusable character -> the representative of its group. The data pairs each character
    of confusables.txt with its prototype, and each prototype with all its characters: a group is
    a prototype (the member with more than one partner; of a pair, the smaller) and its
    characters. A prototype that is a sequence ("rn") is written with its own characters'
    representatives."""
    neighbours = {key.translate(_LEFT_TO_RIGHT_MARKS): [entry["c"].translate(_LEFT_TO_RIGHT_MARKS) for entry in found]
                  for key, found in _confusables().items()}
    head: dict[str, str] = {}
    for char, others in neighbours.items():
        if len(char) != 1 or len(others) != 1:
            continue  # a sequence, or a prototype: it represents its group
        other = others[0]
        if len(neighbours.get(other, ())) > 1 or len(other) > 1 or other < char:
            head[char] = other
    return {char: "".join(head.get(part, part) for part in other) for char, other in head.items()}


def _confusables() -> dict[str, list[dict[str, str]]]:
    """confusable_homoglyphs' table, read from the package's own file: importing the package would
    also load what it uses to download a newer table (urllib, ssl), which names never need."""
    spec = importlib.util.find_spec("confusable_homoglyphs")
    assert spec is not None and spec.submodule_search_locations, "confusable_homoglyphs is not installed"
    folder = Path(next(iter(spec.submodule_search_locations)))
    return json.loads((folder / "confusables.json").read_text(encoding="utf-8"))


def plain(name: str) -> str:
    """A name reduced to what people mean by it: NFKC, case folded, letters and digits only, so that
    "Digital-Citizenship alliance" and "Digital Citizenship Alliance" are the same plain name."""
    return "".join(char for char in unicodedata.normalize("NFKC", name).casefold() if char.isalnum())


def edit_distance(first: str, second: str) -> int:
    """Levenshtein's distance: the fewest letters to insert, delete or replace to turn one into the other."""
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, 1):
        current = [row]
        for column, other in enumerate(second, 1):
            current.append(min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (char != other)))
        previous = current
    return previous[-1]


def closest(name: str, known: list[str]) -> str | None:
    """The known name a misspelt one most probably meant, compared as plain names (ignoring case and
    punctuation): the nearest by edit distance, when it is near enough to be a slip (a third of the
    name's letters, at least two), else None. Ties go to the one listed first in `known`."""
    target = plain(name)
    scored = [(edit_distance(target, plain(candidate)), index) for index, candidate in enumerate(known)]
    if not scored:
        return None
    distance, index = min(scored)
    return known[index] if distance <= max(2, len(target) // 3) else None
