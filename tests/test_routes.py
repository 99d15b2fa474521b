"""Paths the build writes belong to the build: no page or media file can take one.

The build's own top-level folders and files are declared once (builder/routes.py): rendering
writes there, and validation refuses a page named after one (content/pages/search-index.md) and a
media file copied into one (slides: proceedings/proceedings.pdf would replace the proceedings).
The sample site's output checks the declaration against what a build really writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import routes
from tests.conftest import GOOD_EVENT, SAMPLE_CONTENT, run_cli, write_site

PAGE = "---\ntitle: A page\n---\nText.\n"
PDF = b"%PDF-1.4\n%%EOF\n"


def test_every_file_the_build_writes_is_under_a_declared_route(sample_output: Path) -> None:
    pages = {path.stem for path in (SAMPLE_CONTENT / "pages").glob("*.md")}
    media = {path.relative_to(SAMPLE_CONTENT).parts[0] for path in (SAMPLE_CONTENT / "media").iterdir()}
    tops = {path.name for path in sample_output.iterdir()}
    assert tops - pages - media <= routes.GENERATED
    assert {"events", "days", "topics", "search-index", "assets", "feed.xml", "index.html", "404.html",
            "proceedings"} <= tops - pages - media


def test_a_page_named_after_a_folder_the_build_writes_is_refused(tmp_path: Path, sample_output: Path) -> None:
    pages = {path.stem for path in (SAMPLE_CONTENT / "pages").glob("*.md")}
    folders = sorted(p.name for p in sample_output.iterdir() if p.is_dir() and p.name not in pages | {"media"})
    assert "search-index" in folders and "assets" in folders
    write_site(tmp_path, {"events/good.md": GOOD_EVENT, **{f"pages/{name}.md": PAGE for name in folders}})
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    for name in folders:
        assert (f'content/pages/{name}.md:1: error: the page name "{name}" is used by the site itself; '
                f'rename the file, e.g. to "{name}-page.md"') in result.stderr.splitlines(), name
    assert f"{len(folders)} errors; nothing was written" in result.stderr


def test_a_page_may_take_any_other_name(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/good.md": GOOD_EVENT, "pages/media.md": PAGE, "pages/calendar.md": PAGE,
                          "pages/feed.md": PAGE, "pages/help.md": PAGE})
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "calendar" / "index.html").is_file() and (tmp_path / "out" / "calendar.ics").is_file()


@pytest.mark.parametrize(("field", "path", "file"), [
    ("slides", "proceedings/proceedings.pdf", "proceedings/proceedings.pdf"),
    ("slides", "./proceedings/proceedings.pdf", "proceedings/proceedings.pdf"),
    ("slides", "content/proceedings//proceedings.pdf", "proceedings/proceedings.pdf"),
    ("slides", "Proceedings/proceedings.pdf", "Proceedings/proceedings.pdf"),
    ("slides", "search-index/shard.pdf", "search-index/shard.pdf"),
    ("slides", "events/good.pdf", "events/good.pdf"),
    ("captions", "assets/site.vtt", "assets/site.vtt"),
    ("transcript", "days/2025-10-14/notes.md", "days/2025-10-14/notes.md"),
])
def test_a_media_file_inside_a_folder_the_build_writes_is_refused(tmp_path: Path, field: str, path: str,
                                                                   file: str) -> None:
    data = PDF if file.endswith(".pdf") else b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi.\n"
    archive = f"archive:\n  recording: https://video.example.org/v\n  {field}: {path}\n"
    write_site(tmp_path, {"events/good.md": GOOD_EVENT.replace("---\nA **good**", archive + "---\nA **good**"),
                          file: data})
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    top = path.removeprefix("./").removeprefix("content/").split("/")[0]
    name = path.rsplit("/", 1)[-1]
    assert (f'content/events/good.md:13: error: archive.{field} "{path}" is where the site writes files of its own '
            f"(/{top}/); put the file in content/media/, like media/{name}") in result.stderr.splitlines(), result.stderr


def test_a_partner_logo_inside_a_folder_the_build_writes_is_refused(tmp_path: Path) -> None:
    write_site(tmp_path, {"events/good.md": GOOD_EVENT, "partners/p.md": "---\nname: P\nlogo: partners/p.png\n---\n",
                          "partners/p.png": b"\x89PNG\r\n\x1a\n"})
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert 'content/partners/p.md:3: error: logo "partners/p.png" is where the site writes files of its own ' \
           "(/partners/); put the file in content/media/, like media/p.png" in result.stderr.splitlines()


def test_media_paths_are_written_one_way(tmp_path: Path) -> None:
    archive = "archive:\n  recording: https://video.example.org/v\n  slides: ./media//deck.pdf\n"
    write_site(tmp_path, {"events/good.md": GOOD_EVENT.replace("---\nA **good**", archive + "---\nA **good**"),
                          "media/deck.pdf": PDF})
    result = run_cli("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "media" / "deck.pdf").read_bytes() == PDF
    assert 'href="/media/deck.pdf"' in (tmp_path / "out" / "events" / "good" / "index.html").read_text()


def test_routes_declare_the_top_level_names() -> None:
    assert routes.page(routes.EVENT, slug="x") == "events/x/index.html"
    assert routes.page(routes.HOME) == "index.html"
    assert routes.generated("proceedings/proceedings.pdf") and routes.generated("Search-Index/x")
    assert not routes.generated("media/x.pdf") and not routes.generated("about/x.pdf")
    assert "{slug}" not in routes.GENERATED and "" not in routes.GENERATED
