"""A cached build equals the plain pipeline's for any theme override, however it reaches the site.

Templates get `site` as a SiteView (builder/outputs/render.py): a page is keyed by its own
context and the site-wide values, and by every event too once a render has reached them. These
overrides of the about page reach the events through a subscript, an alias, a loop over an index,
a macro, an include and a filter; after an event is retitled, the cached build must equal a
build without a cache. The control shows that without the SiteView's note the page would be stale.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from builder import pipeline
from builder.engine import build
from builder.outputs import render
from tests.conftest import GOOD_EVENT, write_site

ABOUT = "---\ntitle: About\n---\nAbout the month.\n"
OVERRIDES: dict[str, dict[str, str]] = {
    "subscript": {"page.html": '{% extends "default/page.html" %}{% block content %}{{ super() }}'
                               '{% for e in site["events"] %}<p>{{ e.title }}</p>{% endfor %}{% endblock %}'},
    "alias": {"page.html": '{% extends "default/page.html" %}{% block content %}{{ super() }}'
                           '{% set everything = site %}{% set listed = everything.events %}'
                           '{% for e in listed %}<p>{{ e.title }}</p>{% endfor %}{% endblock %}'},
    "index loop": {"page.html": '{% extends "default/page.html" %}{% block content %}{{ super() }}'
                                '{% for slug, events in site.by_topic.items() %}<p>{{ slug }}: '
                                '{{ events|map(attribute="title")|join(", ") }}</p>{% endfor %}{% endblock %}'},
    "macro": {"listing.html": '{% macro titles(s) %}{% for e in s.events %}<li>{{ e.title }}</li>{% endfor %}{% endmacro %}',
              "page.html": '{% extends "default/page.html" %}{% import "listing.html" as listing %}'
                           '{% block content %}{{ super() }}<ul>{{ listing.titles(site) }}</ul>{% endblock %}'},
    "include": {"every-event.html": '{% for e in site.events %}<p>{{ e.title }}</p>{% endfor %}',
                "page.html": '{% extends "default/page.html" %}{% block content %}{{ super() }}'
                             '{% include "every-event.html" %}{% endblock %}'},
    "filter": {"page.html": '{% extends "default/page.html" %}{% block content %}{{ super() }}'
                            '<p>{{ site|attr("events")|map(attribute="title")|first }}</p>{% endblock %}'},
    "base": {"base.html": '{% extends "default/base.html" %}{% block head %}{{ super() }}<meta name="last" '
                          'content="{{ site.events|length }}: {{ site.events[-1].title }}">{% endblock %}'},
}


def tree(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def different(a: Path, b: Path) -> list[str]:
    """The files only one tree has, and those both have with different bytes."""
    files_a, files_b = tree(a), tree(b)
    changed = {name for name in files_a.keys() & files_b.keys()
               if not filecmp.cmp(files_a[name], files_b[name], shallow=False)}
    return sorted(changed | (files_a.keys() ^ files_b.keys()))


def retitled_after_cached_build(root: Path, templates: dict[str, str]) -> tuple[Path, Path]:
    """Build a site with these overrides through the cache, retitle its event, build it again
    through the cache and without one; return (cached output, plain output)."""
    content = write_site(root, {"events/reading.md": GOOD_EVENT, "pages/about.md": ABOUT})
    (root / "themes").mkdir()
    for name, text in templates.items():
        (root / "themes" / name).write_text(text, encoding="utf-8")
    options = build.Options(jobs=1, cache=root / "cache")
    build.build(content, root / "out", options)
    event = content / "events" / "reading.md"
    event.write_text(GOOD_EVENT.replace("Reading Across the Curriculum", "Reading in Every Subject"), encoding="utf-8")
    build.build(content, root / "out", options)
    pipeline.build(content, root / "plain")
    return root / "out", root / "plain"


@pytest.mark.parametrize("way", sorted(OVERRIDES))
def test_an_override_that_reads_every_event_is_rebuilt_when_one_changes(tmp_path: Path, way: str) -> None:
    cached, plain = retitled_after_cached_build(tmp_path, OVERRIDES[way])
    assert "Reading in Every Subject" in (plain / "about" / "index.html").read_text() or way == "index loop"
    assert different(cached, plain) == []


def test_without_the_views_note_the_about_page_would_be_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: a SiteView that never notes reaching the events leaves /about/ as it was."""
    monkeypatch.setattr(render.SiteView, "__getattr__", lambda self, name: getattr(self._site, name))
    cached, plain = retitled_after_cached_build(tmp_path, OVERRIDES["subscript"])
    stale = different(cached, plain)
    assert "about/index.html" in stale
    assert all(path == "about/index.html" or path.startswith("search-index/") for path in stale)


def test_a_page_that_reads_only_its_own_values_is_not_rebuilt(tmp_path: Path) -> None:
    """Fast where it can be: retitling an event leaves the about page of the built-in theme alone."""
    content = write_site(tmp_path, {"events/reading.md": GOOD_EVENT, "pages/about.md": ABOUT})
    options = build.Options(jobs=1, cache=tmp_path / "cache")
    build.build(content, tmp_path / "out", options)
    about = tmp_path / "out" / "about" / "index.html"
    before = about.stat().st_ino, about.stat().st_mtime_ns
    event = content / "events" / "reading.md"
    event.write_text(GOOD_EVENT.replace("Reading Across the Curriculum", "Reading in Every Subject"), encoding="utf-8")
    build.build(content, tmp_path / "out", options)
    assert (about.stat().st_ino, about.stat().st_mtime_ns) == before
    assert "Reading in Every Subject" in (tmp_path / "out" / "events" / "reading" / "index.html").read_text()
