"""The proceedings as an EPUB 3 book for e-readers, made from the HTML the PDF is laid out from
(the theme's proceedings-print.html), so the two always say the same.

The print HTML is cut into the book's parts: what comes before the first chapter (the cover),
the table of contents (`<nav class="toc">`, which becomes the book's navigation document) and a
document per chapter (each `<h1 class="chapter">`). lxml reads it as HTML and each part is written
as XHTML, which e-readers parse as XML: well-formed whatever the partners' Markdown held.

An e-reader's book is a closed folder, so what worked on the web page is made to work there:
- ids are made XML names, and unique: two sessions' summaries may both have a footnote `c-fn-1`;
  a link to an id that occurs more than once goes to the occurrence in the same block (the
  summary's own), else the nearest;
- a link within the document names the part its target went to; a link to an id that exists
  nowhere becomes its text (an e-reader could not follow it either); any other relative link is
  made absolute against the site, where it leads;
- images (the proceedings print none: partners' images are links) become their alt text.

Written with zipfile rather than a library such as ebooklib, which dates its package with the
clock and its zip entries with the time of writing: here `mimetype` comes first and stored, as
EPUB requires, and every entry carries the print HTML's own `dcterms.modified` date, so the same
HTML always gives the same bytes. The stylesheet is the theme's proceedings-epub.css.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

from lxml import etree, html

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAMESPACES = {None: XHTML, "epub": OPS}
STYLESHEET = "style.css"
DROPPED = {"script", "style", "link", "meta", "video", "audio", "source", "track", "button", "iframe", "object", "embed",
           "template", "noscript", "form", "input", "select", "textarea"}  # nothing to read on an e-reader
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_IN_NAME = re.compile(r"[^\w.-]")


@dataclass
class Part:
    """One XHTML document of the book: its file name, title, and body (XHTML elements)."""

    name: str
    title: str
    body: list[etree._Element] = field(default_factory=list)


def proceedings_epub(print_html: str, identifier_url: str, site_url: str, stylesheet: str) -> bytes:
    """The EPUB of the proceedings from their print HTML. `identifier_url` (the book's address) makes
    its stable identifier; `site_url` is what relative links are resolved against."""
    document = html.document_fromstring(print_html, parser=html.HTMLParser(remove_comments=True, remove_pis=True,
                                                                           huge_tree=True))
    title = _text(document.findtext(".//title") or "Proceedings").strip()
    language = document.get("lang") or "en"
    modified = _modified(document)
    cover, toc, chapters = _split(document.find("body"), site_url)
    parts = [cover, *chapters]
    _link_within(parts, toc)
    files = {
        "META-INF/container.xml": _container(),
        "EPUB/package.opf": _package(parts, title, language, modified, identifier_url),
        "EPUB/nav.xhtml": _xhtml(Part("nav.xhtml", "Contents", [toc]), language),
        f"EPUB/{STYLESHEET}": stylesheet.encode("utf-8"),
        **{f"EPUB/{part.name}": _xhtml(part, language) for part in parts},
    }
    return _zip(files, modified)


def _split(body: etree._Element, site_url: str) -> tuple[Part, etree._Element, list[Part]]:
    """The cover (what precedes the first chapter), the table of contents and the chapters."""
    cover = Part("cover.xhtml", "Cover")
    toc = etree.Element(f"{{{XHTML}}}nav", {f"{{{OPS}}}type": "toc", "id": "toc"}, nsmap=NAMESPACES)
    chapters: list[Part] = []
    for element in body:
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").split()
        if element.tag == "nav" and "toc" in classes:
            for child in element:
                _copy(child, toc, site_url)
            continue
        if element.tag == "h1" and "chapter" in classes:
            name = _xml_name(element.get("id") or "") or f"chapter-{len(chapters) + 1}"
            if name in ("cover", "nav") or any(c.name == f"{name}.xhtml" for c in chapters):
                name = f"chapter-{len(chapters) + 1}"
            chapters.append(Part(f"{name}.xhtml", _text(element.text_content()).strip() or name))
        holder = etree.Element(f"{{{XHTML}}}div", nsmap=NAMESPACES)
        _copy(element, holder, site_url)
        (chapters[-1] if chapters else cover).body.extend(holder)
    for empty in [ol for ol in toc.iter(f"{{{XHTML}}}ol") if len(ol) == 0]:
        empty.getparent().remove(empty)  # a navigation list must have items: a site with no forums
    if toc.find(f"{{{XHTML}}}ol") is None:  # a theme's print HTML without contents: list the parts
        listed = etree.SubElement(toc, f"{{{XHTML}}}ol")
        for part in [cover, *chapters]:
            etree.SubElement(etree.SubElement(listed, f"{{{XHTML}}}li"), f"{{{XHTML}}}a", href=part.name).text = part.title
    return cover, toc, chapters


def _copy(source: etree._Element, parent: etree._Element, site_url: str) -> None:
    """`source` and what it holds as XHTML under `parent`, less what an e-reader cannot use."""
    if not isinstance(source.tag, str) or source.tag in DROPPED:
        _append_text(parent, source.tail)
        return
    if source.tag == "img":
        alt = etree.SubElement(parent, f"{{{XHTML}}}span")
        alt.text, alt.tail = _text(source.get("alt") or ""), _text(source.tail or "")
        return
    attributes = {name: _text(value) for name, value in source.attrib.items() if _xml_name(name) == name}
    if "href" in attributes and not attributes["href"].startswith("#"):
        attributes["href"] = urljoin(site_url, attributes["href"])  # on the site, where it leads
    elif source.tag == "a" and "href" not in attributes:  # the sanitizer took a javascript: href
        attributes.pop("rel", None)  # only a link may have one
    element = etree.SubElement(parent, f"{{{XHTML}}}{source.tag}", attributes)
    element.text = _text(source.text or "") or None
    for child in source:
        _copy(child, element, site_url)
    element.tail = _text(source.tail or "") or None


def _append_text(parent: etree._Element, text: str | None) -> None:
    """Text left after a dropped element: after the last child kept, else in the parent."""
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + _text(text)
    else:
        parent.text = (parent.text or "") + _text(text)


def _link_within(parts: list[Part], toc: etree._Element) -> None:
    """Make ids unique XML names and point each `#id` link at the part that holds its target."""
    order: list[tuple[Part, etree._Element]] = [(part, e) for part in parts for root in part.body for e in root.iter()]
    order += [(Part("nav.xhtml", ""), e) for e in toc.iter()]
    places: dict[str, list[tuple[int, etree._Element, str]]] = {}  # an id as written -> each (position, element, link)
    taken: set[str] = set()
    for position, (part, element) in enumerate(order):
        written = element.get("id")
        if written is None:
            continue
        given = base = _xml_name(written) or "id"
        number = 1
        while given in taken:
            number += 1
            given = f"{base}-{number}"
        taken.add(given)
        element.set("id", given)
        places.setdefault(written, []).append((position, element, f"{part.name}#{given}"))
    for position, (_, element) in enumerate(order):
        href = element.get("href")
        if href is None or not href.startswith("#"):
            continue
        found = places.get(href[1:])
        if not found:  # a link that leads nowhere is its text (an <a> with rel needs an href)
            element.tag = f"{{{XHTML}}}span"
            for name in ("href", "rel"):
                element.attrib.pop(name, None)
            continue
        # Of an id written twice (two summaries' footnotes), the one in the same block as the link
        # (the deepest common ancestor), then the nearest.
        lineage = [*reversed(list(element.iterancestors())), element] if len(found) > 1 else []
        element.set("href", min(found, key=lambda place: (-_shared(lineage, place[1]), abs(place[0] - position)))[2])


def _shared(lineage: list[etree._Element], other: etree._Element) -> int:
    """How many ancestors, from the root down, `other` shares with the element whose lineage this is."""
    count = 0
    for mine, theirs in zip(lineage, [*reversed(list(other.iterancestors())), other], strict=False):
        if mine is not theirs:
            break
        count += 1
    return count


def _xhtml(part: Part, language: str) -> bytes:
    root = etree.Element(f"{{{XHTML}}}html", {"lang": language, XML_LANG: language}, nsmap=NAMESPACES)
    head = etree.SubElement(root, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML}}}title").text = part.title
    etree.SubElement(head, f"{{{XHTML}}}link", rel="stylesheet", type="text/css", href=STYLESHEET)
    body = etree.SubElement(root, f"{{{XHTML}}}body")
    body.extend(part.body)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>")


def _package(parts: list[Part], title: str, language: str, modified: datetime, identifier_url: str) -> bytes:
    """The package document: what the book is (title, language, a stable identifier from its
    address, the date of its text) and its files in reading order: cover, contents, chapters."""
    root = etree.Element(f"{{{OPF}}}package", {"version": "3.0", "unique-identifier": "id", XML_LANG: language},
                         nsmap={None: OPF})
    metadata = etree.SubElement(root, f"{{{OPF}}}metadata", nsmap={"dc": DC})
    etree.SubElement(metadata, f"{{{DC}}}identifier", id="id").text = \
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, identifier_url)}"
    etree.SubElement(metadata, f"{{{DC}}}title").text = title
    etree.SubElement(metadata, f"{{{DC}}}language").text = language
    etree.SubElement(metadata, f"{{{OPF}}}meta", property="dcterms:modified").text = f"{modified:%Y-%m-%dT%H:%M:%SZ}"
    manifest = etree.SubElement(root, f"{{{OPF}}}manifest")
    etree.SubElement(manifest, f"{{{OPF}}}item", {"id": "nav", "href": "nav.xhtml", "media-type": "application/xhtml+xml",
                                                  "properties": "nav"})
    etree.SubElement(manifest, f"{{{OPF}}}item", {"id": "css", "href": STYLESHEET, "media-type": "text/css"})
    for number, part in enumerate(parts):
        etree.SubElement(manifest, f"{{{OPF}}}item", {"id": f"part-{number}", "href": part.name,
                                                      "media-type": "application/xhtml+xml"})
    spine = etree.SubElement(root, f"{{{OPF}}}spine")
    etree.SubElement(spine, f"{{{OPF}}}itemref", idref="part-0")
    etree.SubElement(spine, f"{{{OPF}}}itemref", idref="nav")
    for number in range(1, len(parts)):
        etree.SubElement(spine, f"{{{OPF}}}itemref", idref=f"part-{number}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _container() -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
            b'  <rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>\n'
            b'</container>\n')


def _zip(files: dict[str, bytes], modified: datetime) -> bytes:
    """The container: `mimetype` first and stored (readers identify the file by its first bytes),
    then the rest compressed, every entry dated `modified` and marked as made on Unix."""
    stamp = max(modified, datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]  # the zip format starts in 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [("mimetype", b"application/epub+zip"), *files.items()]:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(entry, data, compresslevel=9)
    return buffer.getvalue()


def _modified(document: etree._Element) -> datetime:
    """The print HTML's `dcterms.modified` (the site's date, never the clock), in UTC."""
    for meta in document.iter("meta"):
        if meta.get("name") == "dcterms.modified":
            moment = datetime.fromisoformat(meta.get("content", ""))
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    raise ValueError("the proceedings' print HTML has no <meta name=\"dcterms.modified\">, which dates the EPUB")


def _xml_name(value: str) -> str:
    """`value` made an XML name without colons (an id or attribute name): other characters become "-"."""
    name = _NOT_IN_NAME.sub("-", value)
    return name if not name or name[0].isalpha() or name[0] == "_" else f"x{name}"


def _text(value: str) -> str:
    """Text without the characters XML cannot carry (partners' text has none; a theme's might)."""
    return _NOT_XML.sub("", value)
