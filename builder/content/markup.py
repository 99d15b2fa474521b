"""Markdown from partners, turned into HTML that cannot run script or call other sites.

Partners write GitHub Flavored Markdown, and the site renders it with GitHub's own engine
(cmark-gfm, through cmarkgfm): tables, strikethrough, autolinks and footnotes, exactly as the
pull request preview showed them. It is C, much faster than markdown-it-py was here.
Partner Markdown may hold raw HTML, scripts, `javascript:` links and event handlers, so the HTML
goes through nh3 (the Rust ammonia sanitizer) with an allow-list; that is safer than any
hand-written filter, and it runs last, so nothing below can undo it. Before it, images from other
hosts become links, so no page makes a third-party request; headings start under the page's own
heading and get ids. cmark gives no syntax tree to Python, so these rules read its HTML, whose
shape it fixes: a Markdown heading is one line `<hN>...</hN>`, an image `<img src="" alt="" />`.
"""

from __future__ import annotations

import ctypes
import functools
import html
import re
from collections.abc import Callable

import nh3
from cmarkgfm import _cmark, cmark
from cmarkgfm.cmark import Options

from builder.content import htmlshape

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}
ATTRIBUTES = {
    "a": {"href", "title", "aria-label"},  # cmark names footnote back-links "Back to reference 1"
    "abbr": {"title"},
    "img": {"alt", "title", "width", "height"},  # never `src`: no request leaves the reader's browser
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"id", "lang", "dir"},
}
LINK_REL = "nofollow ugc noopener"
ID_PREFIX = "c-"
OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES  # raw HTML is kept for nh3 to judge
EXTENSIONS = ["table", "strikethrough", "autolink"]

# From a line's start (the newline is a literal the engine finds fast, where `^` would be tried at
# every character) and bounded by its end, so each line is tried once: linear on any input.
_HEADING = re.compile(r"\n<h([1-6])>([^\n]*)</h\1>(?=\n)")
_IMAGE = re.compile(r'<img src="([^"]*)" alt="([^"]*)"(?: title="[^"]*")? />')
_TAG = re.compile(r"<[^<>]*>")  # not `[^>]*`: a heading of a long run of `<` would take quadratic time
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")
_ROOT_LINK = re.compile(r' href="/(?!/)')


def _cmark_html(text: str) -> str:
    """cmarkgfm's `markdown_to_html_with_extensions`, but freeing what it leaves behind: it never frees
    the syntax tree nor the HTML buffer, memory that adds up with every text of a build and without
    end in `serve`. The two C functions that free them are in the same library."""
    parser = cmark.parser_new(OPTIONS)
    try:
        for extension in _extensions():
            cmark.parser_attach_syntax_extension(parser, extension)
        cmark.parser_feed(parser, text)
        root = cmark.parser_finish(parser)
        try:
            raw = _cmark.lib.cmark_render_html(root, OPTIONS, cmark.parser_get_syntax_extensions(parser))
            try:
                return _cmark.ffi.string(raw).decode("utf-8")
            finally:
                _freeing().free(_address(raw))
        finally:
            _freeing().cmark_node_free(_address(root))
    finally:
        cmark.parser_free(parser)


@functools.cache
def _extensions() -> list[object]:
    cmark.core_extensions_ensure_registered()
    return [cmark.find_syntax_extension(name) for name in EXTENSIONS]


@functools.cache
def _freeing() -> ctypes.CDLL:
    library = ctypes.CDLL(_cmark.__file__)
    library.free.argtypes = library.cmark_node_free.argtypes = [ctypes.c_void_p]
    return library


def _address(pointer: object) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))


def _images_to_links(text: str) -> str:
    """An image on another host would be fetched by every reader's browser; link to it instead."""
    return _IMAGE.sub(lambda m: f'<a href="{m[1]}">Image: {m[2] or m[1]}</a>', text)


def _ordered_headings(text: str, top: int) -> str:
    """Partners write `#` or `##` for their first heading; either way it must sit right under the
    page's own heading, and no level may be skipped (screen-reader users navigate by them). Each
    heading gets an id from its words, as GitHub gives one, so a text can link to its own parts."""
    text = "\n" + text  # cmark ends every line, the last too, with a newline
    found = list(_HEADING.finditer(text))
    ranks = {level: rank for rank, level in enumerate(sorted({int(m[1]) for m in found}))}
    previous, parts, start = top - 1, [], 0
    used: set[str] = set()
    repeats: dict[str, int] = {}  # the next number to try per slug: many equal headings stay linear
    for match in found:
        previous = min(top + ranks[int(match[1])], previous + 1, 6)
        base = _NOT_IN_SLUG.sub("", html.unescape(_TAG.sub("", match[2])).strip().lower()).replace(" ", "-")
        count = repeats.get(base, 0)
        slug = f"{base}-{count}" if count else base
        while slug in used:
            count += 1
            slug = f"{base}-{count}"
        repeats[base] = count + 1
        used.add(slug)
        parts += [text[start:match.start()], f'\n<h{previous} id="{slug}">{match[2]}</h{previous}>']
        start = match.end()
    return "".join([*parts, text[start:]])[1:]  # without the newline put in front


Request = tuple[str, str, int]  # (text, site_root, top): the arguments of render_markdown
Markdown = Callable[[str, str, int], str]  # render_markdown, or what a build's engine makes of it


def render_markdown(text: str, site_root: str = "/", top: int = 2) -> str:
    """Sanitized HTML for a Markdown text, its first heading level `top`; same text, same HTML."""
    if not text.strip():
        return ""
    clean, problem = _sanitized(text, top)
    if problem is not None:
        return REFUSED  # validation refuses the text (markdown_problem), so the build stops anyway
    # Every id got the prefix (so no partner id clashes with the page's own); links within the text
    # (footnotes, `[see](#section)`) must follow it. Links written from the site root (`/forums/x/`)
    # follow the site when it lives below a path. nh3 wrote every attribute as ` href="`.
    clean = clean.replace(' href="#', f' href="#{ID_PREFIX}')
    return _ROOT_LINK.sub(f' href="{site_root}', clean).strip()


# What a text over a limit renders to, without nh3 ever parsing it: a build shows the errors instead.
REFUSED = "<p>(This text is over the site's limits; run <code>python -m builder check</code>.)</p>"


def markdown_problem(text: str, printed: bool = False) -> str | None:
    """Why this Markdown cannot be rendered, as the end of a message with the fix ("nests quotes...
    more than 30 levels deep; flatten it"); None when it can. Exactly what render_markdown refuses,
    and with `printed` (a text the proceedings PDF prints) what is too much to print in time too."""
    if not text.strip() or not printed and htmlshape.surely_within(text):
        return None
    return _sanitized(text, 2, html_wanted=False, printed=printed)[1]


def _sanitized(text: str, top: int, html_wanted: bool = True, printed: bool = False) -> tuple[str, str | None]:
    """nh3's HTML for a Markdown text, or the problem that keeps it from being made. The shape is
    measured before nh3 runs (its time grows with the square of the nesting), and again on what it
    made when raw HTML could make the first measure inexact (builder/content/htmlshape.py); `printed`
    measures what the PDF would lay out, on cmark's HTML or, with raw HTML, on nh3's."""
    raw = _images_to_links(_cmark_html(text))
    raw_html = htmlshape.may_hold_html(text)
    problem = None if not raw_html and htmlshape.surely_within(text) else htmlshape.problem(raw, raw_html)
    if problem is None and printed and not raw_html:
        problem = htmlshape.printed_problem(raw)
    if problem is not None or not raw_html and not html_wanted:
        return "", problem
    clean = _clean(_ordered_headings(raw, top))
    if not raw_html:
        return clean, None
    return clean, htmlshape.sanitized_problem(clean) or (htmlshape.printed_problem(clean) if printed else None)


# nh3's time grows with the square of the number of characters it writes as an entity in one text
# ("&" as &amp;, a no-break space as &nbsp;): a paragraph of a megabyte of either took 6 to 9 s. Set
# aside as noncharacters, which sources.UNCARRIED takes out of every text read (so none was there
# before), they cost it nothing, and each goes back to the entity nh3 would have written.
_SET_ASIDE = (("&amp;", "\ufdd0", "&amp;"), ("&nbsp;", "\ufdd1", "&nbsp;"), ("\xa0", "\ufdd1", "&nbsp;"))


def _clean(html_text: str) -> str:
    """nh3's sanitized HTML, with ampersands and no-break spaces set aside while it works."""
    for written, placeholder, _ in _SET_ASIDE:
        html_text = html_text.replace(written, placeholder)
    clean = _cleaner().clean(html_text)
    for _, placeholder, entity in _SET_ASIDE:
        clean = clean.replace(placeholder, entity)
    return clean


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """The sanitizer, built once per process: building one for each text took a large share of the
    time spent sanitizing it."""
    return nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, link_rel=LINK_REL, url_schemes={"http", "https", "mailto"},
                       strip_comments=True, id_prefix=ID_PREFIX)
