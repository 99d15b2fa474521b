"""Is an SVG file safe to publish on the site's own origin? Opened by itself (a reader following its
address), an SVG is a document that can run script and load other sites, so site.yml's logo and
favicon are accepted only as plain drawings: shapes, paths, text, gradients, nothing else.

The check reads the file with the standard library's XML parser after refusing any DOCTYPE (so no
entity can expand or reach outside), then allows only the elements and attributes of a drawing.
Written out here rather than taken from a sanitizing library: the allowed set is small and fixed,
refusing is enough (nothing is rewritten), and no library the project has does it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

MAX_SVG = 200_000  # bytes: a logo or an icon
SVG_NS = "{http://www.w3.org/2000/svg}"
ELEMENTS = frozenset({
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title",
    "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "symbol", "use", "metadata",
})
LOCAL_URL = re.compile(r"url\(\s*['\"]?#[\w.:-]+['\"]?\s*\)")


def svg_problem(data: bytes) -> str | None:
    """Why the file cannot be published as it is, or None when it is a plain drawing."""
    if len(data) > MAX_SVG:
        return f"is {len(data):,} bytes; an SVG logo or icon may have at most {MAX_SVG:,}"
    # UTF-8 only: in UTF-16 (which the XML parser reads too) a DOCTYPE is not the bytes searched for.
    if b"\x00" in data or not _is_utf8(data):
        return "is not UTF-8 text; save it as an SVG in UTF-8"
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
        return "has a DOCTYPE or ENTITY declaration; save it as a plain SVG without one"
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DOCTYPE, so no entity: nothing left to expand
    except ET.ParseError as error:
        return f"is not well-formed SVG ({error})"
    if root.tag != SVG_NS + "svg":
        return 'is not an SVG image (its root element must be <svg xmlns="http://www.w3.org/2000/svg">)'
    for element in root.iter():
        name = element.tag.removeprefix(SVG_NS) if isinstance(element.tag, str) else ""
        if not element.tag.startswith(SVG_NS) or name not in ELEMENTS:
            return f"has a <{name or element.tag}> element; only plain drawings are published (no script, style, " \
                   "image, link or foreign content)"
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local == "style" and re.search(r"url|@|\\|expression", value, re.I):
                return f"has the attribute {local}=; save the drawing without scripts or styles that load files"
            if local == "href" and not re.fullmatch(r"#[\w.:-]+", value):
                return f'has a link ({local}="{value[:40]}"); only links to its own parts (#id) are allowed'
            if "url(" in value.lower() and not LOCAL_URL.fullmatch(value.strip()):
                return f"has {local}={value[:40]!r}, which loads a file; only url(#id) is allowed"
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
