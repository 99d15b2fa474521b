"""The proceedings' EPUB: checked by EPUBCheck (Debian's `epubcheck`, the W3C's conformance
checker) and read back here as a zip of XML documents, against the content files."""

from __future__ import annotations

import re
import subprocess
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_CONTENT, run_cli
from tests.reading import front_matter
from tests.test_proceedings import events, held, web_moments, web_theme_places

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's package; /usr/bin/epubcheck needs binfmt_misc for a jar
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
BASE = "https://connectededucators.example.org/"


def epubcheck(path: Path) -> None:
    """EPUBCheck's verdict on a book: fails on any fatal error, error or warning."""
    # The JVM's quick compiler only: EPUBCheck runs for a second or two, never long enough to gain from the slow one.
    result = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(EPUBCHECK), str(path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "No errors or warnings detected." in result.stdout, result.stdout + result.stderr
    assert "Validating using EPUB version 3" in result.stdout


@pytest.mark.long
def test_epubcheck_finds_no_error_or_warning(sample_output: Path) -> None:
    epubcheck(sample_output / "proceedings" / "proceedings.epub")


def documents(path: Path) -> dict[str, ET.Element]:
    """Every XML file of the book, parsed (a file that is not well-formed fails here)."""
    with zipfile.ZipFile(path) as book:
        return {name: ET.fromstring(book.read(name)) for name in book.namelist() if name.endswith((".xhtml", ".opf", ".xml"))}


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_book_holds_the_proceedings_in_their_order(sample_output: Path) -> None:
    path = sample_output / "proceedings" / "proceedings.epub"
    with zipfile.ZipFile(path) as book:
        first = book.infolist()[0]
        assert (first.filename, first.compress_type, first.extra) == ("mimetype", zipfile.ZIP_STORED, b"")
        assert book.read("mimetype") == b"application/epub+zip"
        assert len({entry.date_time for entry in book.infolist()}) == 1  # the site's date, not the time of writing
    parsed = documents(path)
    package = parsed["EPUB/package.opf"]
    identifier = package.find(f"{OPF}metadata/{{http://purl.org/dc/elements/1.1/}}identifier")
    assert identifier.text == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, BASE + 'proceedings/proceedings.epub')}"
    spine = [item.get("idref") for item in package.iter(f"{OPF}itemref")]
    files = {item.get("id"): item.get("href") for item in package.iter(f"{OPF}item")}
    order = [files[idref] for idref in spine]
    assert order[:2] == ["cover.xhtml", "nav.xhtml"] and order[-1] == "links.xhtml"
    book_text = " ".join(text(parsed[f"EPUB/{name}"]) for name in order)
    forums = [front_matter(p)["title"] for p in sorted((SAMPLE_CONTENT / "forums").glob("*.md"))]
    nav = text(parsed["EPUB/nav.xhtml"])
    assert all(title in nav for title in forums)
    archived = {slug: fm for slug, fm in events().items() if "archive" in fm and held(fm)}
    assert len(archived) >= 5
    for fm in archived.values():
        assert fm["title"] in book_text
        assert all(takeaway in book_text for takeaway in fm["archive"].get("takeaways", []))
    ids = [e.get("id") for name in order for e in parsed[f"EPUB/{name}"].iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_the_book_holds_every_key_moment_the_pdf_counts(sample_output: Path) -> None:
    """The PDF says how many key moments there are (tests/test_proceedings.py); the book lists each
    session's, as its page shows them, under the session's title."""
    chapter = documents(sample_output / "proceedings" / "proceedings.epub")["EPUB/moments.xhtml"]
    listed = {text(h2): [text(li) for li in ol.iter(f"{XHTML}li")]
              for h2, ol in zip(chapter.iter(f"{XHTML}h2"), chapter.iter(f"{XHTML}ol"), strict=True)}
    moments = web_moments(sample_output)
    assert len(moments) >= 3 and listed == moments
    assert any(re.match(r"\d+:\d\d ", moment) for found in moments.values() for moment in found)  # a time, as text


def test_the_book_quotes_the_places_of_each_theme_the_pdf_lists(sample_output: Path) -> None:
    """The PDF lists a theme's sessions with their places, without what was said there
    (tests/test_proceedings.py); the book quotes each place the month's page quotes."""
    chapter = text(documents(sample_output / "proceedings" / "proceedings.epub")["EPUB/themes.xhtml"])
    themes = web_theme_places(sample_output, "proceedings")
    assert themes
    for phrase, _, excerpts in themes:
        assert excerpts and all(f"“{excerpt}”" in chapter for excerpt in excerpts), phrase
    assert "What was said there" not in chapter


def test_each_takeaway_is_printed_once_and_a_forum_s_session_points_to_it(sample_output: Path) -> None:
    """The book is the print HTML (the PDF's): each takeaway is one item of "Key takeaways", under its
    session; the forum chapter's sessions point there and to their key moments, by links that hold."""
    parsed = documents(sample_output / "proceedings" / "proceedings.epub")
    items = {name: [text(li) for li in tree.iter(f"{XHTML}li")] for name, tree in parsed.items() if name.endswith(".xhtml")}
    ids = {name.removeprefix("EPUB/"): {e.get("id") for e in tree.iter() if e.get("id")} for name, tree in parsed.items()}
    archived = {slug: fm for slug, fm in events().items() if "archive" in fm and held(fm)}
    for fm in archived.values():
        for takeaway in fm["archive"].get("takeaways", []):
            listed = {name: found.count(" ".join(takeaway.split())) for name, found in items.items()}
            assert {name: n for name, n in listed.items() if n} == {"EPUB/takeaways.xhtml": 1}, takeaway
    pointers = [a.get("href") for a in parsed["EPUB/forums.xhtml"].iter(f"{XHTML}a") if a.get("class") == "see"]
    in_forums = [slug for slug, fm in archived.items() if fm.get("forum") and fm["archive"].get("takeaways")]
    assert in_forums and {f"takeaways.xhtml#takeaways-{slug}" for slug in in_forums} <= set(pointers)
    assert any(href.startswith("moments.xhtml#") for href in pointers)
    for href in pointers:
        name, anchor = href.split("#")
        assert anchor in ids[name], href


@pytest.mark.long
def test_partners_markdown_makes_a_book_whose_every_link_holds(make_site, tmp_path: Path) -> None:
    """Two summaries with the same footnote ids, a link to an id nowhere, a link relative to the site,
    one whose javascript: address the sanitizer took, and an image: ids stay unique, each footnote
    leads to its own summary's note, no link points inside the book at something missing, and
    EPUBCheck finds nothing to say."""
    def event(slug: str, summary: str) -> str:
        return (f'---\ntitle: "Session {slug}"\nstart: 2025-10-14T15:00\nend: 2025-10-14T16:00\ntype: webinar\n'
                f'topics: [Literacy]\npartner: "Partner {slug}"\nforum: reading\narchive:\n  summary: {summary}\n---\nBody\n')
    forum = ('---\ntitle: "Reading"\nstart: 2025-10-01\nend: 2025-10-31\ntopics: [Literacy]\nhost: Host\n'
             'synthesis: "See [the notes](#nowhere), [the about page](/about/) and [this](javascript:alert(1))."\n'
             '---\nA forum.\n')
    content = make_site({
        "forums/reading.md": forum,
        "events/one.md": event("one", '"First[^1] and <img alt=\\"a chart\\"> ![plot](media/plot.png)\\n\\n[^1]: Note one."'),
        "events/two.md": event("two", '"Second[^1].\\n\\n[^1]: Note two.\\n\\n[a file](media/handout.pdf)"'),
    })
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "out" / "proceedings" / "proceedings.epub"
    parsed = documents(path)
    targets = {f"{name.removeprefix('EPUB/')}#{e.get('id')}": e for name, root in parsed.items() for e in root.iter()
               if e.get("id")}
    assert len(targets) == len({t.rsplit("#", 1)[1] for t in targets})  # unique across the book
    for anchor in (a for root in parsed.values() for a in root.iter(f"{XHTML}a") if a.get("href")):
        href = anchor.get("href")
        assert href.startswith("https://") or href in targets, href
    forums = parsed["EPUB/forums.xhtml"]
    references = [a for a in forums.iter(f"{XHTML}a") if text(a) == "1"]
    assert [text(targets[a.get("href")]) for a in references] == ["Note one. ↩", "Note two. ↩"]
    back = [a for a in forums.iter(f"{XHTML}a") if text(a) == "↩"]
    assert [targets[a.get("href")] for a in back] == references  # each note leads back to its own reference
    links = {text(a): a.get("href") for a in forums.iter(f"{XHTML}a")}
    assert links["the about page"] == "https://cem.example.org/about/"  # on the site, not in the book
    assert "the notes" not in links and "the notes" in text(forums)  # #nowhere is nowhere in the book either
    assert "a chart" in text(forums)  # an image's alt text
    epubcheck(path)


def test_a_theme_without_contents_still_makes_a_navigable_book(tmp_path: Path) -> None:
    """A theme's own print HTML may have no `<nav class="toc">`: the book then lists its parts."""
    from builder.outputs.epub import proceedings_epub

    print_html = ('<!doctype html><html lang="fr"><head><title>Actes</title><meta name="dcterms.modified" '
                  'content="2025-09-01T00:00:00+00:00"></head><body><p>Intro</p><h1 class="chapter" id="a">A</h1>'
                  '<h1 class="chapter">B</h1><p><a href="#a">to A</a> <a href="rel/x">rel</a></p></body></html>')
    book = tmp_path / "b.epub"
    book.write_bytes(proceedings_epub(print_html, "https://x.example/b.epub", "https://x.example/p/", "body {}"))
    parsed = documents(book)
    assert [(a.get("href"), text(a)) for a in parsed["EPUB/nav.xhtml"].iter(f"{XHTML}a")] == [
        ("cover.xhtml", "Cover"), ("a.xhtml", "A"), ("chapter-2.xhtml", "B")]
    assert [a.get("href") for a in parsed["EPUB/chapter-2.xhtml"].iter(f"{XHTML}a")] == ["a.xhtml#a", "https://x.example/p/rel/x"]
    assert parsed["EPUB/package.opf"].get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
