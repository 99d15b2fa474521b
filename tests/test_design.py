"""The designed look: site.yml's logo, favicon and colours (validated, and nothing but hex reaching
CSS), the favicon and preview picture on every page, and each event type's label in words and a
colour that reads in both schemes. In-process builds of tiny sites: a few seconds in all."""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import pytest

from builder import pipeline
from builder.content import colors
from builder.content.schema import EVENT_TYPES
from builder.problems import ContentError
from tests.conftest import PROJECT, SITE_YML, environment, write_site

BASE = "https://connectededucators.example.org/"
STYLE = (PROJECT / "themes" / "default" / "static" / "style.css").read_text(encoding="utf-8")
EVENT = """\
---
title: "Designing Inquiry Units"
start: 2025-10-14T15:00
end: 2025-10-14T16:00
type: book-club
topics: [Literacy]
partner: STEM Teachers Network
---
Bring a unit.
"""
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'


HOSTILE_SVGS = {
    "media/script.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "media/onload.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "media/external.svg": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
                          b'<use x:href="https://evil.example/a.svg#x"/></svg>',
    "media/entity.svg": b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    "media/utf16.svg": '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'.encode("utf-16"),
}


def build(tmp_path: Path, site_extra: str, files: dict[str, str | bytes] | None = None) -> Path:
    content = write_site(tmp_path, {"events/unit.md": EVENT, "media/logo.svg": SVG, **HOSTILE_SVGS, **(files or {})},
                         SITE_YML + site_extra)
    with environment({"SOURCE_DATE_EPOCH": "1756684800"}):
        pipeline.build(content, tmp_path / "out")
    return tmp_path / "out"


def problems(tmp_path: Path, site_extra: str) -> list[str]:
    with pytest.raises(ContentError) as failure:
        build(tmp_path, site_extra)
    return [str(problem) for problem in failure.value.problems]


@pytest.mark.parametrize(("extra", "expected"), [
    ('colors:\n  accent: "#fc0"\n', r'site.yml:8: error: colors.accent "#fc0" has a contrast of 1\.\d\d:1 .*darker'),
    ('colors:\n  accent: "red"\n', r'site.yml:8: error: colors.accent "red" is not a CSS hex colour'),
    ('colors:\n  accent: "#000;}body{display:none"\n', r"site.yml:8: error: colors.accent .* is not a CSS hex colour"),
    ('colors:\n  accent_dark: "#0b5cad"\n', r"site.yml:8: error: colors.accent_dark .* lighter"),
    ('colors:\n  accent: "#0b5cad"\n  accent_text: "#3070c0"\n', r"site.yml:8: error: colors.accent_text .*#ffffff"),
    ('colors:\n  tint: "#ffffff"\n', r"site.yml:8: error: .*colors.tint"),
    ("logo: ../outside.svg\n", r"site.yml:7: error: logo .* inside the content folder"),
    ("logo: https://example.org/logo.svg\n", r"site.yml:7: error: logo .* is a link"),
    ("logo: media/logo.gif\n", r"site.yml:7: error: logo .* \.svg or \.png"),
    ("favicon: media/missing.svg\n", r"site.yml:7: error: favicon .* does not exist"),
    ("logo: media/script.svg\n", r"site.yml:7: error: logo .* has a <script> element"),
    ("favicon: media/onload.svg\n", r"site.yml:7: error: favicon .* has the attribute onload="),
    ("logo: media/external.svg\n", r"site.yml:7: error: logo .* only links to its own parts"),
    ("logo: media/entity.svg\n", r"site.yml:7: error: logo .* DOCTYPE or ENTITY"),
    ("logo: media/utf16.svg\n", r"site.yml:7: error: logo .* is not UTF-8 text"),
])
def test_bad_looks_are_refused_on_their_line(tmp_path: Path, extra: str, expected: str) -> None:
    found = problems(tmp_path, extra)
    assert any(re.search(expected, line) for line in found), found


def test_site_colours_logo_and_favicon_reach_every_page(tmp_path: Path) -> None:
    out = build(tmp_path, 'logo: media/logo.svg\nfavicon: media/logo.svg\ncolors:\n  accent: "#7A2E8F"\n'
                          '  accent_dark: "#E0B0FF"\n')
    assert (out / "media" / "logo.svg").read_bytes() == SVG
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        style = re.findall(r"<style>(.*?)</style>", html)
        assert style == ["@media not screen and (prefers-color-scheme:dark){:root{--accent:#7a2e8f;--accent-hover:"
                         "#7a2e8f;--accent-ink:#ffffff}}@media screen and (prefers-color-scheme:dark){:root{"
                         "--accent:#e0b0ff;--accent-hover:#e0b0ff;--accent-ink:#000000}}"], page
        assert '<link rel="icon" href="/media/logo.svg" type="image/svg+xml">' in html, page
        embedded = page.parent.name == "embed"  # a partner's list, for an iframe on their site: no site header
        assert embedded or '<img class="site-logo" src="/media/logo.svg" alt=""' in html, page


@pytest.mark.xdist_group("sample-trees")  # one worker parses every page (sample_trees)
def test_every_page_has_the_favicon_and_a_preview_picture(sample_output: Path, sample_trees: dict) -> None:
    assert len(sample_trees) > 100
    for page, tree in sample_trees.items():
        icons = [link.get("href") for link in tree.iter("link") if link.get("rel") == "icon"]
        assert icons == ["/assets/favicon.svg", "/assets/favicon-32.png"], page
        images = [meta.get("content") for meta in tree.iter("meta") if meta.get("property") == "og:image"]
        # The sample's event with an image, and its badge with a PNG (an SVG is no preview picture)
        own = {"lateral-reading-middle-school": "media/lateral-reading-tabs.png",
               "future-of-teaching-participant": "media/future-of-teaching-participant.png"}.get(page.parent.name)
        embedded = page.parent.name == "embed"  # a partner's list, for an iframe on their site: not for sharing
        assert images == ([] if embedded else [BASE + (own or "assets/og-image.png")]), page
    for name in ("favicon.svg", "favicon-32.png", "apple-touch-icon.png", "og-image.png"):
        assert (sample_output / "assets" / name).stat().st_size > 100


def test_list_items_and_event_pages_name_the_type_in_words(sample_output: Path) -> None:
    day = (sample_output / "days" / "2025-10-15" / "index.html").read_text(encoding="utf-8")
    labels = re.findall(r'<span class="type-label t-([a-z-]+)">([^<]+)</span>', day)
    assert labels and all(EVENT_TYPES[slug].name == name for slug, name in labels)
    assert day.count('class="event-item') == len(labels)
    event = (sample_output / "events" / "podcasting-with-students" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="type-label t-[a-z-]+" href="/types/[a-z-]+/">\w', event)


def _hsl(hue: float, saturation: float, lightness: float) -> str:
    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))


def test_each_type_has_a_hue_whose_labels_read_in_both_schemes() -> None:
    hues = dict(re.findall(r"\.t-([a-z-]+) \{ --h: (\d+); \}", STYLE))
    assert set(hues) == set(EVENT_TYPES)
    assert len(set(hues.values())) == len(hues)  # told apart by colour too, though never by colour alone
    label = re.search(r"\.type-label \{[^}]*--s: (\d+)%[^}]*color: hsl\(var\(--h\) var\(--s\) (\d+)%\);\s*"
                      r"background: hsl\(var\(--h\) var\(--s\) (\d+)%\)", STYLE)
    dark = re.search(r"\.type-label \{ color: hsl\(var\(--h\) var\(--s\) (\d+)%\); background: hsl\(var\(--h\) "
                     r"var\(--s\) (\d+)%\)", STYLE)
    hover = [int(n) for n in re.findall(r"a\.type-label:hover \{[^}]*hsl\(var\(--h\) var\(--s\) (\d+)%\)", STYLE)]
    assert label and dark and len(hover) == 2
    saturation, ink, paper = (int(n) for n in label.groups())
    dark_ink, dark_paper = (int(n) for n in dark.groups())
    for hue in [int(h) for h in hues.values()]:
        for s in (saturation, 0):
            for text, background in ((ink, paper), (hover[0], paper), (dark_ink, dark_paper), (hover[1], dark_paper)):
                ratio = colors.contrast(_hsl(hue, s, text), _hsl(hue, s, background))
                assert ratio >= colors.AA, (hue, s, text, background, ratio)


def test_text_on_any_accent_reaches_aa() -> None:
    for value in range(0, 0x1000000, 0x010305):
        accent = f"#{value:06x}"
        assert colors.contrast(colors.text_on(accent), accent) >= colors.AA


def test_only_hex_colours_reach_the_style(tmp_path: Path) -> None:
    """Even a value that got past validation (a cached model, a custom build) writes no CSS unless hex."""
    from dataclasses import replace

    from builder.content import model, sources, validation
    from builder.outputs.theme import color_style

    content = write_site(tmp_path, {"events/unit.md": EVENT}, SITE_YML)
    loaded, found = sources.load(content, shown_root=pipeline.shown(content))
    info = model.build_site(validation.validate(loaded, found), 1756684800).info
    assert color_style(info) == ""
    hostile = replace(info, colors=(("accent", "red}body{display:none"), ("accent_dark", "#fff</style>")))
    assert color_style(hostile) == ""
    assert color_style(replace(info, colors=(("accent_text", "#ffffff"),))) == (
        "<style>@media not screen and (prefers-color-scheme:dark){:root{--accent:#0b5cad;--accent-hover:#0b5cad;"
        "--accent-ink:#ffffff}}</style>")
