"""The partner's corner and the starter kits, on the built sample site: each partner's badge (an SVG
image with its name and a title), the HTML to copy for it and for the embeddable list (absolute
addresses that lead to files of the site), the embeddable list itself (every event in time order,
kept out of the sitemap and the search index), the partner's feeds, and the starter kit's
downloads. How the list behaves in a reader's browser is tests/test_browser_partner_embed.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from builder.content.model import build_site
from builder.content.sources import load
from builder.content.validation import validate
from builder.outputs.corner import MAX_LINES, alt_text, fit, partner_badge
from builder.problems import ContentError
from tests.conftest import SAMPLE_CONTENT

BASE = "https://connectededucators.example.org/"
SVG = "{http://www.w3.org/2000/svg}"


def partner_folders(output: Path) -> list[Path]:
    folders = sorted(p.parent for p in (output / "partners").glob("*/index.html"))
    assert len(folders) > 10, folders
    return folders


def parsed(path: Path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def test_every_partner_has_a_badge_with_its_name_and_a_title(sample_output: Path) -> None:
    for folder in partner_folders(sample_output):
        page = parsed(folder / "index.html")
        name = "".join(page.find(".//h1").itertext())
        svg = ET.fromstring((folder / "badge.svg").read_bytes())  # well-formed XML, or this fails
        title = svg.find(f"{SVG}title")
        assert svg.get("role") == "img" and svg.get("aria-labelledby") == title.get("id"), folder.name
        assert title.text == alt_text("Connected Educator Month 2025", name), folder.name
        drawn = " ".join(t.text for t in svg.iter(f"{SVG}text"))
        assert name.split()[0] in drawn, (folder.name, drawn)


def test_the_snippets_to_copy_use_absolute_addresses_of_files_of_the_site(sample_output: Path) -> None:
    for folder in partner_folders(sample_output):
        snippets = [html5lib.parseFragment("".join(pre.itertext()), namespaceHTMLElements=False)
                    for pre in parsed(folder / "index.html").iter("pre") if pre.get("data-copy") is not None]
        assert len(snippets) == 2, folder.name
        badge, embed = snippets
        addresses = [badge.find("a").get("href"), badge.find(".//img").get("src"), embed.find("iframe").get("src")]
        assert badge.find(".//img").get("alt").startswith("Proud partner of Connected Educator Month 2025: ")
        assert embed.find("iframe").get("title"), folder.name
        for address in addresses:
            assert address.startswith(BASE), address
            relative = address.removeprefix(BASE)
            target = sample_output / (relative + "index.html" if relative.endswith("/") else relative)
            assert target.is_file(), address


def test_the_embeddable_list_holds_every_event_in_time_order_and_stays_out_of_indexes(sample_output: Path) -> None:
    sitemap = (sample_output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/embed/" not in sitemap and f"{BASE}partners/stem-teachers-network/</loc>" in sitemap
    for folder in partner_folders(sample_output):
        data = (folder / "embed" / "index.html").read_bytes()
        assert b"data-search-body" not in data and b'<meta name="robots" content="noindex">' in data
        page = html5lib.parse(data, namespaceHTMLElements=False)
        items = [li for li in page.iter("li") if li.get("data-start-utc")]
        starts = [li.get("data-start-utc") for li in items]
        assert starts == sorted(starts), folder.name
        assert not any(li.get("hidden") is not None for li in items)  # which are past is the reader's clock's to say
        listed = len(list((folder / "index.html").read_text(encoding="utf-8").split('class="event-item')[1:]))
        assert len(items) >= listed, folder.name
        for link in page.iter("a"):
            if link.get("href", "").startswith("/events/"):
                assert link.get("target") == "_blank" and link.get("rel") == "noopener"
        fetched = [e.get("src") or e.get("href") for e in page.iter() if e.tag in ("script", "link", "img", "iframe")]
        assert all(url.startswith("/assets/") for url in fetched), fetched
    stem = parsed(sample_output / "partners/stem-teachers-network/embed/index.html")
    assert [t.text for t in stem.iter("time")] == ["Tue 7 Oct 2025, 3:00–4:00 PM EDT, America/New_York",
                                                   "Thu 23 Oct 2025, 6:30–7:30 PM EDT, America/New_York"]


def test_each_partner_has_its_feeds_beside_its_calendar(sample_output: Path) -> None:
    folder = sample_output / "partners" / "stem-teachers-network"
    for name in ("feed.xml", "atom.xml", "calendar.ics"):
        assert (folder / name).is_file(), name
        assert f'href="/partners/stem-teachers-network/{name}"' in (folder / "index.html").read_text(encoding="utf-8")
    assert "Single-Point Rubrics" in (folder / "feed.xml").read_text(encoding="utf-8")


def test_the_starter_kit_is_linked_and_its_downloads_are_in_the_output(sample_output: Path) -> None:
    kit = (sample_output / "starter-kit" / "index.html").read_text(encoding="utf-8")
    downloads = [line.split('href="/', 1)[1].split('"', 1)[0] for line in kit.splitlines() if " download>" in line]
    assert len(downloads) == 3, downloads
    for download in downloads:
        assert (sample_output / download).read_bytes() == (SAMPLE_CONTENT / download).read_bytes()
    for link in ('href="/submit/"', 'href="/subscribe/"', 'href="/badges/"', 'href="/partners/"'):
        assert link in kit, link
    assert 'href="/starter-kit/"' in (sample_output / "partners/stem-teachers-network/index.html").read_text("utf-8")
    assert 'href="/starter-kit/"' in (sample_output / "index.html").read_text(encoding="utf-8")  # the nav


@pytest.mark.parametrize("name", ["STEM Teachers Network", "A" * 300, "Long " * 60, "数学教師のネットワーク",
                                  '<script>alert("x")</script> & Co', "Bad\x00\x1bControl"])
def test_any_name_fits_in_at_most_three_lines_and_stays_text(name: str) -> None:
    fitted = fit(name)
    assert 1 <= len(fitted.lines) <= MAX_LINES
    svg = ET.fromstring(partner_badge("Test <Month> & more", name))
    assert svg.find(f"{SVG}title").text.startswith("Proud partner of Test <Month> & more: ")
    assert not list(svg.iter(f"{SVG}script")) and partner_badge("T", name) == partner_badge("T", name)


@pytest.mark.parametrize(("download", "message"), [
    ("media/kit.html", 'downloads[1].file "media/kit.html" must be a file ending in .txt or .md'),
    ("media/kit.svg", 'downloads[1].file "media/kit.svg" must be a file ending in .txt or .md'),
    ("../site.yml", 'downloads[1].file "../site.yml" must be a path inside the content folder'),
    ("media/missing.txt", 'downloads[1].file "media/missing.txt" does not exist; put the file at content/media/missing.txt'),
])
def test_a_page_offers_only_plain_files_from_content(make_site, download: str, message: str) -> None:
    content = make_site({"pages/kit.md": f"---\ntitle: Kit\ndownloads:\n  - {{title: A file, file: {download}}}\n---\nText.\n",
                         "media/kit.html": "<script>alert(1)</script>", "media/kit.svg": "<svg/>"})
    sources, problems = load(content)
    with pytest.raises(ContentError) as raised:
        build_site(validate(sources, problems))
    found = [f"{p.line}: {p.message}" for p in raised.value.problems if p.severity == "error"]
    assert len(found) == 1 and message in found[0], found
