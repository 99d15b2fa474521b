"""Markdown from partners, turned into HTML that cannot run script or call other sites.

Partner Markdown may hold raw HTML, scripts, `javascript:` links and event handlers.
Markdown's output goes through nh3 (the Rust ammonia sanitizer) with an allow-list;
that is safer than any hand-written filter. Images from other hosts become links, so
no page makes a third-party request; headings start at h2 under the page's own h1.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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


class _ForeignImagesToLinks(Treeprocessor):
    """An image on another host would be fetched by every reader's browser; link to it instead.
    Links written from the site root (`/forums/x/`) follow the site when it lives below a path."""

    def __init__(self, md: markdown.Markdown, site_root: str) -> None:
        super().__init__(md)
        self.site_root = site_root

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith("/") and not href.startswith("//"):
                link.set("href", self.site_root + href[1:])
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "img":
                    continue
                link = etree.Element("a", {"href": child.get("src", "")})
                link.text = "Image: " + (child.get("alt") or child.get("src", ""))
                link.tail = child.tail
                parent.remove(child)
                parent.insert(index, link)


class _OrderedHeadings(Treeprocessor):
    """Partners write `#` or `##` for their first heading; either way it must sit right under the
    page's own heading, and no level may be skipped (screen-reader users navigate by them)."""

    def __init__(self, md: markdown.Markdown, top: int) -> None:
        super().__init__(md)
        self.top = top

    def run(self, root: etree.Element) -> None:
        headings = [e for e in root.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        ranks = {level: rank for rank, level in enumerate(sorted({int(h.tag[1]) for h in headings}))}
        previous = self.top - 1
        for heading in headings:
            level = min(self.top + ranks[int(heading.tag[1])], previous + 1, 6)
            heading.tag = f"h{level}"
            previous = level


class _SafeStructure(Extension):
    def __init__(self, top: int, site_root: str) -> None:
        super().__init__()
        self.top = top
        self.site_root = site_root

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_ForeignImagesToLinks(md, self.site_root), "foreign_images", 1)
        md.treeprocessors.register(_OrderedHeadings(md, self.top), "ordered_headings", 2)


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
    html = _converter(top, site_root).reset().convert(text)
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_drop_image_sources, link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"}, strip_comments=True, id_prefix="c-",
    ).strip()


@functools.cache
def _converter(top: int, site_root: str) -> markdown.Markdown:
    """One converter per setting, reset between texts: setting one up costs a quarter of a conversion."""
    return markdown.Markdown(
        extensions=["tables", "fenced_code", "def_list", "footnotes", "sane_lists", "toc", _SafeStructure(top, site_root)],
    )
