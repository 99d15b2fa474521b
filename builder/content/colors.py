"""Colours site.yml may set (`colors:`): CSS hex colours only, and WCAG 2 contrast between them.

A colour reaches every page's CSS, so nothing but `#rgb` or `#rrggbb` is accepted, and the
model keeps it as lowercase `#rrggbb`: no other text can reach a stylesheet. Pages put links in
the accent on white and white or black text on accent buttons, so an accent that would make
either unreadable is refused (WCAG 2.2 AA asks 4.5:1 for text).
"""

from __future__ import annotations

import re

AA = 4.5  # WCAG 2.2 AA: normal text
HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
WHITE, BLACK = "#ffffff", "#000000"
# The default theme's page and panel backgrounds (--paper, --tint in style.css), light and dark:
# the accent is text on each of them.
LIGHT_BACKGROUNDS = ("#ffffff", "#f3f5f8")
DARK_BACKGROUNDS = ("#14171c", "#1f242c")
DEFAULT_ACCENT = "#0b5cad"  # the theme's own accents (style.css), for colours site.yml leaves out
DEFAULT_ACCENT_DARK = "#8cc0ff"


def parse_hex(value: str) -> str | None:
    """`#RGB` or `#RRGGBB` as lowercase `#rrggbb`; None for anything else (names, rgb(), url(), ...)."""
    if not HEX.fullmatch(value):
        return None
    digits = value[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of a `#rrggbb` colour."""
    def channel(part: str) -> float:
        c = int(part, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(color[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: str) -> str:
    """White or black, whichever reads better on `background` (one of them always reaches 4.5:1)."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK
