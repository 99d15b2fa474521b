"""The partner's corner: what a partner puts on their own site. A "Proud partner" badge (an SVG
drawing per partner, with the partner's name in it), the HTML that shows it, and the HTML of an
iframe of their embeddable list of events (partner-embed.html), which the partner page gives to copy.

The name is untrusted text of any length, so it is escaped for XML and fitted without measuring
fonts (which would differ between machines): it is wrapped on words into at most MAX_LINES lines,
at the largest font size whose estimated line width fits, down to SMALLEST; a name that does not
fit even then is cut with an ellipsis (the image's title and alt text keep it whole). A line whose
estimate is still too wide (wide characters) also gets `textLength`, so a renderer squeezes it into
the badge whatever font it picks. Same name, same bytes.
"""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from builder import routes
from builder.content.model import Event, Occurrence, Partner, Site
from builder.outputs.timetext import span_text

WIDTH, HEIGHT = 300, 150
MARGIN = 16  # on each side of the name
LARGEST, SMALLEST = 22, 12  # font sizes tried for the name, in px
MAX_LINES = 3
CHAR_WIDTH = 0.6  # an average glyph's width in em, a little wide for sans-serif: estimates err toward fitting
NAME_TOP, NAME_BOTTOM = 62, 128  # the band the name's lines are centred in
# Characters XML 1.0 does not allow, even escaped: validation keeps control characters out of
# names, and this keeps them out of the file whatever reaches it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Fitted:
    """The name's lines and the font size they are drawn at."""

    lines: tuple[str, ...]
    size: int


def alt_text(site_title: str, name: str) -> str:
    """What the badge says, as a sentence: its SVG title and the alt text of the snippet's <img>."""
    return f"Proud partner of {site_title}: {name}"


def fit(name: str) -> Fitted:
    """The name wrapped and sized to fit the badge's band (see the module's docstring)."""
    room = WIDTH - 2 * MARGIN
    for size in range(LARGEST, SMALLEST - 1, -1):
        per_line = int(room / (CHAR_WIDTH * size))
        lines = textwrap.wrap(name, per_line, break_long_words=True, break_on_hyphens=True)
        if len(lines) <= MAX_LINES and size * 1.2 * len(lines) <= NAME_BOTTOM - NAME_TOP:
            return Fitted(tuple(lines) or ("",), size)
    per_line = int(room / (CHAR_WIDTH * SMALLEST))
    lines = textwrap.wrap(name, per_line, break_long_words=True)[:MAX_LINES]
    last = lines[-1][:per_line - 1].rstrip() + "…"
    return Fitted((*lines[:-1], last), SMALLEST)


def _width(text: str, size: int) -> float:
    """A line's estimated width in px: wide (East Asian) characters count a full em."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else CHAR_WIDTH for c in text) * size


def _line(text: str, y: float, size: int, attributes: str = "") -> str:
    """One centred line of text, told to fit the badge (`textLength`) if its estimate does not."""
    room = WIDTH - 2 * MARGIN
    squeeze = f' textLength="{room}" lengthAdjust="spacingAndGlyphs"' if _width(text, size) > room else ""
    return f'<text x="{WIDTH // 2}" y="{y:g}" font-size="{size}"{attributes}{squeeze}>{escape(text)}</text>'


def heading_size_of(site_title: str) -> int:
    """The site's title on one line: 15 px, or smaller for a long title (and squeezed below 9 px)."""
    return max(SMALLEST - 3, min(15, int((WIDTH - 2 * MARGIN) / (CHAR_WIDTH * max(len(site_title), 1)))))


def partner_badge(site_title: str, name: str) -> bytes:
    """The SVG file of `name`'s badge: an image with a title (role="img", aria-labelledby)."""
    name, site_title = _NOT_XML.sub("", name), _NOT_XML.sub("", site_title)
    fitted = fit(name)
    line_height = round(fitted.size * 1.2)
    first = (NAME_TOP + NAME_BOTTOM - line_height * len(fitted.lines)) / 2 + fitted.size
    lines = "\n".join(_line(line, first + index * line_height, fitted.size, ' font-weight="700"')
                       for index, line in enumerate(fitted.lines))
    heading = _line(site_title, 42, heading_size_of(site_title), ' font-weight="700" fill="#ffffff"')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"'
        ' role="img" aria-labelledby="badge-title">\n'
        f'<title id="badge-title">{escape(alt_text(site_title, name))}</title>\n'
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="{HEIGHT - 2}" rx="14" fill="#ffffff" stroke="#0b5cad"'
        ' stroke-width="2"/>\n'
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="52" rx="14" fill="#0b5cad"/>\n'
        f'<rect x="1" y="40" width="{WIDTH - 2}" height="13" fill="#0b5cad"/>\n'
        '<g font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, Arial, sans-serif" text-anchor="middle">\n'
        f'<text x="{WIDTH // 2}" y="22" font-size="12" fill="#ffffff" letter-spacing="1">PROUD PARTNER OF</text>\n'
        f'{heading}\n'
        f'<g fill="#1a1a1a">\n{lines}\n</g>\n'
        '</g>\n</svg>\n'
    ).encode()


@dataclass(frozen=True)
class EmbedEntry:
    """One occurrence on a partner's embeddable list, with its time in the site's zone (a date for
    an all-day event: its own days)."""

    event: Event
    occurrence: Occurrence
    when: str


def embed_entries(site: Site, partner: Partner) -> tuple[EmbedEntry, ...]:
    """Every occurrence of the partner's events, in time order: past ones too, since which are past
    is the reader's clock's to say (embed.js), never the build's."""
    zone = ZoneInfo(site.info.timezone)
    entries = []
    for event in site.by_partner.get(partner.slug, ()):
        for o in event.occurrences:
            when = (span_text(o.start, o.end, event.timezone, True) if event.all_day else
                    span_text(o.start.astimezone(zone), o.end.astimezone(zone), site.info.timezone, False))
            entries.append(EmbedEntry(event, o, when))
    entries.sort(key=lambda e: (e.occurrence.start.timestamp(), e.event.title.casefold(), e.event.slug))
    return tuple(entries)


def badge_snippet(site: Site, partner: Partner) -> str:
    """The HTML a partner copies to show their badge, linked to their page here: absolute addresses,
    the name escaped for the attribute it is in (the partner page escapes the whole once more)."""
    base = site.info.base_url
    page = html.escape(base + routes.PARTNER.format(slug=partner.slug))
    image = html.escape(base + routes.PARTNER_BADGE.format(slug=partner.slug))
    alt = html.escape(alt_text(site.info.title, partner.name))
    return f'<a href="{page}"><img src="{image}" alt="{alt}" width="{WIDTH}" height="{HEIGHT}"></a>'


def embed_snippet(site: Site, partner: Partner) -> str:
    """The HTML of an iframe of the partner's embeddable list, to copy."""
    src = html.escape(site.info.base_url + routes.PARTNER_EMBED.format(slug=partner.slug))
    title = html.escape(f"{partner.name}: upcoming events at {site.info.title}")
    return (f'<iframe src="{src}" title="{title}" width="100%" height="420" loading="lazy" '
            'style="border:1px solid #c9d0da;border-radius:8px"></iframe>')
