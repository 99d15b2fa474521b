"""Search: a word index of the rendered pages, written as small JSON files the browser fetches
as a reader types; no server.

The theme marks what is searchable: `<main data-search-body>` on event, forum, partner and
proceedings pages; `data-search-ignore` on parts that would only crowd results (calendar
buttons, a partner's list of events); `data-search-weight="0.5"` on text that is found better
on its own page; `data-search-meta="type:webinar"` for the filters, and `when:`, `zone:` and
`partner:` for an event's result and date queries. The index is built from
those pages as written, so a template override changes what is found the way it changes what
is shown.

Why not Pagefind, which this site used first: on a large site its indexing was a big share of a
cold build's CPU time, and it was slow to re-index even the shard of one edited page; this index
is read from the same pages far faster. Pages are split into shards by a hash of their path, so
an edit re-indexes one shard of about a thousand pages.

Files, under `search-index/` (a shard is that folder itself or its `shard-N/`):
- `search-index/index.json`: every shard's folder, page count and word files.
- `<shard>/w-<hex>.json`: `{"s": {stem: [page, weight, page, weight, ...]}, "w": {word: stem}}` for
  the stems and words whose first two characters are those whose UTF-8 is <hex>. Pages are found
  by stem (English Snowball), so "teaches" finds "teaching"; "w" lists each word of the pages whose
  stem differs from it (the stem's length when it starts the word), so the browser stems nothing:
  it looks the reader's word up in "w" (or "s") and, for a word no page holds, matches the
  vocabulary by its start, a common ending or edit distance. `page` is the page's number in its
  shard; `weight` counts the stem's occurrences in halves (text marked half weight counts 1),
  negative when a word of the stem is in the page's title.
- `<shard>/p-<n>.json`: pages 20·n to 20·n+19 of the shard: `[url, title, excerpt]`, and for an
  event `[..., start, zone, type, partner]` (`start`: UTC, `2025-10-14T19:00Z`, or a date for an
  all-day event), which a result shows in the reader's zone.
- `<shard>/filters.json`: `{"type": {slug: [page, ...]}, "topics": {slug: [page, ...]},
  "when": {page: "zone start start ..."}, "zones": [zone, ...]}`: each event's zone (its number in
  "zones") and starts (every session of a repeating event), by which the browser ranks events by
  date and keeps those of the days a query names ("oct 14", "today").
The browser (themes/default/static/search.js) folds and splits the query as `words` does here.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import html
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import snowballstemmer

from builder import routes

OUTPUT = routes.SEARCH_INDEX.rstrip("/")
MARKER = b"data-search-body"  # on the <main> of the pages the theme puts in the index
SHARD_PAGES = 1000  # pages per shard; an edit re-indexes only its shard
PAGES_PER_FILE = 20  # page records per p-N.json: 20 results need at most 20 small files
MANIFEST = f"{OUTPUT}/index.json"
TITLE_WEIGHT = 5  # a word of the page's title counts as often as this
LONGEST_WORD = 40  # longer "words" are links, hashes or noise, not what a reader types
EXCERPT = 240  # characters of the page's description shown under a result

_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
_TITLE = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_META = re.compile(r'data-search-meta="([a-z]+):([^"]*)"')
EVENT_META = ("when", "zone", "type", "partner")  # what an event's record carries, in this order
_REGION = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\bdata-search-(ignore|weight="0\.5")[^>]*>')
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+")
# In a lower-case ASCII text, what _WORD does not find becomes a space: splitting at spaces is faster.
_ASCII_SPACES = str.maketrans({chr(code): " " for code in range(128) if not chr(code).islower() and not chr(code).isdigit()})
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def words(text: str) -> list[str]:
    """The words of a text, as the index keeps them and the browser splits a query: lower case,
    accents removed (so "eleve" finds "élève"), split at anything not a letter or digit."""
    text = text.lower()
    if not text.isascii():
        try:  # the ASCII encoder finds the few non-ASCII runs of a page much faster than _NON_ASCII
            text = text.encode("ascii", _FOLDING).decode("ascii")
        except _NotAscii:  # letters that stay letters outside ASCII: another script, say
            text = _NON_ASCII.sub(lambda run: _folded(run.group()), text)
    found = text.translate(_ASCII_SPACES).split() if text.isascii() else _WORD.findall(text)
    if max(map(len, found), default=0) <= LONGEST_WORD:  # as it nearly always is: no loop in Python
        return found
    return [word for word in found if len(word) <= LONGEST_WORD]


@functools.lru_cache(maxsize=8192)
def _folded(run: str) -> str:
    """A run of non-ASCII characters decomposed (NFKD) without its marks: the same, character by
    character, as the whole text's, and much cheaper where most of the text is ASCII. What is no
    letter or digit (a dash, a curly quote) becomes a space, which splits words as it did: then most
    texts are ASCII, where finding words is much faster."""
    kept = "".join(c for c in unicodedata.normalize("NFKD", run) if not unicodedata.category(c).startswith("M"))
    return "".join(c if c.isalnum() else " " for c in kept.lower())  # decomposing can make capitals: "№" is "No"


class _NotAscii(Exception):
    """A run of text folds to characters outside ASCII."""


def _fold_to_ascii(error: UnicodeError) -> tuple[str, int]:
    """The ASCII encoder's error handler for `words`: a run of non-ASCII characters, folded."""
    assert isinstance(error, UnicodeEncodeError)
    folded = _folded(error.object[error.start:error.end])
    if not folded.isascii():
        raise _NotAscii
    return folded, error.end


_FOLDING = "cem-search-fold"
codecs.register_error(_FOLDING, _fold_to_ascii)


# Snowball's English stemmer (Porter 2): the reference stemmer of search engines (Lucene, Xapian,
# PostgreSQL), kept up by its authors, pure Python with no dependency, and deterministic.
_STEMMER = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The word's stem: what the index files its pages under. A stem keeps its word's first two
    characters (the word file holding both), or the word is its own stem."""
    found = _STEMMER.stemWord(word) if len(word) > 3 and word.isascii() and not word.isdigit() else word
    return found if found[:2] == word[:2] else word


def searchable(path: str, data: bytes) -> bool:
    """Whether an output file is a page the index covers: one the theme marked."""
    return path.endswith(".html") and MARKER in data


def chunk_of(word: str) -> str:
    """The name of the word file holding `word`: its first two characters, as UTF-8 in hex."""
    return word[:2].encode("utf-8").hex()


def shards(pages: list[str]) -> dict[str, list[str]]:
    """Pages grouped into shards: `search-index/` and, on large sites, `search-index/shard-N/`. Split by a
    hash of the page's path, a page stays in its shard from build to build."""
    size = int(os.environ.get("CEM_SEARCH_SHARD_PAGES", SHARD_PAGES))
    count = max(1, -(-len(pages) // size))
    grouped: dict[str, list[str]] = {}
    for page in pages:
        number = int(hashlib.blake2b(page.encode("utf-8"), digest_size=4).hexdigest(), 16) % count
        grouped.setdefault(OUTPUT if number == 0 else f"{OUTPUT}/shard-{number}", []).append(page)
    grouped.setdefault(OUTPUT, [])
    return {folder: sorted(members) for folder, members in sorted(grouped.items())}


def folder_of(path: str) -> str:
    """The shard folder an output path under search-index/ belongs to."""
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 and parts[1].startswith("shard-") else OUTPUT


def manifest(shard_files: dict[str, Iterable[str]], page_counts: dict[str, int]) -> bytes:
    """search-index/index.json, from each shard's file paths: what the browser may fetch."""
    listed = []
    for folder in sorted(shard_files):
        chunks = sorted(Path(path).stem[2:] for path in shard_files[folder] if Path(path).name.startswith("w-"))
        listed.append({"path": folder.removeprefix(OUTPUT).strip("/") + "/" if folder != OUTPUT else "",
                       "pages": page_counts[folder], "words": " ".join(chunks)})
    body = {"version": 1, "pages": sum(page_counts.values()), "per_file": PAGES_PER_FILE, "shards": listed}
    return (json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


Page = tuple[str, str, str, dict[str, str], dict[str, int]]  # what read_page keeps of a page


def shard_files(folder: str, pages: list[Page]) -> dict[str, bytes]:
    """One shard's files (output path -> bytes) from its pages as read_page keeps them, numbered
    in the order given."""
    postings: dict[str, list[int]] = {}
    stems: dict[str, str] = {}
    records: list[list[str]] = []
    filters: dict[str, dict[str, list[int]]] = {"type": {}, "topics": {}}
    when: dict[str, str] = {}
    zones: dict[str, int] = {}  # numbered as first met: a zone is written once per shard
    for number, (url, title, excerpt, meta, counts) in enumerate(pages):
        record = [url, title, excerpt]
        if "when" in meta:
            zone = zones.setdefault(meta.get("zone", "UTC"), len(zones))
            when[str(number)] = f"{zone} {meta['when']}"
            record += [meta.get(key, "").split(" ", 1)[0] if key == "when" else meta.get(key, "") for key in EVENT_META]
        records.append(record)
        for key, values in meta.items():
            if key in filters:
                for value in values.split():
                    filters[key].setdefault(value, []).append(number)
        by_stem: dict[str, int] = {}
        for word, count in counts.items():
            root = stems.get(word) or stems.setdefault(word, stem(word))
            if root in by_stem:  # a second word of the stem on this page; negative: in the title
                before = by_stem[root]
                count = -(abs(before) + abs(count)) if before < 0 or count < 0 else before + count
            by_stem[root] = count
        for root, count in by_stem.items():
            postings.setdefault(root, []).extend((number, count))
    chunks: dict[str, dict[str, dict]] = {}
    for root in sorted(postings):
        chunks.setdefault(chunk_of(root), {"s": {}, "w": {}})["s"][root] = postings[root]
    for word in sorted(stems):
        if (root := stems[word]) != word:  # the length of the stem when it starts the word: shorter
            chunks.setdefault(chunk_of(word), {"s": {}, "w": {}})["w"][word] = len(root) if word.startswith(root) else root
    files = {f"{folder}/w-{name}.json": _json(chunk) for name, chunk in chunks.items()}
    for start in range(0, len(records), PAGES_PER_FILE):
        files[f"{folder}/p-{start // PAGES_PER_FILE}.json"] = _json(records[start:start + PAGES_PER_FILE])
    found_filters: dict[str, dict] = {key: dict(sorted(found.items())) for key, found in filters.items()}
    found_filters["when"] = when
    found_filters["zones"] = list(zones)
    files[f"{folder}/filters.json"] = _json(found_filters)
    return dict(sorted(files.items()))


def index_files(pages: dict[str, bytes]) -> dict[str, bytes]:
    """Every file of the search index for these searchable pages (output path -> bytes): the
    whole index at once, as a build without a cache makes it."""
    read = {path: read_page(path, data) for path, data in pages.items()}
    grouped = shards(sorted(read))
    files: dict[str, bytes] = {}
    for folder, members in grouped.items():
        files |= shard_files(folder, [read[page] for page in members])
    shard_paths = {folder: [path for path in files if folder_of(path) == folder] for folder in grouped}
    files[MANIFEST] = manifest(shard_paths, {folder: len(members) for folder, members in grouped.items()})
    return files


def read_page(path: str, data: bytes) -> Page:
    """What the index keeps of one page: its address, title, excerpt, filters (an event's start,
    zone and partner among them) and word weights, a title's words negative.

    The pages are the theme's own output, with partner text sanitized, so regular expressions
    can find its marks: a partner's text cannot hold a raw `<main>` or `</main>`.
    """
    url = path.removesuffix("index.html")
    start = data.find(b"<main")
    opened = data.find(b">", start) + 1
    body = start >= 0 and MARKER in data[start:opened]
    text = data[opened:data.find(b"</main>", opened)].decode("utf-8") if body else ""
    head = data[:max(start, 0)].decode("utf-8", "replace")
    excerpt = html.unescape(described.group(1)) if (described := _DESCRIPTION.search(head)) else ""
    title_match = _TITLE.search(text)
    title = " ".join(_plain(title_match.group(1)).split()) if title_match else url
    meta = {key: html.unescape(value) for key, value in _META.findall(text)}
    halves: Counter[str] = Counter()  # weights in halves, so text at half weight still counts
    for part, full in _regions(text):
        found = words(_plain(part))
        halves.update(found)
        if full:
            halves.update(found)
    in_title = words(title)
    halves.update(in_title * (2 * TITLE_WEIGHT - 2))  # its occurrence in the text counted 2 already
    for word in set(in_title):
        halves[word] = -halves[word]
    short = excerpt if len(excerpt) <= EXCERPT else excerpt[:EXCERPT].rsplit(" ", 1)[0] + "…"
    return url, title, short, meta, dict(halves)


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment))


def _regions(text: str, full: bool = True) -> list[tuple[str, bool]]:
    """The text in pieces, each at full weight or not: parts marked `data-search-ignore` left out,
    parts marked `data-search-weight="0.5"` at half weight (to the end of the element carrying it)."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    while (opening := _next_region(text, position)) is not None:
        end = _closing(text, opening.group(1), opening.end())
        pieces.append((text[position:opening.start()], full))
        if opening.group(2) != "ignore":
            pieces.extend(_regions(text[opening.end():end], full=False))
        position = end
    pieces.append((text[position:], full))
    return pieces


def _next_region(text: str, position: int) -> re.Match[str] | None:
    """The next opening tag with a search mark from `position`. A tag that holds a mark starts after
    the last `>` before it, so the search starts there: a page is long, mostly tags without one."""
    mark = text.find("data-search-", position)
    return None if mark < 0 else _REGION.search(text, max(position, text.rfind(">", position, mark) + 1))


def _closing(text: str, tag: str, start: int) -> int:
    """Where the element opened just before `start` ends (after its closing tag)."""
    depth = 1
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", text[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return start + match.end()
    return len(text)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
