"""Themes: the organizers override any template by file name, beside the content folder (never
inside it: partners send content/, and templates are code), and can extend the built-in one."""

from __future__ import annotations

import re
from pathlib import Path

from builder import pipeline
from tests.conftest import GOOD_EVENT, SITE_YML, run_cli


def test_a_site_template_overrides_and_extends_the_default(make_site, tmp_path) -> None:
    content = make_site({"events/reading.md": GOOD_EVENT})
    themes = content.parent / "themes"
    (themes / "static").mkdir(parents=True)
    (themes / "event.html").write_text(
        '{% extends "default/event.html" %}{% block description %}OVERRIDDEN{% endblock %}')
    (themes / "static" / "style.css").write_text("body { color: black; }")
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "events" / "reading" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="OVERRIDDEN">' in page
    assert "Reading Across the Curriculum" in page  # the rest still comes from the default template
    assert (tmp_path / "out" / "assets" / "style.css").read_text() == "body { color: black; }"
    other = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "OVERRIDDEN" not in other


def test_templates_and_static_files_inside_content_are_refused_and_never_run(make_site, tmp_path) -> None:
    """A partner's pull request can add content/themes/: check refuses it, and build neither runs its
    templates nor publishes its static files."""
    canary = tmp_path / "ran"
    run = "os.system('touch " + str(canary) + "')"
    content = make_site({
        "events/reading.md": GOOD_EVENT,
        "themes/event.html": "{{ cycler.__init__.__globals__." + run + " }}",
        "themes/base.html": "{{ lipsum.__globals__['os']." + run.removeprefix("os.") + " }}",
        "themes/static/site.js": "alert('planted')",
    })
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        result = run_cli(*command, "--content", str(content))
        assert result.returncode == 1, result.stderr
        assert f"{content}/themes:1: error: themes/ inside the content folder is not read" in result.stderr
    assert not canary.exists()
    assert not (tmp_path / "out").exists()


# ---- base.html, made to be overridden one block at a time ----

FORUM = """\
---
title: "Personalizing Learning"
start: 2025-10-01
end: 2025-10-31
topics: [Literacy]
host: Literacy Network
---
A month-long forum.
"""

PAGE = """\
---
title: About
---
About this site.
"""

SITE_FILES = {"events/reading.md": GOOD_EVENT, "forums/personalizing-learning.md": FORUM, "pages/about.md": PAGE}
BLOCKS = ("head", "header", "nav", "main", "aside", "footer", "scripts")
EMBEDDED = re.compile(r"partners/[^/]+/embed/index\.html")


def built(content: Path, out: Path) -> dict[str, bytes]:
    """Build in this process, as `build --no-cache` does; every output file's bytes by path."""
    pipeline.build(content, out)
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def pages(files: dict[str, bytes]) -> dict[str, str]:
    """The pages that extend base.html: every HTML file but the partners' embeddable lists, made for an
    iframe on another site without the site's header, menus or footer (partner-embed.html)."""
    return {path: data.decode("utf-8") for path, data in files.items() if path.endswith(".html")
            and not EMBEDDED.fullmatch(path)}


def test_an_override_of_one_block_changes_that_block_on_every_page(make_site, tmp_path) -> None:
    content = make_site(SITE_FILES)
    before = built(content, tmp_path / "before")
    sponsor = '<p class="sponsor">With thanks to our sponsors</p>\n'
    (content.parent / "themes").mkdir()
    (content.parent / "themes" / "base.html").write_text(
        '{% extends "default/base.html" %}\n{% block footer %}\n' + sponsor + "{{ super() }}{% endblock %}\n")
    after = built(content, tmp_path / "after")

    assert after.keys() == before.keys()
    assert len(pages(before)) >= 15  # every kind of page: calendar, event, day, forum, page, topic, type, 404...
    for path, page in pages(before).items():
        assert page.count('<footer class="site-footer">') == 1, path
        assert pages(after)[path] == page.replace('<footer class="site-footer">', sponsor + '<footer class="site-footer">')
    assert {p: d for p, d in after.items() if not p.endswith(".html")} == \
        {p: d for p, d in before.items() if not p.endswith(".html")}


def test_every_block_wraps_its_part_of_every_page_and_super_keeps_it(make_site, tmp_path) -> None:
    """An override of all seven blocks, each only `{{ super() }}` between two marks: the marks
    show what each block holds, and without them every page is the page the theme makes."""
    content = make_site(SITE_FILES)
    before = pages(built(content, tmp_path / "before"))
    (content.parent / "themes").mkdir()
    (content.parent / "themes" / "base.html").write_text('{% extends "default/base.html" %}\n' + "".join(
        f"{{% block {name} %}}<!--{name}{{-->{{{{ super() }}}}<!--}}{name}-->{{% endblock %}}\n" for name in BLOCKS))
    after = pages(built(content, tmp_path / "after"))
    starts = {"head": '<meta charset="utf-8">', "header": '<header class="site-header">', "nav": '<nav aria-label="Main">',
              "main": '<main id="main"', "aside": "", "footer": '<footer class="site-footer">', "scripts": ""}

    assert after.keys() == before.keys()
    for path, page in after.items():
        for name in BLOCKS:
            held = page.split(f"<!--{name}{{-->")[1].split(f"<!--}}{name}-->")[0]
            assert held.lstrip().startswith(starts[name]) and (held.strip() != "") == bool(starts[name]), (path, name)
        unmarked = page
        for name in BLOCKS:
            unmarked = unmarked.replace(f"<!--{name}{{-->", "", 1).replace(f"<!--}}{name}-->", "", 1)
        assert unmarked == before[path], path
    event = after["events/reading/index.html"]
    assert event.index("<!--}head-->") < event.index('<script type="application/ld+json">') < event.index("</head>")


# ---- the menus, from site.yml ----

MENUS_YML = SITE_YML.replace("https://cem.example.org/", "https://cem.example.org/cem2025/") + """\
nav:
  - {title: "Home & <friends>", url: /}
  - {title: Topics, url: /topics/}
  - {title: Forum, url: "https://cem.example.org/cem2025/forums/personalizing-learning/"}
  - {title: Blog, url: 'https://blog.example.org/?a=1&b="2"'}
footer:
  - title: Code of conduct
    url: /about/#conduct
  - {title: "Mastodon", url: "https://social.example.org/@cem"}
"""


def mark(current: bool) -> str:
    return ' aria-current="page"' if current else ""


def test_site_yml_menus_are_on_every_page_escaped_under_the_base_path(make_site, tmp_path) -> None:
    content = make_site(SITE_FILES, site_yml=MENUS_YML)
    found = pages(built(content, tmp_path / "out"))
    current = {"index.html": "/cem2025/", "topics/index.html": "/cem2025/topics/",
               "forums/personalizing-learning/index.html": "https://cem.example.org/cem2025/forums/personalizing-learning/"}
    assert current.keys() <= found.keys()
    for path, page in found.items():
        links = [("/cem2025/", "Home &amp; &lt;friends&gt;"), ("/cem2025/topics/", "Topics"),
                 ("https://cem.example.org/cem2025/forums/personalizing-learning/", "Forum"),
                 ("https://blog.example.org/?a=1&amp;b=%222%22", "Blog")]
        items = "".join(f'            <li><a href="{href}"{mark(current.get(path) == href)}>{title}</a></li>\n'
                        for href, title in links)
        assert f'<nav aria-label="Main">\n          <ul>\n{items}          </ul>\n        </nav>' in page, path
        assert page.count('aria-label="Main"') == 1, path
        assert ('<p><a href="/cem2025/about/#conduct">Code of conduct</a> · '
                '<a href="https://social.example.org/@cem">Mastodon</a></p>\n  </div>\n</footer>') in page, path


def test_empty_menus_leave_no_empty_nav_or_paragraph(make_site, tmp_path) -> None:
    content = make_site(SITE_FILES, site_yml=SITE_YML + "nav: []\nfooter: []\n")
    for path, page in pages(built(content, tmp_path / "out")).items():
        assert 'aria-label="Main"' not in page, path
        assert ('<footer class="site-footer">\n  <div class="wrap">\n    <p>Test Month. Times are in each '
                "event's own time zone; where your browser runs the site's script, also in yours.</p>\n"
                "  </div>\n</footer>") in page, path


def test_without_menus_in_site_yml_the_theme_shows_its_own(make_site, tmp_path) -> None:
    """The built-in menus, the site's pages at the end of the nav, and the current page marked."""
    found = pages(built(make_site(SITE_FILES), tmp_path / "out"))
    nav = [("/", "Calendar"), ("/conference/", "Conference"), ("/forums/", "Forums"), ("/topics/", "Topics"),
           ("/types/", "Event types"), ("/partners/", "Partners"), ("/proceedings/", "Proceedings"),
           ("/my/", "My schedule"), ("/search/", "Search"), ("/about/", "About")]
    for path, page in found.items():
        here = "/" + path.removesuffix("index.html")
        for href, title in nav:
            assert f'        <li><a href="{href}"{mark(href == here)}>{title}</a></li>\n' in page, (path, href)
        assert ('<p><a href="/subscribe/">Subscribe to the calendar</a> · <a href="/new/">What&#39;s new</a> · '
                '<a href="/submit/">Add your event</a> · <a href="/feed.xml">RSS</a> · '
                '<a href="/atom.xml">Atom</a> · <a href="/events.json">Events as JSON</a></p>') in page, path
    assert 'aria-current="page">About</a>' in found["about/index.html"]
